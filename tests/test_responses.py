"""M6 responses: sanctions threshold, trade, lifting, trust drops, disclosure."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from engine_states import uniform_state, with_lever

from netpolitik.engine import responses
from netpolitik.engine.simulator import make_rng


def _attributed(state, severity: int, attacker: int = 0, victim: int = 1):
    one = np.array([attacker]), np.array([victim]), np.array([severity])
    f = replace(state.flows, attributed_attacker=one[0], attributed_target=one[1],
                attributed_severity=one[2])
    return replace(state, flows=f)


def test_sanctions_above_threshold_not_below(params):
    state = replace(uniform_state(3), trade=np.ones((3, 3), dtype=bool))
    thr = int(params.sanction_severity)
    above = responses.step(_attributed(state, thr), params, make_rng(0))
    below = responses.step(_attributed(state, thr - 1), params, make_rng(0))
    assert above.sanctions[1, 0] > 0 and np.count_nonzero(above.sanctions) == 1
    assert not above.trade[1, 0] and not above.trade[0, 1]
    assert np.count_nonzero(below.sanctions) == 0 and below.trade.all()


def test_attributed_incident_costs_trust_by_severity(params):
    state = uniform_state(4)
    mild = responses.step(_attributed(state, 2), params, make_rng(0))
    severe = responses.step(_attributed(state, 6), params, make_rng(0))
    d_mild = state.trust[1, 0] - mild.trust[1, 0]
    d_severe = state.trust[1, 0] - severe.trust[1, 0]
    assert d_mild > 2 * params.trust_drop_per_severity - 1e-9
    assert d_severe > 2.5 * d_mild
    # bystanders lose less than the victim, but some
    assert 0 < state.trust[2, 0] - severe.trust[2, 0] < d_severe


def test_sanctions_lift_only_after_minimum_and_recovery(params):
    state = responses.step(_attributed(uniform_state(3), 9), params, make_rng(0))
    state = _attributed(state, 1, attacker=2, victim=0)  # unrelated, mild
    high = replace(state, trust=np.ones((3, 3)))
    months = 0
    s = high
    while s.sanctions[1, 0] > 0 and months < 100:
        s = responses.step(replace(s, flows=_attributed(s, 1, 2, 0).flows), params,
                           make_rng(0))
        s = replace(s, trust=np.ones((3, 3)))
        months += 1
    assert months == int(params.sanction_min_months)
    low = replace(state, trust=np.zeros((3, 3)))
    for _ in range(50):
        low = replace(responses.step(low, params, make_rng(0)), trust=np.zeros((3, 3)))
    assert low.sanctions[1, 0] > 0


def test_disclosure_lowers_everyones_exposure(params):
    base = uniform_state(4, value=0.0)
    more = with_lever(base, 0, "disclosure", 1.0)
    e0, e1 = responses.exposure(base, params), responses.exposure(more, params)
    assert np.all(e1 < e0)
    assert np.isclose(e0[0] - e1[0], params.disclosure_patch / 4)
