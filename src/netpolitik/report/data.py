"""What a report is drawn from: a run's tables, read from a run folder or from memory.

A *run* here is a plain ``dict`` with the keys of :func:`netpolitik.store.run_output.read_run`
(``manifest``, ``global``, ``countries``, ``dyads``, ``clubs``) plus ``network`` (the final
trust and sharing links, :func:`network_frame`) when the run folder holds
``network.parquet``. Missing optional tables are empty DataFrames, so every figure can be
drawn from any run folder, old or new.

Examples
--------
>>> import numpy as np
>>> from types import SimpleNamespace
>>> final = SimpleNamespace(trust=np.array([[1.0, 0.4], [0.7, 1.0]]),
...                         partners=np.array([[0.0, 1.0], [0.0, 0.0]]),
...                         setting=SimpleNamespace(iso3=("EST", "FIN")))
>>> network_frame(SimpleNamespace(final=final))[["truster", "trustee", "trust",
...                                              "sharing_link"]].to_dict("records")
[{'truster': 'EST', 'trustee': 'FIN', 'trust': 0.4, 'sharing_link': True}, \
{'truster': 'FIN', 'trustee': 'EST', 'trust': 0.7, 'sharing_link': False}]
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from netpolitik.errors import InputError

#: Tables a run folder may hold; ``global`` and ``countries`` are required.
REQUIRED = ("global", "countries")
OPTIONAL = ("dyads", "clubs", "network", "firms", "firm_clubs")
NETWORK_COLUMNS = ("truster", "trustee", "trust", "sharing_link", "sharing_weight")


def network_frame(trajectory: Any) -> pd.DataFrame:
    """The final trust and intelligence-sharing network, one row per directed pair.

    ``trajectory`` is a :class:`~netpolitik.engine.record.Trajectory` (or a
    :class:`~netpolitik.scenario.RunResult`, whose ``.trajectory`` is used). Columns:
    ``truster``, ``trustee`` (ISO3), ``trust`` (how much the truster trusts the trustee at
    the end of the run, [0, 1]), ``sharing_link`` (True when the truster shares
    intelligence with the trustee, bilaterally or through a club) and ``sharing_weight``
    (the weight of that link). Every off-diagonal pair is listed.
    """
    traj = getattr(trajectory, "trajectory", trajectory)
    final = traj.final
    iso = np.array(final.setting.iso3, dtype=object)
    n = len(iso)
    trust = np.asarray(final.trust, dtype=float)
    partners = np.asarray(final.partners, dtype=float)
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    return pd.DataFrame(
        {
            "truster": iso[i],
            "trustee": iso[j],
            "trust": trust[i, j],
            "sharing_link": partners[i, j] > 0,
            "sharing_weight": partners[i, j],
        }
    )


def _empty(name: str) -> pd.DataFrame:
    columns = {
        "dyads": ["attacker", "target", "incidents", "successful", "attributed", "damage"],
        "clubs": ["step", "date", "club", "iso3"],
        "network": list(NETWORK_COLUMNS),
        "firms": ["step", "date", "firm", "group", "iso3", "share"],
        "firm_clubs": ["step", "date", "firm", "club"],
    }[name]
    return pd.DataFrame({c: [] for c in columns})


def load_run(folder: str | Path) -> dict[str, Any]:
    """Read a run folder: manifest, the four contract tables and ``network.parquet``.

    Raises a one-line :class:`~netpolitik.errors.InputError` when the folder is not a
    run folder or a table cannot be read.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(
            f"run folder '{folder}': not found; give a folder written by `netpolitik run`"
        )
    manifest = folder / "manifest.json"
    if not manifest.is_file():
        raise InputError(
            f"run folder '{folder}': no manifest.json; give a folder written by `netpolitik run`"
        )
    try:
        run: dict[str, Any] = {"manifest": json.loads(manifest.read_text(encoding="utf-8"))}
    except (OSError, ValueError) as exc:
        raise InputError(
            f"run folder '{folder}': manifest.json unreadable ({exc}); rerun `netpolitik run`"
        ) from None
    for name in (*REQUIRED, *OPTIONAL):
        path = folder / f"{name}.parquet"
        if not path.is_file():
            if name in REQUIRED:
                raise InputError(
                    f"run folder '{folder}': no {name}.parquet; give a folder "
                    "written by `netpolitik run`"
                )
            run[name] = _empty(name)
            continue
        try:
            run[name] = pd.read_parquet(path)
        except Exception as exc:  # noqa: BLE001  (pyarrow raises many types)
            raise InputError(
                f"run folder '{folder}': {name}.parquet unreadable "
                f"({type(exc).__name__}); rerun `netpolitik run`"
            ) from None
    return run


def run_from_result(result: Any) -> dict[str, Any]:
    """The same dict as :func:`load_run`, from an in-memory
    :class:`~netpolitik.scenario.RunResult` (no files written)."""
    run: dict[str, Any] = {"manifest": dict(result.manifest)}
    for name in (*REQUIRED, *OPTIONAL):
        frame = result.frames.get(name)
        run[name] = frame if frame is not None else _empty(name)
    if run["network"].empty and getattr(result, "trajectory", None) is not None:
        run["network"] = network_frame(result.trajectory)
    return run


def country_names(codes: list[str]) -> dict[str, str]:
    """``{iso3: short name}`` from the shipped world table (codes alone if unavailable)."""
    try:
        from netpolitik.world import load_world

        table = load_world(None).countries
        names = dict(zip(table["iso3"], table["name"], strict=False))
    except Exception:  # noqa: BLE001  (names are decoration only)
        names = {}
    return {c: str(names.get(c, c)) for c in codes}


def final_memberships(clubs: pd.DataFrame) -> dict[str, list[str]]:
    """``{iso3: [clubs]}`` at the last recorded step of the clubs table."""
    if clubs.empty:
        return {}
    last = clubs[clubs["step"] == clubs["step"].max()]
    return {iso: sorted(group["club"]) for iso, group in last.groupby("iso3")}


def primary_club(clubs: pd.DataFrame) -> dict[str, str]:
    """Each country's most specific club at the end of the run: the smallest club it
    belongs to (ties by name); countries in no club are absent."""
    if clubs.empty:
        return {}
    last = clubs[clubs["step"] == clubs["step"].max()]
    size = last.groupby("club")["iso3"].size()
    out: dict[str, str] = {}
    for iso, group in last.groupby("iso3"):
        out[iso] = min(group["club"], key=lambda c: (size[c], c))
    return out
