#!/usr/bin/env bash
# Installs what Outcomes needs on a fresh Debian/Ubuntu machine, only when it is missing. Safe to run again.
#   scripts/prerequisites.sh           what running needs: the PostgreSQL server programs (for the embedded cluster),
#                                      libgdiplus (ClosedXML places pictures and sizes columns with it) and the DejaVu
#                                      fonts (every chart is drawn in DejaVu Sans, so it looks the same on every machine)
#   scripts/prerequisites.sh --tests   that, and what only the tests need: Chromium (the chart pack's and the annual
#                                      review's pages are checked in a headless browser), nginx (the dashboard is
#                                      tried behind a real nginx running docs/jobs.md's proxy recipe) and OpenSSH's
#                                      server (the SFTP pull is tried against a real sshd the tests start on their own port),
#                                      Prometheus (the serve host's metrics are scraped by a real Prometheus the tests
#                                      start on their own port), aiosmtpd (alert emails go to a real SMTP server on loopback)
#                                      and pgloader (a baseline of the ingest benchmark, whose run is tested on a small file)
#   scripts/prerequisites.sh --check [--tests]   installs nothing: exit 1 and name what is missing
set -euo pipefail

tests=false
check=false
for argument in "$@"; do
  case "$argument" in
    --tests) tests=true ;;
    --check) check=true ;;
    *) echo "usage: scripts/prerequisites.sh [--tests] [--check]" >&2; exit 2 ;;
  esac
done

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
# What running needs.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! ldconfig -p 2>/dev/null | grep -q 'libgdiplus\.so' && [ ! -e /usr/lib/libgdiplus.so ] && [ ! -e /usr/lib/x86_64-linux-gnu/libgdiplus.so.0 ]; then
  missing+=(libgdiplus)
fi
if [ ! -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  missing+=(fonts-dejavu-core)
fi

# What only the tests need.
if $tests; then
  if [ ! -x /usr/bin/chromium ]; then
    missing+=(chromium)
  fi
  if [ ! -x /usr/sbin/nginx ] && ! command -v nginx >/dev/null 2>&1; then
    missing+=(nginx)
  fi
  if [ ! -x /usr/sbin/sshd ]; then
    missing+=(openssh-server)
  fi
  if [ ! -x /usr/bin/prometheus ]; then
    missing+=(prometheus)
  fi
  if ! command -v pgloader >/dev/null 2>&1; then
    missing+=(pgloader)
  fi
  # Debian's own Python (the tests start /usr/bin/python3 -m aiosmtpd), not another one first on PATH.
  if ! /usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1; then
    missing+=(python3-aiosmtpd)
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required (dotnet was not found on PATH): see https://dot.net" >&2
  exit 1
fi

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
if $check; then
  echo "Missing: ${missing[*]} (scripts/prerequisites.sh$($tests && echo ' --tests') installs them)" >&2
  exit 1
fi

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
# Likewise the Prometheus service the package starts on port 9090: the tests start their own, with a throwaway config.
if [[ " ${missing[*]} " == *" prometheus "* ]] && [ -d /run/systemd/system ]; then
  as_root systemctl disable --now prometheus >/dev/null 2>&1 || true
fi
