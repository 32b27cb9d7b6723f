#!/usr/bin/env bash
# How quickly the command answers: the median of 10 './outcomes --version' after a first call (which builds when
# the sources changed), beside the median of 10 runs of the built program alone
# ('dotnet src/Cli/bin/Release/net10.0/outcomes.dll --version'). docs/performance.md records the figures.
#   scripts/bench-startup.sh [RUNS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-10}"

median_ms() {
  local times=()
  for _ in $(seq "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null
    end=$(date +%s%N)
    times+=($(((end - start) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { if (NR % 2) print t[(NR + 1) / 2]; else print int((t[NR / 2] + t[NR / 2 + 1]) / 2) }'
}

start=$(date +%s%N)
"$root/outcomes" --version >/dev/null
first=$((($(date +%s%N) - start) / 1000000))

launcher=$(median_ms "$root/outcomes" --version)
program=$(median_ms dotnet "$root/src/Cli/bin/Release/net10.0/outcomes.dll" --version)
load=$(cut -d' ' -f1 /proc/loadavg 2>/dev/null || echo "?")
echo "first ./outcomes --version (builds if needed): ${first} ms"
echo "./outcomes --version, median of $runs: ${launcher} ms"
echo "dotnet outcomes.dll --version, median of $runs: ${program} ms"
echo "load average at the end: $load on $(nproc) cores"
