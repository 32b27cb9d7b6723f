#!/usr/bin/env bash
# Makes the self-contained linux-x64 tarball of the outcomes command: no .NET needed on the machine that runs it
# (PostgreSQL's server programs, libgdiplus and the DejaVu fonts still are: scripts/prerequisites.sh).
#   scripts/publish.sh [OUT_DIR]   writes OUT_DIR/outcomes-VERSION-linux-x64.tar.gz (default OUT_DIR: artifacts)
# Unpack it anywhere and run outcomes-VERSION-linux-x64/outcomes; its data lives in $XDG_DATA_HOME/outcomes
# (~/.local/share/outcomes) unless OUTCOMES_HOME says otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$(mkdir -p "${1:-$root/artifacts}" && cd "${1:-$root/artifacts}" && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

version="$(dotnet msbuild "$root/src/Cli/Outcomes.Cli.csproj" -getProperty:Version -nologo)"
name="outcomes-$version-linux-x64"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

# Built from a copy of the sources: the checkout's own build (and its restore for no runtime) is left as it is.
mkdir -p "$staging/source"
(cd "$root" && tar --exclude=bin --exclude=obj -cf - src jobs db ./*.props global.json BannedSymbols.txt README.md) | tar -xf - -C "$staging/source"
dotnet publish "$staging/source/src/Cli/Outcomes.Cli.csproj" -c Release -r linux-x64 --self-contained true -nologo -v quiet \
  -clp:ErrorsOnly -o "$staging/$name" >&2
cp "$root/README.md" "$staging/$name/README.md"
tar -czf "$out/$name.tar.gz" -C "$staging" "$name"
echo "$out/$name.tar.gz"
