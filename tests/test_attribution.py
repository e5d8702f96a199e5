"""M5 attribution: detection, stealth, lag, expiry, false flags and the choice to go public.

All tests here are **verification** of the documented rules.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from engine_states import uniform_state, with_lever

from netpolitik.engine import attribution
from netpolitik.engine.simulator import make_rng
from netpolitik.engine.state import Pending


def test_hazard_rises_with_detection_falls_with_stealth(params):
    h = attribution.hazard(np.array([0.0, 0.5, 1.0]), np.zeros(3), params)
    assert h[0] < h[1] < h[2]
    assert np.isclose(h[0], params.attribution_hazard * params.attribution_floor)
    s = attribution.hazard(np.ones(2), np.array([0.0, 1.0]), params)
    assert np.isclose(s[1], s[0] * (1 - params.attribution_stealth))


def _queue(state, n_incidents: int):
    f = replace(
        state.flows,
        new_attacker=np.zeros(n_incidents, dtype=np.int64),
        new_target=np.ones(n_incidents, dtype=np.int64),
        new_severity=np.full(n_incidents, 3, dtype=np.int64),
    )
    return replace(state, flows=f)


def _traced(state) -> int:
    """Operations traced this step, public or private."""
    return state.flows.attributed_attacker.size + state.flows.private_attacker.size


def _months_to_attribute(state, params, seed: int) -> np.ndarray:
    rng = make_rng(seed)
    state = _queue(state, 2000)
    lags = []
    for month in range(60):
        state = attribution.step(state, params, rng)
        lags += [month] * _traced(state)
        state = _queue(state, 0)
    return np.array(lags)


def test_better_detection_attributes_more_and_sooner(params):
    weak = replace(uniform_state(3), security=np.zeros(3))
    strong = replace(uniform_state(3), security=np.ones(3))
    lw, ls = _months_to_attribute(weak, params, 1), _months_to_attribute(strong, params, 1)
    assert ls.size > 1.5 * lw.size
    assert ls.mean() < lw.mean()


def test_attribution_lags_geometrically(params):
    state = replace(uniform_state(3), security=np.ones(3), capability=np.zeros(3))
    lags = _months_to_attribute(state, params.with_overrides({"attribution_window": 600}), 2)
    h = params.attribution_hazard
    # geometric on {0, 1, ...}: mean (1 - h) / h, within sampling error
    assert abs(lags.mean() - (1 - h) / h) < 0.6
    assert lags.max() > 12  # some take more than a year


def test_unattributed_incidents_expire(params):
    state = replace(uniform_state(3), security=np.zeros(3))
    p = params.with_overrides({"attribution_window": 3})
    rng = make_rng(0)
    state = attribution.step(_queue(state, 100), p, rng)
    for _ in range(3):
        state = attribution.step(_queue(state, 0), p, rng)
    assert len(state.pending) == 0


def test_pending_queue_conserves_incidents(params):
    state = _queue(replace(uniform_state(3), pending=Pending()), 50)
    out = attribution.step(state, params, make_rng(5))
    assert len(out.pending) + _traced(out) == 50


def _traced_many(state, params, seed: int = 0, count: int = 4000):
    """One step with ``count`` operations of 0 on 1 that are all traced (hazard 1)."""
    p = params.with_overrides(
        {"attribution_hazard": 1.0, "attribution_floor": 1.0, "attribution_stealth": 0.0}
    )
    return attribution.step(_queue(state, count), p, make_rng(seed)), p


def test_false_flags_name_distrusted_capable_suspects(params):
    state = with_lever(uniform_state(4), 2, "offense", 1.0)  # 2 is a capable suspect
    state = replace(state, capability=np.array([1.0, 0.5, 0.5, 0.5]))
    out, p = _traced_many(state, params.with_overrides({"false_flag_rate": 0.3}))
    f = out.flows
    named = np.concatenate([f.attributed_attacker, f.private_attacker])
    wrong = named != 0
    # about false_flag_rate * capability_0 = 30% are false flags, all on a third state
    assert 0.26 < wrong.mean() < 0.34
    assert not np.any(named == 1)  # never the victim itself
    # the suspect with offense 1 draws more blame than those at offense 0.5
    assert (named == 2).sum() > 1.5 * (named == 3).sum()
    # public false attributions are flagged as untrue
    assert np.array_equal(f.attributed_true, f.attributed_attacker == 0)


def test_no_false_flags_from_an_incapable_attacker(params):
    state = replace(uniform_state(3), capability=np.array([0.0, 0.5, 0.5]))
    out, _ = _traced_many(state, params)
    named = np.concatenate([out.flows.attributed_attacker, out.flows.private_attacker])
    assert np.all(named == 0)


def _public_share(state, params, **over) -> float:
    out, _ = _traced_many(state, params.with_overrides({"false_flag_rate": 0.0, **over}))
    f = out.flows
    return f.attributed_attacker.size / (f.attributed_attacker.size + f.private_attacker.size)


def test_going_public_is_political(params):
    base = uniform_state(3)
    p0 = _public_share(base, params)
    # severity-3 operation, trust 0.45: sigmoid(bias - public_trust * (0.45 - 0.5))
    x = params.public_bias + params.public_trust * 0.05
    assert abs(p0 - 1 / (1 + np.exp(-x))) < 0.03
    friendly = replace(base, trust=np.full((3, 3), 0.95))
    assert _public_share(friendly, params) < p0 - 0.15  # friends are named less
    dependent = replace(base, trade=np.ones((3, 3), dtype=bool), gdp=np.array([9e12, 1e12, 1e12]))
    assert _public_share(dependent, params) < p0 - 0.2  # dependence silences the victim
    strong = with_lever(base, 0, "offense", 1.0)
    assert _public_share(strong, params) < p0 - 0.05  # coercive leverage


def test_severe_operations_go_public_more(params):
    state = uniform_state(3)
    q = replace(
        state.flows,
        new_attacker=np.zeros(4000, np.int64),
        new_target=np.ones(4000, np.int64),
        new_severity=np.full(4000, 7, np.int64),
    )
    p = params.with_overrides(
        {
            "attribution_hazard": 1.0,
            "attribution_floor": 1.0,
            "attribution_stealth": 0.0,
            "false_flag_rate": 0.0,
        }
    )
    out = attribution.step(replace(state, flows=q), p, make_rng(0))
    share = out.flows.attributed_attacker.size / 4000
    assert share > _public_share(state, params) + 0.3


def test_median_lag_of_a_geometric_lag():
    assert attribution.median_lag(0.5) == 1.0
    assert attribution.median_lag(0.1) == 7.0  # 0.9^6 = 0.53 > 0.5 >= 0.9^7
    assert attribution.median_lag(0.0) == float("inf")
