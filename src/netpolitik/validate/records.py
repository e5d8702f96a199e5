"""The raw 2000-2010 records for validation, and the world as it stood at a fold's origin.

The raw files (DCID 2.0 directed incidents, the CFR tracker's 2005-2010 operations, COW
dyadic MID) are not shipped: they are read from ``../shared/data/calibration`` beside the
repository root, as ``scripts/calibrate.py`` does, or from the folder named by the
``NETPOLITIK_CALIBRATION_DIR`` environment variable.

:func:`fold_world` rebuilds the world's history-dependent parts from the fit years only:
the dyad history (operations and disputes decayed to the fold's last fit year) and the
initial offense and capability, which the shipped world derives from operations to 2010.
Everything else stays the shipped 2010 world (``docs/validation.md`` lists what that
leaves in).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.validate.moments import load_targets
from netpolitik.world import World
from netpolitik.world import history as h

REPO = Path(__file__).resolve().parents[3]
ENV_DIR = "NETPOLITIK_CALIBRATION_DIR"
FILES = {
    "dcid": "dcid_directed_incidents_2000_2010.csv",
    "cfr": "cfr_operations_2005_2010.csv",
    "mid": "mid_dyadic_1946_2010.csv",
}


@dataclass(frozen=True)
class Records:
    """The raw records in the world's codes.

    Attributes
    ----------
    dcid : ISO3 ``attacker, target, year, severity``, one row per directed DCID incident.
    cfr : ISO3 ``attacker, target, year, weight`` rows of CFR operations.
    cfr_raw : the CFR export as read (for sponsor shares).
    mid : COW dyadic MID rows as read.
    """

    dcid: pd.DataFrame
    cfr: pd.DataFrame
    cfr_raw: pd.DataFrame
    mid: pd.DataFrame


def calibration_dir(folder: str | Path | None = None) -> Path:
    """``folder``, else ``$NETPOLITIK_CALIBRATION_DIR``, else
    ``<repo>/../shared/data/calibration``."""
    if folder is not None:
        return Path(folder)
    env = os.environ.get(ENV_DIR)
    return Path(env) if env else REPO.parent / "shared" / "data" / "calibration"


def load_records(world: World, folder: str | Path | None = None) -> Records:
    """Read the three raw files; InputError naming the folder if any is missing."""
    base = calibration_dir(folder)
    missing = [name for name in FILES.values() if not (base / name).is_file()]
    if missing:
        raise InputError(
            f"calibration data: {', '.join(missing)} not found in {base}; put the raw files "
            f"there or set {ENV_DIR} to their folder"
        )
    raw = {key: pd.read_csv(base / name) for key, name in FILES.items()}
    countries = world.countries
    return Records(
        dcid=h.dcid_operations(raw["dcid"], countries),
        cfr=h.cfr_operations(raw["cfr"], countries),
        cfr_raw=raw["cfr"],
        mid=raw["mid"],
    )


def between(table: pd.DataFrame, first: int, last: int) -> pd.DataFrame:
    """Rows with ``first <= year <= last``."""
    return table[(table["year"] >= first) & (table["year"] <= last)]


def history_until(world: World, records: Records, end_year: int) -> pd.DataFrame:
    """The dyad history table (``a, b, operations, disputes``) from records to end_year."""
    dcid, cfr = between(records.dcid, 0, end_year), between(records.cfr, 0, end_year)
    ops = h.decayed_operations(h.combined_operations(dcid, cfr), end_year, h.OPERATIONS_TAU)
    disputes = h.mid_disputes(records.mid, world.countries, end_year, h.DISPUTES_TAU)
    return h.dyad_history(ops, disputes)


def fold_world(world: World, records: Records, end_year: int) -> World:
    """The world with history, offense and capability rebuilt from records to end_year.

    Capability is first taken back to its value before the shipped operations lift
    (:func:`~netpolitik.world.history.unlift_capability`), then lifted by the fold's own
    record; offense is recomputed from the fold's record (``docs/data.md``).
    """
    iso3 = world.iso3
    dyads = history_until(world, records, end_year)
    shipped = h.operation_evidence(h.record_by_attacker(world.dyads, iso3))
    evidence = h.operation_evidence(h.record_by_attacker(dyads, iso3))
    base = h.unlift_capability(world.countries["capability"].to_numpy(float), shipped)
    capability = np.clip(h.lift_capability(base, evidence), 0.0, 1.0)
    offense = np.clip(h.offense_lever(world.countries, capability, evidence), 0.0, 1.0)
    countries = world.countries.assign(
        capability=np.round(capability, 4), offense=np.round(offense, 4)
    )
    return replace(world, countries=countries, dyads=dyads)


def incidents_per_year(records: Records, first: int, last: int) -> float:
    """DCID incidents per year in ``[first, last]``."""
    return len(between(records.dcid, first, last)) / (last - first + 1)


def fold_params(params: Params, records: Records, first: int, last: int) -> Params:
    """``params`` with the attack-rate scale refitted to the fit years ``[first, last]``.

    The shipped ``attack_rate`` is calibrated to the DCID 2000-2010 rate
    (``calibration_targets.json``); a fold rescales it by the ratio of its fit years' DCID
    rate to that target, so the scored years' volume does not enter the fold's fit.
    """
    target = load_targets()["per_decade"] / 10.0
    ratio = incidents_per_year(records, first, last) / target
    return params.with_overrides({"attack_rate": params.attack_rate * ratio})
