"""Imported only by the process pool's forkserver (its preload list): the server then
receives SIGKILL when the coordinating process dies, so it never outlives it.

Each worker forked from the server sets its own parent-death signal and watches the
coordinator (:func:`netpolitik.experiment.executors._worker_init`). Imported anywhere
else, this module does nothing.
"""

from __future__ import annotations

import signal
from pathlib import Path


def is_forkserver() -> bool:
    """Whether this process is a multiprocessing forkserver (from its command line)."""
    try:
        cmdline = Path("/proc/self/cmdline").read_bytes()
    except OSError:
        return False
    return b"from multiprocessing.forkserver import main" in cmdline


if is_forkserver():
    from netpolitik.experiment.executors import parent_death_signal

    parent_death_signal(signal.SIGKILL)
