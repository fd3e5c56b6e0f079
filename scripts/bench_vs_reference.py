#!/usr/bin/env python3
"""Keel against NautilusTrader 1.221.0 (and, for the L3 replay, hftbacktest 2.4.4), side by side in one run.

For each scenario (S1, S2, S2 replay, S3) the two engines run alternately, A B A B ... (PAIRS pairs), each as
a fresh process under /usr/bin/time. Printed per scenario: events, engine-only time (Keel: the summary's
`run time`; reference: its `engine.run()` time), whole-process time, events/s (engine), peak RSS, all as
medians, and the Keel/reference ratios from the same run. Keel's fills are compared with the reference's
fills of the same run (parity is checked in the run, not assumed).

"L3 replay" (with --hbt-work): Keel's `keel data book FILE --timing` (the ES MBO day decoded and applied to an
L3 book, DBN decoding included, repeated in one process; on one thread and with the decoding on a second
thread) against hftbacktest's compiled replay loop (`bt.py NPZ read`, per record and per ts_recv, the
loop over pre-converted rows applied to its exchange and local L3 books; JIT and conversion excluded, as in
../shared/reference/hftbacktest/RESULTS.md), alternately; records/s as medians, and the ratio. Standard
library only.

"S2 floor" (with --floor): Benchmarks' S2Floor, a hand-written loop doing S2's work and nothing else (parse the
stream's CSV, 100-tick mid bars, EMA 10/20 crosses), runs once after each S2 pair; its CSV figure (parse
included, median of 5 in-process) is set against Keel's S2 engine time of the same run.

Usage: scripts/bench_vs_reference.py --keel .build/release/keel --ref-work ~/.cache/keel-reference
       [--hbt-work ~/.cache/keel-reference-hbt] [--floor Benchmarks/.build/release/S2Floor] [--pairs 3]
       [--only S3 "L3 replay"]
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
HBT = os.path.normpath(os.path.join(ROOT, "..", "shared", "reference", "hftbacktest"))
MBO = os.path.normpath(os.path.join(ROOT, "..", "shared", "data", "databento", "esh4-glbx-mdp3-20231225.mbo.dbn.zst"))

SCENARIOS = [
    # name, events, keel config, reference script args, reference fills file (None: no fills)
    ("S1", 60_234, "Examples/S1.toml", ["s1_bars.py", "det"], "s1_bars_det_fills.csv"),
    ("S2", 2_004_500, "Examples/S2.toml", ["s2_quotes.py", "strategy"], "s2_quotes_strategy_fills.csv"),
    ("S2 replay", 2_004_500, "Examples/S2Replay.toml", ["s2_quotes.py", "replay"], None),
    ("S3", 65_819, "Examples/S3.toml", ["s3_l3_book.py", "20231225", "quote"], "s3_l3_20231225_quote_fills.csv"),
]
REPLAY = "L3 replay"



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


def run_floor(floor):
    """S2Floor: seconds of its loop over the S2 CSV (parse included; median of 5 in one process)."""
    out = subprocess.run([floor], capture_output=True, text=True, cwd=ROOT)
    m = re.search(r"floor from the CSV \(parse included\): ([0-9.]+) s", out.stdout)
    if out.returncode != 0 or not m:
        sys.exit(f"S2Floor failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    return float(m.group(1))


def run_keel_replay(keel, repeats):
    """`keel data book --timing`: (records, one-thread rec/s, read-ahead rec/s), medians of `repeats` in-process."""
    out = subprocess.run([keel, "data", "book", MBO, "--timing", "--repeats", str(repeats)], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"keel data book failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    records = int(re.search(r"records: (\d+),", out.stdout).group(1))
    one = re.search(r"replay, decode and apply on one thread: (\d+) records/s", out.stdout)
    ahead = re.search(r"replay, decode on a second thread: (\d+) records/s", out.stdout)
    if not (one and ahead) or "best bid: 4810.00  best ask: 4810.25" not in out.stdout:
        sys.exit(f"unexpected keel data book output:\n{out.stdout}")
    return records, float(one.group(1)), float(ahead.group(1))


def run_hbt(hbt_work, npz, runs, out_dir):
    """hftbacktest's bt.py NPZ read: (rows, [rows/s of each timed loop]) and the final bid/ask."""
    jpath = os.path.join(out_dir, "hbt.json")
    py = os.path.join(hbt_work, "venv", "bin", "python")
    out = subprocess.run([py, os.path.join(HBT, "bt.py"), os.path.join(hbt_work, "data", npz), "read", "--runs", str(runs),
                          "--json", jpath], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"hftbacktest bt.py failed:\n{out.stdout[-2000:]}\n{out.stderr[-2000:]}")
    with open(jpath) as f:
        r = json.load(f)
    summary = r["summary"]
    if (summary["best_bid"], summary["best_ask"]) != (4810.0, 4810.25):
        sys.exit(f"hftbacktest ended with another book: {summary}")
    return r["rows"], [r["rows"] / run["loop_s"] for run in r["runs"]]


def replay(a, out_dir):
    """Keel's L3 replay and hftbacktest's loop, alternately; prints a table row."""
    keel_one, keel_ahead, hbt_record, hbt_ts = [], [], [], []
    records = rows = 0
    for i in range(a.pairs):
        records, one, ahead = run_keel_replay(a.keel, a.replay_repeats)
        keel_one.append(one)
        keel_ahead.append(ahead)
        rows, rates = run_hbt(a.hbt_work, "es_20231225_l3_uniq.npz", 3, out_dir)
        hbt_record.extend(rates)
        rows, rates = run_hbt(a.hbt_work, "es_20231225_l3.npz", 3, out_dir)
        hbt_ts.extend(rates)
        print(f"{REPLAY} pair {i + 1}: keel {one / 1e6:.2f} M rec/s one thread, {ahead / 1e6:.2f} M rec/s decoding ahead | "
              f"hftbacktest {statistics.median(hbt_record[-3:]) / 1e6:.2f} M rows/s per record, "
              f"{statistics.median(rates) / 1e6:.2f} M rows/s per ts_recv", flush=True)
    med = statistics.median
    k1, k2, h1, h2 = med(keel_one), med(keel_ahead), med(hbt_record), med(hbt_ts)
    print()
    print("| L3 replay (ES 2023-12-25) | records | Keel one thread rec/s | Keel decoding ahead rec/s "
          "| hftbacktest per record rows/s | hftbacktest per ts_recv rows/s | Keel best / hftbacktest best |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| decode + apply (Keel) vs loop (hftbacktest) | {records:,} | {k1:,.0f} | {k2:,.0f} | {h1:,.0f} | {h2:,.0f} "
          f"| {max(k1, k2) / max(h1, h2):.2f}x |")
    print(f"(Keel: medians of {a.pairs} processes x {a.replay_repeats} in-process replays each, DBN decoding included; "
          f"hftbacktest: median of {a.pairs} processes x 3 timed loops after JIT, conversion excluded; rows = {rows:,})")


def lines(path):
    with open(path, newline="") as f:
        return [l.rstrip("\r\n") for l in f if l.strip()]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--keel", required=True)
    p.add_argument("--ref-work", required=True)
    p.add_argument("--pairs", type=int, default=3)
    p.add_argument("--only", nargs="*", default=None, help="scenario names to run (default: all)")
    p.add_argument("--hbt-work", default=None, help="hftbacktest's work folder (venv, converted data): runs the L3 replay")
    p.add_argument("--floor", default=None, help="Benchmarks' S2Floor binary: sets S2 against its hand-written floor")
    p.add_argument("--replay-repeats", type=int, default=9, help="in-process replays per keel data book --timing")
    a = p.parse_args()
    out_dir = tempfile.mkdtemp(prefix="keel-vs-ref-")
    rows = []
    floor_runs = []  # S2Floor's CSV figure, one per S2 pair
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
            if name == "S2" and a.floor:
                floor_runs.append(run_floor(a.floor))
                print(f"S2 floor after pair {i + 1}: {floor_runs[-1]:.4f} s", flush=True)
        med = lambda runs, k: statistics.median(r[k] for r in runs)
        ke, kw, kr = med(keel_runs, 0), med(keel_runs, 1), med(keel_runs, 2)
        re_, rw, rr = med(ref_runs, 0), med(ref_runs, 1), med(ref_runs, 2)
        rows.append((name, events, ke, re_, kw, rw, kr, rr, parity))
    if not rows:
        if a.hbt_work and (not a.only or REPLAY in a.only):
            replay(a, out_dir)
        return
    print()
    print("| scenario | events | Keel engine s | ref engine s | engine ratio | Keel process s | ref process s | process ratio "
          "| Keel events/s | ref events/s | Keel RSS MiB | ref RSS MiB | RSS ratio | fills |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, events, ke, re_, kw, rw, kr, rr, parity in rows:
        print(f"| {name} | {events:,} | {ke:.3f} | {re_:.3f} | {re_ / ke:.1f}x | {kw:.2f} | {rw:.2f} | {rw / kw:.1f}x "
              f"| {events / ke:,.0f} | {events / re_:,.0f} | {kr:.0f} | {rr:.0f} | {kr / rr:.2f} | {parity} |")
    print(f"\n(medians of {a.pairs} ABAB pairs; reference = NautilusTrader 1.221.0; outputs in {out_dir})")
    s2 = next((r for r in rows if r[0] == "S2"), None)
    if s2 and floor_runs:
        floor = statistics.median(floor_runs)
        print(f"\nS2 against its floor: Keel engine {s2[2]:.3f} s, hand-written floor {floor:.4f} s "
              f"(CSV parse included; median of {len(floor_runs)} processes x 5 loops): Keel = {s2[2] / floor:.2f}x the floor")
    if a.hbt_work and (not a.only or REPLAY in a.only):
        print()
        replay(a, out_dir)


if __name__ == "__main__":
    main()
