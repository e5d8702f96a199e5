"""M9 capacity building: budgets, allocation, capacity, trust and influence."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_states import uniform_state

from netpolitik.engine import capacity, security
from netpolitik.engine.simulator import make_rng, start
from netpolitik.engine.synthetic import synthetic_setting
from netpolitik.policy import lever_index

AID = lever_index("aid")


def _donor_world(n=4, donor=0, aid=1.0):
    """Identical countries, except that ``donor`` is twice as rich per head (so every
    other country is in need: need = 1 - 1/2) and alone has a non-zero aid lever."""
    state = uniform_state(n)
    levers = state.levers.copy()
    levers[:, AID] = 0.0
    levers[donor, AID] = aid
    population = state.setting.population.copy()
    population[donor] /= 2
    return replace(state, levers=levers, setting=replace(state.setting, population=population))


def test_no_aid_to_richer_countries(params):
    state = _donor_world()
    population = state.setting.population.copy()
    population[1] /= 4  # country 1 is now richer per head than the donor
    richer = replace(state, setting=replace(state.setting, population=population))
    got = _step(richer, params).aid_received
    assert got[1] == 0 and (got[2:] > 0).all()


def _step(state, params):
    return capacity.step(state, params, make_rng(0))


def _run(state, params, months):
    """Capacity then security, as in the simulator, for ``months``."""
    for _ in range(months):
        state = security.step(_step(state, params), params, make_rng(0))
    return state


def test_donor_spends_its_budget_and_recipients_get_it(params):
    state = _donor_world(aid=0.6)
    after = _step(state, params)
    budget = 0.6 * params.aid_budget_share * 1e12 / 12
    assert after.aid_given[0] == pytest.approx(budget, rel=1e-12)
    assert (after.aid_given[1:] == 0).all()
    assert after.aid_received[0] == 0
    assert after.aid_received[1:] == pytest.approx(np.full(3, budget / 3), rel=1e-12)


def test_aid_goes_to_insecure_trusted_partners_first(params):
    state = _donor_world(n=4)
    sec = np.array([0.5, 0.2, 0.6, 0.6])  # 1 is insecure
    trust = state.trust.copy()
    trust[0, 2], trust[0, 3] = 0.9, 0.3  # 0 trusts 2 three times as much as 3
    state = replace(state, security=sec, trust=trust)
    got = _step(state, params).aid_received
    w = trust[0, 1:] * (1 - sec[1:])
    assert got[1:] / got[1:].sum() == pytest.approx(w / w.sum(), rel=1e-12)
    assert got[2] == pytest.approx(3 * got[3], rel=1e-12)
    assert got[1] > got[3]


def test_no_aid_to_countries_the_donor_sanctions(params):
    state = _donor_world(n=3)
    sanctions = np.zeros((3, 3), dtype=np.int64)
    sanctions[0, 1] = 4
    got = _step(replace(state, sanctions=sanctions), params).aid_received
    assert got[1] == 0 and got[2] > 0


def test_zero_aid_lever_means_no_flows(params):
    state = _donor_world(aid=0.0)
    state = replace(state, aid_stock=np.full(4, 0.2))
    after = _step(state, params)
    assert (after.aid_given == 0).all() and (after.aid_received == 0).all()
    assert np.array_equal(after.trust, state.trust)
    assert np.array_equal(after.levers, state.levers)
    # capacity decays without upkeep
    assert after.aid_stock == pytest.approx(np.full(4, 0.2 * (1 - params.aid_decay)))


def test_calibration_aid_of_a_tenth_percent_of_gdp_lifts_security(params):
    # donor twice the recipient's size at aid 1: the recipient gets 0.1% of its GDP a year
    state = _donor_world(n=2)
    state = replace(state, gdp=np.array([2e12, 1e12]))
    assert _step(state, params).aid_received[1] * 12 / 1e12 == pytest.approx(
        params.aid_ref, rel=1e-12
    )
    before = security.effective(state, params)
    after = _run(state, params, 36)
    bound = params.aid_effect / (params.aid_effect + params.aid_decay)
    assert 0.08 < after.aid_stock[1] < 0.5 * bound + 0.05
    gain = security.effective(after, params) - before
    assert 0.03 < gain[1] < 0.1 and gain[0] == 0
    steady = _run(after, params, 600).aid_stock[1]
    assert steady == pytest.approx(
        0.5 * params.aid_effect / (0.5 * params.aid_effect + params.aid_decay), rel=1e-6
    )
    # a low-security recipient gains about +0.1 in the long run
    low = 1 - (1 - 0.3) * (1 - steady)
    assert 0.08 < low - 0.3 < 0.12


def test_huge_aid_saturates_below_the_bound(params):
    state = _donor_world(n=2)
    state = replace(state, gdp=np.array([1e15, 1e9]))
    after = _run(state, params, 600)
    bound = params.aid_effect / (params.aid_effect + params.aid_decay)
    assert 0.95 * bound < after.aid_stock[1] < bound


def test_recipients_trust_the_donor_more(params):
    state = _donor_world(n=2)
    state = replace(state, gdp=np.array([2e12, 1e12]))
    after = _step(state, params)
    t0 = state.trust[1, 0]
    # sole donor (share 1), intensity u = 1: saturation 1/2
    assert after.trust[1, 0] - t0 == pytest.approx(
        params.aid_trust_gain * 0.5 * (1 - t0), rel=1e-12
    )
    assert after.trust[0, 1] == state.trust[0, 1]


ON = {"aid_influence": 0.01}


def test_recipients_levers_drift_toward_the_donors_when_influence_is_on(params):
    """Verification: with influence on, masked levers move toward the donor's; offense and
    surveillance are masked by default."""
    params = params.with_overrides(ON)
    state = _donor_world(n=2)
    state = replace(state, gdp=np.array([2e12, 1e12]))
    levers = state.levers.copy()
    levers[0, lever_index("surveillance")] = 1.0
    levers[0, lever_index("sharing")] = 0.0
    state = replace(state, levers=levers)
    after = _step(state, params)
    step = params.aid_influence * 0.5 * 0.5  # rate x saturation x gap
    d = after.levers[1] - state.levers[1]
    assert d[lever_index("surveillance")] == 0  # masked by default
    assert d[lever_index("sharing")] == pytest.approx(-step, rel=1e-12)
    assert d[AID] == 0  # taking aid does not make a donor
    assert np.array_equal(after.levers[0], state.levers[0])
    weights = list(params.aid_influence_levers)
    weights[lever_index("surveillance")] = 1.0  # a scenario turns it on
    on = params.with_overrides({"aid_influence_levers": tuple(weights)})
    d = _step(state, on).levers[1] - state.levers[1]
    assert d[lever_index("surveillance")] == pytest.approx(step, rel=1e-12)


def test_offense_never_spreads_by_default_even_with_influence_on(params):
    """Verification: a donor at full offense does not raise its recipients' offense."""
    state = _donor_world(n=3)
    levers = state.levers.copy()
    levers[0, lever_index("offense")] = 1.0
    levers[1:, lever_index("offense")] = 0.0
    state = replace(state, levers=levers)
    after = _run(state, params.with_overrides({"aid_influence": 0.1}), 120)
    assert (after.levers[:, lever_index("offense")] == levers[:, lever_index("offense")]).all()
    assert after.aid_stock[1:].min() > 0.05  # while capacity is transferred


def test_default_influence_leaves_levers_exactly_unchanged(params):
    """Verification (the module in isolation): 10 years of aid with default parameters
    build capacity and trust but leave every lever bit-identical."""
    setting, levers, gdp = synthetic_setting(n=25, seed=5)
    state = start(setting, levers, gdp, params)
    trust0 = state.trust.copy()
    after = _run(state, params, 120)
    assert params.aid_influence == 0.0
    assert np.array_equal(after.levers, state.levers)
    assert after.aid_stock.max() > 0.01 and (after.trust > trust0 + 1e-9).any()


def test_baseline_levers_stay_where_the_scenario_sets_them():
    """Verification on the full model: with adaptation off and the sharing game's
    sovereignty cut off (that lever edit belongs to M3), a 10-year run of the real world
    leaves every lever exactly where it started."""
    from netpolitik.engine.setup import from_world
    from netpolitik.engine.simulator import simulate
    from netpolitik.params import Params
    from netpolitik.world import load_world

    setting, levers, gdp = from_world(load_world())
    p = Params().with_overrides({"sovereignty_cut": 0.0})
    traj = simulate(setting, levers, gdp, steps=120, seed=4, params=p)
    assert setting.adaptation == "off"
    assert np.array_equal(traj.final.levers, levers)


def test_values_stay_in_range_over_a_long_run(params):
    setting, levers, gdp = synthetic_setting(n=25, seed=5)
    state = start(setting, levers, gdp, params)
    p = params.with_overrides(
        {
            "aid_effect": 1.0,
            "aid_trust_gain": 1.0,
            "aid_influence": 0.1,
            "aid_budget_share": 0.05,
            "aid_influence_levers": (1.0,) * 8,
        }
    )
    for _ in range(120):
        state = security.step(_step(state, p), p, make_rng(0))
        for arr in (state.aid_stock, state.trust, state.levers, state.security):
            assert np.isfinite(arr).all() and (arr >= 0).all() and (arr <= 1).all()
        budget = state.levers[:, AID] * p.aid_budget_share * state.gdp / 12
        assert (state.aid_given <= budget * (1 + 1e-12)).all()
        assert state.aid_received.sum() == pytest.approx(state.aid_given.sum(), rel=1e-12)
