"""A store's catalogue attached to a reused in-memory DuckDB instance: the lock of
``duckdb.connect`` (taken while open, released on the last close, when an unclosed store is
collected, or when the catalogue is refused), two opens of one store sharing it, two stores
with an instance each, spilling beside the catalogue, and an older catalogue upgraded."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from netpolitik.cli.results import read_only_sql
from netpolitik.errors import InputError
from netpolitik.store import catalogue
from netpolitik.store.experiments import CATALOGUE, ExperimentStore

RUNS = [{"run": k, "point": 0, "seed": str(k), "params": {}} for k in range(2)]
PROBE = (
    "import duckdb, sys\n"
    "try:\n    duckdb.connect(sys.argv[1]).close()\nexcept duckdb.Error as exc:\n"
    "    print(exc)\nelse:\n    print('free')\n"
)


def other_process(folder: Path) -> str:
    """What another process gets when it opens the catalogue."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(folder / CATALOGUE)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return out.stdout.strip()


def _write(store: ExperimentStore) -> str:
    exp = store.open_experiment("ensemble", "baseline", {"runs": 2}, RUNS)
    store.write_chunk(
        exp,
        pd.DataFrame({"run": [0], "step": [1], "x": [0.5]}),
        pd.DataFrame({"run": [0], "x": [0.5]}),
    )
    return exp


def test_the_lock_is_held_while_open_and_released_on_the_last_close(tmp_path: Path):
    first = ExperimentStore(tmp_path)
    second = ExperimentStore(tmp_path)  # shares the attachment, like duckdb's cache
    exp = _write(first)
    assert second.pending(exp) == [1]
    first.close()
    first.close()  # twice is harmless
    assert "lock" in other_process(tmp_path).lower()
    assert catalogue.is_open(tmp_path / CATALOGUE)
    second.close()
    assert not catalogue.is_open(tmp_path / CATALOGUE)
    assert not (tmp_path / f"{CATALOGUE}.wal").exists()  # checkpointed on detach
    assert other_process(tmp_path) == "free"
    with ExperimentStore(tmp_path) as store:
        assert store.pending(exp) == [1]


def test_an_unclosed_store_lets_go_when_collected(tmp_path: Path):
    store = ExperimentStore(tmp_path)
    _write(store)
    del store
    gc.collect()
    assert not catalogue.is_open(tmp_path / CATALOGUE)
    assert other_process(tmp_path) == "free"


def test_read_only_sql_refuses_a_store_this_process_has_open(tmp_path: Path):
    _write(ExperimentStore(tmp_path))
    gc.collect()
    with ExperimentStore(tmp_path), pytest.raises(InputError, match="while this process"):
        read_only_sql(tmp_path)
    con = read_only_sql(tmp_path)
    try:
        assert con.execute("SELECT count(*) FROM summary").fetchone()[0] == 1
    finally:
        con.close()


def test_an_older_catalogue_gains_the_new_columns(tmp_path: Path):
    with ExperimentStore(tmp_path):
        pass
    con = duckdb.connect(str(tmp_path / CATALOGUE))
    con.execute("ALTER TABLE chunks DROP COLUMN summary_hash")
    con.close()
    with ExperimentStore(tmp_path) as store:
        assert "summary_hash" in store._columns()["chunks"]
        _write(store)


def test_a_large_query_spills_beside_the_catalogue_and_the_folder_goes(tmp_path: Path):
    spill = Path(os.path.realpath(tmp_path / CATALOGUE) + ".tmp")
    with ExperimentStore(tmp_path) as store:
        setting = "SELECT current_setting('temp_directory')"
        assert store.db.execute(setting).fetchone()[0] == str(spill)
        store.db.execute("SET memory_limit = '40MB'")
        store.db.execute("SET threads = 1")
        store.db.execute(
            "SELECT count(*) FROM (SELECT md5(range::VARCHAR) AS y FROM range(1000000) ORDER BY y)"
        ).fetchall()
        assert spill.is_dir()
    assert not spill.exists()
    with ExperimentStore(tmp_path / "other") as store:  # a fresh instance, default settings
        assert store.db.execute(setting).fetchone()[0].startswith(str(tmp_path.resolve() / "other"))
        limit = "SELECT current_setting('memory_limit')"
        assert store.db.execute(limit).fetchone() == duckdb.connect().execute(limit).fetchone()


def test_a_damaged_catalogue_is_refused_without_keeping_its_lock(tmp_path: Path):
    (tmp_path / CATALOGUE).write_bytes(b"not a catalogue" * 1000)
    with pytest.raises(InputError, match="damaged or not a catalogue"):
        ExperimentStore(tmp_path)
    assert not catalogue.is_open(tmp_path / CATALOGUE)
    assert "lock" not in other_process(tmp_path).lower()


def test_two_stores_open_at_once_have_an_instance_each(tmp_path: Path):
    setting = "SELECT current_setting('temp_directory')"
    with ExperimentStore(tmp_path / "a") as a, ExperimentStore(tmp_path / "b") as b:
        _write(a)
        assert a.db.execute(setting).fetchone()[0].endswith(f"a/{CATALOGUE}.tmp")
        assert b.db.execute(setting).fetchone()[0].endswith(f"b/{CATALOGUE}.tmp")
        assert b.experiments().empty and len(a.experiments()) == 1
