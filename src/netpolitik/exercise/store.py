"""The exercise file: one SQLite database per exercise (stdlib :mod:`sqlite3`).

Tables: ``meta`` (configuration, facilitator controls), ``seats`` (role, code digest),
``decisions`` (turn, seat, JSON; the latest submission of a seat for a turn wins),
``injects`` (turn, JSON), ``turns`` (turn, digest, timeline JSON, indicators JSON, state
snapshot as NumPy ``.npz`` bytes). Every write is one transaction (``with connection``),
so an interrupted server leaves the file as it was before the write; the file is created
whole through a temporary sibling and renamed (:func:`netpolitik.io.atomic_path`).

Examples
--------
>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "ex.sqlite"
>>> from netpolitik.exercise.config import ExerciseConfig
>>> store = ExerciseStore.create(path, ExerciseConfig(scenario="baseline", seats=["EST"]),
...                              {"EST": "d1", "facilitator": "d2"})
>>> store.config().seats, store.digests()["EST"]
(['EST'], 'd1')
"""

from __future__ import annotations

import io
import json
import sqlite3
import threading
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any

import numpy as np

from netpolitik.errors import InputError
from netpolitik.exercise.config import ExerciseConfig
from netpolitik.io import atomic_path

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE seats (role TEXT PRIMARY KEY, code_digest TEXT NOT NULL);
CREATE TABLE decisions (turn INTEGER NOT NULL, seat TEXT NOT NULL, data TEXT NOT NULL,
                        PRIMARY KEY (turn, seat));
CREATE TABLE injects (id INTEGER PRIMARY KEY AUTOINCREMENT, turn INTEGER NOT NULL,
                      data TEXT NOT NULL);
CREATE TABLE turns (turn INTEGER PRIMARY KEY, digest TEXT NOT NULL, events TEXT NOT NULL,
                    indicators TEXT NOT NULL, snapshot BLOB NOT NULL);
"""
KIND = "netpolitik-exercise"


def _locked(method: Callable[..., Any]) -> Callable[..., Any]:
    """Serialise a store method: the web app's threads share one connection."""

    @wraps(method)
    def call(self: ExerciseStore, *args: Any, **kwargs: Any) -> Any:
        with self.lock:
            return method(self, *args, **kwargs)

    return call


def snapshot(arrays: list[tuple[str, np.ndarray]]) -> bytes:
    """A state's arrays as ``.npz`` bytes (no pickles)."""
    buf = io.BytesIO()
    named: dict[str, Any] = dict(arrays)
    np.savez_compressed(buf, allow_pickle=False, **named)
    return buf.getvalue()


class ExerciseStore:
    """Reads and writes one exercise file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.lock = threading.RLock()
        if not self.path.is_file():
            raise InputError(
                f"FILE: {str(path)!r} is not an exercise file; "
                "create one with `netpolitik exercise new`"
            )
        try:
            self.db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
            self.db.execute("PRAGMA busy_timeout = 5000")
            kind = self._meta("kind")
        except sqlite3.DatabaseError:
            kind = None
        if kind != KIND:
            raise InputError(
                f"FILE: {str(path)!r} is not a netpolitik exercise file; "
                "create one with `netpolitik exercise new`"
            )

    @classmethod
    def create(
        cls, path: str | Path, cfg: ExerciseConfig, digests: dict[str, str]
    ) -> ExerciseStore:
        """A new exercise file (refused if ``path`` exists)."""
        path = Path(path)
        if path.exists():
            raise InputError(
                f"--db: {str(path)!r} exists; choose a new file name (one file per exercise)"
            )
        if not path.parent.is_dir():
            raise InputError(f"--db: folder {str(path.parent)!r} does not exist; create it first")
        with atomic_path(path) as tmp:
            db = sqlite3.connect(tmp)
            with db:
                db.executescript(SCHEMA)
                db.executemany(
                    "INSERT INTO meta VALUES (?, ?)",
                    [
                        ("kind", KIND),
                        ("config", cfg.model_dump_json()),
                        ("status", "lobby"),
                        ("deadline", "null"),
                        ("revealed", "false"),
                    ],
                )
                db.executemany("INSERT INTO seats VALUES (?, ?)", list(digests.items()))
            db.close()
        return cls(path)

    @_locked
    def _meta(self, key: str) -> Any:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    @_locked
    def config(self) -> ExerciseConfig:
        return ExerciseConfig.model_validate_json(self._meta("config"))

    @_locked
    def digests(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT role, code_digest FROM seats").fetchall())

    @_locked
    def controls(self) -> dict[str, Any]:
        """Facilitator controls: status, deadline (epoch s or None), revealed."""
        return {
            "status": self._meta("status"),
            "deadline": json.loads(self._meta("deadline")),
            "revealed": json.loads(self._meta("revealed")),
        }

    @_locked
    def set_controls(self, **values: Any) -> None:
        with self.db:
            for key, value in values.items():
                v = value if key == "status" else json.dumps(value)
                self.db.execute("UPDATE meta SET value = ? WHERE key = ?", (v, key))

    @_locked
    def put_decision(self, turn: int, seat: str, data: dict[str, Any]) -> None:
        with self.db:
            self.db.execute(
                "INSERT OR REPLACE INTO decisions VALUES (?, ?, ?)", (turn, seat, json.dumps(data))
            )

    @_locked
    def put_inject(self, turn: int, data: dict[str, Any]) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO injects (turn, data) VALUES (?, ?)", (turn, json.dumps(data))
            )

    @_locked
    def decisions(self, turn: int) -> dict[str, dict[str, Any]]:
        rows = self.db.execute(
            "SELECT seat, data FROM decisions WHERE turn = ? ORDER BY seat", (turn,)
        )
        return {seat: json.loads(data) for seat, data in rows}

    @_locked
    def injects(self, turn: int) -> list[dict[str, Any]]:
        rows = self.db.execute("SELECT data FROM injects WHERE turn = ? ORDER BY id", (turn,))
        return [json.loads(d) for (d,) in rows]

    @_locked
    def put_turn(self, turn: int, digest: str, events: list, indicators: dict, snap: bytes) -> None:
        with self.db:
            self.db.execute(
                "INSERT INTO turns VALUES (?, ?, ?, ?, ?)",
                (turn, digest, json.dumps(events), json.dumps(indicators), snap),
            )

    @_locked
    def turns(self) -> list[tuple[int, str, list, dict]]:
        rows = self.db.execute("SELECT turn, digest, events, indicators FROM turns ORDER BY turn")
        return [(t, d, json.loads(e), json.loads(i)) for t, d, e, i in rows]

    @_locked
    def close(self) -> None:
        self.db.close()
