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
        params.growth_per_innovation * (innov[0] - innov[1]) / 12, rel=1e-9
    )


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
    c, d = params.capability_growth, params.capability_depreciation
    assert gain == pytest.approx((c * innov * 0.5 - d * 0.5) / 12, rel=1e-12)
    assert gain[0] > gain[1] > 0
    full = replace(state, capability=np.array([1.0, 0.999, 0.0]))
    for _ in range(600):
        full = _step(full, params)
    assert (full.capability <= 1.0).all() and full.capability[0] < 1.0
    # all head for the steady state c innovation / (c innovation + d)
    steady = c * innov / (c * innov + d)
    assert (np.abs(full.capability - steady) < np.abs(np.array([1.0, 0.999, 0.0]) - steady)).all()


def test_capability_depreciates_without_innovation(params):
    """Verification: with innovation 0 capability decays at capability_depreciation a year;
    a higher rate makes it decay faster."""
    state = uniform_state(2, value=1.0)  # all data_restriction/surveillance 1 ...
    state = replace(state, setting=replace(state.setting, regime=np.zeros(2)))
    levers = state.levers.copy()
    levers[:, :] = [1.0, 0.0, 1.0, 0.5, 0.5, 0.0, 0.5, 0.0]  # openness 0, freedom 0
    state = replace(state, levers=levers)
    assert innovation.innovation(state) == pytest.approx(np.zeros(2), abs=1e-12)
    d = params.capability_depreciation
    after = _step(state, params)
    assert after.capability == pytest.approx(state.capability * (1 - d / 12), rel=1e-12)
    fast = _step(state, params.with_overrides({"capability_depreciation": 4 * d}))
    assert (fast.capability < after.capability).all()
    assert 0 < d < 0.05  # a slow decay: the 2010 calibration carries over


def test_world_capability_about_stationary_in_2010(params):
    """Verification of the depreciation's calibration: on the 2010 world, innovation's
    build-up and depreciation nearly cancel in the GDP-weighted mean."""
    from netpolitik.engine.setup import from_world
    from netpolitik.world import load_world

    setting, levers, gdp = from_world(load_world())
    state = start(setting, levers, gdp, params)
    w = gdp / gdp.sum()
    drift = 12 * w @ (_step(state, params).capability - state.capability)
    build = params.capability_growth * w @ (innovation.innovation(state) * (1 - state.capability))
    assert abs(drift) < 0.3 * build
