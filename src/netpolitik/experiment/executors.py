"""Where runs execute: any :class:`concurrent.futures.Executor`.

* default: a local process pool with one worker per core (``forkserver`` start method on
  POSIX, so workers never inherit the parent's threads or open catalogue);
* ``workers=1``: in the calling process (:class:`InlineExecutor`), handy for debugging;
* ``dask="local"``: a :class:`dask.distributed.LocalCluster` on this machine;
* ``dask="tcp://HOST:PORT"``: an existing Dask scheduler, e.g. a cluster started with
  ``dask scheduler`` and ``dask worker`` on other machines (each with netpolitik installed);
  ``Client(address).get_executor()`` is a ``concurrent.futures`` executor.

Dask is optional: ``pip install 'netpolitik[dask]'``.

Examples
--------
>>> with executor_for(workers=1) as (pool, slots):
...     pool.submit(sum, [1, 2]).result(), slots
(3, 1)
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import contextmanager

from netpolitik.errors import InputError


class InlineExecutor(Executor):
    """Runs each submitted call at once, in the calling process."""

    def submit(self, fn, /, *args, **kwargs) -> Future:  # noqa: D102
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # noqa: BLE001 - handed to the caller via the future
            future.set_exception(exc)
        return future


def cpu_count() -> int:
    """Cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def check_workers(workers: int | None) -> int:
    if workers is None:
        return cpu_count()
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise InputError(
            f"--workers: {workers!r} is not a positive number of workers; "
            f"use e.g. --workers {cpu_count()}"
        )
    return workers


#: Seconds between a worker's checks that its coordinator still runs.
WATCH_INTERVAL = 0.5


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (a zombie, killed but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process
        return True
    return not os.path.isdir("/proc")  # no /proc entry on Linux: gone


def _watch(coordinator: int) -> None:
    """Exit this worker as soon as the coordinator is gone (killed, even by SIGKILL)."""
    while alive(coordinator):
        time.sleep(WATCH_INTERVAL)
    os._exit(70)


def parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent dies
    (``prctl(PR_SET_PDEATHSIG)``); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(1, int(sig), 0, 0, 0) == 0  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover
        return False


def _worker_init(coordinator: int | None = None) -> None:
    """Workers ignore Ctrl-C: the coordinating process handles it (writes what finished,
    then stops the workers). They die with their parent (the forkserver) and watch the
    coordinator, exiting within :data:`WATCH_INTERVAL` seconds of its death, so a killed
    coordinator leaves no orphans holding memory or its stdout."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent_death_signal()
    if coordinator is not None:
        threading.Thread(
            target=_watch, args=(coordinator,), daemon=True, name="netpolitik-watchdog"
        ).start()


def process_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool of ``workers`` processes (forkserver start where available)."""
    methods = multiprocessing.get_all_start_methods()
    ctx: multiprocessing.context.BaseContext
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        # the server imports the model once; each worker is forked from it, ready to run;
        # lifeline makes the server die with this process
        ctx.set_forkserver_preload(
            ["netpolitik.experiment.lifeline", "netpolitik.experiment.tasks"]
        )
    else:  # pragma: no cover - Windows
        ctx = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=workers, mp_context=ctx, initializer=_worker_init, initargs=(os.getpid(),)
    )


def _dask():
    try:
        import distributed
    except ImportError:
        raise InputError(
            "--dask: Dask is not installed; install the optional extra with "
            "pip install 'netpolitik[dask]'"
        ) from None
    return distributed


@contextmanager
def dask_executor(
    address: str, workers: int | None = None, processes: bool = True
) -> Iterator[tuple[Executor, int]]:
    """An executor on a Dask cluster: ``"local"`` starts a LocalCluster of ``workers``
    single-threaded workers; otherwise ``address`` is a scheduler, ``tcp://HOST:PORT``."""
    distributed = _dask()
    cluster = None
    if address == "local":
        cluster = distributed.LocalCluster(
            n_workers=check_workers(workers),
            threads_per_worker=1,
            processes=processes,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = distributed.Client(cluster)
    else:
        if "://" not in address:
            raise InputError(
                f"--dask: expected 'local' or a scheduler address such as "
                f"tcp://10.0.0.5:8786 (got {address!r})"
            )
        try:
            client = distributed.Client(address, timeout="10s")
        except (OSError, TimeoutError) as exc:
            raise InputError(
                f"--dask: cannot reach the Dask scheduler at {address} "
                f"({' '.join(str(exc).split())[:120]}); start one with "
                "`dask scheduler`, or use --dask local"
            ) from None
    try:
        slots = max(1, sum(client.nthreads().values()))
        yield client.get_executor(pure=False), slots
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@contextmanager
def executor_for(
    workers: int | None = None, dask: str | None = None, executor: Executor | None = None
) -> Iterator[tuple[Executor, int]]:
    """The executor to run an experiment on and how many runs it executes at once.

    ``executor`` (any ``concurrent.futures.Executor``, left open) wins; then ``dask``;
    then ``workers`` (default: every core; 1 = in this process).
    """
    if executor is not None:
        slots = getattr(executor, "_max_workers", None) or check_workers(workers)
        yield executor, int(slots)
        return
    if dask:
        with dask_executor(dask, workers) as pair:
            yield pair
        return
    n = check_workers(workers)
    if n == 1:
        yield InlineExecutor(), 1
        return
    pool = process_pool(n)
    try:
        yield pool, n
    except BaseException:
        stop_pool(pool)  # interrupted or failed: runs in flight are not kept anyway
        raise
    pool.shutdown(wait=True, cancel_futures=True)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and terminate the workers now."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
    for proc in processes:
        proc.join(timeout=10)
