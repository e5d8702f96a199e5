"""M5 attribution: detection, stealth, lag and expiry."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from engine_states import uniform_state

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
    f = replace(state.flows, new_attacker=np.zeros(n_incidents, dtype=np.int64),
                new_target=np.ones(n_incidents, dtype=np.int64),
                new_severity=np.full(n_incidents, 3, dtype=np.int64))
    return replace(state, flows=f)


def _months_to_attribute(state, params, seed: int) -> np.ndarray:
    rng = make_rng(seed)
    state = _queue(state, 2000)
    lags = []
    for month in range(60):
        state = attribution.step(state, params, rng)
        lags += [month] * state.flows.attributed_attacker.size
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
    assert len(out.pending) + out.flows.attributed_attacker.size == 50
