"""Compare two scenarios run on the same seeds: key outcomes and paired 95% intervals.

Both ensembles use the children of the same ``SeedSequence(seed)``, so run k of A and run k
of B share their random stream (common random numbers) and the difference ``B - A`` is
taken run by run. Its 95% interval is the Student-t interval of the mean paired difference
(``mean +- t(0.975, n - 1) sd / sqrt(n)``); with one run there is no interval.

Examples
--------
>>> from netpolitik.scenario import ensemble, load_builtin
>>> from netpolitik.scenario.compare import compare_ensembles
>>> a = ensemble(load_builtin("baseline"), 2, years=1, countries=["USA", "RUS", "EST"],
...              tables=False)
>>> table = compare_ensembles(a, a)
>>> float(table.loc["security", "diff"])
0.0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netpolitik.scenario.run import RunResult
from netpolitik.stats import mean_interval


@dataclass(frozen=True)
class Outcome:
    """A key outcome: its global column, how steps are reduced, its unit and scale."""

    column: str
    label: str
    reduce: str  # "last_year_mean", "last_year_sum" or "total"
    unit: str = ""
    scale: float = 1.0


#: The outcomes ``netpolitik compare`` prints, in order.
OUTCOMES: tuple[Outcome, ...] = (
    Outcome("security", "security (last-year mean)", "last_year_mean"),
    Outcome("collaboration", "collaboration, composite (last-year mean)", "last_year_mean"),
    Outcome("mean_trust", "mean trust (last-year mean)", "last_year_mean"),
    Outcome("coexistence", "coexistence (last-year mean)", "last_year_mean"),
    Outcome("incidents", "state operations attempted (total)", "total"),
    Outcome("successful", "state operations successful (total)", "total"),
    Outcome("attributed", "state operations attributed (total)", "total"),
    Outcome("crime_successful", "criminal incidents successful (total)", "total"),
    Outcome("sanctions", "sanction pairs in force (last-year mean)", "last_year_mean"),
    Outcome("damage", "damage, all incidents, US$ bn (total)", "total", "US$ bn", 1e-9),
    Outcome("world_gdp", "world GDP, US$ tn (last-year mean)", "last_year_mean", "US$ tn", 1e-12),
    Outcome("fdi", "FDI, US$ bn (last year)", "last_year_sum", "US$ bn", 1e-9),
    Outcome("mean_freedom", "mean freedom (last-year mean)", "last_year_mean"),
    Outcome("sharing_density", "sharing-network density (last-year mean)", "last_year_mean"),
)


def outcome_value(result: RunResult, outcome: Outcome) -> float:
    """One run's value of ``outcome`` (NaN if the run does not record its column)."""
    series = result.trajectory.global_.get(outcome.column)
    if series is None or len(series) == 0:
        return float("nan")
    last = series[-min(12, len(series)) :]
    if outcome.reduce == "last_year_mean":
        value = last.mean()
    elif outcome.reduce == "last_year_sum":
        value = last.sum()
    else:
        value = series.sum()
    return float(value) * outcome.scale


def compare_ensembles(
    a: Sequence[RunResult], b: Sequence[RunResult], outcomes: Sequence[Outcome] = OUTCOMES
) -> pd.DataFrame:
    """Per outcome: mean of A, mean of B, mean paired difference ``B - A``, its 95%
    interval, and whether the interval excludes 0. Runs are paired by position."""
    if len(a) != len(b):
        raise ValueError(f"ensembles differ in size ({len(a)} vs {len(b)}); pair by seed")
    rows = []
    for o in outcomes:
        va = np.array([outcome_value(r, o) for r in a])
        vb = np.array([outcome_value(r, o) for r in b])
        lo, hi = mean_interval(vb - va)
        rows.append(
            {
                "outcome": o.column,
                "label": o.label,
                "a": float(va.mean()),
                "b": float(vb.mean()),
                "diff": float((vb - va).mean()),
                "lo": lo,
                "hi": hi,
                "clear": bool(np.isfinite(lo) and (lo > 0 or hi < 0)),
            }
        )
    return pd.DataFrame(rows).set_index("outcome")


def run_pair(
    a,
    b,
    runs: int,
    *,
    seed: int,
    years: float | None = None,
    countries: Sequence[str] | None = None,
    on_run: Callable[[int], None] | None = None,
) -> tuple[list[RunResult], list[RunResult]]:
    """Ensembles of scenarios ``a`` and ``b`` on the same seeds and horizon (``years``
    defaults to A's); both are validated before anything is simulated."""
    from netpolitik.scenario.run import ensemble, prepare

    years = a.years if years is None else years
    prepare(a, years=years, seed=seed, countries=countries)
    prepare(b, years=years, seed=seed, countries=countries)  # fail before simulating
    done = [0]

    def tick(_: int) -> None:
        done[0] += 1
        if on_run is not None:
            on_run(done[0])

    ra = ensemble(a, runs, seed=seed, years=years, countries=countries, on_run=tick, tables=False)
    rb = ensemble(b, runs, seed=seed, years=years, countries=countries, on_run=tick, tables=False)
    return ra, rb
