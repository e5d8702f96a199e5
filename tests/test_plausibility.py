"""Plausibility of the baseline world over a decade, averaged over seeds.

Each test says whether it is **verification** (the outcome follows from a rule or an input
written for it, e.g. a treaty area) or **validation** (an outcome no rule sets directly,
compared with what is known of the world up to 2010 or with a published regularity).
Nothing here uses data from after 2010.
"""

from __future__ import annotations

import functools

import numpy as np
import pytest

from netpolitik.scenario import ensemble, load_builtin
from netpolitik.world import load_world

SEEDS = 6
G20 = (
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "CHN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "KOR",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "TUR",
    "GBR",
    "USA",
)


@functools.cache
def baseline():
    return ensemble(load_builtin("baseline"), SEEDS, seed=11, years=10, tables=False)


def _index(results, code: str) -> int:
    return list(results[0].trajectory.iso3).index(code)


def test_no_g20_member_becomes_a_pariah():
    """Validation: no G20 member's mean trust from the others falls below 0.05 in any month
    (beliefs are bounded; contagion does not grow with N)."""
    runs = baseline()
    for code in G20:
        k = _index(runs, code)
        lowest = min(r.trajectory.countries["trust_in"][:, k].min() for r in runs)
        assert lowest > 0.05, f"{code}: mean trust from the others fell to {lowest:.3f}"


def test_gbr_keeps_trusting_the_usa():
    """Validation: the United Kingdom's trust in the United States stays above 0.5 (the
    prior comes from their ties; what follows is the run's behaviour)."""
    runs = baseline()
    gbr, usa = _index(runs, "GBR"), _index(runs, "USA")
    for r in runs:
        assert r.trajectory.final.trust[gbr, usa] > 0.5


def test_nato_admits_no_state_outside_its_treaty_area():
    """Verification: NATO's Article 10 area (a rule of the clubs mechanism)."""
    runs = baseline()
    world = load_world(list(runs[0].trajectory.iso3)).countries.set_index("iso3")
    for r in runs:
        traj = r.trajectory
        k = list(traj.clubs).index("NATO")
        joined = traj.members[-1][:, k] & ~traj.members[0][:, k]
        for code in np.asarray(traj.iso3)[joined]:
            assert world.loc[code, "region"] == "Europe", f"NATO admitted {code}"


def test_china_grows_at_least_five_percent_a_year():
    """Validation: China's simulated 2010-2019 growth is at least 5 %/yr (the trend comes
    from data up to 2010; damage, sanctions and budgets act on it)."""
    runs = baseline()
    k = _index(runs, "CHN")
    rates = []
    for r in runs:
        gdp = r.trajectory.countries["gdp"][:, k]
        rates.append((gdp[-1] / gdp[0]) ** (12 / (gdp.size - 1)) - 1)
    assert np.mean(rates) >= 0.05


def test_most_sanction_episodes_end_within_the_decade():
    """Validation: at least half of all sanction episodes started in the decade end in it."""
    runs = baseline()
    started = sum(r.trajectory.global_["sanctions_imposed"].sum() for r in runs)
    ended = sum(r.trajectory.global_["sanctions_ended"].sum() for r in runs)
    assert started >= 5, "too few sanction episodes to judge"
    assert ended >= 0.5 * started


def test_responses_are_mostly_restrained_or_proportionate():
    """Validation against Valeriano & Maness (2015): most responses to attributed state
    operations are restrained (restraint, denouncing, indictments); sanctions and
    counter-operations are the minority."""
    runs = baseline()
    g = [r.trajectory.global_ for r in runs]
    mild = sum(x["restraints"].sum() + x["denunciations"].sum() + x["indictments"].sum() for x in g)
    harsh = sum(x["sanctions_imposed"].sum() + x["counter_operations"].sum() for x in g)
    assert mild > 2 * harsh


def test_collaboration_moves_in_the_baseline():
    """Validation: collaboration is not frozen at its start: its decade range exceeds the
    month-to-month noise of a single run, and it differs between seeds."""
    runs = baseline()
    col = np.stack([r.trajectory.global_["collaboration"] for r in runs])
    assert (col.max(axis=1) - col.min(axis=1)).mean() > 0.01
    assert col[:, -1].std() > 0


@pytest.mark.parametrize("column", ["mean_trust", "collaboration", "security"])
def test_outcomes_in_range(column):
    """Verification: global outcomes stay in [0, 1]."""
    for r in baseline():
        x = r.trajectory.global_[column]
        assert np.all((x >= 0) & (x <= 1))
