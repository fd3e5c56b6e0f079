#!/usr/bin/env python3
"""Keel against NautilusTrader 1.221.0, side by side on the same machine in one run.

For each scenario (S1, S2, S2 replay) the two engines run alternately, A B A B ... (PAIRS pairs), each as a
fresh process under /usr/bin/time. Printed per scenario: events, engine-only time (Keel: the summary's
`run time`; reference: its `engine.run()` time), whole-process time, events/s (engine), peak RSS, all as
medians, and the Keel/reference ratios from the same run. Keel's fills are compared with the reference's
fills of the same run (parity is checked in the run, not assumed). Standard library only.

Usage: scripts/bench_vs_reference.py --keel .build/release/keel --ref-work ~/.cache/keel-reference [--pairs 3]
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
REF = os.path.normpath(os.path.join(ROOT, "..", "shared", "reference", "nautilus"))

SCENARIOS = [
    # name, events, keel config, reference script args, reference fills file (None: no fills)
    ("S1", 60_234, "Examples/S1.toml", ["s1_bars.py", "det"], "s1_bars_det_fills.csv"),
    ("S2", 2_004_500, "Examples/S2.toml", ["s2_quotes.py", "strategy"], "s2_quotes_strategy_fills.csv"),
    ("S2 replay", 2_004_500, "Examples/S2Replay.toml", ["s2_quotes.py", "replay"], None),
]


def timed(cmd, env=None, cwd=None):
    """Runs cmd under /usr/bin/time; returns (stdout, wall seconds, peak RSS MiB)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        full = ["/usr/bin/time", "-f", "%e %M", "-o", tf.name] + cmd
        out = subprocess.run(full, env=env, cwd=cwd, capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit(f"failed ({out.returncode}): {' '.join(cmd)}\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
        wall, rss_kib = tf.read().split()[-2:]
        return out.stdout, float(wall), int(rss_kib) / 1024


def run_keel(keel, config, fills_path):
    cmd = [keel, "backtest", os.path.join(ROOT, config), "--no-progress"]
    if fills_path:
        cmd += ["--fills", fills_path]
    stdout, wall, rss = timed(cmd, cwd=ROOT)
    m = re.search(r"run time: ([0-9.]+) s", stdout)
    if not m:
        sys.exit(f"no 'run time' in keel's output:\n{stdout}")
    return float(m.group(1)), wall, rss


def run_reference(ref_work, args, out_dir):
    env = dict(os.environ, ANCHOR_DATA=os.path.join(ref_work, "data"), ANCHOR_OUT=out_dir,
               ANCHOR_LOG_LEVEL="ERROR", ANCHOR_RESULTS=os.path.join(out_dir, "results.json"))
    stdout, wall, rss = timed([os.path.join(ref_work, "venv", "bin", "python")] + args, env=env, cwd=REF)
    line = next((l for l in stdout.splitlines() if l.startswith("RESULT_JSON ")), None)
    if line is None:
        sys.exit(f"no RESULT_JSON in the reference's output:\n{stdout[-2000:]}")
    payload = json.loads(line[len("RESULT_JSON "):])
    return float(payload["engine_run_s"]), wall, rss


def lines(path):
    with open(path, newline="") as f:
        return [l.rstrip("\r\n") for l in f if l.strip()]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--keel", required=True)
    p.add_argument("--ref-work", required=True)
    p.add_argument("--pairs", type=int, default=3)
    p.add_argument("--only", nargs="*", default=None, help="scenario names to run (default: all)")
    a = p.parse_args()
    out_dir = tempfile.mkdtemp(prefix="keel-vs-ref-")
    rows = []
    for name, events, config, ref_args, ref_fills in SCENARIOS:
        if a.only and name not in a.only:
            continue
        keel_runs, ref_runs = [], []
        parity = "n/a"
        for i in range(a.pairs):
            fills = os.path.join(out_dir, f"keel-{name.replace(' ', '_')}-{i}.csv") if ref_fills else None
            keel_runs.append(run_keel(a.keel, config, fills))
            ref_runs.append(run_reference(a.ref_work, ref_args, out_dir))
            if ref_fills:
                same = lines(fills) == lines(os.path.join(out_dir, ref_fills))
                parity = "equal" if same and parity in ("n/a", "equal") else "DIFFERENT"
            print(f"{name} pair {i + 1}: keel engine {keel_runs[-1][0]:.3f} s process {keel_runs[-1][1]:.2f} s | "
                  f"reference engine {ref_runs[-1][0]:.3f} s process {ref_runs[-1][1]:.2f} s", flush=True)
        med = lambda runs, k: statistics.median(r[k] for r in runs)
        ke, kw, kr = med(keel_runs, 0), med(keel_runs, 1), med(keel_runs, 2)
        re_, rw, rr = med(ref_runs, 0), med(ref_runs, 1), med(ref_runs, 2)
        rows.append((name, events, ke, re_, kw, rw, kr, rr, parity))
    print()
    print("| scenario | events | Keel engine s | ref engine s | engine ratio | Keel process s | ref process s | process ratio "
          "| Keel events/s | ref events/s | Keel RSS MiB | ref RSS MiB | RSS ratio | fills |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, events, ke, re_, kw, rw, kr, rr, parity in rows:
        print(f"| {name} | {events:,} | {ke:.3f} | {re_:.3f} | {re_ / ke:.1f}x | {kw:.2f} | {rw:.2f} | {rw / kw:.1f}x "
              f"| {events / ke:,.0f} | {events / re_:,.0f} | {kr:.0f} | {rr:.0f} | {kr / rr:.2f} | {parity} |")
    print(f"\n(medians of {a.pairs} ABAB pairs; reference = NautilusTrader 1.221.0; outputs in {out_dir})")


if __name__ == "__main__":
    main()
