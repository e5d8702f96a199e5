"""M7 investment: the FDI pool, its split by sector group, and what attracts it."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_states import uniform_state, with_lever

from netpolitik.engine import investment
from netpolitik.engine.simulator import make_rng, start
from netpolitik.engine.synthetic import synthetic_setting


def _step(state, params):
    return investment.step(state, params, make_rng(0))


def _log_ratio(state, params, a=0, b=1):
    """log(inflow_a / inflow_b) per sector group, ``(2,)``."""
    inv = _step(state, params).investment
    return np.log(inv[a] / inv[b])


def test_pool_total_and_split_are_exact(params):
    setting, levers, gdp = synthetic_setting(n=12, seed=3)
    state = start(setting, levers, gdp, params)
    inv = _step(state, params).investment
    total = params.fdi_share * gdp.sum() / 12.0
    assert inv.shape == (12, 2) and (inv > 0).all()
    assert inv.sum() == pytest.approx(total, rel=1e-12)
    ss = params.security_sensitive_share
    assert inv[:, 0].sum() == pytest.approx(ss * total, rel=1e-12)
    assert inv[:, 1].sum() == pytest.approx((1 - ss) * total, rel=1e-12)


def test_identical_countries_get_fdi_in_proportion_to_market_size(params):
    state = uniform_state(4)
    state = replace(state, gdp=np.array([2e12, 1e12, 1e12, 1e12]))
    inv = _step(state, params).investment
    # market elasticity 1: twice the GDP, twice the inflow; FDI/GDP = fdi_share everywhere
    assert inv[0] == pytest.approx(2 * inv[1], rel=1e-12)
    rate = 12 * inv.sum(axis=1) / state.gdp
    assert rate == pytest.approx(np.full(4, params.fdi_share), rel=1e-12)


def test_security_attracts_security_sensitive_more_than_data_driven(params):
    base = uniform_state(4)
    secure = with_lever(base, 0, "defense", 1.0)
    d_sec = secure.security[0] - base.security[0]
    assert d_sec > 0.15
    lr = _log_ratio(secure, params)
    # only security differs: log odds move by w_sec x the security gain, per group
    assert lr[0] == pytest.approx(params.fdi_w_security_ss * d_sec, rel=1e-9)
    assert lr[1] == pytest.approx(params.fdi_w_security_dd * d_sec, rel=1e-9)
    gain = _step(secure, params).investment[0] / _step(base, params).investment[0]
    assert gain[0] > gain[1] > 1.0
    # logit shares: the secure country's share is e^lr / (e^lr + 3) against 1/4 before
    assert gain[0] == pytest.approx(4 * np.exp(lr[0]) / (np.exp(lr[0]) + 3), rel=1e-9)
    assert gain[0] > 1.25


def test_data_restriction_deters_both_groups_data_driven_more(params):
    base = uniform_state(4)
    closed = with_lever(base, 0, "data_restriction", 0.9)
    lr = _log_ratio(closed, params)
    # data_restriction enters via the bureaucracy penalty and openness (a third of it)
    expect = -0.4 * np.array(
        [
            params.fdi_w_bureaucracy_ss + params.fdi_w_openness_ss / 3,
            params.fdi_w_bureaucracy_dd + params.fdi_w_openness_dd / 3,
        ]
    )
    assert lr == pytest.approx(expect, rel=1e-9)
    assert lr[1] < lr[0] < 0
    loss = 1 - _step(closed, params).investment[0] / _step(base, params).investment[0]
    assert loss[1] > loss[0] > 0.1


def test_sanctions_lower_investment(params):
    base = uniform_state(4)
    sanctions = np.zeros((4, 4), dtype=np.int64)
    sanctions[1, 0] = sanctions[2, 0] = 3  # half of world GDP sanctions country 0
    lr = _log_ratio(replace(base, sanctions=sanctions), params, a=0, b=3)
    assert lr == pytest.approx(np.full(2, -params.fdi_w_sanctions * 0.5), rel=1e-9)
    inv = _step(replace(base, sanctions=sanctions), params).investment
    assert inv[0].sum() < 0.5 * inv[3].sum()


def test_recent_damage_is_smoothed_and_deters_investment(params):
    base = uniform_state(4)
    damage = np.array([0.01 * 1e12 / 12, 0, 0, 0])  # one month at 1% of GDP a year
    hit = replace(base, flows=replace(base.flows, damage=damage))
    after = _step(hit, params)
    keep = 0.5 ** (1 / params.damage_half_life)
    assert after.recent_damage[0] == pytest.approx((1 - keep) * 0.01, rel=1e-12)
    assert (after.recent_damage[1:] == 0).all()
    lr = np.log(after.investment[0] / after.investment[1])
    expect = -params.fdi_w_damage * after.recent_damage[0] / params.fdi_damage_ref
    assert lr == pytest.approx(np.full(2, expect), rel=1e-9)
    # sustained damage: the average converges to the annualised share, deterrence grows
    s = hit
    for _ in range(120):
        s = _step(s, params)
    assert s.recent_damage[0] == pytest.approx(0.01, rel=0.01)
    assert s.investment[0].sum() < 0.7 * s.investment[1].sum()
    # and it halves in one half-life once incidents stop
    quiet = replace(s, flows=replace(s.flows, damage=np.zeros(4)))
    for _ in range(int(params.damage_half_life)):
        quiet = _step(quiet, params)
    assert quiet.recent_damage[0] == pytest.approx(0.5 * s.recent_damage[0], rel=1e-9)
