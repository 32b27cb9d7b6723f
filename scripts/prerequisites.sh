#!/usr/bin/env bash
# Installs what Outcomes needs on a fresh Debian/Ubuntu machine, only when it is missing: the PostgreSQL
# server programs (for the embedded cluster), libgdiplus (ClosedXML places pictures and sizes columns with
# it), the DejaVu fonts (every chart is drawn in DejaVu Sans, so it looks the same on every machine) and
# Chromium (the chart pack's page is checked in a headless browser by the tests). Safe to run again.
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

if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing: ${missing[*]}" >&2
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required (dotnet was not found on PATH): see https://dot.net" >&2
  exit 1
fi
