"""The dashboard's headline: each outcome's change against the baseline, judged for the
group.

Variant and baseline run on the same seeds (run k of each shares its random stream), so
each change is the mean paired difference with its 95% Student-t interval
(:func:`netpolitik.stats.mean_interval`). A change is coloured by whether it is
*better*, not by its sign: :data:`BETTER` gives each outcome's direction.

Directions (+1: more is better, -1: less is better, 0: neither):

- +1: security, collaboration (composite), mean trust, coexistence, freedom, world GDP, and the
  group's security;
- -1: state operations attempted and successful, criminal incidents, sanctions in force,
  damage, and the state operations and damage the group suffers;
- 0: attributions (more of them means both more operations and more accountability).

A change is ``better`` or ``worse`` only when its interval excludes 0 (with one run, when
it is not 0); otherwise ``unclear``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from netpolitik.scenario.run import RunResult
from netpolitik.stats import mean_interval


@dataclass(frozen=True)
class Measure:
    """One headline outcome: its label, how to read it from one run, direction, count."""

    label: str
    value: Callable[[RunResult | LightRun, Sequence[str]], float]
    better: int
    count: bool = False


def _last_year(column: str) -> Callable[[RunResult | LightRun, Sequence[str]], float]:
    return lambda r, _m: float(r.frames["global"][column].tail(12).mean())


def _total(column: str) -> Callable[[RunResult | LightRun, Sequence[str]], float]:
    return lambda r, _m: float(r.frames["global"][column].sum())


def _group(column: str, reduce: str) -> Callable[[RunResult | LightRun, Sequence[str]], float]:
    def value(r: RunResult | LightRun, members: Sequence[str]) -> float:
        c = r.frames["countries"]
        c = c[c["iso3"].isin(list(members))]
        if reduce == "sum":
            return float(c[column].sum())
        last = c[c["step"] > c["step"].max() - 12]
        return float(last[column].mean())

    return value


#: Country columns the group measures read (all a kept baseline run needs besides global).
GROUP_COLUMNS: tuple[str, ...] = ("iso3", "step", "security", "state_incidents_suffered", "damage")


@dataclass(frozen=True)
class LightRun:
    """What :func:`change_rows` reads from a run: its global table and the country columns
    of :data:`GROUP_COLUMNS` (a cached baseline keeps these, not whole runs)."""

    frames: dict


def light(run: RunResult) -> LightRun:
    """The parts of ``run`` the measures need (about a tenth of its memory)."""
    countries = run.frames["countries"]
    return LightRun(
        {"global": run.frames["global"], "countries": countries[list(GROUP_COLUMNS)].copy()}
    )


#: The outcomes of the dashboard's headline, in order.
MEASURES: tuple[Measure, ...] = (
    Measure("security (last year)", _last_year("security"), +1),
    Measure("collaboration, composite (last year)", _last_year("collaboration"), +1),
    Measure("mean trust (last year)", _last_year("mean_trust"), +1),
    Measure("coexistence (last year)", _last_year("coexistence"), +1),
    Measure("freedom (last year)", _last_year("mean_freedom"), +1),
    Measure("state operations attempted", _total("incidents"), -1, True),
    Measure("state operations successful", _total("successful"), -1, True),
    Measure("state operations attributed", _total("attributed"), 0, True),
    Measure("criminal incidents successful", _total("crime_successful"), -1, True),
    Measure("sanctions in force (last year)", _last_year("sanctions"), -1),
    Measure(
        "damage, all incidents, US$ bn",
        lambda r, _m: float(r.frames["global"]["damage"].sum() / 1e9),
        -1,
    ),
    Measure("group: security (last year)", _group("security", "mean"), +1),
    Measure(
        "group: state operations suffered", _group("state_incidents_suffered", "sum"), -1, True
    ),
    Measure("group: damage suffered, US$ bn", lambda r, m: _group("damage", "sum")(r, m) / 1e9, -1),
)

#: outcome label -> direction (+1 more is better, -1 less is better, 0 neither).
BETTER: dict[str, int] = {m.label: m.better for m in MEASURES}


def verdict(diff: float, lo: float, hi: float, better: int) -> str:
    """``better``, ``worse`` or ``unclear`` for a change in an outcome of direction
    ``better``.

    >>> verdict(-3.0, -5.0, -1.0, better=-1)  # fewer attacks, interval excludes 0
    'better'
    >>> verdict(-3.0, -5.0, 1.0, better=-1)
    'unclear'
    >>> verdict(0.02, 0.01, 0.03, better=+1)
    'better'
    """
    if better == 0 or not np.isfinite(diff) or diff == 0:
        return "unclear"
    if np.isfinite(lo) and np.isfinite(hi) and lo <= 0 <= hi:
        return "unclear"
    return "better" if diff * better > 0 else "worse"


def fmt(value: float, count: bool, signed: bool = False) -> str:
    """A value for the table: counts as whole numbers, others with 3 decimals.

    >>> fmt(44.5, count=True), fmt(0.12345, count=False), fmt(-2.0, True, signed=True)
    ('44', '0.123', '-2')
    """
    if not np.isfinite(value):
        return "–"
    sign = "+" if signed else ""
    if not count and abs(value) < 5e-4:
        value = 0.0  # no "-0.000"
    if count or abs(value) >= 100:
        return f"{round(value):{sign},d}"
    return f"{value:{sign},.3f}"


def change_rows(
    variant: Sequence[RunResult | LightRun],
    baseline: Sequence[RunResult | LightRun],
    members: Sequence[str],
) -> list[dict]:
    """Per outcome of :data:`MEASURES`: run and baseline means, the mean paired change,
    its 95% interval and the verdict (runs paired by position, i.e. by seed)."""
    rows = []
    for m in MEASURES:
        va = np.array([m.value(r, members) for r in variant])
        vb = np.array([m.value(r, members) for r in baseline])
        d = va - vb
        lo, hi = mean_interval(d)
        diff = float(d.mean())
        shown = 0.0 if abs(diff) < (0.5 if m.count else 5e-4) else diff  # "0" when it rounds
        rows.append(
            {
                "label": m.label,
                "run": float(va.mean()),
                "baseline": float(vb.mean()),
                "change": diff,
                "lo": lo,
                "hi": hi,
                "count": m.count,
                "better": m.better,
                "verdict": verdict(shown, lo, hi, m.better),
            }
        )
    return rows
