"""``netpolitik results list | show | export | sql`` and plain DuckDB on the folder."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from netpolitik.cli import main
from netpolitik.experiment import ensemble, frontier, load, sensitivity, sweep

TINY = "USA,RUS,EST"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    folder = tmp_path_factory.mktemp("store")
    kw = dict(years=1, countries=TINY, store=folder, workers=1)
    ids = {
        "ensemble": ensemble("baseline", runs=3, **kw).attrs["experiment"],
        "sweep": sweep("baseline", "offense@RUS=0:1", samples=2, **kw).attrs["experiment"],
        "sensitivity": sensitivity(
            "baseline",
            "offense@RUS=0:1,trust_rate=0.01:0.1",
            method="morris",
            samples=2,
            outcome="collaboration",
            **kw,
        ).attrs["experiment"],
        "frontier": frontier(
            "baseline", "sharing", "USA", seeds=2, population=4, generations=1, **kw
        ).attrs["experiment"],
    }
    return folder, ids


def test_list_and_show_every_kind(store, capsys):
    folder, ids = store
    assert main(["results", "list", "--store", str(folder)]) == 0
    out = capsys.readouterr().out
    for exp in ids.values():
        assert exp in out
    assert "3/3" in out
    needles = {
        "ensemble": "At the horizon",
        "sweep": "highest coexistence",
        "sensitivity": "mu* (importance)",
        "frontier": "verdict:",
    }
    for kind, exp in ids.items():
        assert main(["results", "show", exp, "--store", str(folder)]) == 0
        out = capsys.readouterr().out
        assert "runs done" in out and needles[kind] in out, kind
    assert main(
        ["results", "show", ids["sensitivity"], "--store", str(folder), "--outcome", "security"]
    ) in (0, 2)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_export(store, tmp_path: Path, capsys, fmt):
    folder, ids = store
    out = tmp_path / "export"
    assert (
        main(
            [
                "results",
                "export",
                ids["ensemble"],
                "--format",
                fmt,
                "--out",
                str(out),
                "--store",
                str(folder),
            ]
        )
        == 0
    )
    assert "exported" in capsys.readouterr().out
    read = pd.read_csv if fmt == "csv" else pd.read_parquet
    steps = read(out / f"steps.{fmt}")
    assert len(steps) == 3 * 12
    assert list(read(out / f"summary.{fmt}")["run"]) == [0, 1, 2]
    assert (out / "experiment.json").is_file()
    assert (
        main(
            [
                "results",
                "export",
                ids["ensemble"],
                "--format",
                fmt,
                "--out",
                str(out),
                "--store",
                str(folder),
            ]
        )
        == 2
    )  # no silent overwrite


def test_sql_and_plain_duckdb(store, capsys):
    folder, ids = store
    assert (
        main(
            [
                "results",
                "sql",
                f"SELECT count(*) AS n FROM summary WHERE experiment = '{ids['ensemble']}'",
                "--store",
                str(folder),
                "--format",
                "csv",
            ]
        )
        == 0
    )
    assert capsys.readouterr().out.split() == ["n", "3"]
    con = duckdb.connect()
    n = con.execute(
        "SELECT count(*) FROM read_parquet(?, union_by_name = true)",
        [str(folder / "chunks" / "*" / "*.steps.parquet")],
    ).fetchone()[0]
    assert n == len(load(ids["ensemble"], folder, "steps")) + len(
        load(ids["sweep"], folder, "steps")
    )
    assert main(["results", "sql", "SELEC nonsense", "--store", str(folder)]) == 2


@pytest.mark.parametrize(
    "args, needle",
    [
        (["results", "show", "ensemble-nope"], "not in"),
        (["results", "export", "ensemble-nope"], "not in"),
        (["results", "export", "x", "--format", "xlsx"], "allowed: parquet, csv"),
    ],
)
def test_results_errors(store, capsys, args, needle):
    folder, _ = store
    assert main([*args, "--store", str(folder)]) == 2
    assert needle in capsys.readouterr().err


def test_no_store(tmp_path: Path, capsys):
    assert main(["results", "list", "--store", str(tmp_path / "none")]) == 2
    assert "no results store" in capsys.readouterr().err
    assert not (tmp_path / "none").exists()
