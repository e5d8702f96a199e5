"""Each lever's payoff and price in the security mechanisms (the table of docs/model.md).

All tests here are **verification**: raise one lever with all else fixed, and the
documented term moves the documented way by about the documented amount.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from engine_states import uniform_state, with_lever

from netpolitik.engine import incidents, security, sharing, trust
from netpolitik.engine.simulator import make_rng
from netpolitik.policy import lever_index


def _own(state, params) -> np.ndarray:
    return security.own_security(state.levers, state.capability, params)


def test_offense_pays_in_intelligence(params):
    base = uniform_state(3, value=0.2)
    hawk = with_lever(base, 0, "offense", 1.0)
    gain = _own(hawk, params)[0] - _own(base, params)[0]
    # intel rises by offense_intel x capability 0.5 x 0.8 = 0.1; exposure (1 - own) ~ 0.6
    assert gain == pytest.approx(
        params.offense_intel
        * 0.5
        * 0.8
        * (1 - _own(base, params)[0])
        / (1 - params.offense_intel * 0.5 * 0.2),
        rel=1e-9,
    )
    assert hawk.security[0] > base.security[0] + 0.05
    assert hawk.security[1] == pytest.approx(base.security[1])


def test_surveillance_pays_in_detection(params):
    base = uniform_state(3, value=0.2)
    watch = with_lever(base, 0, "surveillance", 1.0)
    assert watch.security[0] > base.security[0] + 0.05
    assert watch.security[1] == pytest.approx(base.security[1])


def test_data_restriction_shields_against_foreign_operations(params):
    p = params.with_overrides({"attack_rate": 50.0})
    base = uniform_state(4, rivalry=1 - np.eye(4))
    walled = with_lever(base, 1, "data_restriction", 1.0)
    walled = replace(walled, security=base.security, trust=base.trust)

    def hits(state) -> float:
        out = [incidents.step(state, p, make_rng(s)).flows for s in range(400)]
        return sum(f.successes[:, 1].sum() for f in out) / sum(f.attempts[:, 1].sum() for f in out)

    ratio = hits(walled) / hits(base)
    # success scaled by (1 - shield * 1.0) / (1 - shield * 0.5)
    expected = (1 - params.restriction_shield) / (1 - 0.5 * params.restriction_shield)
    assert ratio == pytest.approx(expected, abs=0.06)


def test_history_persists_in_attack_rates(params):
    ops = np.zeros((4, 4))
    ops[0, 1] = 1.0
    state = uniform_state(4, past_operations=ops)
    plain = uniform_state(4)
    r, r0 = incidents.attack_rate(state, params), incidents.attack_rate(plain, params)
    # 1 distrusts 0 more (prior), but the attack rate 0 -> 1 is scaled by (1 + h)
    assert r[0, 1] == pytest.approx(
        r0[0, 1]
        * (1 + params.attack_history_weight)
        * (1 - state.trust[0, 1])
        / (1 - plain.trust[0, 1])
    )
    assert r[0, 2] == pytest.approx(r0[0, 2])


def _pool(n: int = 4):
    """A uniform world of ``n`` states, all in one pooling threat-sharing club."""
    from netpolitik.engine.clubs import make_clubs
    from netpolitik.params import Params

    initial = np.ones((n, 1), bool)
    spec = make_clubs(["POOL"], ["threat_sharing"], Params(), initial=initial)
    base = uniform_state(n, value=0.6)
    return replace(
        base,
        setting=replace(base.setting, clubs=spec),
        members=initial.copy(),
        strikes=np.zeros((n, 1), np.int64),
    )


def test_free_riders_still_receive_club_intelligence(params):
    state = sharing.step(_pool(), params, make_rng(0))
    k = lever_index("sharing")
    levers = state.levers.copy()
    levers[0, k] = 0.0
    rider = sharing.step(replace(state, levers=levers), params, make_rng(0))
    # a member that shares nothing still gets sharing_free_ride of the club's products,
    # against f + (1 - f) 0.6 for a member sharing 0.6 (same partners' contributions)
    f = params.sharing_free_ride
    from netpolitik.policy import base_security

    give = rider.levers[:, k] * base_security(rider.levers, rider.capability)
    x = rider.partners @ give
    assert rider.pooled[0] == pytest.approx(f * x[0] / (1 + x[0]))
    assert rider.pooled[1] == pytest.approx((f + (1 - f) * 0.6) * x[1] / (1 + x[1]))
    assert 0 < rider.pooled[0] < rider.pooled[1]
    # ... and its partners read the gap as defection
    e = trust.posture(rider, params)
    assert e[1, 0] < e[1, 2]


def test_sharing_with_insecure_partners_leaks(params):
    state = _pool()
    state = sharing.step(state, params, make_rng(0))
    weak = replace(state, capability=np.array([0.9, 0.05, 0.05, 0.05]))
    strong = replace(state, capability=np.array([0.9, 0.9, 0.9, 0.9]))
    assert security.leak(weak, params)[0] > security.leak(strong, params)[0] > 0
    assert security.leak(replace(state, partners=np.zeros_like(state.partners)), params)[0] == 0
