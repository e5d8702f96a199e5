"""M1 trust as a learned belief: priors from ties, posture evidence, bounded contagion.

All tests here are **verification**: each checks that a term of the documented rule moves
trust in the documented direction and by about the documented amount.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_states import uniform_state, with_lever

from netpolitik.engine import trust
from netpolitik.engine.simulator import make_rng


def _evolve(state, params, steps: int = 24):
    rng = make_rng(0)
    for _ in range(steps):
        state = trust.step(state, params, rng)
    return state


def _trust_in(state, params, j: int, steps: int = 24) -> float:
    """Mean trust of the others in j after ``steps`` months of M1 alone."""
    state = _evolve(state, params, steps)
    others = [k for k in range(state.setting.n) if k != j]
    return float(state.trust[others, j].mean())


def test_prior_is_base_trust_without_ties(params):
    state = uniform_state(4)
    off = ~np.eye(4, dtype=bool)
    assert np.allclose(state.trust[off], params.trust_base)
    assert np.allclose(np.diag(state.trust), 1.0)


def test_prior_falls_with_rivalry_disputes_and_history(params):
    n = 4
    rivalry = np.zeros((n, n))
    rivalry[0, 1] = rivalry[1, 0] = 1.0
    disputes = np.zeros((n, n))
    disputes[0, 2] = disputes[2, 0] = 5.0
    ops = np.zeros((n, n))
    ops[3, 0] = 2.0  # 3 attacked 0 before the start
    state = uniform_state(n, rivalry=rivalry, disputes=disputes, past_operations=ops)
    base = params.trust_base
    assert state.trust[0, 1] < base - 0.25  # w_riv = 1.5 logit
    assert state.trust[0, 2] < base - 0.15
    assert state.trust[0, 3] < base - 0.15  # 0 distrusts its past attacker ...
    assert state.trust[3, 0] == pytest.approx(base)  # ... not the other way round
    assert state.trust[1, 2] == pytest.approx(base)


def test_shared_memberships_raise_the_prior(params):
    shared = np.full((3, 3), 4.0)
    np.fill_diagonal(shared, 0)
    state = uniform_state(3, shared=shared)
    expected = trust.sigmoid(
        trust.logit(np.array(params.trust_base)) + params.trust_w_membership * (1 - np.exp(-2.0))
    )
    assert state.trust[0, 1] == pytest.approx(float(expected))


def test_offense_lowers_others_trust_security_dilemma(params):
    base = uniform_state(5)
    aggressive = with_lever(base, 0, "offense", 1.0)
    drop = _trust_in(base, params, 0) - _trust_in(aggressive, params, 0)
    # posture evidence -w_threat * capability * 0.5 = -0.0075 logit/month more for 24
    # months (faded by trust_rate): about -0.13 logit, i.e. about -0.03 trust
    assert 0.015 < drop < 0.06
    assert abs(_trust_in(base, params, 1) - _trust_in(aggressive, params, 1)) < 1e-9


def test_threat_is_read_more_strongly_by_rivals(params):
    rivalry = np.zeros((3, 3))
    rivalry[1, 0] = rivalry[0, 1] = 1.0
    state = with_lever(uniform_state(3, rivalry=rivalry), 0, "offense", 1.0)
    t = trust.threat(state, params)
    assert t[1, 0] == pytest.approx((1 + params.trust_threat_rival) * t[2, 0])


def test_disclosure_raises_trust(params):
    base = uniform_state(5)
    open_ = with_lever(base, 0, "disclosure", 1.0)
    gain = _trust_in(open_, params, 0) - _trust_in(base, params, 0)
    assert 0.01 < gain < 0.06


def test_liberal_states_mind_unchecked_surveillance_more(params):
    regime = np.array([0.5, 1.0, 0.0])
    state = uniform_state(3, regime=regime)
    watched = with_lever(with_lever(state, 0, "surveillance", 1.0), 0, "oversight", 0.0)
    e = trust.posture(watched, params) - trust.posture(state, params)
    assert e[1, 0] < e[2, 0] <= 0.0
    assert e[2, 0] == pytest.approx(0.0)  # regime 0 does not mind


def test_reciprocity_punishes_free_riding(params):
    state = uniform_state(3)
    links = np.ones((3, 3)) - np.eye(3)
    state = replace(state, partners=links)
    rider = with_lever(state, 0, "sharing", 0.0)
    rider = replace(rider, partners=links)
    e = trust.posture(rider, params)
    assert e[1, 0] < 0 < e[0, 1]  # 1 distrusts the free rider; 0 credits the giver
    full = trust.posture(state, params)
    assert full[1, 2] == pytest.approx(
        params.trust_w_cooperation * 0.5
        - params.trust_w_threat * 0.25
        - params.trust_w_restriction * 0.5
        - params.trust_w_surveillance * 0.5 * 0.25
    )


def test_beliefs_fade_toward_the_prior(params):
    state = uniform_state(3)
    low = replace(state, trust=np.where(np.eye(3, dtype=bool), 1.0, 0.05))
    later, ref = _evolve(low, params, 48), _evolve(state, params, 48)
    assert 0.05 < later.trust[0, 1] < ref.trust[0, 1]
    gap0 = trust.logit(np.array(state.trust[0, 1])) - trust.logit(np.array(0.05))
    gap = trust.logit(np.array(ref.trust[0, 1])) - trust.logit(np.array(later.trust[0, 1]))
    # posture evidence is the same in both runs, so their gap shrinks by (1 - rate)^48
    assert gap == pytest.approx(gap0 * (1 - params.trust_rate) ** 48, rel=0.05)


def test_contagion_is_bounded_and_independent_of_n():
    for n in (5, 50, 200):
        t = np.full((n, n), 0.6)
        np.fill_diagonal(t, 1.0)
        drop = np.zeros((n, n))
        drop[1, 0] = 0.2
        out = trust.apply_drop(t, drop, contagion=0.5)
        bystanders = [k for k in range(2, n)]
        loss = t[bystanders, 0] - out[bystanders, 0]
        assert np.all(loss <= 0.5 * 0.2 + 1e-12)
        assert loss.sum() == pytest.approx(0.5 * 0.2 * (n - 2) / (n - 1), rel=1e-6)


def test_ties_rows_sum_to_one():
    rng = np.random.default_rng(0)
    t = rng.random((6, 6))
    shared = rng.integers(0, 4, (6, 6)).astype(float)
    w = trust.ties(t, shared)
    sums = w.sum(axis=1)
    assert np.all((np.isclose(sums, 1.0)) | (sums == 0))
    assert np.all(np.diag(w) == 0)


def test_apply_evidence_is_additive_in_log_odds():
    t = np.full((2, 2), 0.5)
    np.fill_diagonal(t, 1.0)
    shift = np.array([[0.0, np.log(3.0)], [-np.log(3.0), 0.0]])
    out = trust.apply_evidence(t, shift)
    assert out[0, 1] == pytest.approx(0.75) and out[1, 0] == pytest.approx(0.25)
    assert np.all(np.diag(out) == 1.0)


def test_trust_stays_in_range_and_diagonal_is_one(params):
    rng = np.random.default_rng(3)
    state = uniform_state(6)
    levers = rng.random(state.levers.shape)
    state = replace(state, levers=levers, trust=rng.random((6, 6)))
    out = _evolve(state, params, 12)
    assert np.all((out.trust >= 0) & (out.trust <= 1))
    assert np.all(np.diag(out.trust) == 1.0)


def test_static_prior_is_computed_once_per_setting_and_params(params):
    """The run-fixed part of the anchor is cached in ``Setting.derived`` for one Params
    object; other Params, a replaced setting, or a pickled copy recompute it."""
    import pickle

    from netpolitik.params import Params

    rivalry = np.zeros((3, 3))
    rivalry[0, 1] = rivalry[1, 0] = 1.0
    state = uniform_state(3, rivalry=rivalry)
    first = trust.static_prior(state, params)
    assert trust.static_prior(state, params) is first and not first.flags.writeable
    hostile = Params(trust_w_rivalry=2 * params.trust_w_rivalry)
    assert trust.static_prior(state, hostile)[0, 1] < first[0, 1]
    calm = replace(state, setting=replace(state.setting, rivalry=np.zeros((3, 3))))
    assert calm.setting.derived == {}
    assert trust.static_prior(calm, params)[0, 1] > first[0, 1]
    copy = pickle.loads(pickle.dumps(state.setting))
    assert copy.derived == {} and np.array_equal(copy.rivalry, rivalry)


def test_membership_terms_follow_a_new_membership_array(params):
    """The membership part of the anchor is reused while ``state.members`` is the same
    array and recomputed when a step returns a new one (verification of the cache)."""
    from netpolitik.engine.setup import from_world
    from netpolitik.engine.simulator import start
    from netpolitik.world import load_world

    setting, levers, gdp = from_world(load_world(["USA", "GBR", "DEU", "RUS"]))
    state = start(setting, levers, gdp, params)
    first = trust.membership_prior(state, params)
    assert trust.membership_prior(state, params) is first
    assert trust.shared_memberships(state)[0, 1] > 0
    alone = np.zeros_like(state.members)
    left = replace(state, members=alone)
    assert trust.shared_memberships(left)[0, 1] == 0
    assert trust.anchor(left, params)[0, 1] < trust.anchor(state, params)[0, 1]
    assert trust.membership_prior(state, params)[0, 1] == pytest.approx(first[0, 1])
