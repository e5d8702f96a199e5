"""A run's output folder: ``manifest.json`` and Parquet tables, written atomically.

The folder is the stable output contract (``docs/outputs.md``)::

    manifest.json      version, seed, start, steps, parameters, data provenance
    global.parquet     one row per step
    countries.parquet  one row per step x country
    dyads.parquet      one row per directed pair with any activity, summed over the run
    clubs.parquet      one row per step x club x member
    firms.parquet      one row per step x firm x host country holding >= 0.1% of its assets
    firm_clubs.parquet one row per step x firm x consortium it belongs to

Everything is first written to a hidden sibling folder, then renamed into place
(:func:`netpolitik.io.replace_folder`), so a crash or a full disk never leaves a
half-written run, and an existing folder is never overwritten unless asked, and then
only when it is an earlier run folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netpolitik.engine.firms import FIRMS
from netpolitik.engine.record import Trajectory
from netpolitik.errors import InputError
from netpolitik.io import check_target, replace_folder

TABLES = ("global", "countries", "dyads", "clubs")
#: Tables added later: read when present (older run folders lack them).
OPTIONAL_TABLES = ("firms", "firm_clubs")
#: Smallest asset share of a firm in a country written to ``firms.parquet``.
FIRM_SHARE_MIN = 0.001


def step_dates(start: str, steps: int) -> pd.DatetimeIndex:
    """First day of the month that each step covers; step 1 is the ``start`` month."""
    return pd.date_range(pd.Timestamp(start), periods=steps, freq="MS")


def trajectory_frames(traj: Trajectory, start: str) -> dict[str, pd.DataFrame]:
    """The run's three tables as pandas DataFrames."""
    steps = len(next(iter(traj.global_.values())))
    dates = step_dates(start, steps)
    glob = pd.DataFrame({"step": np.arange(1, steps + 1), "date": dates, **traj.global_})
    n = len(traj.iso3)
    countries = pd.DataFrame(
        {
            "step": np.repeat(np.arange(1, steps + 1), n),
            "date": np.repeat(dates.to_numpy(), n),
            "iso3": np.tile(np.array(traj.iso3, dtype=object), steps),
            **{name: values.reshape(-1) for name, values in traj.countries.items()},
        }
    )
    active = np.argwhere((traj.dyads["incidents"] + traj.dyads["attributed"]) > 0)
    iso = np.array(traj.iso3, dtype=object)
    dyads = pd.DataFrame(
        {
            "attacker": iso[active[:, 0]],
            "target": iso[active[:, 1]],
            **{name: values[active[:, 0], active[:, 1]] for name, values in traj.dyads.items()},
        }
    )
    return {
        "global": glob,
        "countries": countries,
        "dyads": dyads,
        "clubs": club_frame(traj, dates),
        **firm_frames(traj, dates),
    }


def firm_frames(traj: Trajectory, dates: pd.DatetimeIndex) -> dict[str, pd.DataFrame]:
    """``firms``: one row per step x firm x host with at least :data:`FIRM_SHARE_MIN` of
    the firm's assets (``share``); ``firm_clubs``: one row per step x firm x consortium it
    belongs to."""
    names = np.array([f.name for f in FIRMS], dtype=object)
    groups = np.array(["security_sensitive", "data_driven"], dtype=object)
    group = groups[[f.group for f in FIRMS]]
    loc = traj.firm_location
    if loc is None:
        loc = np.zeros((len(dates), len(FIRMS), len(traj.iso3)))
    step, firm, country = np.nonzero(loc >= FIRM_SHARE_MIN)
    firms = pd.DataFrame(
        {
            "step": step + 1,
            "date": dates.to_numpy()[step],
            "firm": names[firm],
            "group": group[firm],
            "iso3": np.array(traj.iso3, dtype=object)[country],
            "share": loc[step, firm, country],
        }
    )
    member = traj.firm_members
    if member is None or not traj.clubs:
        member = np.zeros((len(dates), len(FIRMS), len(traj.clubs)), dtype=bool)
    step, firm, club = np.nonzero(member)
    firm_clubs = pd.DataFrame(
        {
            "step": step + 1,
            "date": dates.to_numpy()[step],
            "firm": names[firm],
            "club": np.array(traj.clubs, dtype=object)[club],
        }
    )
    return {"firms": firms, "firm_clubs": firm_clubs}


def club_frame(traj: Trajectory, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """One row per step x club x member."""
    if traj.members is None or not traj.clubs:
        return pd.DataFrame({"step": [], "date": [], "club": [], "iso3": []})
    step, country, club = np.nonzero(traj.members)
    return pd.DataFrame(
        {
            "step": step + 1,
            "date": dates.to_numpy()[step],
            "club": np.array(traj.clubs, dtype=object)[club],
            "iso3": np.array(traj.iso3, dtype=object)[country],
        }
    )


def check_writable(out: Path, overwrite: bool = False) -> None:
    """Fail early, with a one-line :class:`InputError`, if ``out`` cannot be written
    (see :func:`netpolitik.io.check_target`)."""
    check_target(Path(out), "run folder", overwrite, "--out")


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def write_run(
    out: Path,
    frames: Mapping[str, pd.DataFrame],
    manifest: Mapping[str, Any],
    overwrite: bool = False,
) -> Path:
    """Write tables and manifest to ``out`` atomically; return ``out``."""
    out = Path(out)
    with replace_folder(out, "run folder", overwrite, "--out") as tmp:
        for name, frame in frames.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        text = json.dumps(manifest, indent=2, sort_keys=True, default=_json_default)
        (tmp / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return out


def read_run(folder: Path) -> dict[str, Any]:
    """Read a run folder back: the three tables and the manifest."""
    folder = Path(folder)
    if not (folder / "manifest.json").is_file():
        raise InputError(
            f"run folder '{folder}': no manifest.json; give a folder written by `netpolitik run`"
        )
    out: dict[str, Any] = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    for name in OPTIONAL_TABLES:
        if (folder / f"{name}.parquet").is_file():
            out[name] = pd.read_parquet(folder / f"{name}.parquet")
    out["manifest"] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return out
