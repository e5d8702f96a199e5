"""The built-in ``security_dilemma``: a world where coexistence fails, for a documented reason.

In it, capabilities read strongly as threats (Buchanan 2016), a state's own operations pay
well in intelligence, and pooled intelligence leaks. For the United States every lever that
buys trust then costs security: the frontier over offense finds no mix better on both.

These tests are **verification** of documented consequences of the scenario's parameters
through the rules (the mechanism, then the verdict it implies); they are not evidence about
the world.
"""

from __future__ import annotations

import tempfile

import numpy as np
import pytest

from netpolitik.experiment import frontier
from netpolitik.scenario import ensemble, load_builtin
from netpolitik.scenario.schema import parse_scenario

COUNTRIES = "USA,GBR,FRA,DEU,POL,EST,RUS,CHN,IRN,PRK,JPN,KOR,IND,PAK,ISR,TUR,BRA,AUS,CAN,UKR"


def _paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    d = b - a
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size))


def test_the_mechanism_less_offense_buys_trust_and_costs_security():
    base = load_builtin("security_dilemma")
    text = base.model_dump(mode="json")
    dove = parse_scenario(
        "name: dove\nparams: "
        + str(text["params"]).replace("'", "")
        + "\nlevers: {countries: {USA: {offense: 0.0}}}\n"
    )
    a = ensemble(base, 8, seed=2, years=3, countries=COUNTRIES.split(","), tables=False)
    b = ensemble(dove, 8, seed=2, years=3, countries=COUNTRIES.split(","), tables=False)
    k = list(a[0].trajectory.iso3).index("USA")

    def last(results, column):
        return np.array([r.trajectory.countries[column][-12:, k].mean() for r in results])

    mean, se = _paired(last(a, "trust_in"), last(b, "trust_in"))
    assert mean > 2 * se and mean > 0.02
    mean, se = _paired(last(a, "security"), last(b, "security"))
    assert mean < -2 * se and mean < -0.02


@pytest.mark.parametrize("base_seed", [0, 1])
def test_the_frontier_verdict_is_a_trade_off(base_seed):
    front = frontier(
        "security_dilemma",
        "offense",
        "USA",
        seeds=4,
        check_seeds=12,
        population=6,
        generations=2,
        years=3,
        countries=COUNTRIES,
        seed=base_seed,
        store=tempfile.mkdtemp(),
        workers=1,
    )
    assert front.attrs["verdict_class"] == "tradeoff"
    assert front.attrs["verdict_shares"]["both"] < 0.05
    assert front.attrs["verdict"].startswith("They trade off")
