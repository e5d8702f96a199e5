"""M6 responses: belief shifts, joint attribution, the response menu, sanctions that end.

All tests here are **verification** of the documented rules; the share of restrained
responses in a whole run is checked against Valeriano & Maness in
``tests/test_plausibility.py`` (validation).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_states import uniform_state, with_lever

from netpolitik.engine import responses, trust
from netpolitik.engine.simulator import make_rng
from netpolitik.engine.state import RESPONSES


def _attributed(state, severity: int, attacker: int = 0, victim: int = 1, count: int = 1):
    a = np.full(count, attacker), np.full(count, victim), np.full(count, severity)
    f = replace(
        state.flows,
        attributed_attacker=a[0],
        attributed_target=a[1],
        attributed_severity=a[2],
        attributed_true=np.ones(count, bool),
    )
    return replace(state, flows=f)


def _only(params, response: str):
    """Parameters under which the victim always picks ``response``."""
    low = {
        "response_denounce": -20,
        "response_indict": -20,
        "response_sanction": -20,
        "response_counter": -20,
    }
    key = {
        "denounce": "response_denounce",
        "indict": "response_indict",
        "sanction": "response_sanction",
        "counter_operation": "response_counter",
    }
    if response in key:
        low[key[response]] = 20
    return params.with_overrides(low)


def test_victim_loses_trust_by_severity_bystanders_less(params):
    state = uniform_state(4)
    p = _only(params, "restraint")
    mild = responses.step(_attributed(state, 2), p, make_rng(0))
    severe = responses.step(_attributed(state, 6), p, make_rng(0))
    lo = trust.logit(state.trust[1, 0]) - trust.logit(mild.trust[1, 0])
    hi = trust.logit(state.trust[1, 0]) - trust.logit(severe.trust[1, 0])
    assert lo == pytest.approx(2 * (params.trust_drop_victim + params.trust_drop_public))
    assert hi == pytest.approx(3 * lo)
    bystander = trust.logit(state.trust[2, 0]) - trust.logit(severe.trust[2, 0])
    assert 0 < bystander < hi / 5


def test_one_severity_3_attribution_moves_world_trust_by_less_than_005(params):
    for n in (10, 60, 195):
        shared = np.full((n, n), 3.0)
        state = uniform_state(n, shared=shared)
        out = responses.step(_attributed(state, 3), _only(params, "denounce"), make_rng(0))
        others = [k for k in range(n) if k not in (0, 1)]
        assert (state.trust[others, 0] - out.trust[others, 0]).mean() < 0.05


def test_response_choice_follows_the_scores(params):
    state = uniform_state(3)
    scores = responses.response_scores(state, params, np.array([1]), np.array([0]), np.array([3]))
    draws = responses.choose(np.repeat(scores, 20000, axis=0), make_rng(1))
    shares = np.bincount(draws, minlength=len(RESPONSES)) / draws.size
    expected = np.exp(scores[0]) / np.exp(scores[0]).sum()
    assert np.allclose(shares, expected, atol=0.015)
    assert shares[0] == shares.max()  # restraint is the most common answer (V&M 2015)


def test_severity_rivalry_and_capacity_raise_harsh_responses(params):
    rivalry = np.zeros((3, 3))
    rivalry[0, 1] = rivalry[1, 0] = 1.0
    base = uniform_state(3)
    v, c = np.array([1]), np.array([0])
    s3 = responses.response_scores(base, params, v, c, np.array([3]))[0]
    s6 = responses.response_scores(base, params, v, c, np.array([6]))[0]
    assert np.all(s6[1:] > s3[1:]) and s6[0] == s3[0] == 0
    rival = responses.response_scores(
        uniform_state(3, rivalry=rivalry), params, v, c, np.array([3])
    )[0]
    assert rival[3] == pytest.approx(s3[3] + params.response_rivalry)
    strong = with_lever(base, 1, "offense", 1.0)
    cap = responses.response_scores(strong, params, v, c, np.array([3]))[0]
    assert cap[4] > s3[4] and cap[3] == pytest.approx(s3[3])
    dependent = replace(base, trade=np.ones((3, 3), bool))
    dep = responses.response_scores(dependent, params, v, c, np.array([3]))[0]
    assert dep[3] < s3[3]


def test_sanction_response_imposes_sanctions_and_ends_trade(params):
    state = replace(uniform_state(3), trade=np.ones((3, 3), dtype=bool))
    out = responses.step(_attributed(state, 5), _only(params, "sanction"), make_rng(0))
    assert out.sanctions[1, 0] == 1 and np.count_nonzero(out.sanctions) == 1
    assert not out.trade[1, 0] and not out.trade[0, 1] and out.trade[1, 2]
    assert out.flows.sanctions_imposed == 1
    assert out.trust[0, 1] < state.trust[0, 1]  # the sanctioned state resents it
    calm = responses.step(_attributed(state, 5), _only(params, "restraint"), make_rng(0))
    assert np.count_nonzero(calm.sanctions) == 0 and calm.trade.all()


def test_counter_operation_joins_the_pending_queue(params):
    state = uniform_state(3)
    out = responses.step(_attributed(state, 4), _only(params, "counter_operation"), make_rng(0))
    q = out.pending
    assert list(q.attacker) == [1] and list(q.target) == [0] and list(q.severity) == [3]


def test_denouncing_spreads_further_than_restraint(params):
    shared = np.full((5, 5), 3.0)
    state = uniform_state(5, shared=shared)
    loud = responses.step(_attributed(state, 4), _only(params, "denounce"), make_rng(0))
    quiet = responses.step(_attributed(state, 4), _only(params, "restraint"), make_rng(0))
    assert loud.trust[3, 0] < quiet.trust[3, 0]
    assert loud.trust[1, 0] == pytest.approx(quiet.trust[1, 0])


def test_joint_attribution_by_sharing_partners(params):
    state = replace(uniform_state(4), security=np.ones(4))
    links = np.zeros((4, 4))
    links[1, 2] = links[2, 1] = 1.0
    state = replace(state, partners=links)
    p = _only(params, "restraint").with_overrides({"joint_attribution_rate": 1.0})
    out = responses.step(_attributed(state, 3), p, make_rng(0))
    assert list(out.flows.attributed_joint) == [1]
    assert out.trust[1, 2] > state.trust[1, 2] and out.trust[2, 1] > state.trust[2, 1]
    assert out.trust[2, 0] < state.trust[3, 0] - 0.01  # the co-attributor updates more


def test_sanctions_end_after_the_minimum(params):
    state = responses.step(_attributed(uniform_state(3), 9), _only(params, "sanction"), make_rng(0))
    clear = replace(state, flows=_attributed(state, 1, count=0).flows)
    rng, months, lengths = make_rng(0), 1, []
    s = clear
    while s.sanctions[1, 0] > 0 and months < 600:
        s = responses.step(s, params, rng)
        lengths += list(s.flows.sanctions_ended)
        months += 1
    assert params.sanction_min_months <= months < 600
    assert lengths == [months - 1] or lengths == [months]


def test_sanction_episode_lengths_follow_the_hazard(params):
    n = 60
    sanctions = np.zeros((n, n), np.int64)
    sanctions[0, 1:] = int(params.sanction_min_months)
    t = np.full((n, n), 0.5)
    rng = make_rng(2)
    out, ended = responses.lift(sanctions, t, params, rng)
    total = ended.size
    for _ in range(200):
        out, ended = responses.lift(out, t, params, rng)
        total += ended.size
    assert total == n - 1  # every episode ended
    h = params.sanction_end_hazard * 1.0
    first, _ = responses.lift(sanctions, t, params, make_rng(9))
    # about h of the episodes past their minimum end in a month
    share = 1 - np.count_nonzero(first) / (n - 1)
    assert abs(share - h) < 0.1


def test_disclosure_lowers_everyones_exposure(params):
    base = uniform_state(4, value=0.0)
    more = with_lever(base, 0, "disclosure", 1.0)
    e0, e1 = responses.exposure(base, params), responses.exposure(more, params)
    assert np.all(e1 < e0)
    assert np.isclose(e0[0] - e1[0], params.disclosure_patch / 4)
