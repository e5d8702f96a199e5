"""The dashboard's memory budget: what a run, a cached baseline and a result hold.

One budget (:data:`MEMORY_BUDGET`) covers cached baselines, kept results and the runs
that running jobs hold (:class:`netpolitik.dashboard.runs.Runner`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

import numpy as np
import pandas as pd

from netpolitik.errors import InputError
from netpolitik.scenario.run import RunResult

#: Memory the dashboard may use for cached baselines, kept results and running jobs
#: together (bytes; ``netpolitik dashboard --memory-budget GiB``). Assumption: 2 GiB
#: leaves room for the server itself on an 8 GiB laptop.
MEMORY_BUDGET = 2 * 2**30
#: Estimated memory of one run while a job holds it: bytes per step x country and per
#: country pair. Calibrated on the baseline world (195 countries): a run's arrays take
#: about 820 B per step x country and 96 B per pair (dyads), doubled for the process's
#: overhead (temporaries, allocator) seen in RSS.
RUN_CELL_BYTES, RUN_PAIR_BYTES = 1700, 200
#: Cached baselines kept at most (least recently used dropped first).
MAX_BASELINES = 4


@dataclass
class Baseline:
    """A cached baseline: its averaged tables, its first run and each run's light tables
    (:func:`netpolitik.dashboard.changes.light`, for the paired changes): what a result
    needs."""

    mean: dict[str, pd.DataFrame]
    first: RunResult
    runs: list = field(default_factory=list)
    nbytes: int = 0


def run_bytes(steps: int, countries: int) -> int:
    """Estimated memory of one run held by a job (:data:`RUN_CELL_BYTES`)."""
    return steps * countries * RUN_CELL_BYTES + countries**2 * RUN_PAIR_BYTES


def check_budget(budget: Any) -> int:
    """A memory budget in bytes (InputError unless a positive number)."""
    if (
        isinstance(budget, bool)
        or not isinstance(budget, int | float)
        or not budget > 0
        or not math.isfinite(budget)
    ):
        raise InputError(f"--memory-budget: {budget!r} is not a positive size; use e.g. 2 (GiB)")
    return int(budget)


def nbytes(obj: Any, depth: int = 0, seen: set[int] | None = None) -> int:
    """Memory of the arrays and tables reachable from ``obj`` (an estimate)."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 5:
        return 0
    seen.add(id(obj))
    if isinstance(obj, np.ndarray):
        return obj.nbytes
    if isinstance(obj, pd.DataFrame):
        return int(obj.memory_usage(index=True, deep=True).sum())
    if isinstance(obj, Mapping):
        return sum(nbytes(v, depth + 1, seen) for v in obj.values())
    if isinstance(obj, list | tuple):
        return sum(nbytes(v, depth + 1, seen) for v in obj)
    if is_dataclass(obj):
        return sum(nbytes(getattr(obj, f.name), depth + 1, seen) for f in fields(obj))
    return 0
