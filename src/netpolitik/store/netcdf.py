"""Ensembles and run folders as ``xarray.Dataset`` objects, written as netCDF.

An ensemble becomes a dataset with dimensions ``run`` and ``step``: every global outcome of
the store's steps table is a ``(run, step)`` variable and every horizon outcome of its
summary table a ``(run,)`` variable (named ``<outcome>_at_horizon`` when the steps table has
the same name). A run folder becomes the same layout with one run, plus its country table as
``(run, step, country)`` variables (named ``<column>_by_country`` when the global table has
the same name). Attributes follow the CF conventions (``Conventions``,
``title``, ``source``, ``history``, ``long_name`` on every variable); the experiment's
catalogue entry or the run's manifest is kept whole, as JSON, in the ``netpolitik_*``
attributes, so a file carries its provenance.

Files are netCDF3 (64-bit offset) written with SciPy, so no system library is needed.
xarray is an optional dependency (``pip install 'netpolitik[xarray]'``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from netpolitik import __version__
from netpolitik.errors import InputError

if TYPE_CHECKING:
    import xarray as xr

ENGINE: Literal["scipy"] = "scipy"
"""netCDF-3 through SciPy: no system library needed."""
KEYS = ("experiment", "run", "step", "date", "point", "replicate", "iso3")


def _xarray() -> Any:
    try:
        import xarray
    except ImportError:
        raise InputError(
            "--format: netcdf needs xarray; install it with pip install 'netpolitik[xarray]'"
        ) from None
    return xarray


def _long_name(column: str) -> str:
    return column.replace("_", " ")


def _attr(value: Any) -> str | int | float:
    """A netCDF attribute: numbers stay numbers, containers become JSON, the rest text."""
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int | float | str):
        return value
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, default=str, sort_keys=True)
    return str(value)


def _global_attrs(title: str, kind: str, provenance: Mapping[str, Any]) -> dict[str, Any]:
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    attrs: dict[str, Any] = {
        "Conventions": "CF-1.8",
        "title": title,
        "institution": "netpolitik",
        "source": f"netpolitik {__version__}",
        "history": f"{now} written by netpolitik {__version__} (results export)",
        "references": "docs/model.md, docs/outputs.md",
        "netpolitik_layout": kind,
        "netpolitik_version": __version__,
    }
    for key, value in provenance.items():
        attrs[f"netpolitik_{key}"] = _attr(value)
    return attrs


def _grid(frame: pd.DataFrame, index: list[str]) -> pd.DataFrame:
    """``frame``'s numeric outcome columns on the full product of ``index``."""
    values = [c for c in frame.columns if c not in KEYS and pd.api.types.is_numeric_dtype(frame[c])]
    return frame.set_index(index)[values].sort_index()


def _with_names(ds: xr.Dataset) -> xr.Dataset:
    for name in ds.variables:
        ds[name].attrs.setdefault("long_name", _long_name(str(name)))
    return ds


def _step_coords(steps: pd.DataFrame) -> dict[str, Any]:
    dates = steps.drop_duplicates("step").sort_values("step")
    return {"date": ("step", pd.to_datetime(dates["date"]).to_numpy("datetime64[ns]"))}


def ensemble_dataset(
    steps: pd.DataFrame, summary: pd.DataFrame, meta: Mapping[str, Any]
) -> xr.Dataset:
    """An experiment's steps and summary tables as one dataset (dims ``run``, ``step``).

    Parameters
    ----------
    steps : the store's steps table (one row per run x month).
    summary : the store's summary table (one row per run).
    meta : the experiment's catalogue entry (``ExperimentStore.experiment``).
    """
    xr = _xarray()
    ds = xr.Dataset.from_dataframe(_grid(steps, ["run", "step"]))
    horizon = _grid(summary, ["run"])
    horizon.columns = [f"{c}_at_horizon" if c in ds else c for c in horizon.columns]
    ds = ds.merge(xr.Dataset.from_dataframe(horizon))
    ds = ds.assign_coords(_step_coords(steps))
    runs = summary.set_index("run").sort_index()
    for key in ("point", "replicate"):
        if key in runs:
            ds = ds.assign_coords({key: ("run", runs[key].to_numpy())})
    title = f"netpolitik {meta.get('kind', 'experiment')} {meta.get('id', '')}".strip()
    ds.attrs = _global_attrs(title, "ensemble", meta)
    return _with_names(ds)


def run_dataset(folder: Path) -> xr.Dataset:
    """A run folder (``netpolitik run --out``) as a dataset with dims ``run`` (one),
    ``step`` and ``country``."""
    from netpolitik.store.run_output import read_run

    xr = _xarray()
    run = read_run(Path(folder))
    glob = _grid(run["global"], ["step"])
    countries = run["countries"].rename(columns={"iso3": "country"})
    values = [c for c in countries.columns if c not in KEYS and c != "country"]
    per_country = countries.set_index(["step", "country"])[values].sort_index()
    per_country.columns = [f"{c}_by_country" if c in glob else c for c in per_country.columns]
    ds = xr.merge(
        [xr.Dataset.from_dataframe(glob), xr.Dataset.from_dataframe(per_country)],
        join="outer",
    )
    ds = ds.assign_coords(_step_coords(run["global"])).expand_dims(run=[0])
    ds.attrs = _global_attrs(
        f"netpolitik run (seed {run['manifest'].get('seed')})", "run", run["manifest"]
    )
    return _with_names(ds)


def write_netcdf(ds: xr.Dataset, path: Path) -> Path:
    """Write ``ds`` to ``path`` as netCDF3 (integers narrowed to 32 bits); return ``path``."""
    ds = ds.copy()
    for name in list(ds.variables):
        if ds[name].dtype == np.int64:
            small = ds[name].size == 0 or int(abs(ds[name]).max()) < 2**31
            ds[name] = ds[name].astype(np.int32 if small else np.float64)
        elif ds[name].dtype == bool:
            ds[name] = ds[name].astype(np.int8)
    ds.to_netcdf(path, engine=ENGINE, format="NETCDF3_64BIT")
    return path
