"""Effective security of each country, refreshed at the start of every step.

Source: essay §Landscape ("governments that invest heavily in encryption capabilities,
digital espionage detection, and protective frameworks may appear more secure").
Effective security is the country's own :func:`netpolitik.policy.base_security`
(``sqrt(defense * capability)``), in [0, 1]. It is the target's defence in M4 and the
victim's detection in M5.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netpolitik.engine.state import State
from netpolitik.params import Params
from netpolitik.policy import base_security


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Recompute effective security from levers and capability. Deterministic."""
    return replace(state, security=base_security(state.levers, state.setting.capability))
