"""Store catalogues as databases attached to one DuckDB instance per process.

Starting a DuckDB database instance costs about 20 ms of CPU (its built-in functions,
buffer manager and thread pool); attaching a catalogue file to a running instance costs
about 1 ms. So every open store is an ``ATTACH``ed database of one in-memory instance,
with the semantics of ``duckdb.connect(path)``:

* ``ATTACH`` takes the same exclusive file lock, so another process that opens the store
  gets DuckDB's "Could not set lock" error; a crashed writer's WAL is replayed;
* opening one store twice in a process shares one attachment, as DuckDB's instance cache
  shares one instance;
* the last :meth:`Catalogue.close`, or the garbage collection of the last unclosed
  :class:`Catalogue`, ``DETACH``es it, which checkpoints the write-ahead log and releases
  the lock.

Each :class:`Catalogue` has its own connection (``con``) whose default database is the
catalogue, so its transactions and registered frames are its own.
"""

from __future__ import annotations

import itertools
import os
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import duckdb

_LOCK = threading.Lock()
_ALIASES = itertools.count()


class _Instance:
    """The process's in-memory DuckDB instance and the catalogues attached to it."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.db = duckdb.connect(":memory:")
        #: real path of a catalogue -> [alias, number of open users]
        self.attached: dict[str, list] = {}


@dataclass
class _Use:
    """One user of an attached catalogue."""

    inst: _Instance
    key: str
    con: duckdb.DuckDBPyConnection


_current: _Instance | None = None
#: Instances inherited through fork(): never used nor destroyed (their threads are gone
#: and their files belong to the parent).
_inherited: list[_Instance] = []
#: Uses whose Catalogue was garbage-collected while the lock was taken: released by the
#: next caller that holds it.
_deferred: list[_Use] = []


def _instance() -> _Instance:
    global _current
    if _current is not None and _current.pid != os.getpid():
        _inherited.append(_current)
        _current = None
    if _current is None:
        _current = _Instance()
    return _current


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _detach(use: _Use) -> None:
    """Close ``use``'s connection and detach its catalogue if it was the last user (called
    with the lock held)."""
    global _current
    if use.inst.pid != os.getpid():  # inherited through fork(): the parent's to close
        return
    use.con.close()
    entry = use.inst.attached[use.key]
    entry[1] -= 1
    if entry[1] > 0:
        return
    del use.inst.attached[use.key]
    try:
        use.inst.db.execute(f"DETACH {entry[0]}")
    except duckdb.Error:  # start afresh; the old instance lets go once unused
        if _current is use.inst:
            _current = None


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
        _drain()
        inst = _current
        return (
            inst is not None and inst.pid == os.getpid() and os.path.realpath(path) in inst.attached
        )


class Catalogue:
    """One user's connection (``con``) to a catalogue file, created when missing.

    Raises :class:`duckdb.Error` as ``duckdb.connect`` does (a lock held by another
    process, a damaged file).
    """

    def __init__(self, path: str | Path) -> None:
        key = os.path.realpath(path)
        with _LOCK:
            _drain()
            inst = _instance()
            entry = inst.attached.get(key)
            if entry is None:
                alias = f"catalogue_{next(_ALIASES)}"
                inst.db.execute(f"ATTACH {_literal(key)} AS {alias}")
                entry = inst.attached[key] = [alias, 0]
            entry[1] += 1
            use = _Use(inst, key, inst.db.cursor())
        self.con = use.con
        self._finalizer = weakref.finalize(self, _release, use, False)
        try:
            self.con.execute(f"USE {entry[0]}")
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the connection and detach the catalogue when it was the last user. Closing
        twice is harmless."""
        pending = self._finalizer.detach()  # (self, _release, (use, False), {})
        if pending is not None:
            _release(pending[2][0], True)
