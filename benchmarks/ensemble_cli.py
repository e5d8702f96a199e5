"""A large ensemble through ``netpolitik ensemble``, on the process pool and on Dask.

Each ensemble is one fresh ``python -m netpolitik.cli ensemble baseline --runs R --years Y
--workers W --no-report --quiet`` into a temporary store, exactly what a user types (the
whole world; ``--dask local`` for a Dask LocalCluster of ``W`` single-threaded workers).
Measured from outside: wall time, the 1-minute load average before and after (other jobs
on the machine slow it), and the peak resident memory of the largest process in its tree
(sampled with psutil every 0.25 s), both over the first fifth of the wall time and over the
whole run, so a worker whose memory grew with the number of runs would show. The Dask
figure is the ratio of its wall time to the process pool's on the same ensemble.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]


def _tree_sample(proc: psutil.Process, cpu: dict[int, float]) -> float:
    """Largest RSS (MiB) among ``proc`` and its descendants; their CPU seconds so far go
    into ``cpu`` by pid."""
    best = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            best = max(best, p.memory_info().rss / 2**20)
            t = p.cpu_times()
            cpu[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return best


def run_ensemble(runs: int, years: float, workers: int, dask: bool = False) -> dict:
    """Wall time, load and peak process memory of one ``netpolitik ensemble`` command."""
    with tempfile.TemporaryDirectory() as store:
        cmd = [
            sys.executable,
            "-m",
            "netpolitik.cli",
            "ensemble",
            "baseline",
            "--runs",
            str(runs),
            "--years",
            f"{years:g}",
            "--workers",
            str(workers),
            "--store",
            store,
            "--no-report",
            "--quiet",
        ]
        if dask:
            cmd += ["--dask", "local"]
        env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "PYTHONPATH": str(ROOT / "src")}
        load_before = os.getloadavg()[0]
        samples: list[tuple[float, float]] = []
        cpu: dict[int, float] = {}
        t0 = time.perf_counter()
        child = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        proc = psutil.Process(child.pid)
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.25):
                samples.append((time.perf_counter() - t0, _tree_sample(proc, cpu)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, err = child.communicate()
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
        if child.returncode != 0:
            raise RuntimeError(f"{' '.join(cmd)} failed: {err.decode()[-2000:]}")
    early = [rss for t, rss in samples if t <= wall / 5] or [0.0]
    return {
        "runs": runs,
        "years": years,
        "workers": workers,
        "executor": "dask LocalCluster" if dask else "process pool",
        "wall_s": wall,
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "peak_rss_first_fifth_mib": max(early),
        "peak_rss_mib": max([rss for _, rss in samples] or [0.0]),
        # CPU of every process of the tree (to its last sample): on an idle machine the
        # wall time would be about this over the number of workers
        "cpu_s": sum(cpu.values()),
        "idle_wall_estimate_s": sum(cpu.values()) / workers,
        "cpu_per_run_s": sum(cpu.values()) / runs,
    }


def ensembles(runs: int, years: float, workers: int, dask_runs: int | None = None) -> dict:
    """The ensemble on the process pool; the Dask / pool wall ratio on an ensemble of
    ``dask_runs`` (default ``runs``: the same one) run on both."""
    dask_runs = runs if dask_runs is None else dask_runs
    pool = run_ensemble(runs, years, workers)
    dask = run_ensemble(dask_runs, years, workers, dask=True)
    pool_same = pool if dask_runs == runs else run_ensemble(dask_runs, years, workers)
    return {
        "pool": pool,
        "dask": dask,
        "pool_same": pool_same,
        "dask_ratio": dask["wall_s"] / pool_same["wall_s"],
    }


def lines(res: dict) -> list[str]:
    """The section's printed lines."""
    p = res["pool"]
    out = [
        f"4. `netpolitik ensemble baseline --runs {p['runs']} --years {p['years']:g} "
        f"--workers {p['workers']}` (whole world; fresh process; largest process's peak RSS)"
    ]
    for key in ("pool", "dask", "pool_same"):
        r = res[key]
        if key == "pool_same" and r == res["pool"]:
            continue
        out.append(
            f"   {r['executor']:13s} {r['runs']:5d} runs {r['wall_s']:8.1f} s wall "
            f"({r['cpu_s']:.0f} CPU s, idle estimate {r['idle_wall_estimate_s']:.0f} s); "
            f"load {r['load_before']:.1f} -> {r['load_after']:.1f}; peak RSS "
            f"{r['peak_rss_first_fifth_mib']:.0f} MiB (first fifth), {r['peak_rss_mib']:.0f} MiB"
        )
    return out
