#!/usr/bin/env bash
# Fuzzes KeelPersistence's decoders with libFuzzer + AddressSanitizer for a fixed budget per target.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET=60] [TARGET…]   (targets: FuzzDBN FuzzCSV; default both)
#
# Builds the Fuzz/ package in release with `-sanitize=fuzzer,address`, builds a seed corpus from small
# slices of ../shared/data (the first 4 KiB of each DBN file, plain and zstd, two 72 KB slices spanning the
# decoder's window, the checked-in v1–v3 seeds in Fuzz/Seeds, the first 50 lines of each CSV), runs each
# target, then prints per target the executions, exec/s, run time, corpus size (after a coverage-preserving
# merge) and the crash/timeout/leak/OOM artifacts this run wrote.
# Everything it writes is under .build-fuzz/ (git-ignored); the corpus grows from run to run.
# A target stops at its first finding; reproduce one with `.build-fuzz/build/release/TARGET ARTIFACT`.
# Not part of CI (it takes minutes). Needs ../shared beside the checkout (or KEEL_SHARED_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
BUDGET="${1:-60}"; shift $(( $# > 0 ? 1 : 0 )) || true
if [ $# -gt 0 ]; then TARGETS=("$@"); else TARGETS=(FuzzDBN FuzzCSV); fi
SHARED="${KEEL_SHARED_DIR:-$ROOT/../shared}"
DATA="$SHARED/data"
WORK="$ROOT/.build-fuzz"
BIN="$WORK/build/release"
[ -d "$DATA" ] || { echo "fuzz.sh: no $DATA (clone ../shared beside the checkout or set KEEL_SHARED_DIR)" >&2; exit 1; }

echo "== building Fuzz/ (release, -sanitize=fuzzer,address)"
swift build --package-path Fuzz -c release --scratch-path "$WORK/build" -Xswiftc -sanitize=fuzzer,address 2>&1 \
    | grep -v "Cannot export local symbol" | tail -3

echo "== seeds"
SEEDS="$WORK/seeds"
rm -rf "$SEEDS"
mkdir -p "$SEEDS/FuzzDBN" "$SEEDS/FuzzCSV"
cp Fuzz/Seeds/*.dbn "$SEEDS/FuzzDBN/"
while IFS= read -r -d '' f; do
    base="$(basename "$f")"
    head -c 4096 "$f" > "$SEEDS/FuzzDBN/$base.head"
    # A whole zstd frame of the slice when the zstd tool is here; else the first bytes of the vendor's frame.
    if command -v zstd >/dev/null; then
        zstd -q -c -3 "$SEEDS/FuzzDBN/$base.head" > "$SEEDS/FuzzDBN/$base.head.zst"
    fi
done < <(find "$DATA/databento/uncompressed" -name '*.dbn' -print0)
while IFS= read -r -d '' f; do
    head -c 4096 "$f" > "$SEEDS/FuzzDBN/$(basename "$f").head"
done < <(find "$DATA/databento" -name '*.zst' -print0)
# Two slices longer than the decoder's 64 KiB window, so that records straddle a refill (MBO 56 B, MBP-1 80 B).
for f in "$DATA"/databento/uncompressed/{esh4-glbx-mdp3-20231224.mbo,futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02}.dbn; do
    [ -f "$f" ] || continue
    head -c 72000 "$f" > "$SEEDS/FuzzDBN/$(basename "$f").72k"
    command -v zstd >/dev/null && zstd -q -c "$SEEDS/FuzzDBN/$(basename "$f").72k" > "$SEEDS/FuzzDBN/$(basename "$f").72k.zst"
done
while IFS= read -r -d '' f; do
    head -n 50 "$f" > "$SEEDS/FuzzCSV/$(basename "$f").head"
done < <(find "$DATA/fx" "$DATA/crypto" "$DATA/futures" "$DATA/equities" -name '*.csv' -print0)
# The depth loader reads the input's NUL-separated parts as snapshot, then updates.
depth="$DATA/crypto/binance/btcusdt-depth"
if [ -f "$depth-snap.csv" ] && [ -f "$depth-update.csv" ]; then
    { head -n 20 "$depth-snap.csv"; printf '\0'; head -n 20 "$depth-update.csv"; } > "$SEEDS/FuzzCSV/depth-snap+update"
fi
echo "FuzzDBN: $(ls "$SEEDS/FuzzDBN" | wc -l) seeds, FuzzCSV: $(ls "$SEEDS/FuzzCSV" | wc -l) seeds"

export SWIFT_BACKTRACE=enable=no  # the Swift backtracer would attach to a crashing target and stall
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
SUMMARY=()
for target in "${TARGETS[@]}"; do
    corpus="$WORK/corpus/$target" artifacts="$WORK/artifacts/$target" log="$WORK/logs/$target.log"
    mkdir -p "$corpus" "$artifacts" "$(dirname "$log")"
    marker="$(mktemp)"
    echo "== $target for ${BUDGET}s (log: ${log#"$ROOT"/})"
    start=$(date +%s)
    status=0
    # DBN inputs may exceed the 64 KiB stream window; CSV rows are short and the reader's buffer fits the input.
    max_len=8192
    [ "$target" = FuzzDBN ] && max_len=131072
    "$BIN/$target" "$corpus" "$SEEDS/$target" -max_total_time="$BUDGET" -rss_limit_mb=2048 -timeout=10 \
        -max_len=$max_len -print_final_stats=1 -artifact_prefix="$artifacts/" > "$log" 2>&1 || status=$?
    elapsed=$(( $(date +%s) - start ))
    # Keep only the inputs that add coverage (libFuzzer writes every reduced input as a new file).
    rm -rf "$corpus.merged" && mkdir "$corpus.merged"
    if "$BIN/$target" -merge=1 "$corpus.merged" "$corpus" -max_len=$max_len -rss_limit_mb=2048 -timeout=10 > "$log.merge" 2>&1; then
        rm -rf "$corpus" && mv "$corpus.merged" "$corpus"
    else
        rm -rf "$corpus.merged"
    fi
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    found=$(find "$artifacts" -type f -newer "$marker" | sort)
    rm -f "$marker"
    line="$target: ${execs:-?} executions, ${rate:-?} exec/s, ${elapsed}s, corpus $(ls "$corpus" | wc -l) files"
    line+=" ($(du -sk "$corpus" | cut -f1) KiB), exit $status"
    if [ -n "$found" ]; then
        line+=", FINDINGS:"
        for a in $found; do line+=$'\n'"    ${a#"$ROOT"/}"; done
        line+=$'\n'"    $(grep -m1 -E 'Fatal error|Swift runtime failure|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)' "$log" || true)"
        line+=$'\n'"    $(grep -m1 -E ' in .* /.*/Sources/Keel' "$log" | sed 's/.* in [^ ]* //' || true)"
    else
        line+=", no crashes"
    fi
    SUMMARY+=("$line")
done
echo "== summary"
printf '%s\n' "${SUMMARY[@]}"
