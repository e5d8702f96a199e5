"""M5 Attribution: successful state operations are traced to their sponsor, with a lag.

Source: essay §Diplomatic ("when a data breach is traced to a particular country's
sponsored cyber unit"). Each pending incident (victim v, attacker a) is attributed in a
given month with probability::

    h = attribution_hazard * (floor + (1 - floor) detection_v) * (1 - stealth_w stealth_a)

where ``detection_v`` is the victim's effective security, ``floor = attribution_floor``,
``stealth_w = attribution_stealth`` and ``stealth_a`` the attacker's capability. The time to
attribution is therefore geometric with mean ``1 / h`` months: attribution lags. Incidents
still unattributed after ``attribution_window`` months drop out for good.

Breaches scheduled by events (M10, ``state.forced``) are attributed in the step they occur.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netpolitik.engine.state import Pending, State
from netpolitik.params import Params


def hazard(detection: np.ndarray, stealth: np.ndarray, params: Params) -> np.ndarray:
    """Monthly attribution probability for victims' ``detection`` vs attackers' ``stealth``."""
    seen = params.attribution_floor + (1.0 - params.attribution_floor) * detection
    return params.attribution_hazard * seen * (1.0 - params.attribution_stealth * stealth)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Queue this step's successes, draw attributions, age and expire the rest."""
    f, q = state.flows, state.pending
    attacker = np.concatenate([q.attacker, f.new_attacker])
    target = np.concatenate([q.target, f.new_target])
    sev = np.concatenate([q.severity, f.new_severity])
    age = np.concatenate([q.age, np.zeros(f.new_attacker.size, dtype=np.int64)])
    h = hazard(state.security[target], state.capability[attacker], params)
    hit = rng.random(attacker.size) < h
    keep = ~hit & (age + 1 < params.attribution_window)
    pending = Pending(attacker[keep], target[keep], sev[keep], age[keep] + 1)
    forced = state.forced
    flows = replace(
        f, attributed_attacker=np.concatenate([attacker[hit], forced.attacker]),
        attributed_target=np.concatenate([target[hit], forced.target]),
        attributed_severity=np.concatenate([sev[hit], forced.severity]))
    return replace(state, pending=pending, flows=flows, forced=Pending())
