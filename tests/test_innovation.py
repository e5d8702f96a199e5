"""M8 economy and innovation: relative growth bonus and capability growth."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_states import uniform_state, with_lever

from netpolitik.engine import innovation, investment
from netpolitik.engine.simulator import make_rng, start
from netpolitik.engine.synthetic import synthetic_setting


def _step(state, params):
    return innovation.step(state, params, make_rng(0))


def _growth(before, after):
    return after.gdp / before.gdp - 1.0


def test_open_country_grows_faster_than_identical_closed_one(params):
    base = uniform_state(4)
    state = with_lever(base, 0, "data_restriction", 0.0)  # open
    state = with_lever(state, 1, "data_restriction", 1.0)  # closed
    innov = innovation.innovation(state)
    # openness gains 1/3, freedom 0.2 per unit of data_restriction removed
    assert innov[0] - innov[1] == pytest.approx(0.5 * (1 / 3 + 0.2), rel=1e-12)
    g = _growth(state, _step(state, params))
    assert g[0] > g[2] > g[1]
    assert g[0] - g[1] == pytest.approx(
        params.growth_per_innovation * (innov[0] - innov[1]) / 12, rel=1e-9)


def test_investment_rate_above_world_raises_growth(params):
    state = uniform_state(4)
    inv = np.zeros((4, 2))
    inv[:, 0] = 1e12 * 0.02 / 12
    inv[0, 1] = 1e12 * 0.04 / 12  # country 0: 6% of GDP a year vs 2% elsewhere
    g = _growth(state, _step(replace(state, investment=inv), params))
    world = (0.06 + 3 * 0.02) / 4
    assert g[0] == pytest.approx(params.growth_per_investment * (0.06 - world) / 12, rel=1e-9)
    assert g[1] == pytest.approx(params.growth_per_investment * (0.02 - world) / 12, rel=1e-9)
    assert g[0] > 0 > g[1]


def test_world_gdp_unchanged_by_m8(params):
    sym = uniform_state(5)
    sym = replace(sym, investment=investment.allocate(sym, params))
    after = _step(sym, params)
    assert after.gdp == pytest.approx(sym.gdp, rel=1e-12)
    setting, levers, gdp = synthetic_setting(n=30, seed=2)
    state = start(setting, levers, gdp, params)
    state = replace(state, investment=investment.allocate(state, params))
    after = _step(state, params)
    assert after.gdp.sum() == pytest.approx(state.gdp.sum(), rel=1e-12)
    assert np.abs(after.gdp / state.gdp - 1).max() > 1e-5  # but it moves output around


def test_capability_rises_with_innovation_and_stays_at_most_one(params):
    base = uniform_state(3)
    state = with_lever(base, 0, "data_restriction", 0.0)
    after = _step(state, params)
    innov = innovation.innovation(state)
    gain = after.capability - state.capability
    assert gain == pytest.approx(params.capability_growth * innov * 0.5 / 12, rel=1e-12)
    assert gain[0] > gain[1] > 0
    full = replace(state, capability=np.array([1.0, 0.999, 0.0]))
    for _ in range(600):
        full = _step(full, params)
    assert (full.capability <= 1.0).all() and full.capability[0] == 1.0
    assert 0.5 < full.capability[2] < 1.0
