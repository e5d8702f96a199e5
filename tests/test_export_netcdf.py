"""``netpolitik results export --format netcdf``: ensembles and run folders as xarray
datasets with named dimensions, CF-style attributes and their provenance (verification)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from cli_support import cli, refused

from netpolitik import __version__
from netpolitik.experiment import ensemble

TINY = "USA,RUS,EST"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("netcdf")
    store = root / "store"
    exp = ensemble("baseline", runs=2, years=0.5, countries=TINY, store=store, workers=1)
    exp_id = exp.attrs["experiment"]
    first = cli("results", "export", exp_id, "--store", str(store), "--out", str(root / "pq"))
    assert first.returncode == 0, first.stderr
    parquet = cli("results", "export", exp_id, "--store", str(store), "--out", str(root / "pq"))
    assert parquet.returncode == 2  # an existing folder is not overwritten
    nc = cli(
        "results", "export", exp_id, "-f", "netcdf", "--store", str(store), "-o", str(root / "nc")
    )
    assert nc.returncode == 0, nc.stderr
    run = cli("run", "--years", "0.25", "--countries", TINY, "--out", str(root / "run"), "--quiet")
    assert run.returncode == 0, run.stderr
    r = cli("results", "export", str(root / "run"), "-f", "netcdf", "-o", str(root / "run-nc"))
    assert r.returncode == 0, r.stderr
    return {"root": root, "id": Path(exp_id)}


def test_ensemble_round_trips_to_the_parquet_values(exported):
    root = exported["root"]
    steps = pd.read_parquet(root / "pq" / "steps.parquet")
    summary = pd.read_parquet(root / "pq" / "summary.parquet")
    with xr.open_dataset(root / "nc" / "ensemble.nc") as ds:
        assert dict(ds.sizes) == {"run": 2, "step": 6}
        assert ds["security"].dims == ("run", "step")
        for col in ("security", "collaboration", "coexistence", "damage"):
            grid = steps.pivot(index="run", columns="step", values=col)
            np.testing.assert_array_equal(ds[col].values, grid.to_numpy())
        by_run = summary.set_index("run").sort_index()
        np.testing.assert_array_equal(ds["damage_total"].values, by_run["damage_total"])
        np.testing.assert_array_equal(
            ds["coexistence_at_horizon"].values, by_run["coexistence"].to_numpy()
        )
        dates = pd.to_datetime(steps.drop_duplicates("step").sort_values("step")["date"])
        assert list(pd.to_datetime(ds["date"].values)) == list(dates)


def test_ensemble_carries_cf_attributes_and_provenance(exported):
    root = exported["root"]
    with xr.open_dataset(root / "nc" / "ensemble.nc") as ds:
        assert ds.attrs["Conventions"].startswith("CF-")
        assert ds.attrs["netpolitik_version"] == __version__
        assert ds.attrs["netpolitik_id"] == str(exported["id"])
        spec = json.loads(ds.attrs["netpolitik_spec"])
        assert spec["countries"] == TINY.split(",")
        assert all("long_name" in ds[name].attrs for name in ds.data_vars)


def test_run_folder_exports_with_run_step_and_country(exported):
    root = exported["root"]
    countries = pd.read_parquet(root / "run" / "countries.parquet")
    glob = pd.read_parquet(root / "run" / "global.parquet")
    manifest = json.loads((root / "run" / "manifest.json").read_text())
    with xr.open_dataset(root / "run-nc" / "run.nc") as ds:
        assert dict(ds.sizes) == {"run": 1, "step": 3, "country": 3}
        assert ds["sharing"].dims == ("run", "step", "country")
        grid = countries.pivot(index="step", columns="iso3", values="sharing")
        grid = grid[list(ds["country"].values)]
        np.testing.assert_array_equal(ds["sharing"].values[0], grid.to_numpy())
        np.testing.assert_array_equal(ds["security"].values[0], glob["security"].to_numpy())
        assert ds.attrs["netpolitik_seed"] == manifest["seed"]
        assert json.loads(ds.attrs["netpolitik_parameters"]) == manifest["parameters"]


def test_export_refuses_unknown_formats_and_parquet_of_a_run_folder(exported):
    root = exported["root"]
    refused(["results", "export", "x", "-f", "hdf"], "--format", "'hdf'", "netcdf")
    refused(["results", "export", str(root / "run"), "-f", "csv"], "--format", "netcdf")
