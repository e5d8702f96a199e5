"""A month of the engine against the fused-kernel floor: the same bytes moved by one pass.

What a month must move at the least: it reads the state once (every array the state
reaches: the dynamic arrays, the flows, the queues, the setting's static arrays and its
caches in ``Setting.derived``) and writes each array of the next state that is new (not
the same object as in the old state) once. The *floor* is the time of one fused pass, a
Numba loop that reads that many bytes and writes that many bytes exactly once, with no
temporaries: read ``k`` contiguous float64 values and write their sum, for each output
value (``k`` = bytes read / bytes written). The ratio is ``month / floor``; the goal is
within 3x. Times are CPU time (:data:`CLOCK`). At N=195 the month's ~5-6 MB live in
L2/L3, so the floor is cache bandwidth.

Run alone (from the repository root)::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/fused_floor.py
"""

from __future__ import annotations

import dataclasses
import statistics
import time

import numba
import numpy as np

from netpolitik.engine.simulator import CORE, ORDER, advance, make_rng, start
from netpolitik.scenario import load_builtin
from netpolitik.scenario.run import prepare

#: The clock of every in-process timing in the benchmarks: this process's CPU time. On a
#: shared machine, wall time mostly measures the other jobs (at a load of 15 on 2 cores a
#: month's wall time varied 30-fold); CPU time of single-threaded code does not.
CLOCK = time.process_time


def arrays_of(obj: object, seen: dict[int, np.ndarray] | None = None) -> dict[int, np.ndarray]:
    """Every distinct NumPy array ``obj`` reaches (dataclass fields, dicts, tuples), by id."""
    seen = {} if seen is None else seen
    if isinstance(obj, np.ndarray):
        seen.setdefault(id(obj), obj)
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            arrays_of(getattr(obj, f.name), seen)
        derived = getattr(obj, "derived", None)  # Setting's caches (a field with init=False)
        if isinstance(derived, dict):
            arrays_of(derived, seen)
    elif isinstance(obj, dict):
        for v in obj.values():
            arrays_of(v, seen)
    elif isinstance(obj, (tuple, list)):
        for v in obj:
            arrays_of(v, seen)
    return seen


def month_bytes(before: object, after: object) -> tuple[int, int]:
    """(bytes read, bytes written) of the month from ``before`` to ``after``: all of the
    old state's arrays read once, the new state's new arrays written once."""
    old = arrays_of(before)
    new = arrays_of(after)
    read = sum(a.nbytes for a in old.values())
    written = sum(a.nbytes for k, a in new.items() if k not in old)
    return read, written


@numba.njit(cache=True, nogil=True)
def fused_pass(src: np.ndarray, dst: np.ndarray) -> None:  # pragma: no cover - compiled
    """One pass: ``dst[m] = sum(src[m, :])``, each input and output value touched once."""
    rows, k = src.shape
    for m in range(rows):
        s = 0.0
        for j in range(k):
            s += src[m, j]
        dst[m] = s


def floor_time(read: int, written: int, repeats: int) -> dict:
    """Median time of one fused pass reading ``read`` and writing ``written`` bytes."""
    rows = max(written // 8, 1)
    k = max(round(read / 8 / rows), 1)
    src = np.random.default_rng(0).random((rows, k))
    dst = np.empty(rows)
    fused_pass(src, dst)  # compile (or load the cache) and touch the pages
    times = []
    for _ in range(repeats):
        t0 = CLOCK()
        fused_pass(src, dst)
        times.append(CLOCK() - t0)
    t = statistics.median(times)
    moved = src.nbytes + dst.nbytes
    return {"floor_ms": 1e3 * t, "floor_bytes": moved, "floor_gbs": moved / t / 1e9}


def month_time(mechanisms: tuple, months: int) -> tuple[float, int, int]:
    """Median ms of one month of the baseline scenario's whole world, and its bytes."""
    built = prepare(load_builtin("baseline"))
    params, rng = built.params, make_rng(0)
    state = start(built.setting, built.levers, built.gdp, params, built.setting.clubs.initial)
    for _ in range(6):  # warm-up: caches built, queues and sanctions in use
        state = advance(state, params, rng, mechanisms)
    times = []
    for _ in range(months):
        t0 = CLOCK()
        nxt = advance(state, params, rng, mechanisms)
        times.append(CLOCK() - t0)
        before, state = state, nxt
    read, written = month_bytes(before, state)
    return 1e3 * statistics.median(times), read, written


def fused_floor(months: int, repeats: int) -> dict:
    """The full and core month (baseline, whole world) against their fused-kernel floors."""
    rows = {}
    for name, mechanisms in (("full", ORDER), ("core", CORE)):
        ms, read, written = month_time(mechanisms, months)
        floor = floor_time(read, written, repeats)
        rows[name] = {
            "month_ms": ms,
            "read_mib": read / 2**20,
            "written_mib": written / 2**20,
            **floor,
            "ratio": ms / floor["floor_ms"],
        }
    return {"months": months, "repeats": repeats, "rows": rows}


def lines(res: dict) -> list[str]:
    """The section's printed lines."""
    out = [
        "2. a month against the fused-kernel floor (baseline, whole world; one fused pass "
        "reading the old state and writing the new arrays once)"
    ]
    for name, r in res["rows"].items():
        out.append(
            f"   {name:4s} month {r['month_ms']:8.3f} ms; reads {r['read_mib']:.2f} MiB, "
            f"writes {r['written_mib']:.2f} MiB; floor {r['floor_ms']:.3f} ms "
            f"({r['floor_gbs']:.1f} GB/s); ratio {r['ratio']:.1f}x"
        )
    return out


if __name__ == "__main__":
    print("\n".join(lines(fused_floor(40, 200))))
