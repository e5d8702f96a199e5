"""A run's output folder: ``manifest.json`` and Parquet tables, written atomically.

The folder is the stable output contract (``docs/outputs.md``)::

    manifest.json      version, seed, start, steps, parameters, data provenance
    global.parquet     one row per step
    countries.parquet  one row per step x country
    dyads.parquet      one row per directed pair with any activity, summed over the run
    clubs.parquet      one row per step x club x member

Everything is first written to a hidden sibling folder, then renamed into place, so a
crash or a full disk never leaves a half-written run, and an existing folder is never
overwritten unless asked.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netpolitik.engine.record import Trajectory
from netpolitik.errors import InputError

TABLES = ("global", "countries", "dyads", "clubs")


def step_dates(start: str, steps: int) -> pd.DatetimeIndex:
    """First day of the month that each step covers; step 1 is the ``start`` month."""
    return pd.date_range(pd.Timestamp(start), periods=steps, freq="MS")


def trajectory_frames(traj: Trajectory, start: str) -> dict[str, pd.DataFrame]:
    """The run's three tables as pandas DataFrames."""
    steps = len(next(iter(traj.global_.values())))
    dates = step_dates(start, steps)
    glob = pd.DataFrame({"step": np.arange(1, steps + 1), "date": dates, **traj.global_})
    n = len(traj.iso3)
    countries = pd.DataFrame({
        "step": np.repeat(np.arange(1, steps + 1), n),
        "date": np.repeat(dates.to_numpy(), n),
        "iso3": np.tile(np.array(traj.iso3, dtype=object), steps),
        **{name: values.reshape(-1) for name, values in traj.countries.items()},
    })
    active = np.argwhere((traj.dyads["incidents"] + traj.dyads["attributed"]) > 0)
    iso = np.array(traj.iso3, dtype=object)
    dyads = pd.DataFrame({
        "attacker": iso[active[:, 0]], "target": iso[active[:, 1]],
        **{name: values[active[:, 0], active[:, 1]] for name, values in traj.dyads.items()},
    })
    return {"global": glob, "countries": countries, "dyads": dyads,
            "clubs": club_frame(traj, dates)}


def club_frame(traj: Trajectory, dates: pd.DatetimeIndex) -> pd.DataFrame:
    """One row per step x club x member."""
    if traj.members is None or not traj.clubs:
        return pd.DataFrame({"step": [], "date": [], "club": [], "iso3": []})
    step, country, club = np.nonzero(traj.members)
    return pd.DataFrame({
        "step": step + 1, "date": dates.to_numpy()[step],
        "club": np.array(traj.clubs, dtype=object)[club],
        "iso3": np.array(traj.iso3, dtype=object)[country],
    })


def check_writable(out: Path, overwrite: bool = False) -> None:
    """Fail early, with a one-line :class:`InputError`, if ``out`` cannot be written."""
    if out.exists() and not out.is_dir():
        raise InputError(f"--out: '{out}' is a file; give a folder path")
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise InputError(f"--out: folder '{out}' already holds results; "
                             "choose a new folder or pass --overwrite")
        if not (out / "manifest.json").is_file():
            raise InputError(f"--out: folder '{out}' is not a run folder (no manifest.json); "
                             "--overwrite only replaces earlier runs, choose another folder")
    parent = out.parent if not out.exists() else out
    probe = parent
    while not probe.exists():
        probe = probe.parent
    if not os.access(probe, os.W_OK | os.X_OK):
        raise InputError(f"--out: cannot write to '{out}' (no permission on '{probe}'); "
                         "choose a writable folder")


def _json_default(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return str(value)


def _roll_back(out: Path, tmp: Path | None, old: Path | None) -> None:
    """Undo a failed write: put the earlier run back, remove the temporary folder."""
    if old is not None and old.exists() and not out.exists():
        os.replace(old, out)
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)


def write_run(out: Path, frames: Mapping[str, pd.DataFrame], manifest: Mapping[str, Any],
              overwrite: bool = False) -> Path:
    """Write tables and manifest to ``out`` atomically; return ``out``."""
    out = Path(out)
    check_writable(out, overwrite)
    tmp = old = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
        for name, frame in frames.items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        text = json.dumps(manifest, indent=2, sort_keys=True, default=_json_default)
        (tmp / "manifest.json").write_text(text + "\n", encoding="utf-8")
        if out.exists():  # keep the earlier run until the new one is in place
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, old)
        os.replace(tmp, out)
    except OSError as exc:
        _roll_back(out, tmp, old)
        raise InputError(f"--out: writing '{out}' failed ({exc.strerror or exc}); "
                         "free space or choose another folder") from None
    except BaseException:
        _roll_back(out, tmp, old)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
    return out


def read_run(folder: Path) -> dict[str, Any]:
    """Read a run folder back: the three tables and the manifest."""
    folder = Path(folder)
    if not (folder / "manifest.json").is_file():
        raise InputError(f"run folder '{folder}': no manifest.json; "
                         "give a folder written by `netpolitik run`")
    out: dict[str, Any] = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    out["manifest"] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return out
