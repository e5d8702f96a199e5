"""Experiment-layer benchmark: a large ensemble's wall time, and peak memory with N runs.

Run from the repository root::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_ensemble.py            # ~5 min
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_ensemble.py --quick    # seconds

Each ensemble (the baseline scenario, the full world unless ``--countries``) runs in a fresh
subprocess through :func:`netpolitik.experiment.ensemble` into a temporary store, with the
default executor (a process pool with one worker per core), exactly as
``netpolitik ensemble baseline --runs N --years 10`` does. Printed per ensemble: wall time,
runs per second, the serial time of one run (measured first, in-process) and the parallel
efficiency, and the peak resident memory (``ru_maxrss``) of the main process (which holds
the store, the buffer of at most ``chunk_size`` runs and the final aggregation) and of the
largest worker (sampled with psutil every 0.2 s, if installed); the main process's CPU
time (the coordinator's own cost) and the 1-minute load average at the end (other jobs on
the machine lower the efficiency). Peak memory should not grow with the number of runs:
results are streamed to Parquet chunks and the intervals are computed by DuckDB out of
core.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time


def _one(args: argparse.Namespace) -> None:
    """Child process: run one ensemble and print its figures as JSON."""
    from netpolitik.experiment import ensemble

    peak = {"worker": 0.0}
    stop = threading.Event()

    def sample() -> None:  # workers are forked by the forkserver: walk the process tree
        try:
            import psutil
        except ImportError:
            return
        me = psutil.Process()
        while not stop.wait(0.2):
            for child in me.children(recursive=True):
                try:
                    peak["worker"] = max(peak["worker"], child.memory_info().rss / 2**20)
                except psutil.Error:
                    pass

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    with tempfile.TemporaryDirectory() as folder:
        t0 = time.perf_counter()
        out = ensemble(
            "baseline",
            runs=args.one,
            years=args.years,
            countries=args.countries,
            store=folder,
            workers=args.workers,
            chunk_size=args.chunk,
        )
        seconds = time.perf_counter() - t0
        assert int(out["runs"].max()) == args.one
    stop.set()
    sampler.join()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "runs": args.one,
                "seconds": seconds,
                "main_mb": usage.ru_maxrss / 1024,
                "main_cpu": usage.ru_utime + usage.ru_stime,
                "worker_mb": peak["worker"],
                "load": os.getloadavg()[0],
            }
        )
    )


def _serial(years: float, countries: str | None, repeats: int) -> float:
    """Median wall time of one run in this process (after a warm-up)."""
    from netpolitik.experiment.api import plan
    from netpolitik.experiment.tasks import execute

    p = plan("baseline", years=years, countries=countries)
    execute(p.task(0, 0, 0))
    times = []
    for k in range(repeats):
        t0 = time.perf_counter()
        execute(p.task(k, 0, k))
        times.append(time.perf_counter() - t0)
    return sorted(times)[len(times) // 2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--runs",
        type=int,
        nargs="+",
        default=[100, 1000],
        help="Ensemble sizes to compare (default 100 1000).",
    )
    ap.add_argument("--years", type=float, default=10)
    ap.add_argument("--countries", default=None, help="ISO3 subset (default: all).")
    ap.add_argument("--workers", type=int, default=None, help="Default: every core.")
    ap.add_argument("--chunk", type=int, default=64, help="Runs per chunk.")
    ap.add_argument("--quick", action="store_true", help="Smoke run: 20 and 60 runs of 1 year.")
    ap.add_argument("--one", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one is not None:
        _one(args)
        return
    if args.quick:
        args.runs, args.years = [20, 60], 1.0
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    workers = args.workers or cores
    serial = _serial(args.years, args.countries, 3 if args.quick else 5)
    print(
        f"netpolitik ensemble benchmark: baseline, {args.years:g} years, "
        f"{args.countries or 'all countries'}; {workers} workers on {cores} cores; "
        f"Python {platform.python_version()}, {platform.machine()}"
    )
    print(f"one run, serial, in-process: {serial:.3f} s")
    print(
        f"{'runs':>6} {'wall s':>8} {'runs/s':>8} {'ideal s':>8} {'efficiency':>10} "
        f"{'main MB':>8} {'worker MB':>9} {'main CPU s':>10} {'load':>5}"
    )
    for n in args.runs:
        cmd = [
            sys.executable,
            __file__,
            "--one",
            str(n),
            "--years",
            str(args.years),
            "--workers",
            str(workers),
            "--chunk",
            str(args.chunk),
        ]
        if args.countries:
            cmd += ["--countries", args.countries]
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
        fig = json.loads(res.stdout.strip().splitlines()[-1])
        ideal = n * serial / workers
        print(
            f"{n:>6} {fig['seconds']:>8.1f} {n / fig['seconds']:>8.2f} {ideal:>8.1f} "
            f"{ideal / fig['seconds']:>10.0%} {fig['main_mb']:>8.0f} "
            f"{fig['worker_mb']:>9.0f} {fig['main_cpu']:>10.1f} {fig['load']:>5.1f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
