"""Benchmark exact-mode landscape alignment (Axelrod & Bennett 1993).

Run as ``python benchmarks/bench_landscape.py``; prints the median wall time of
``align(mode="exact")`` on random instances (sizes lognormal, propensities uniform in
[-1, 1]) for N = 11 (the Unix case) and N = 20 (the largest ``mode="auto"`` solves exactly).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from netpolitik.alliances.landscape import align  # noqa: E402


def instance(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random landscape with ``n`` actors."""
    rng = np.random.default_rng(seed)
    p = np.triu(rng.uniform(-1.0, 1.0, size=(n, n)), 1)
    return rng.lognormal(size=n), p + p.T


def median_seconds(n: int, runs: int = 5) -> tuple[float, int]:
    """Median time of exact alignment over ``runs`` instances and the last minima count."""
    times, minima = [], 0
    for seed in range(runs):
        sizes, prop = instance(n, seed)
        start = time.perf_counter()
        result = align(sizes, prop, mode="exact")
        times.append(time.perf_counter() - start)
        minima = len(result.local_minima or [])
    return statistics.median(times), minima


def main() -> None:
    """Print the benchmark table."""
    for n in (11, 20):
        seconds, minima = median_seconds(n)
        print(f"exact N={n:2d}: median {seconds * 1e3:8.2f} ms  ({minima} local minima)")


if __name__ == "__main__":
    main()
