"""Dask: the same experiment on a real LocalCluster, and on an existing scheduler."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from netpolitik.cli import main
from netpolitik.experiment import ensemble, load, sweep

distributed = pytest.importorskip("distributed")

SUB = "USA,RUS,EST,CHN,DEU,GBR"


def test_cli_on_a_local_cluster_equals_a_local_run(tmp_path: Path, capsys):
    code = main(
        [
            "ensemble",
            "baseline",
            "--runs",
            "6",
            "--years",
            "2",
            "--countries",
            SUB,
            "--store",
            str(tmp_path / "dask"),
            "--dask",
            "local",
            "--workers",
            "2",
            "--chunk-size",
            "4",
            "--no-report",
            "--quiet",
        ]
    )
    exp = capsys.readouterr().out.strip()
    assert code == 0 and exp.startswith("ensemble-")
    ref = ensemble("baseline", runs=6, years=2, countries=SUB, store=tmp_path / "ref", workers=1)
    assert ref.attrs["experiment"] == exp
    for table in ("steps", "summary"):
        pd.testing.assert_frame_equal(
            load(exp, tmp_path / "dask", table), load(exp, tmp_path / "ref", table)
        )


def test_connects_to_an_existing_scheduler(tmp_path: Path):
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None
    ) as cluster:
        out = sweep(
            "baseline",
            ["offense@RUS=0:1"],
            samples=3,
            years=1,
            countries="USA,RUS,EST",
            store=tmp_path,
            dask=cluster.scheduler_address,
        )
    assert list(out["offense@RUS"]) == [0.0, 0.5, 1.0] and (out["runs"] == 1).all()
