"""Store catalogues attached to reused in-memory DuckDB instances.

Starting a DuckDB database instance costs about 20 ms of CPU (its built-in functions,
buffer manager and thread pool); attaching a catalogue file to a running instance costs
about 1 ms. So a store's catalogue is ``ATTACH``ed to an in-memory instance, and when the
store is closed the instance is kept, idle, for the next store this process opens. The
semantics are those of ``duckdb.connect(path)``:

* ``ATTACH`` takes the same exclusive file lock, so another process that opens the store
  gets DuckDB's "Could not set lock" error; a crashed writer's WAL is replayed;
* an instance holds one catalogue at a time, with its ``temp_directory`` (where large
  queries spill) beside the catalogue, as for a file-backed instance; a second store open
  at the same time gets an instance of its own;
* opening one store twice in a process shares its instance, as DuckDB's instance cache
  did;
* the last :meth:`Catalogue.close`, or the garbage collection of the last unclosed
  :class:`Catalogue`, ``DETACH``es it, which checkpoints the write-ahead log and releases
  the lock. An instance that spilled to the catalogue's temporary folder is closed
  instead of kept, so DuckDB removes the folder as before.

Each :class:`Catalogue` has its own connection (``con``) whose default database is the
catalogue, so its transactions and registered frames are its own. Global settings changed
with ``SET`` through it (netpolitik changes none) would outlive the store in a reused
instance, unless it spilled.
"""

from __future__ import annotations

import os
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb

_LOCK = threading.Lock()
ALIAS = "catalogue"


class _Instance:
    """An in-memory DuckDB instance and how many users its attached catalogue has."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.db = duckdb.connect(":memory:")
        self.users = 0


@dataclass
class _Use:
    """One user of an attached catalogue."""

    inst: _Instance
    key: str
    con: duckdb.DuckDBPyConnection


#: Real path of each attached catalogue -> its instance.
_open: dict[str, _Instance] = {}
#: An instance without a catalogue, ready for the next one.
_idle: list[_Instance] = []
_pid = os.getpid()
#: Instances inherited through fork(): never used nor destroyed (their threads are gone
#: and their files belong to the parent).
_inherited: list[_Instance] = []
#: Uses whose Catalogue was garbage-collected while the lock was taken: released by the
#: next caller that holds it.
_deferred: list[_Use] = []


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _after_fork() -> None:
    """Forget the parent's instances in a forked child (called with the lock held)."""
    global _pid
    if _pid != os.getpid():
        _inherited.extend([*_open.values(), *_idle])
        _open.clear()
        _idle.clear()
        _deferred.clear()
        _pid = os.getpid()


def _instance_for(key: str) -> _Instance:
    """An instance without a catalogue whose temporary folder is beside ``key``."""
    while _idle:
        inst = _idle.pop()
        try:
            inst.db.execute(f"SET temp_directory = {_literal(key + '.tmp')}")
            return inst
        except duckdb.Error:  # it spilled before: DuckDB cannot move the folder
            inst.db.close()
    inst = _Instance()
    inst.db.execute(f"SET temp_directory = {_literal(key + '.tmp')}")
    return inst


def _attach(key: str) -> _Instance:
    """The instance with the catalogue at ``key`` attached (called with the lock held)."""
    inst = _open.get(key)
    if inst is None:
        inst = _instance_for(key)
        try:
            inst.db.execute(f"ATTACH {_literal(key)} AS {ALIAS}")
        except BaseException:  # a lock, a damaged file, Ctrl-C: start afresh next time
            inst.db.close()
            raise
        _open[key] = inst
    inst.users += 1
    return inst


def _detach(use: _Use) -> None:
    """Close ``use``'s connection; detach its catalogue if it was the last user, and keep
    the instance for reuse unless it spilled (called with the lock held)."""
    if use.inst.pid != os.getpid():  # inherited through fork(): the parent's to close
        return
    use.con.close()
    use.inst.users -= 1
    if use.inst.users > 0:
        return
    del _open[use.key]
    try:
        use.inst.db.execute(f"DETACH {ALIAS}")
        reuse = not _idle and not os.path.exists(use.key + ".tmp")
    except duckdb.Error:
        reuse = False
    if reuse:
        _idle.append(use.inst)
    else:
        use.inst.db.close()  # removes the temporary folder DuckDB made


def _drain() -> None:
    """Release the deferred uses (called with the lock held)."""
    while _deferred:
        _detach(_deferred.pop())


def _release(use: _Use, wait: bool) -> None:
    """Release ``use``; when collected (``wait`` false) while the lock is taken, perhaps
    by this very thread, leave it to the lock's holder."""
    if not _LOCK.acquire(blocking=wait):
        _deferred.append(use)
        return
    try:
        _detach(use)
        _drain()
    finally:
        _LOCK.release()


def is_open(path: str | Path) -> bool:
    """Whether the catalogue at ``path`` is attached in this process."""
    with _LOCK:
        _after_fork()
        _drain()
        return os.path.realpath(path) in _open


class Catalogue:
    """One user's connection (``con``) to a catalogue file, created when missing.

    Raises :class:`duckdb.Error` as ``duckdb.connect`` does (a lock held by another
    process, a damaged file).
    """

    def __init__(self, path: str | Path) -> None:
        key = os.path.realpath(path)
        with _LOCK:
            _after_fork()
            _drain()
            inst = _attach(key)
            use = _Use(inst, key, inst.db.cursor())
        self.con = use.con
        self._finalizer = weakref.finalize(self, _release, use, False)
        try:
            self.con.execute(f"USE {ALIAS}")
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the connection and detach the catalogue when it was the last user. Closing
        twice is harmless."""
        pending = self._finalizer.detach()  # (self, _release, (use, False), {})
        if pending is not None:
            _release(pending[2][0], True)
