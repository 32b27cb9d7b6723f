#!/usr/bin/env bash
# Installs what Outcomes needs on a fresh Debian/Ubuntu machine, only when it is missing: the PostgreSQL
# server programs (for the embedded cluster), libgdiplus (ClosedXML places pictures and sizes columns with
# it), the DejaVu fonts (every chart is drawn in DejaVu Sans, so it looks the same on every machine) and
# Chromium and nginx, which only the tests need (the chart pack's page is checked in a headless browser; the
# dashboard is tried behind a real nginx running docs/jobs.md's proxy recipe). Safe to run again.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi

if ! ldconfig -p 2>/dev/null | grep -q 'libgdiplus\.so' && [ ! -e /usr/lib/libgdiplus.so ] && [ ! -e /usr/lib/x86_64-linux-gnu/libgdiplus.so.0 ]; then
  missing+=(libgdiplus)
fi
if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  missing+=(fonts-dejavu-core)
fi
if [ ! -x /usr/bin/chromium ]; then
  missing+=(chromium)
fi
if [ ! -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null 2>&1; then
  missing+=(nginx)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  # The tests run nginx on their own ports; the site Debian starts on port 80 at install is not wanted.
  if [[ " ${missing[*]} " == *" nginx "* ]]; then
    if [ -d /run/systemd/system ]; then
      as_root systemctl disable --now nginx >/dev/null 2>&1 || true
    elif [ -s /run/nginx.pid ]; then
      as_root /usr/sbin/nginx -s quit >/dev/null 2>&1 || true
    fi
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required (dotnet was not found on PATH): see https://dot.net" >&2
  exit 1
fi
