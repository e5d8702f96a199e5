"""Verification: a results store that knows its own contents, and read-only SQL.

Damaged, missing or foreign chunks are refused in one line naming the chunk; ``results
verify`` lists every problem; ``results repair`` quarantines bad chunks (never deleting
them) and marks their runs pending, so a resume recomputes exactly those runs and the
store equals an uninterrupted one. Files the catalogue does not list are never deleted.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from cli_support import cli, refused

from netpolitik.store.experiments import ExperimentStore

TINY = "USA,RUS,EST"
ENSEMBLE = [
    "ensemble",
    "baseline",
    "--runs",
    "4",
    "--years",
    "1",
    "--countries",
    TINY,
    "--chunk-size",
    "1",
    "--workers",
    "1",
    "--no-report",
    "--quiet",
]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("pristine") / "store"
    assert cli(*ENSEMBLE, "--store", str(folder)).returncode == 0
    with ExperimentStore(folder) as st:
        (exp,) = st.experiments()["id"]
    return folder, exp


@pytest.fixture
def store(pristine, tmp_path) -> tuple[Path, str, list[Path]]:
    folder = tmp_path / "store"
    shutil.copytree(pristine[0], folder)
    chunks = sorted((folder / "chunks" / pristine[1]).glob("*.summary.parquet"))
    return folder, pristine[1], chunks


def frames(folder: Path, exp: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    with ExperimentStore(folder) as st:
        return st.steps(exp), st.summary(exp)


@pytest.mark.parametrize("damage", ["truncate", "empty", "delete", "folder", "garbage"])
def test_a_damaged_chunk_is_named_in_one_line(store, damage):
    folder, exp, chunks = store
    target = chunks[1]
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:40])
    elif damage == "empty":
        target.write_bytes(b"")
    elif damage == "delete":
        target.unlink()
    elif damage == "folder":
        target.unlink()
        target.mkdir()
    else:
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 0xFF
        target.write_bytes(bytes(data))
    name = target.name.split(".")[0]
    readers = (
        ["results", "show", exp],
        ["results", "sql", "SELECT count(*) FROM summary"],
        ["results", "export", exp, "--out", str(folder.parent / "x")],
    )
    opens = (["results", "list"], ENSEMBLE) if damage != "garbage" else ()
    for argv in (*readers, *opens):  # a same-size change is caught by the hash on read
        refused([*argv, "--store", str(folder)], name, "results repair")
    r = cli("results", "verify", "--store", str(folder))
    assert r.returncode == 1 and name in r.stdout and "problem" in r.stdout


def test_a_copied_chunk_is_refused_not_averaged(store):
    folder, exp, chunks = store
    shutil.copyfile(chunks[0], chunks[1])
    refused(
        ["results", "show", exp, "--store", str(folder)],
        chunks[1].name.split(".")[0],
        "foreign or copied",
    )


def test_repair_quarantines_and_resume_equals_an_uninterrupted_store(store, pristine):
    folder, exp, chunks = store
    chunks[2].write_bytes(b"not parquet")
    steps_file = chunks[0].with_name(chunks[0].name.replace("summary", "steps"))
    steps_file.unlink()
    r = cli("results", "repair", "--store", str(folder))
    assert (
        r.returncode == 0 and "2 problem(s) repaired" in r.stdout and "2 run(s) pending" in r.stdout
    )
    assert (folder / "quarantine" / exp / chunks[2].name).read_bytes() == b"not parquet"
    with ExperimentStore(folder) as st:
        assert len(st.pending(exp)) == 2 and st.counts(exp) == (2, 4)
    assert cli(*ENSEMBLE, "--store", str(folder)).returncode == 0
    assert cli("results", "verify", "--store", str(folder)).returncode == 0
    for got, want in zip(frames(folder, exp), frames(*pristine), strict=True):
        pd.testing.assert_frame_equal(got, want)


def test_unknown_files_are_reported_never_removed(store):
    folder, exp, _ = store
    mine = folder / "chunks" / exp / "my-notes.txt"
    mine.write_text("keep me")
    (folder / "chunks" / exp / "sub").mkdir()
    assert cli("results", "list", "--store", str(folder)).returncode == 0
    r = cli("results", "verify", "--store", str(folder))
    assert r.returncode == 0 and "my-notes.txt" in r.stdout and "left in place" in r.stdout
    assert cli("results", "repair", "--store", str(folder)).returncode == 0
    assert mine.read_text() == "keep me" and (folder / "chunks" / exp / "sub").is_dir()


def test_a_missing_catalogue_refuses_the_store_and_keeps_the_chunks(store):
    folder, _, chunks = store
    (folder / "catalogue.duckdb").unlink()
    refused([*ENSEMBLE, "--store", str(folder)], "no catalogue.duckdb", "restore")
    refused(["results", "list", "--store", str(folder)], "no catalogue.duckdb")
    assert all(c.is_file() for c in chunks)


@pytest.mark.parametrize("offset", [0, 4096])
def test_a_damaged_catalogue_is_not_reported_as_busy(store, offset):
    """At 4096 DuckDB's message says "checksum ... in block": not a lock."""
    folder, _, _ = store
    cat = folder / "catalogue.duckdb"
    data = bytearray(cat.read_bytes())
    data[offset : offset + 64] = b"\xff" * 64
    cat.write_bytes(bytes(data))
    line = refused(["results", "list", "--store", str(folder)], "catalogue")
    assert "another netpolitik process" not in line and "damaged" in line


def test_a_busy_store_is_reported_as_busy(store):
    folder, _, _ = store
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('open', flush=True); time.sleep(120)",
            str(folder / "catalogue.duckdb"),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        refused(["results", "list", "--store", str(folder)], "another netpolitik process")
    finally:
        holder.kill()
        holder.wait(timeout=60)


@pytest.mark.parametrize(
    "query, needle",
    [
        ("UPDATE runs SET status = 'pending' WHERE run < 2", "read-only"),
        ("DELETE FROM chunks", "read-only"),
        ("CREATE TABLE x AS SELECT 1", "read-only"),
        ("COPY runs TO '{out}'", "only reads"),
        ("COPY (SELECT 1) TO '{out}' (FORMAT csv)", "only reads"),
        ("ATTACH '{out}' AS other", "only reads"),
        ("INSTALL httpfs", "only reads"),
        ("SET enable_external_access = true", "only reads"),
        ("SELECT * FROM read_csv('/etc/passwd')", "only reads"),
    ],
)
def test_sql_cannot_write(store, tmp_path, query, needle):
    folder, exp, _ = store
    out = tmp_path / "written.csv"
    refused(["results", "sql", query.format(out=out), "--store", str(folder)], "sql:", needle)
    assert not out.exists()
    with ExperimentStore(folder) as st:
        assert st.counts(exp) == (4, 4)


def test_sql_still_reads_every_table(store):
    folder, exp, _ = store
    r = cli(
        "results",
        "sql",
        "SELECT (SELECT count(*) FROM summary) AS s, "
        "(SELECT count(*) FROM runs) AS r, (SELECT count(*) FROM steps) AS t",
        "--store",
        str(folder),
        "--format",
        "csv",
    )
    assert r.returncode == 0 and r.stdout.splitlines()[1] == "4,4,48"


def test_verify_checks_hashes(store):
    folder, exp, chunks = store
    data = bytearray(chunks[3].read_bytes())
    with ExperimentStore(folder) as st:  # a same-size change the quick check cannot see
        assert not st.verify(full=True)
    data[8] ^= 0x01
    chunks[3].write_bytes(bytes(data))
    r = cli("results", "verify", "--store", str(folder))
    assert r.returncode == 1 and "SHA-256" in r.stdout and chunks[3].name in r.stdout
    assert os.path.getsize(chunks[3]) == len(data)
