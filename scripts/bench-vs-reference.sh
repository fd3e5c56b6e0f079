#!/usr/bin/env bash
# Keel against NautilusTrader 1.221.0 on S1, S2, S2 replay and S3, side by side (ABAB) in one run, and
# Keel's L3 replay of the S3 MBO file against hftbacktest 2.4.4's replay loop ("L3 replay"), and S2 against its
# hand-written floor (Benchmarks' S2Floor).
# Usage: scripts/bench-vs-reference.sh [PAIRS=3] [scenario names…]   e.g. scripts/bench-vs-reference.sh 3 S3 "L3 replay"
# Sets up the references once (Python venvs under ~/.cache/keel-reference and ~/.cache/keel-reference-hbt, from
# ../shared/reference/nautilus and ../shared/reference/hftbacktest), builds Keel in release, then runs
# scripts/bench_vs_reference.py.
set -euo pipefail
cd "$(dirname "$0")/.."
PAIRS="${1:-3}"; shift $(( $# > 0 ? 1 : 0 )) || true
REF_WORK="${REF_WORK:-$HOME/.cache/keel-reference}"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
bash ../shared/reference/nautilus/setup.sh "$REF_WORK" >/dev/null
# hftbacktest: the venv and converted rows of ../shared/reference/hftbacktest/run.sh (its full benchmark is not run).
HBT_WORK="${HBT_WORK:-$HOME/.cache/keel-reference-hbt}"
HBT=../shared/reference/hftbacktest
MBO=../shared/data/databento/esh4-glbx-mdp3-20231225.mbo.dbn.zst
mkdir -p "$HBT_WORK/data"
if [ ! -x "$HBT_WORK/venv/bin/python" ]; then
  python3 -m venv "$HBT_WORK/venv"
  "$HBT_WORK/venv/bin/pip" install -q hftbacktest==2.4.4 numpy==2.2.6 numba==0.68.1 zstandard==0.25.0 databento-dbn
fi
[ -f "$HBT_WORK/data/es_20231225_l3.npz" ] || "$HBT_WORK/venv/bin/python" "$HBT/convert_mbo.py" "$MBO" "$HBT_WORK/data/es_20231225_l3.npz" >/dev/null
[ -f "$HBT_WORK/data/es_20231225_l3_uniq.npz" ] || "$HBT_WORK/venv/bin/python" "$HBT/convert_mbo.py" --unique-local "$MBO" "$HBT_WORK/data/es_20231225_l3_uniq.npz" >/dev/null
# Keel is measured as it would be deployed: a release binary with the Swift runtime and Foundation linked
# statically (--static-swift-stdlib; ~6 MB less resident memory and ~10 ms less start-up than the dynamic
# build `swift run` makes). Its own build folder keeps .build/release untouched.
swift build -c release --product keel --static-swift-stdlib --build-path .build-static >/dev/null
# S2's hand-written floor (Benchmarks/Sources/S2Floor), run after each S2 pair.
(cd Benchmarks && swift build -c release --product S2Floor >/dev/null)
python3 scripts/bench_vs_reference.py --keel .build-static/release/keel --ref-work "$REF_WORK" --hbt-work "$HBT_WORK" \
  --floor Benchmarks/.build/release/S2Floor --pairs "$PAIRS" ${1:+--only "$@"}
