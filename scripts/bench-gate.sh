#!/usr/bin/env bash
# The allocation gate of the backtest hot path: builds KeelBacktestBenchmarks in release (Benchmarks/
# package, ordo-one/benchmark with its malloc interposer), runs it, and fails (exit 1) if a run allocates
# more than the thresholds checked in under Benchmarks/Thresholds/ allow (+100 per run: one allocation per
# quote would add 100,000 or 1,000,000). Needs ../shared/data (the S2 source quotes).
# After an intended change: cd Benchmarks && swift package --allow-writing-to-package-directory benchmark thresholds update --target KeelBacktestBenchmarks
set -euo pipefail
cd "$(dirname "$0")/../Benchmarks"
swift package benchmark thresholds check --target KeelBacktestBenchmarks --no-progress
