#!/usr/bin/env bash
# Parallel backtests: S1 over a grid of 8 parameter sets in one process, with 1 and then 2 worker threads.
# Prints each sweep's runs/s, the speed-up, and checks (in the 2-worker sweep) that every run's digest
# equals the digest of the same run alone. Usage: scripts/sweep-bench.sh [GRID="fast_ema_period=6,8,10,12 slow_ema_period=20,26"]
set -euo pipefail
cd "$(dirname "$0")/.."
GRID="${1:-fast_ema_period=6,8,10,12 slow_ema_period=20,26}"
swift build -c release --product keel >/dev/null
SETS=(); for axis in $GRID; do SETS+=(--set "$axis"); done
one="$(.build/release/keel sweep Examples/S1.toml "${SETS[@]}" --workers 1)"
two="$(.build/release/keel sweep Examples/S1.toml "${SETS[@]}" --workers 2 --check)"
echo "$two" | sed -n '2,$p' | grep -v '^total\|^check'
r1="$(awk '/^total:/ {print $(NF-1)}' <<<"$one")"; r2="$(awk '/^total:/ {print $(NF-1)}' <<<"$two")"
echo "1 worker:  $(grep '^total:' <<<"$one")"
echo "2 workers: $(grep '^total:' <<<"$two")"
awk -v a="$r1" -v b="$r2" 'BEGIN {printf "speed-up: %.2fx\n", b / a}'
grep '^check:' <<<"$two"
# Each parallel run's digest must also equal the 1-worker sweep's digest for the same parameters.
diff <(awk '$NF ~ /^[0-9a-f]{64}$/ {print $NF}' <<<"$one") <(awk '$NF ~ /^[0-9a-f]{64}$/ {print $NF}' <<<"$two") >/dev/null \
  && echo "digests: 1-worker and 2-worker sweeps equal" || { echo "digests differ between the sweeps"; exit 1; }
