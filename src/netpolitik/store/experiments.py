"""The results store of experiments: a DuckDB catalogue plus Parquet result chunks.

Layout of a store folder::

    catalogue.duckdb                 experiments, runs (parameters, seeds, status), chunks
    chunks/<experiment>/<chunk>.steps.parquet     one row per run x step (global outcomes)
    chunks/<experiment>/<chunk>.summary.parquet   one row per run (horizon outcomes)

Guarantees (``docs/experiments.md``):

* **Atomic**: a chunk is written to a temporary file and renamed into place; only then
  is it recorded, together with its runs' ``done`` status, its files' sizes, row counts,
  run ids and SHA-256 hashes, in one DuckDB transaction. A chunk file that the catalogue
  does not know (a crash between the two) is moved to ``quarantine/`` when the store is
  opened again, and its runs are simply run again.
* **Self-checking** (:mod:`netpolitik.store.integrity`): opening a store checks every
  committed chunk's sizes, row counts and run ids, and refuses a damaged, missing or
  foreign one in one line naming it; ``results verify`` also checks the hashes and
  ``results repair`` quarantines bad chunks and marks their runs pending. Nothing the
  catalogue does not list is ever deleted; a store without its catalogue is refused.
* **Resumable**: an experiment's id is a hash of its full specification, so re-running
  the same command finds the same experiment and runs only what is not ``done``. Seeds
  come from the run's index, so the finished experiment is identical to an uninterrupted
  one: no duplicated or missing rows.
* **Queryable**: the Parquet chunks can be read by DuckDB, pandas or any Parquet tool,
  e.g. ``SELECT * FROM read_parquet('results/chunks/*/*.summary.parquet',
  union_by_name = true)``. Only chunks the catalogue records are complete; a crash can
  leave an uncommitted one until the store is next opened, so exact queries join the
  ``chunks`` table (or use :meth:`ExperimentStore.paths`).
* **One writer**: DuckDB locks the catalogue, so two processes cannot write one store at
  once; the second gets a one-line error.

Examples
--------
>>> import tempfile, pandas as pd
>>> store = ExperimentStore(tempfile.mkdtemp())
>>> exp = store.open_experiment("ensemble", "baseline", {"runs": 2}, runs=[
...     {"run": 0, "point": 0, "seed": "0", "params": {}},
...     {"run": 1, "point": 0, "seed": "1", "params": {}}])
>>> store.pending(exp)
[0, 1]
>>> chunk = store.write_chunk(exp, pd.DataFrame({"run": [0], "step": [1], "security": [0.9]}),
...                           pd.DataFrame({"run": [0], "security": [0.9]}))
>>> store.pending(exp)
[1]
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from netpolitik import __version__
from netpolitik.errors import InputError
from netpolitik.io import transaction
from netpolitik.store import integrity
from netpolitik.store.catalogue import Catalogue
from netpolitik.store.integrity import STEPS, SUMMARY, Problem

SCHEMA = """
CREATE TABLE IF NOT EXISTS experiments (
    id VARCHAR PRIMARY KEY, kind VARCHAR, scenario VARCHAR, spec VARCHAR,
    version VARCHAR, created TIMESTAMP DEFAULT current_timestamp, runs INTEGER);
CREATE TABLE IF NOT EXISTS runs (
    experiment VARCHAR, run INTEGER, point INTEGER, seed VARCHAR, params VARCHAR,
    status VARCHAR, chunk VARCHAR, PRIMARY KEY (experiment, run));
CREATE TABLE IF NOT EXISTS chunks (
    experiment VARCHAR, chunk VARCHAR PRIMARY KEY, rows INTEGER, runs INTEGER);
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS summary_rows BIGINT;
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS run_ids VARCHAR;
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS steps_bytes BIGINT;
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS summary_bytes BIGINT;
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS steps_hash VARCHAR;
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS summary_hash VARCHAR;
"""

CATALOGUE = "catalogue.duckdb"
#: Every table of the catalogue with the columns SCHEMA adds to it.
TABLES = {
    "experiments": set(),
    "runs": set(),
    "chunks": set(re.findall(r"ADD COLUMN IF NOT EXISTS (\w+)", SCHEMA)),
}


def experiment_id(kind: str, scenario: str, spec: dict[str, Any]) -> str:
    """Deterministic id of an experiment: its kind plus a hash of its specification."""
    text = json.dumps(
        {"kind": kind, "scenario": scenario, "spec": spec}, sort_keys=True, default=str
    )
    return f"{kind}-{hashlib.sha256(text.encode()).hexdigest()[:12]}"


def has_chunk_files(folder: Path) -> bool:
    """Whether ``folder/chunks`` holds any file."""
    return any(p.is_file() for p in (folder / "chunks").rglob("*"))


def refuse_without_catalogue(folder: Path) -> None:
    """Raise a one-line :class:`InputError` if ``folder`` holds chunk files but no
    catalogue (never start afresh over them: that would orphan, or lose, results)."""
    cat = folder / CATALOGUE
    if (cat.is_file() and cat.stat().st_size > 0) or not (folder / "chunks").is_dir():
        return
    if cat.exists() and not cat.is_file():
        raise InputError(f"--store: '{cat}' is not a file; move it away or use a new --store")
    if has_chunk_files(folder):
        raise InputError(
            f"--store: '{folder}' holds result chunks but no {CATALOGUE}; "
            "without it they cannot be trusted and nothing is deleted: "
            f"restore {CATALOGUE} from a backup, or move the folder away and "
            "use a new --store"
        )


class ExperimentStore:
    """A folder holding experiments: see the module docstring for layout and guarantees."""

    def __init__(self, folder: str | Path, check: str = "quick") -> None:
        self.folder = Path(folder)
        #: Files under chunks/ that the catalogue does not list (reported, never removed).
        self.unknown: list[Path] = []
        self._hashed: set[str] = set()
        refuse_without_catalogue(self.folder)
        try:
            (self.folder / "chunks").mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(
                f"--store: cannot create '{self.folder}' ({exc.strerror}); choose a writable folder"
            ) from None
        if not os.access(self.folder, os.W_OK):
            raise InputError(f"--store: '{self.folder}' is not writable; choose a writable folder")
        self._catalogue = self._connect()
        self.db = self._catalogue.con
        try:
            columns = self._columns()
            self._refuse_an_empty_catalogue(columns)
            if any(t not in columns or not want <= columns[t] for t, want in TABLES.items()):
                self.db.execute(SCHEMA)  # a new or older catalogue
            rows = integrity.chunk_rows(self.db)
            self._quarantine_leftovers(rows)
            if check != "none":
                self.verify(raise_first=True, rows=rows)
        except duckdb.Error as exc:
            self.close()
            raise InputError(
                f"--store: the catalogue in '{self.folder}' is damaged "
                f"({' '.join(str(exc).split())[:160]}); restore {CATALOGUE} "
                "from a backup, or use a new --store"
            ) from None
        except BaseException:
            self.close()
            raise

    def _columns(self) -> dict[str, set[str]]:
        """The catalogue's tables with their columns."""
        columns: dict[str, set[str]] = {}
        for table, column in self.db.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND schema_name = 'main'"
        ).fetchall():
            columns.setdefault(table, set()).add(column)
        return columns

    def _refuse_an_empty_catalogue(self, columns: dict[str, set[str]]) -> None:
        """A catalogue without tables beside chunk files was replaced or emptied: refuse
        it rather than treat every chunk as unknown."""
        if "chunks" not in columns and has_chunk_files(self.folder):
            raise InputError(
                f"--store: the {CATALOGUE} in '{self.folder}' is empty but "
                "result chunks are there; restore the catalogue from a backup, "
                "or move the folder away and use a new --store"
            )

    def _connect(self) -> Catalogue:
        try:
            return Catalogue(self.folder / CATALOGUE)
        except duckdb.Error as exc:
            text = " ".join(str(exc).split())
            if re.search(r"could not set lock|conflicting lock", text, re.IGNORECASE):
                why = (
                    "another netpolitik process is using it (wait for it to finish, or "
                    "use another --store)"
                )
            else:
                why = (
                    f"it is damaged or not a catalogue ({text[:160]}); restore "
                    f"{CATALOGUE} from a backup, or use a new --store"
                )
            raise InputError(
                f"--store: cannot open the catalogue in '{self.folder}': {why}"
            ) from None

    def verify(
        self,
        full: bool = False,
        raise_first: bool = False,
        rows: list[dict[str, Any]] | None = None,
    ) -> list[Problem]:
        """Problems of the committed chunks (:func:`netpolitik.store.integrity.check`;
        ``rows``: the catalogue's chunks when already read).

        With ``raise_first`` the first one is raised as a one-line :class:`InputError`.
        """
        problems = integrity.check(self.db, self.folder, full=full, rows=rows)
        if problems and raise_first:
            more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
            raise InputError(
                f"--store: {problems[0].line()}{more}; see `netpolitik results "
                f"verify --store {self.folder}`, then `netpolitik results repair "
                f"--store {self.folder}` and re-run the command to recompute"
            )
        return problems

    def repair(self) -> tuple[list[Problem], list[Path], int]:
        """Quarantine damaged chunks and mark their runs pending (see
        :func:`netpolitik.store.integrity.repair`)."""
        return integrity.repair(self.db, self.folder)

    def close(self) -> None:
        """Close the catalogue (detached, and its lock released, once no other open store
        in this process uses it)."""
        self._catalogue.close()

    def __enter__(self) -> ExperimentStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _quarantine_leftovers(self, rows: list[dict[str, Any]]) -> None:
        """Move netpolitik's own uncommitted chunk files (a crash between writing and
        committing) to ``quarantine/``; note every other unknown file, never removing it.
        ``rows``: the catalogue's chunks."""
        own, self.unknown = integrity.unknown_files(self.db, self.folder, rows)
        for path in own:
            integrity.quarantine(self.folder, path, path.parent.name)

    def open_experiment(
        self,
        kind: str,
        scenario: str,
        spec: dict[str, Any],
        runs: Sequence[dict[str, Any]] | pd.DataFrame,
    ) -> str:
        """Register an experiment and its runs (or find it again); return its id.

        ``runs``: dicts with ``run``, ``point``, ``seed`` and ``params`` (a dict), or a
        DataFrame with those columns (``params`` as JSON text) for large experiments.
        """
        exp = experiment_id(kind, scenario, spec)
        found = self.db.execute("SELECT runs FROM experiments WHERE id = ?", [exp]).fetchone()
        if found:
            return exp
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO experiments (id, kind, scenario, spec, version, runs) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [
                    exp,
                    kind,
                    scenario,
                    json.dumps(spec, sort_keys=True, default=str),
                    __version__,
                    len(runs),
                ],
            )
            self._insert_runs(exp, runs)
        return exp

    def _insert_runs(self, exp: str, runs: Sequence[dict[str, Any]] | pd.DataFrame) -> None:
        if len(runs) == 0:
            return
        if isinstance(runs, pd.DataFrame):  # params already JSON text
            frame = pd.DataFrame(
                {
                    "experiment": exp,
                    "run": runs["run"].astype("int64").to_numpy(),
                    "point": runs["point"].astype("int64").to_numpy(),
                    "seed": runs["seed"].astype(str).to_numpy(),
                    "params": runs["params"].astype(str).to_numpy(),
                }
            )
        else:
            frame = pd.DataFrame(
                {
                    "experiment": exp,
                    "run": pd.array([r["run"] for r in runs], dtype="int64"),
                    "point": pd.array([r["point"] for r in runs], dtype="int64"),
                    "seed": [str(r["seed"]) for r in runs],
                    "params": [json.dumps(r["params"], sort_keys=True, default=str) for r in runs],
                }
            )
        frame["status"] = "pending"
        frame["chunk"] = pd.Series([None] * len(frame), dtype=object)
        self.db.register("_new_runs", frame)
        try:
            self.db.execute(
                "INSERT INTO runs SELECT experiment, run, point, seed, params, "
                "status, CAST(chunk AS VARCHAR) FROM _new_runs"
            )
        finally:
            self.db.unregister("_new_runs")

    def add_runs(self, exp: str, runs: Sequence[dict[str, Any]]) -> None:
        """Register more runs of an open experiment (adaptive designs such as the frontier
        search add one generation at a time). Runs already registered with the same point,
        seed and parameters are left as they are, so re-running is idempotent.

        Raises
        ------
        InputError
            When a run number is already registered with other parameters (the
            experiment was not reproduced identically).
        """
        self.experiment(exp)
        known = {
            r[0]: r[1:]
            for r in self.db.execute(
                "SELECT run, point, seed, params FROM runs WHERE experiment = ? AND run IN "
                "(SELECT unnest(?))",
                [exp, [int(r["run"]) for r in runs]],
            ).fetchall()
        }
        new = []
        for r in runs:
            row = (
                int(r["point"]),
                str(r["seed"]),
                json.dumps(r["params"], sort_keys=True, default=str),
            )
            if r["run"] not in known:
                new.append(r)
            elif known[r["run"]] != row:
                raise InputError(
                    f"experiment {exp!r}: run {r['run']} was registered with "
                    f"other settings ({known[r['run']][2]} vs {row[2]}); the "
                    "search did not replay identically - start it in a new "
                    "--store"
                )
        if not new:
            return
        with transaction(self.db):
            self._insert_runs(exp, new)
            self.db.execute(
                "UPDATE experiments SET runs = (SELECT count(*) FROM runs WHERE "
                "experiment = ?) WHERE id = ?",
                [exp, exp],
            )

    def pending(self, exp: str) -> list[int]:
        """Indices of the runs not yet done, in order."""
        rows = self.db.execute(
            "SELECT run FROM runs WHERE experiment = ? AND status <> 'done' ORDER BY run", [exp]
        ).fetchall()
        return [r[0] for r in rows]

    def write_chunk(self, exp: str, steps: pd.DataFrame, summary: pd.DataFrame) -> str:
        """Store finished runs atomically: two Parquet files, then one catalogue commit.

        ``steps`` has one row per run x step, ``summary`` one row per run; both carry a
        ``run`` column. Returns the chunk id.
        """
        chunk = f"c{uuid.uuid4().hex[:16]}"
        folder = self.folder / "chunks" / exp
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        try:
            for frame, suffix in ((steps, STEPS), (summary, SUMMARY)):
                tmp = folder / f".{chunk}{suffix}.tmp"
                frame.to_parquet(tmp, index=False, write_page_checksum=True)
                os.replace(tmp, folder / f"{chunk}{suffix}")
                written.append(folder / f"{chunk}{suffix}")
        except OSError as exc:
            for path in [*written, *folder.glob(f".{chunk}*")]:
                path.unlink(missing_ok=True)
            raise InputError(
                f"--store: writing results to '{self.folder}' failed "
                f"({exc.strerror or exc}); free space and re-run the same "
                "command to resume"
            ) from None
        except BaseException:
            for path in [*written, *folder.glob(f".{chunk}*")]:
                path.unlink(missing_ok=True)
            raise
        runs = sorted(int(r) for r in summary["run"].unique())
        facts = integrity.fingerprint(folder / f"{chunk}{STEPS}", folder / f"{chunk}{SUMMARY}")
        with transaction(self.db):
            self.db.execute(
                "INSERT INTO chunks (experiment, chunk, rows, runs, summary_rows, "
                "run_ids, steps_bytes, summary_bytes, steps_hash, summary_hash) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    exp,
                    chunk,
                    len(steps),
                    len(runs),
                    facts["summary_rows"],
                    json.dumps(runs),
                    facts["steps_bytes"],
                    facts["summary_bytes"],
                    facts["steps_hash"],
                    facts["summary_hash"],
                ],
            )
            self.db.execute(
                "UPDATE runs SET status = 'done', chunk = ? WHERE experiment = ? "
                "AND run IN (SELECT unnest(?))",
                [chunk, exp, runs],
            )
        return chunk

    def experiments(self) -> pd.DataFrame:
        """Every experiment with its progress."""
        return self.db.execute(
            "SELECT e.id, e.kind, e.scenario, e.created, e.runs, "
            "count(r.run) FILTER (WHERE r.status = 'done') AS done "
            "FROM experiments e LEFT JOIN runs r ON r.experiment = e.id "
            "GROUP BY ALL ORDER BY e.created"
        ).df()

    def ids(self) -> list[str]:
        """Every experiment's id, oldest first (as :meth:`experiments` orders them)."""
        return [
            r[0] for r in self.db.execute("SELECT id FROM experiments ORDER BY created").fetchall()
        ]

    def experiment(self, exp: str) -> dict[str, Any]:
        """One experiment's catalogue row (spec decoded)."""
        row = self.db.execute(
            "SELECT id, kind, scenario, spec, version, created, runs FROM experiments WHERE id = ?",
            [exp],
        ).fetchone()
        if row is None:
            known = ", ".join(self.experiments()["id"]) or "none yet"
            raise InputError(f"experiment {exp!r}: not in '{self.folder}'; known: {known}")
        keys = ("id", "kind", "scenario", "spec", "version", "created", "runs")
        out = dict(zip(keys, row, strict=True))
        out["spec"] = json.loads(out["spec"])
        return out

    def runs(self, exp: str) -> pd.DataFrame:
        """The runs table of one experiment."""
        return self.db.execute("SELECT * FROM runs WHERE experiment = ? ORDER BY run", [exp]).df()

    def paths(self, exp: str, table: str = "steps") -> list[str]:
        """Parquet files of the committed chunks of ``exp``; ``table`` is ``"steps"`` or
        ``"summary"``. Pass them to ``read_parquet`` in DuckDB or pandas."""
        suffix = {"steps": STEPS, "summary": SUMMARY}[table]
        self.experiment(exp)
        chunks = [
            r[0]
            for r in self.db.execute(
                "SELECT chunk FROM chunks WHERE experiment = ? ORDER BY chunk", [exp]
            ).fetchall()
        ]
        self._check_hashes(exp)
        return [str(self.folder / "chunks" / exp / f"{c}{suffix}") for c in chunks]

    def _check_hashes(self, exp: str) -> None:
        """Before results are read, check the full hashes of ``exp``'s chunks once per
        open store (the files are read anyway), so a changed byte is never averaged."""
        if exp in self._hashed:
            return
        cur = self.db.execute("SELECT * FROM chunks WHERE experiment = ?", [exp])
        cols = [d[0] for d in cur.description]
        for values in cur.fetchall():
            row = dict(zip(cols, values, strict=True))
            what = integrity.check_chunk(self.folder, row, full=True)
            if what:
                raise InputError(
                    f"--store: {Problem(exp, row['chunk'], what).line()}; see `netpolitik "
                    f"results verify --store {self.folder}`, then `netpolitik results repair "
                    f"--store {self.folder}` and re-run the command to recompute"
                )
        self._hashed.add(exp)

    def _read(self, exp: str, table: str) -> pd.DataFrame:
        paths = self.paths(exp, table)
        if not paths:
            return pd.DataFrame()
        try:
            frame = self.db.execute(
                "SELECT * FROM read_parquet(?, union_by_name = true)", [paths]
            ).df()
        except duckdb.Error as exc:
            raise InputError(
                f"--store: reading the {table} of {exp!r} failed "
                f"({' '.join(str(exc).split())[:160]}); run `netpolitik results "
                f"verify --store {self.folder}`"
            ) from None
        keys = ["run", "step"] if "step" in frame.columns else ["run"]
        return frame.sort_values(keys).reset_index(drop=True)

    def steps(self, exp: str) -> pd.DataFrame:
        """All stored rows (run x step) of an experiment, ordered by run and step."""
        return self._read(exp, "steps")

    def summary(self, exp: str) -> pd.DataFrame:
        """One row per finished run of an experiment, ordered by run."""
        return self._read(exp, "summary")

    def counts(self, exp: str) -> tuple[int, int]:
        """(runs done, runs registered) of ``exp``."""
        row = self.db.execute(
            "SELECT count(*) FILTER (WHERE status = 'done'), count(*) "
            "FROM runs WHERE experiment = ?",
            [exp],
        ).fetchone()
        assert row is not None  # an aggregate query always returns one row
        return int(row[0]), int(row[1])
