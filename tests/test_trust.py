"""M1 trust: direction and magnitude of each driver, contagion, range."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from engine_states import uniform_state, with_lever

from netpolitik.engine import trust
from netpolitik.engine.simulator import make_rng


def _trust_in(state, params, j: int, steps: int = 24) -> float:
    """Mean trust of the others in j after ``steps`` months of M1 alone."""
    rng = make_rng(0)
    state = replace(state, trust=np.full_like(state.trust, 0.5))
    for _ in range(steps):
        state = trust.step(state, params, rng)
    others = [k for k in range(state.setting.n) if k != j]
    return float(state.trust[others, j].mean())


def test_offense_lowers_others_trust(params):
    base = uniform_state(5)
    aggressive = with_lever(base, 0, "offense", 1.0)
    drop = _trust_in(base, params, 0) - _trust_in(aggressive, params, 0)
    # target falls by w_off * 0.5 = 0.15; after 24 months ~ (1 - 0.95^24) = 71% of it
    assert 0.08 < drop < 0.16
    # others' trust in everyone else is unchanged by 0's offense
    assert abs(_trust_in(base, params, 1) - _trust_in(aggressive, params, 1)) < 0.02


def test_disclosure_raises_trust(params):
    base = uniform_state(5)
    open_ = with_lever(base, 0, "disclosure", 1.0)
    assert _trust_in(open_, params, 0) > _trust_in(base, params, 0) + 0.03


def test_liberal_democracies_judge_offense_more_harshly(params):
    regime = np.array([0.0, 0.0, 1.0, 1.0])
    state = with_lever(uniform_state(4, regime=regime), 0, "offense", 1.0)
    t = trust.target(state, params)
    assert t[2, 0] < t[1, 0] - 0.1


def test_unchecked_surveillance_costs_trust_oversight_restores_it(params):
    base = uniform_state(4, value=0.5)
    watched = with_lever(with_lever(base, 0, "surveillance", 1.0), 0, "oversight", 0.0)
    checked = with_lever(with_lever(base, 0, "surveillance", 1.0), 0, "oversight", 1.0)
    t_w, t_c = trust.target(watched, params)[1, 0], trust.target(checked, params)[1, 0]
    assert t_c > t_w + 0.1


def test_rivalry_and_memberships(params):
    n = 4
    rivalry = np.zeros((n, n))
    rivalry[0, 1] = rivalry[1, 0] = 1
    shared = np.zeros((n, n))
    shared[2, 3] = shared[3, 2] = 4
    t = trust.target(uniform_state(n, rivalry=rivalry, shared=shared), params)
    assert t[0, 1] < t[0, 2] - 0.25
    assert t[2, 3] > t[2, 1] + 0.2


def test_contagion_follows_partners_trust():
    t = np.full((3, 3), 0.5)
    t[2, 0] = 0.9  # country 2 trusts 0 strongly
    t[1, 0] = 0.1
    np.fill_diagonal(t, 1.0)
    drop = np.zeros((3, 3))
    drop[0, 1] = 0.2  # 0 loses trust in 1 ... and so does 2, 0's close partner
    out = trust.apply_drop(t, drop, contagion=0.5)
    assert np.isclose(out[0, 1], 0.3)
    assert np.isclose(out[2, 1], 0.5 - 0.5 * 0.9 * 0.2)
    assert out[2, 1] < t[2, 1]
    assert np.all(np.diag(out) == 1.0) and out.min() >= 0


def test_trust_stays_in_range_with_extreme_levers(params):
    for value in (0.0, 1.0):
        state = uniform_state(6, value=value)
        t = trust.target(state, params)
        assert t.min() >= 0 and t.max() <= 1
