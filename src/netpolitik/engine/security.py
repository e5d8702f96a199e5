"""Effective security of each country, refreshed at the start of every step.

Source: essay §Landscape ("governments that invest heavily in encryption capabilities,
digital espionage detection, and protective frameworks may appear more secure"),
§Defense Alliances (pooled intelligence), §Harmonization (capacity building), §Looking
Ahead (quantum and AI shocks). Effective security in [0, 1] is::

    (1 - (1 - own) (1 - pool_weight * pooled) (1 - aid_stock)) * (1 - shock_penalty)

with ``own = sqrt(defense * capability)`` (:func:`netpolitik.policy.base_security`),
``pooled`` the intelligence received from sharing partners (M3), ``aid_stock`` the capacity
built with aid (M9) and ``shock_penalty`` the security lost to shocks (M10). In an AI attack
wave the pooled data are worth more: ``pool_weight = sharing_pool_weight + ai_pool_bonus *
ai_boost``. With no partners, aid or shocks (the core rules) it is ``own``. It is the
target's defence in M4 and the victim's detection in M5.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netpolitik.engine.state import State
from netpolitik.params import Params
from netpolitik.policy import base_security


def effective(state: State, params: Params) -> np.ndarray:
    """Effective security ``(N,)`` in [0, 1] (see module docstring)."""
    own = base_security(state.levers, state.capability)
    weight = min(1.0, params.sharing_pool_weight + params.ai_pool_bonus * state.ai_boost)
    exposed = (1.0 - own) * (1.0 - weight * state.pooled) * (1.0 - state.aid_stock)
    return np.clip((1.0 - exposed) * (1.0 - state.shock_penalty), 0.0, 1.0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Recompute effective security. Deterministic."""
    return replace(state, security=effective(state, params))
