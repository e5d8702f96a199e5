"""Effective security of each country, refreshed at the start of every step.

Source: essay §Landscape ("governments that invest heavily in encryption capabilities,
digital espionage detection, and protective frameworks may appear more secure"),
§Defense Alliances (pooled intelligence), §Harmonization (capacity building), §Looking
Ahead (quantum and AI shocks). Effective security in [0, 1] is::

    (1 - (1 - own)(1 - intel)(1 - watch)(1 - pool_weight pooled)(1 - aid_stock))
        * (1 - leak) * (1 - shock_penalty)

with ``own = sqrt(defense * capability)`` (:func:`netpolitik.policy.base_security`;
diminishing returns, Gordon & Loeb 2002), ``intel = offense_intel * capability * offense``
(what a state's own operations teach it about others' tools: the payoff of offense,
Buchanan 2016), ``watch = surveillance_detection * surveillance`` (domestic monitoring
detects intrusions: the payoff of surveillance), ``leak = sharing_leak * sharing * mean
insecurity of its sharing partners`` (the leak risk of sharing, :func:`leak`),
``pooled`` the intelligence received from sharing partners (M3), ``aid_stock`` the capacity
built with aid (M9) and ``shock_penalty`` the security lost to shocks (M10). In an AI attack
wave the pooled data are worth more: ``pool_weight = sharing_pool_weight + ai_pool_bonus *
ai_boost``. With no partners, aid or shocks (the core rules) it is ``own``. It is the
target's defence in M4 and the victim's detection in M5.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.state import State, evolve
from netpolitik.params import Params
from netpolitik.policy import base_security, lever


def leak(state: State, params: Params, levers: np.ndarray | None = None) -> np.ndarray:
    """Security lost to leaks ``(N,)``: ``sharing_leak * sharing_i * (weighted mean over
    i's sharing partners of 1 - own security_j)``; 0 without partners. ``levers``
    replaces each state's own sharing lever (partners keep theirs)."""
    links = state.partners
    weight = links.sum(axis=-1)
    own = base_security(state.levers, state.capability)
    insecure = np.divide(links @ (1.0 - own), weight, out=np.zeros_like(weight), where=weight > 0)
    mine = state.levers if levers is None else levers
    return params.sharing_leak * lever(mine, "sharing") * insecure


def own_security(levers: np.ndarray, capability: np.ndarray, params: Params) -> np.ndarray:
    """Security ``(N,)`` from a state's own levers: defense, intelligence from its
    offense, detection from its surveillance (module docstring)."""
    own = base_security(levers, capability)
    intel = params.offense_intel * capability * lever(levers, "offense")
    watch = params.surveillance_detection * lever(levers, "surveillance")
    return 1.0 - (1.0 - own) * (1.0 - intel) * (1.0 - watch)


def effective(state: State, params: Params, levers: np.ndarray | None = None) -> np.ndarray:
    """Effective security ``(N,)`` in [0, 1] (see module docstring). ``levers`` replaces
    each state's own levers, others' unchanged (what a government expects, M11)."""
    mine = state.levers if levers is None else levers
    own = own_security(mine, state.capability, params)
    weight = min(1.0, params.sharing_pool_weight + params.ai_pool_bonus * state.ai_boost)
    exposed = (1.0 - own) * (1.0 - weight * state.pooled) * (1.0 - state.aid_stock)
    kept = (1.0 - leak(state, params, levers)) * (1.0 - state.shock_penalty)
    return np.clip((1.0 - exposed) * kept, 0.0, 1.0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Recompute effective security. Deterministic."""
    return evolve(state, security=effective(state, params))
