#!/usr/bin/env bash
# Keel against NautilusTrader 1.221.0 on S1, S2 and S2 replay, side by side (ABAB) in one run.
# Usage: scripts/bench-vs-reference.sh [PAIRS=3] [scenario names…]
# Sets up the reference once (a Python venv under ~/.cache/keel-reference, from ../shared/reference/nautilus),
# builds Keel in release, then runs scripts/bench_vs_reference.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS="${1:-3}"; shift $(( $# > 0 ? 1 : 0 )) || true
REF_WORK="${REF_WORK:-$HOME/.cache/keel-reference}"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
bash ../shared/reference/nautilus/setup.sh "$REF_WORK" >/dev/null
swift build -c release --product keel >/dev/null
python3 scripts/bench_vs_reference.py --keel .build/release/keel --ref-work "$REF_WORK" --pairs "$PAIRS" ${1:+--only "$@"}
