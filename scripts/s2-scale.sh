#!/usr/bin/env bash
# Scenario S2 at 1×, 10×, 100× … its size, read from Keel's data catalog: time and peak memory per scale.
# Usage: scripts/s2-scale.sh [SCALES="1 10"] [RUNS=3]
#
# For each scale K the S2 stream is built with 211×K one-day-shifted copies of the source quotes (the
# same construction as S2) and imported once into a catalog under $KEEL_SCALE_DIR (default
# /tmp/keel-s2-scale; 100× needs about 10 GB there). Then, RUNS times each, three runs read the catalog: a
# replay with no strategy ("replay"), the S2 EMACross backtest ("strategy"), and the same backtest with the
# execution engine's purges on ("purged": closed orders and positions leave the cache 60 minutes after they
# close, account states older than 60 minutes go), which keeps memory flat however long the run. Printed
# per scale and run kind: quotes, median engine time (Keel's `run time`), median process time, quotes/s,
# median peak RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALES="${1:-1 10}"
RUNS="${2:-3}"
WORK="${KEEL_SCALE_DIR:-/tmp/keel-s2-scale}"
SOURCE="$(cd ../shared/data/fx && pwd)/quote_tick_data.csv"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install time)"; exit 1; }
swift build -c release --product keel >/dev/null
KEEL="$(pwd)/.build/release/keel"
mkdir -p "$WORK"

config() { # name catalog with-strategy purged
  if [ "$4" = yes ]; then
    printf '[execution]\npurge_closed_orders_interval_mins = 60\npurge_closed_orders_buffer_mins = 60\n'
    printf 'purge_closed_positions_interval_mins = 60\npurge_closed_positions_buffer_mins = 60\n'
    printf 'purge_account_events_interval_mins = 60\npurge_account_events_lookback_mins = 60\n\n'
  fi
  sed -n '/^\[\[venues\]\]/,/^\[\[data\]\]/p' Examples/S2.toml | sed '$d'
  printf '[[data]]\nkind = "catalog"\npath = "%s"\ntypes = ["quotes"]\nkeys = ["EUR/USD.SIM"]\n\n' "$2"
  if [ "$3" = yes ]; then sed -n '/^\[\[strategies\]\]/,$p' Examples/S2.toml; fi
}

printf '%-6s %-9s %12s %10s %10s %12s %9s\n' scale run quotes engine_s process_s quotes_per_s rss_MiB
for k in $SCALES; do
  cat="$WORK/s2x$k"
  if [ ! -f "$cat/KEEL-CATALOG" ] || [ "$("$KEEL" data ls "$cat" | grep -c '^quotes')" != 1 ]; then
    rm -rf "$cat"
    "$KEEL" data import "$SOURCE" --kind s2-stream --repeats $((211 * k)) --instrument-id EUR/USD.SIM --catalog "$cat" >&2
  fi
  for kind in replay strategy purged; do
    cfg="$WORK/s2x$k-$kind.toml"
    { echo "name = \"S2 x$k $kind from the catalog\""; echo 'trader_id = "BACKTESTER-001"'; echo 'log_level = "warning"'; echo;
      config "$kind" "$cat" "$([ $kind = replay ] && echo no || echo yes)" "$([ $kind = purged ] && echo yes || echo no)"; } > "$cfg"
    engine=(); process=(); rss=(); quotes=0
    for _ in $(seq "$RUNS"); do
      out="$( { /usr/bin/time -f 'TIME %e %M' "$KEEL" backtest "$cfg" --no-progress; } 2>&1 )"
      engine+=("$(awk '/^run time:/ {print $3}' <<<"$out")")
      process+=("$(awk '/^TIME/ {print $2}' <<<"$out")")
      rss+=("$(awk '/^TIME/ {printf "%.0f", $3/1024}' <<<"$out")")
      quotes="$(awk '/^data:/ {gsub(",", "", $2); print $2}' <<<"$out")"
    done
    med() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
    e="$(med "${engine[@]}")"
    printf '%-6s %-9s %12s %10s %10s %12.0f %9s\n' "${k}x" "$kind" "$quotes" "$e" "$(med "${process[@]}")" \
      "$(awk -v q="$quotes" -v e="$e" 'BEGIN {print q / e}')" "$(med "${rss[@]}")"
  done
done
