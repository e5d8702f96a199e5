"""Economy: trend growth, budgets, sanctions, persistent damage, IP theft, the digital
economy behind crime, and the real-world plausibility of growth."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_states import uniform_state

from netpolitik.engine import economy
from netpolitik.engine.setup import from_world
from netpolitik.engine.simulator import advance, make_rng, simulate, start
from netpolitik.params import Params
from netpolitik.policy import lever_index
from netpolitik.world import load_world


def _annual(state, params):
    """Annual growth the economy's step implies (damage-free flows)."""
    return (economy.grown_gdp(state, params) / state.gdp) ** 12 - 1.0


def _with(state, **setting):
    return replace(state, setting=replace(state.setting, **setting))


def test_gdp_grows_at_each_countrys_trend(params):
    """Verification: without sanctions, damage or budget changes GDP grows at its trend."""
    state = uniform_state(3)
    state = _with(state, growth_trend=np.array([0.08, 0.02, -0.01]), levers_ref=state.levers.copy())
    assert _annual(state, params) == pytest.approx([0.08, 0.02, -0.01], rel=1e-10)
    plain = uniform_state(3)  # no trend: base_growth, no reference: the budget is paid
    expected = params.base_growth - economy.budget(plain.levers, params)
    assert _annual(plain, params) == pytest.approx(expected, rel=1e-10)


@pytest.mark.parametrize("name", list(economy.BUDGET_LEVERS))
def test_spending_above_the_reference_slows_growth(params, name):
    """Verification, direction and magnitude: each spending lever raised by 0.5 above its
    reference costs 0.5 x its price in annual growth; cut by 0.5 it saves as much."""
    base = uniform_state(3)
    base = _with(base, growth_trend=np.full(3, 0.03), levers_ref=base.levers.copy())
    levers = base.levers.copy()
    levers[0, lever_index(name)] += 0.5
    levers[1, lever_index(name)] -= 0.5
    g = _annual(replace(base, levers=levers), params)
    price = getattr(params, economy.BUDGET_LEVERS[name])
    assert price > 0
    assert g[0] == pytest.approx(0.03 - 0.5 * price, rel=1e-9)
    assert g[1] == pytest.approx(0.03 + 0.5 * price, rel=1e-9)
    assert g[2] == pytest.approx(0.03, rel=1e-12)


def test_budget_magnitude_is_small_against_trend(params):
    """Verification of magnitude: full spending on all four levers costs under 1 pp."""
    full = np.ones((1, 8))
    assert 0.001 < economy.budget(full, params)[0] < 0.01
    non_budget = [
        lever_index(x) for x in ("surveillance", "sharing", "disclosure", "data_restriction")
    ]
    only_other = np.zeros((1, 8))
    only_other[0, non_budget] = 1.0
    assert economy.budget(only_other, params)[0] == 0


def test_sanctions_cut_growth(params):
    """Verification: a country sanctioned by half the world's GDP grows more slowly."""
    state = uniform_state(4)
    state = _with(state, levers_ref=state.levers.copy())
    sanctions = np.zeros((4, 4), np.int64)
    sanctions[[1, 2], 0] = 3
    g = _annual(replace(state, sanctions=sanctions), params)
    assert g[0] == pytest.approx(params.base_growth - 0.5 * params.sanction_gdp_cost, rel=1e-9)
    assert g[1] == pytest.approx(params.base_growth, rel=1e-12)


def _flows_with(state, damage, attacker=(), target=(), op_damage=()):
    return replace(
        state.flows,
        damage=np.asarray(damage, float),
        new_attacker=np.asarray(attacker, np.int64),
        new_target=np.asarray(target, np.int64),
        new_damage=np.asarray(op_damage, float),
        new_severity=np.ones(len(attacker), np.int64),
    )


def test_world_gdp_falls_when_damage_rises_all_else_fixed(params):
    """Verification, direction and magnitude: damage D lowers next month's GDP level by
    damage_persistence x D; more damage, lower world GDP."""
    state = uniform_state(3)
    clean = economy.grown_gdp(state, params)
    levels = []
    for scale in (0.0, 1e9, 1e10):
        f = _flows_with(state, [scale, 0.0, 2 * scale])
        levels.append(economy.grown_gdp(replace(state, flows=f), params))
    assert levels[1].sum() < levels[0].sum() and levels[2].sum() < levels[1].sum()
    assert clean - levels[2] == pytest.approx(
        params.damage_persistence * np.array([1e10, 0.0, 2e10]), rel=1e-9
    )


def test_ip_theft_is_a_transfer_from_victim_to_attacker(params):
    """Verification: the attacker gains ip_theft_share of the victim's persistent loss."""
    state = uniform_state(3)
    clean = economy.grown_gdp(state, params)
    d = 5e9
    f = _flows_with(state, [0.0, d, 0.0], attacker=[2], target=[1], op_damage=[d])
    after = economy.grown_gdp(replace(state, flows=f), params)
    p, s = params.damage_persistence, params.ip_theft_share
    assert after[2] - clean[2] == pytest.approx(p * s * d, rel=1e-9)
    assert clean[1] - after[1] == pytest.approx(p * d, rel=1e-9)
    assert clean.sum() - after.sum() == pytest.approx((1 - s) * p * d, rel=1e-9)
    none = economy.grown_gdp(
        replace(state, flows=f), params.with_overrides({"ip_theft_share": 0.0})
    )
    assert none[2] == pytest.approx(clean[2], rel=1e-12)


def test_stolen_value_never_exceeds_the_victims_capped_loss(params):
    """Verification: when the victim's damage was capped, the attacker's take is too."""
    state = uniform_state(2)
    f = _flows_with(state, [0.0, 1e9], attacker=[0, 0], target=[1, 1], op_damage=[2e9, 2e9])
    assert economy.stolen(replace(state, flows=f))[0] == pytest.approx(1e9, rel=1e-12)


def test_internet_use_diffuses_toward_saturation(params):
    """Verification: logistic diffusion at internet_diffusion logit points a year."""
    x0 = np.array([0.0, 0.1, 0.5, 0.9])
    x = economy.internet_use(x0, 120, params)
    logit = lambda v: np.log(v / (1 - v))  # noqa: E731
    assert x[0] == 0 and (x[1:] > x0[1:]).all() and (x < 1).all()
    assert logit(x[1:]) - logit(x0[1:]) == pytest.approx(
        np.full(3, 10 * params.internet_diffusion), rel=1e-9
    )
    assert economy.internet_use(x0, 0, params) == pytest.approx(x0)
    assert economy.criminal_capability(0, params) == params.crime_capability
    assert params.crime_capability < economy.criminal_capability(120, params) < 1


@pytest.fixture(scope="module")
def world():
    return from_world(load_world())


def test_china_grows_at_least_five_percent_a_year(world):
    """Validation (plausibility): with the full model on the real world, China's simulated
    2010-2019 growth averages at least 5%/yr over seeds (trend fitted on data to 2010)."""
    setting, levers, gdp = world
    chn = setting.iso3.index("CHN")
    rates = [
        (simulate(setting, levers, gdp, steps=120, seed=s).final.gdp[chn] / gdp[chn]) ** 0.1 - 1
        for s in (1, 2, 3)
    ]
    assert np.mean(rates) >= 0.05


def test_growth_trend_converges_and_averages_three_percent(world):
    """Verification of the fit (scripts/build_world.py): poorer countries trend faster, the
    GDP-weighted world trend is 3%, China's trend is fast and the USA's slow."""
    setting, _, gdp = world
    trend, iso = setting.growth_trend, setting.iso3
    assert np.corrcoef(trend, np.log(gdp / setting.population))[0, 1] < -0.3
    assert gdp @ trend / gdp.sum() == pytest.approx(0.03, abs=5e-4)
    assert trend[iso.index("CHN")] > 0.06 and trend[iso.index("USA")] < 0.03
    assert (np.abs(trend) < 0.15).all()


def test_world_gdp_lower_with_more_crime_damage(world):
    """Validation-style check on the full model (common random numbers): doubling criminal
    damage lowers world GDP after 5 years on every seed."""
    setting, levers, gdp = world
    p = Params()
    more = p.with_overrides({"crime_damage_share": 2 * p.crime_damage_share})
    for seed in (1, 2):
        base = simulate(setting, levers, gdp, steps=60, seed=seed, params=p)
        hit = simulate(setting, levers, gdp, steps=60, seed=seed, params=more)
        assert hit.final.gdp.sum() < base.final.gdp.sum()


def test_criminal_damage_share_rises_over_the_decade(world):
    """Validation: criminal damage as a share of world GDP rises from 2010 to 2019 in the
    baseline (averaged over seeds), because internet use and criminal tools grow."""
    setting, levers, gdp = world
    p = Params()
    first, last = [], []
    for seed in (1, 2, 3, 4):
        state, rng, share = start(setting, levers, gdp, p), make_rng(seed), []
        for _ in range(120):
            state = advance(state, p, rng)
            crime = state.flows.damage.sum() - state.flows.new_damage.sum()
            share.append(12 * crime / state.gdp.sum())
        first.append(np.mean(share[:24]))
        last.append(np.mean(share[-24:]))
    assert np.mean(last) > 1.2 * np.mean(first)


def test_trade_agreements_matter_to_growth(params):
    """Verification: ending a trade agreement (e.g. by sanctions) costs growth by the
    partner's share of world GDP times trade_growth_gain; data restriction above its start
    level costs part of the trade gain; at the start the trade drag is 0."""
    n = 4
    trade = np.ones((n, n), dtype=bool) & ~np.eye(n, dtype=bool)
    state = uniform_state(n, trade=trade)
    state = replace(
        state, trade=trade.copy(), setting=replace(state.setting, levers_ref=state.levers.copy())
    )
    assert np.allclose(economy.trade_drag(state, params), 0.0)
    cut = trade.copy()
    cut[0, 1] = cut[1, 0] = False
    ended = replace(state, trade=cut)
    drop = economy.growth(state, params) - economy.growth(ended, params)
    assert drop[0] == pytest.approx(
        params.trade_growth_gain * 0.25 * (1 - params.trade_restriction_cost * 0.5)
    )
    assert drop[2] == pytest.approx(0.0)
    levers = state.levers.copy()
    levers[0, 2] = 1.0  # data_restriction
    walled = replace(state, levers=levers)
    assert economy.trade_drag(walled, params)[0] == pytest.approx(
        params.trade_growth_gain * 0.75 * params.trade_restriction_cost * 0.5
    )
