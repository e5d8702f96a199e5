"""Stream an experiment's pending runs through an executor into the store.

At most ``2 x slots`` runs are in flight and at most ``chunk_size`` finished runs wait in
memory; every ``chunk_size`` finished runs become one atomic chunk in the store. So peak
memory does not grow with the number of runs, and an interruption loses at most the runs
not yet written: re-running the same command runs only those again (``pending`` in the
catalogue). Whatever finished before an error or Ctrl-C is written before it propagates.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager

import duckdb
import numpy as np
import pandas as pd

from netpolitik.experiment.tasks import STEP_COLUMNS, RunOutput, Task, execute
from netpolitik.store.experiments import ExperimentStore

#: Finished runs per Parquet chunk.
DEFAULT_CHUNK = 64


def frames(exp: str, outputs: Sequence[RunOutput], start: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The steps table (run x step) and summary table (one row per run) of ``outputs``."""
    outputs = sorted(outputs, key=lambda o: o.run)
    summary = pd.DataFrame(
        [
            {
                "experiment": exp,
                "run": o.run,
                "point": o.point,
                "replicate": o.replicate,
                **o.summary,
            }
            for o in outputs
        ]
    )
    with_steps = [o for o in outputs if o.steps is not None]
    if not with_steps:
        return pd.DataFrame(
            {
                "experiment": pd.Series(dtype=str),
                "run": pd.Series(dtype="int64"),
                "step": pd.Series(dtype="int64"),
            }
        ), summary
    step_sets = [o.steps for o in with_steps if o.steps is not None]
    lengths = [len(s[STEP_COLUMNS[0]]) for s in step_sets]
    longest = max(lengths)
    dates = pd.date_range(pd.Timestamp(start + "-01"), periods=longest, freq="MS")
    steps = pd.DataFrame(
        {
            "experiment": exp,
            "run": np.repeat([o.run for o in with_steps], lengths).astype("int64"),
            "step": np.concatenate([np.arange(1, n + 1) for n in lengths]).astype("int64"),
            "date": np.concatenate([dates[:n].to_numpy() for n in lengths]),
            **{c: np.concatenate([s[c] for s in step_sets]) for c in STEP_COLUMNS},
        }
    )
    return steps, summary


def run_pending(
    store: ExperimentStore,
    exp: str,
    runs: Iterable[int],
    task_for: Callable[[int], Task],
    executor: Executor,
    slots: int,
    *,
    start: str,
    chunk_size: int = DEFAULT_CHUNK,
    on_done: Callable[[int], None] | None = None,
    function: Callable[[Task], RunOutput] = execute,
) -> int:
    """Execute ``task_for(run)`` for every run of ``runs`` and store the results in chunks.

    ``function`` is the per-run entry point (default :func:`execute`); ``on_done`` is
    called with the number of runs just finished. Returns the number of runs executed.
    """
    queue = iter(runs)
    limit = max(2, 2 * slots)
    inflight: dict[Future, int] = {}
    buffer: list[RunOutput] = []
    count = 0

    def flush() -> None:
        if buffer:
            with deferred_interrupt():  # a chunk is committed whole, even on Ctrl-C
                store.write_chunk(exp, *frames(exp, buffer, start))
                buffer.clear()

    try:
        while True:
            while len(inflight) < limit:
                run = next(queue, None)
                if run is None:
                    break
                inflight[executor.submit(function, task_for(run))] = run
            if not inflight:
                break
            done, _ = wait(list(inflight), return_when=FIRST_COMPLETED)
            for future in sorted(done, key=inflight.__getitem__):
                inflight.pop(future)
                buffer.append(future.result())
                count += 1
                if on_done is not None:
                    on_done(1)
                if len(buffer) >= chunk_size:
                    flush()
        flush()
    except BaseException as exc:
        for future in list(inflight):
            if future.done() and not future.cancelled() and future.exception() is None:
                buffer.append(future.result())
            else:
                future.cancel()
        try:
            flush()  # keep every finished run
        except Exception:  # noqa: BLE001 - the original error matters more
            pass
        if is_interrupt(exc):
            raise KeyboardInterrupt from None
        raise
    return count


@contextmanager
def deferred_interrupt() -> Iterator[None]:
    """Hold Ctrl-C (SIGINT) until the block is done, then raise KeyboardInterrupt.

    DuckDB aborts a running statement on SIGINT; deferring it keeps a chunk's files and its
    catalogue commit together. Only possible in the main thread; elsewhere a no-op.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.getsignal(signal.SIGINT)
    if previous in (signal.SIG_IGN, None):
        yield
        return
    caught: list[int] = []
    signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught:
        raise KeyboardInterrupt


def is_interrupt(exc: BaseException) -> bool:
    """Ctrl-C, including DuckDB's way of reporting it (it interrupts a running query)."""
    if isinstance(exc, KeyboardInterrupt | duckdb.InterruptException):
        return True
    return isinstance(exc, RuntimeError) and "interrupted" in str(exc).lower()
