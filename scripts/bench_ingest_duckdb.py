#!/usr/bin/env python3
"""Ingest benchmark: `audience ingest` against DuckDB's read_csv_auto, same files, same run.

Prints one line per figure (name, value, note) and the ratios against the targets:
  ingest time at most 2x DuckDB's (2 threads), peak memory at most 2x the snapshot's
  size on disk, opening the snapshot and touching every activity column under 0.2 s.

Peak memory is the child's maximum resident set size from wait4(2), so it covers
exactly one process. DuckDB runs in a child process of this script for the same
reason (`--duckdb-child`), and reports its own time for the CSV reads alone.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time


def run_plain(cmd):
    """Runs cmd and returns its stdout; SystemExit when it fails."""
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bench-ingest: {' '.join(cmd)} failed with exit code {proc.returncode}")
    return proc.stdout


def run_with_rusage(cmd):
    """Runs cmd, reaping it with wait4 so that the peak RSS is this child's alone.
    Returns (seconds, peak RSS in bytes, stdout text)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Drain the pipes in threads so a chatty child cannot block, then reap with wait4.
    chunks = {"out": [], "err": []}

    def drain(stream, key):
        for line in stream:
            chunks[key].append(line)

    threads = [threading.Thread(target=drain, args=(proc.stdout, "out")),
               threading.Thread(target=drain, args=(proc.stderr, "err"))]
    for t in threads:
        t.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    for t in threads:
        t.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.stderr.write("".join(chunks["err"]))
        raise SystemExit(f"bench-ingest: {' '.join(cmd)} failed with exit code {proc.returncode}")
    return seconds, usage.ru_maxrss * 1024, "".join(chunks["out"])


def live_generation(workspace):
    """The newest complete generation folder under WORKSPACE/data."""
    data = os.path.join(workspace, "data")
    best = None
    for name in os.listdir(data) if os.path.isdir(data) else []:
        path = os.path.join(data, name)
        manifest = os.path.join(path, "manifest.json")
        if os.path.isfile(manifest):
            mtime = os.path.getmtime(manifest)
            if best is None or mtime > best[0]:
                best = (mtime, path)
    if best is None:
        raise SystemExit(f"bench-ingest: no complete snapshot under {data}")
    return best[1]


def folder_size(path):
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            total += os.path.getsize(os.path.join(root, f))
    return total


def touch_with_numpy(generation):
    """Fallback when the CLI has no verify command: memory-map every activity
    file of the manifest with numpy and sum it (not Audience's own code path)."""
    import numpy as np
    start = time.perf_counter()
    with open(os.path.join(generation, "manifest.json")) as f:
        manifest = json.load(f)
    table = manifest["activities"]
    files = [table["customerFile"], table["customerOffsetsFile"]]
    for c in table["columns"]:
        files += [c[k] for k in ("file", "bytesFile", "dictionaryOffsetsFile", "dictionaryBytesFile") if c.get(k)]
    checksum = 0
    total = 0
    for rel in files:
        path = os.path.join(generation, rel)
        size = os.path.getsize(path)
        total += size
        if size >= 8:
            m = np.memmap(path, dtype=np.uint64, mode="r", shape=(size // 8,))
            checksum = (checksum + int(m.sum(dtype=np.uint64))) % (1 << 64)
            del m
    return time.perf_counter() - start, total


def duckdb_child(customers, activities, threads):
    import duckdb
    con = duckdb.connect()
    con.execute(f"SET threads={threads}")
    start = time.perf_counter()
    con.execute("CREATE TABLE customers AS SELECT * FROM read_csv_auto(?)", [customers])
    con.execute("CREATE TABLE activities AS SELECT * FROM read_csv_auto(?)", [activities])
    seconds = time.perf_counter() - start
    rows = con.execute("SELECT (SELECT count(*) FROM customers), (SELECT count(*) FROM activities)").fetchone()
    print(json.dumps({"seconds": seconds, "customers": rows[0], "activities": rows[1]}))


def line(name, value, note=""):
    print(f"{name:<34} {value:>14}  {note}".rstrip())
    sys.stdout.flush()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--audience", help="the audience binary")
    p.add_argument("--workspace", help="the generated workspace (audience.json and the CSV files)")
    p.add_argument("--reps", type=int, default=3)
    p.add_argument("--threads", type=int, default=2, help="DuckDB threads")
    p.add_argument("--duckdb-child", nargs=2, metavar=("CUSTOMERS", "ACTIVITIES"), help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.duckdb_child:
        duckdb_child(a.duckdb_child[0], a.duckdb_child[1], a.threads)
        return
    if not a.audience or not a.workspace:
        p.error("--audience and --workspace are required")

    with open(os.path.join(a.workspace, "audience.json")) as f:
        config = json.load(f)

    def source_path(path):
        return path if os.path.isabs(path) else os.path.join(a.workspace, path)

    customers_csv = source_path(config["customers"]["path"])
    activity_csvs = [source_path(s["path"]) for s in config.get("activities", [])]
    csv_bytes = os.path.getsize(customers_csv) + sum(os.path.getsize(x) for x in activity_csvs)
    line("input_csv_bytes", f"{csv_bytes}", f"({csv_bytes / 1e6:.0f} MB: {len(activity_csvs) + 1} files)")

    # Audience.
    times, peaks = [], []
    for _ in range(a.reps):
        seconds, peak, _ = run_with_rusage([a.audience, "ingest", "--workspace", a.workspace])
        times.append(seconds)
        peaks.append(peak)
    audience = statistics.median(times)
    peak = max(peaks)
    line("audience_ingest_seconds", f"{audience:.2f}",
         f"(median of {a.reps}: {', '.join(f'{t:.2f}' for t in times)})")
    line("audience_peak_rss_bytes", f"{peak}", f"({peak / 2**20:.0f} MiB, the largest of the runs)")
    generation = live_generation(a.workspace)
    snapshot = folder_size(generation)
    line("snapshot_bytes", f"{snapshot}", f"({snapshot / 2**20:.0f} MiB on disk, {os.path.basename(generation)})")

    # Opening the snapshot and touching every activity column.
    try:
        touch = json.loads(run_plain([a.audience, "verify", "--workspace", a.workspace, "--json"]))
        touch_seconds, how = float(touch["seconds"]), "(audience verify: open + read every activity column)"
    except (SystemExit, ValueError, KeyError, FileNotFoundError):
        touch_seconds, _ = touch_with_numpy(generation)
        how = "(numpy memmap fallback: the CLI has no verify command)"
    line("open_touch_activities_seconds", f"{touch_seconds:.3f}", how)

    # DuckDB, each run in a fresh process.
    if len(activity_csvs) != 1:
        raise SystemExit("bench-ingest: the DuckDB side expects exactly one activity file")
    dtimes, dpeaks = [], []
    for _ in range(a.reps):
        _, dpeak, out = run_with_rusage([sys.executable, os.path.abspath(__file__), "--threads", str(a.threads),
                                         "--duckdb-child", customers_csv, activity_csvs[0]])
        result = json.loads(out.strip().splitlines()[-1])
        dtimes.append(result["seconds"])
        dpeaks.append(dpeak)
    duck = statistics.median(dtimes)
    line("duckdb_ingest_seconds", f"{duck:.2f}",
         f"(median of {a.reps}, threads={a.threads}: {', '.join(f'{t:.2f}' for t in dtimes)})")
    line("duckdb_peak_rss_bytes", f"{max(dpeaks)}", f"({max(dpeaks) / 2**20:.0f} MiB)")

    ratio = audience / duck
    memory_ratio = peak / snapshot
    line("ratio_audience_over_duckdb", f"{ratio:.2f}", f"(target <= 2: {'ok' if ratio <= 2 else 'MISSED'})")
    line("ratio_peak_rss_over_snapshot", f"{memory_ratio:.2f}", f"(target <= 2: {'ok' if memory_ratio <= 2 else 'MISSED'})")
    line("open_touch_target", f"{touch_seconds:.3f}", f"(target < 0.2 s: {'ok' if touch_seconds < 0.2 else 'MISSED'})")
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 2) + 0.5:
        line("note_load_average", f"{load:.1f}", "(other work was running: the times are noisy)")


if __name__ == "__main__":
    main()
