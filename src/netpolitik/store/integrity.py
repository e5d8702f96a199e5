"""What a results store holds, checked against what its catalogue says it holds.

At commit, every chunk's file sizes, row counts, run ids and SHA-256 hashes go into the
catalogue (:func:`fingerprint`). :func:`check` compares the files with that record:

* ``quick`` (every time a store is opened): the files exist, are regular files, have the
  recorded sizes and Parquet row counts, and the summary holds exactly the recorded runs;
* ``full`` (``netpolitik results verify``): also the hashes.

A problem names its chunk in one line. :func:`repair` moves damaged chunks' files into
``quarantine/`` (never deleting them), forgets the chunk and marks its runs pending, so the
next resume recomputes exactly those runs. Files the catalogue does not list are never
deleted: netpolitik's own crash leftovers (names like ``c<hex>.steps.parquet``) are moved
to ``quarantine/``; anything else is reported and left where it is.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from netpolitik.io import transaction

#: File suffixes of a chunk's two tables.
STEPS, SUMMARY = ".steps.parquet", ".summary.parquet"
#: Names netpolitik gives chunk files and their temporary files.
OWN = re.compile(r"^\.?c[0-9a-f]+(\.[a-z]+)*\.parquet(\.tmp)?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a store: the chunk (or file) and what is wrong with it."""

    experiment: str
    chunk: str
    what: str

    def line(self) -> str:
        """The problem as one line."""
        return f"chunk '{self.chunk}' of experiment '{self.experiment}': {self.what}"


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fingerprint(steps: Path, summary: Path) -> dict[str, Any]:
    """Sizes, row counts and hashes of a chunk's two files (recorded at commit)."""
    return {
        "steps_bytes": steps.stat().st_size,
        "summary_bytes": summary.stat().st_size,
        "summary_rows": pq.ParquetFile(summary).metadata.num_rows,
        "steps_hash": sha256(steps),
        "summary_hash": sha256(summary),
    }


def _presence(path: Path) -> str | None:
    if not path.exists():
        return f"{path.name} is missing"
    if not path.is_file():
        return f"{path.name} is not a regular file"
    return None


def _parquet(path: Path) -> pq.ParquetFile | Exception:
    """The file opened as Parquet (footer parsed), or why it cannot be."""
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - any unreadable file is a damaged chunk
        return exc


def _shape(
    path: Path, size: int | None, rows: int | None, parquet: pq.ParquetFile | Exception | None
) -> str | None:
    actual = path.stat().st_size
    if size is not None and actual != size:
        return f"{path.name} has {actual:,} bytes, the catalogue recorded {size:,}"
    parquet = _parquet(path) if parquet is None else parquet
    if isinstance(parquet, Exception):
        return f"{path.name} is not a readable Parquet file ({type(parquet).__name__})"
    found = parquet.metadata.num_rows
    if rows is not None and found != rows:
        return f"{path.name} has {found:,} rows, the catalogue recorded {rows:,}"
    return None


def _runs_problem(
    path: Path, run_ids: str | None, parquet: pq.ParquetFile | Exception
) -> str | None:
    if run_ids is None:
        return None
    try:
        if isinstance(parquet, Exception):
            raise parquet
        found = sorted(int(r) for r in parquet.read(columns=["run"])["run"].to_pylist())
    except Exception as exc:  # noqa: BLE001
        return f"{path.name} cannot be read ({type(exc).__name__})"
    want = json.loads(run_ids)
    if found != want:
        return (
            f"{path.name} holds runs {_short(found)}, not the recorded {_short(want)} "
            "(a foreign or copied chunk)"
        )
    return None


def _short(runs: list[int]) -> str:
    return str(runs) if len(runs) <= 6 else f"[{runs[0]}, ..., {runs[-1]}] ({len(runs)})"


def check_chunk(folder: Path, row: dict[str, Any], full: bool = False) -> str | None:
    """What is wrong with one catalogued chunk (None when nothing is)."""
    base = folder / "chunks" / row["experiment"]
    steps, summary = base / f"{row['chunk']}{STEPS}", base / f"{row['chunk']}{SUMMARY}"
    what = _presence(steps) or _presence(summary)
    if what:
        return what
    table = _parquet(summary)  # read once for its run ids and its row count
    try:
        what = (
            _runs_problem(summary, row.get("run_ids"), table)  # first: names a copied chunk
            or _shape(steps, row.get("steps_bytes"), row.get("rows"), None)
            or _shape(summary, row.get("summary_bytes"), row.get("summary_rows"), table)
        )
    finally:
        if not isinstance(table, Exception):
            table.close()
    if what is None and full:
        for path, key in ((steps, "steps_hash"), (summary, "summary_hash")):
            if row.get(key) and sha256(path) != row[key]:
                return f"{path.name} does not match its recorded SHA-256 (content changed)"
    return what


def chunk_rows(db: Any) -> list[dict[str, Any]]:
    """The catalogue's chunks, one dict per row, ordered by experiment and chunk."""
    cur = db.execute("SELECT * FROM chunks ORDER BY experiment, chunk")
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, values, strict=True)) for values in cur.fetchall()]


def check(
    db: Any, folder: Path, full: bool = False, rows: list[dict[str, Any]] | None = None
) -> list[Problem]:
    """Every problem of the committed chunks (``rows``, read from ``db`` when not given)
    and of the runs' bookkeeping."""
    rows = chunk_rows(db) if rows is None else rows
    problems = []
    for row in rows:
        what = check_chunk(folder, row, full)
        if what:
            problems.append(Problem(row["experiment"], row["chunk"], what))
    return problems + _bookkeeping(db, rows)


def _bookkeeping(db: Any, rows: list[dict[str, Any]]) -> list[Problem]:
    """Done runs whose chunk is not in the catalogue, and chunks whose number of done runs
    differs from the recorded one, from one count of the done runs per chunk. As in SQL,
    a NULL chunk is missing only from an empty catalogue, and a NULL key matches no row."""
    ids = {row["chunk"] for row in rows}
    done: dict[tuple[Any, Any], int] = {}
    problems = []
    for exp, chunk, runs in db.execute(
        "SELECT experiment, chunk, count(*) FROM runs WHERE status = 'done' GROUP BY ALL"
    ).fetchall():
        done[(exp, chunk)] = runs
        if (chunk not in ids) if chunk is not None else not ids:
            problems.append(
                Problem(
                    exp,
                    str(chunk),
                    f"{runs} run(s) are marked done but the chunk is not in the catalogue",
                )
            )
    for row in rows:
        want, key = row["runs"], (row["experiment"], row["chunk"])
        have = done.get(key, 0) if None not in key else 0
        if want is not None and have != want:
            problems.append(
                Problem(
                    row["experiment"],
                    row["chunk"],
                    f"holds {want} run(s) but {have} are marked done in it "
                    "(duplicate or stale rows)",
                )
            )
    return problems


def unknown_files(
    db: Any, folder: Path, rows: list[dict[str, Any]] | None = None
) -> tuple[list[Path], list[Path]]:
    """Files under ``chunks/`` that the catalogue does not list (its chunks: ``rows``,
    read from ``db`` when not given): (netpolitik's own crash leftovers, anything else)."""
    rows = chunk_rows(db) if rows is None else rows
    known = {(row["experiment"], row["chunk"]) for row in rows}
    own, other = [], []
    root = folder / "chunks"
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).parts
        if path.is_dir() and len(rel) == 1:
            continue
        if len(rel) == 2 and path.is_file() and not path.is_symlink():
            chunk = path.name.lstrip(".").split(".")[0]
            if (rel[0], chunk) in known and path.name in (chunk + STEPS, chunk + SUMMARY):
                continue
            if OWN.match(path.name) and (rel[0], chunk) not in known:
                own.append(path)
                continue
        if len(rel) == 2 and (rel[0], path.name.split(".")[0]) in known and path.is_dir():
            continue  # a catalogued chunk's path that is a folder: reported by check()
        other.append(path)
    return own, [p for p in other if not any(q in p.parents for q in other)]


def quarantine(folder: Path, path: Path, exp: str) -> Path:
    """Move ``path`` into ``quarantine/<exp>/`` under a fresh, visible name."""
    dest_dir = folder / "quarantine" / exp
    dest_dir.mkdir(parents=True, exist_ok=True)
    name = path.name.lstrip(".") or "file"
    dest = dest_dir / name
    k = 1
    while dest.exists() or dest.is_symlink():
        dest = dest_dir / f"{name}.{k}"
        k += 1
    os.replace(path, dest)
    return dest


def repair(db: Any, folder: Path) -> tuple[list[Problem], list[Path], int]:
    """Quarantine every damaged chunk and mark its runs pending.

    Returns the problems repaired, the files moved to ``quarantine/`` and the number of
    runs marked pending.
    """
    problems = check(db, folder, full=True)
    moved: list[Path] = []
    pending = 0
    for p in problems:
        base = folder / "chunks" / p.experiment
        for suffix in (STEPS, SUMMARY):
            path = base / f"{p.chunk}{suffix}"
            if path.exists() or path.is_symlink():
                moved.append(quarantine(folder, path, p.experiment))
        with transaction(db):
            db.execute(
                "DELETE FROM chunks WHERE experiment = ? AND chunk = ?", [p.experiment, p.chunk]
            )
            pending += db.execute(
                "UPDATE runs SET status = 'pending', chunk = NULL WHERE experiment = ? "
                "AND chunk = ?",
                [p.experiment, p.chunk],
            ).fetchone()[0]
    return problems, moved, pending
