"""Read a Council on Foreign Relations Cyber Operations Tracker export and score initiator
and target shares (``netpolitik validate hindcast --cfr FILE``).

The export has one row per operation with at least ``title``, ``date`` (a calendar date,
e.g. ``2008-08-13``), ``sponsor`` and ``victims`` (free text, comma-separated); ``type``,
``category`` and ``sponsor_cow`` are optional. Sponsors and victims are matched to the
world's states as in the world build (:mod:`netpolitik.world.history`): country names and
aliases, organisations of a documented list, a country adjective in the title.

Each operation weighs 1: split equally over its recognised sponsors for the initiator shares,
and over its recognised target states for the target shares. Shares are compared by total
variation distance (0 = identical, 1 = disjoint) for the model, persistence (the operations
of the same number of years before) and gravity (GDP shares).
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from netpolitik.errors import InputError
from netpolitik.world import World
from netpolitik.world import history as h

REQUIRED = ("title", "date", "sponsor", "victims")


def read_cfr(path: str | Path) -> pd.DataFrame:
    """The export's rows with a parsed integer ``year``; InputError on a missing file or
    column, or a date that is not a real calendar date (naming the row)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"--cfr: {path} not found; give the CFR tracker export (.csv)")
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        reason = " ".join(str(exc).split())
        raise InputError(f"--cfr: cannot read {path} as csv ({reason})") from None
    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        raise InputError(
            f"--cfr: {path} lacks column(s) {', '.join(missing)}; the export needs "
            f"{', '.join(REQUIRED)}"
        )
    years = [_year(text, k) for k, text in enumerate(table["date"])]
    return table.assign(year=np.array(years, dtype=int))


def _year(text: str, k: int) -> int:
    """Year of a real calendar date (no fractional years, no "today", no Feb 30)."""
    text = str(text).strip()
    stamp = None
    if re.search(r"\d", text) and not re.fullmatch(r"\d{4}(\.\d+)?", text):
        try:
            stamp = pd.Timestamp(text)
        except (ValueError, TypeError, OverflowError):
            stamp = None
    if stamp is None or pd.isna(stamp):
        raise InputError(
            f"--cfr: row {k + 2}: date {text!r} is not a real calendar date; fix it "
            "(e.g. 2008-08-13)"
        )
    return int(stamp.year)


def observed_shares(cfr: pd.DataFrame, world: World) -> tuple[pd.Series, pd.Series, int]:
    """(initiator shares, target shares) by ISO3 over the world's states, and the number
    of operations with neither a recognised sponsor nor target (left out)."""
    iso3 = world.iso3
    sponsors = h.cfr_sponsor_lists(cfr, world.countries)
    index = h.name_index(world.countries)
    sent, hit = pd.Series(0.0, index=iso3), pd.Series(0.0, index=iso3)
    skipped = 0
    for codes, victims, title in zip(sponsors, cfr["victims"], cfr["title"], strict=True):
        targets = [t for t in h.cfr_targets(victims, str(title), index) if t not in codes]
        for code in codes:
            sent[code] += 1.0 / len(codes)
        for code in targets:
            hit[code] += 1.0 / len(targets)
        skipped += int(not codes and not targets)
    return _normalise(sent), _normalise(hit), skipped


def _normalise(values: pd.Series) -> pd.Series:
    total = values.sum()
    return values / total if total > 0 else values * np.nan


def tvd(a: pd.Series, b: pd.Series) -> float:
    """Total variation distance of two share vectors on the same index (NaN if empty)."""
    return float((a - b).abs().sum(skipna=False) / 2.0)


def matrix_shares(matrix: np.ndarray, iso3: list[str]) -> tuple[pd.Series, pd.Series]:
    """(initiator, target) shares of an ``(N, N)`` attacker-by-target count matrix."""
    m = np.asarray(matrix, dtype=float).copy()
    np.fill_diagonal(m, 0.0)
    return _normalise(pd.Series(m.sum(axis=1), index=iso3)), _normalise(
        pd.Series(m.sum(axis=0), index=iso3)
    )


def cfr_table(
    cfr: pd.DataFrame, world: World, predicted: np.ndarray, start: int, years: int
) -> pd.DataFrame:
    """Initiator and target TVD of model, persistence and gravity on ``[start, start+years)``.

    ``predicted`` is the model's ``(N, N)`` expected operations in the world's ISO3 order.
    The table's ``attrs`` hold ``period``, ``n_observed``, ``n_previous``, ``skipped`` and
    the observed top initiators.
    """
    scored = cfr[(cfr["year"] >= start) & (cfr["year"] < start + years)]
    before = cfr[(cfr["year"] >= start - years) & (cfr["year"] < start)]
    sent, hit, skipped = observed_shares(scored, world)
    gdp = world.countries["gdp"].to_numpy(float)
    gravity = np.outer(gdp, gdp)
    rows = {"model": matrix_shares(predicted, world.iso3)}
    if len(before):
        rows["persistence"] = observed_shares(before, world)[:2]
    rows["gravity"] = matrix_shares(gravity, world.iso3)
    table = pd.DataFrame(
        {
            name: {"initiator_tvd": tvd(s, sent), "target_tvd": tvd(t, hit)}
            for name, (s, t) in rows.items()
        }  # fmt: skip
    ).T
    table.index.name = "predictor"
    top = sent.sort_values(ascending=False).head(5)
    table.attrs.update(period=(start, start + years - 1), n_observed=len(scored),
                       n_previous=len(before), skipped=skipped,
                       observed_top=[(c, float(v)) for c, v in top.items() if v > 0])  # fmt: skip
    return table
