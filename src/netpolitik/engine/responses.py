"""M6 Responses: attributed incidents cost trust; severe ones bring sanctions.

Source: essay §Diplomatic ("the result can be severe sanctions or the abrupt termination of
trade agreements"; "nations that proactively disclose vulnerabilities ... find greater
acceptance").

For each attribution (victim v, attacker a, severity s):

* v's trust in a falls by ``trust_drop_per_severity * s``; every other country's by
  ``trust_drop_public * s``; close partners of v follow v (contagion, :func:`trust.apply_drop`).
* if ``s >= sanction_severity``: v sanctions a and their trade agreement ends.

Sanctions last at least ``sanction_min_months`` and are then lifted once the sanctioner's
trust in the target recovers above ``sanction_lift_trust``; ``sanctions[i, j]`` counts the
months i has sanctioned j (0 = none).

Vulnerability disclosure lowers everyone's exposure: capable states that disclose what
they find get it patched, so exposure is
``1 - disclosure_patch * sum(capability * disclosure) / sum(capability)``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netpolitik.engine import trust as trust_mech
from netpolitik.engine.state import State
from netpolitik.params import Params
from netpolitik.policy import lever


def exposure(state: State, params: Params) -> np.ndarray:
    """Every country's exposure ``(N,)`` in [0, 1] after global patching of disclosures."""
    cap = state.capability
    disclosed = float((cap * lever(state.levers, "disclosure")).sum() / max(cap.sum(), 1e-12))
    return np.full(state.setting.n, 1.0 - params.disclosure_patch * disclosed)


def trust_drop(state: State, params: Params) -> np.ndarray:
    """Direct trust drop ``(N, N)`` from this step's attributions (before contagion)."""
    f, n = state.flows, state.setting.n
    drop = np.zeros((n, n))
    sev = f.attributed_severity.astype(float)
    np.add.at(drop, (f.attributed_target, f.attributed_attacker),
              params.trust_drop_per_severity * sev)
    public = np.bincount(f.attributed_attacker, weights=sev, minlength=n)
    drop += params.trust_drop_public * public[None, :]
    np.fill_diagonal(drop, 0.0)
    return drop


def lift_or_extend(sanctions: np.ndarray, trust: np.ndarray, params: Params) -> np.ndarray:
    """Age sanctions in force by a month; lift those past the minimum whose trust recovered."""
    active = sanctions > 0
    lift = active & (sanctions >= params.sanction_min_months) & (
        trust > params.sanction_lift_trust)
    return np.where(active & ~lift, sanctions + 1, 0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Apply trust drops, impose and lift sanctions, end trade deals, update exposure."""
    f = state.flows
    trust = state.trust
    if f.attributed_attacker.size:
        trust = trust_mech.apply_drop(trust, trust_drop(state, params), params.trust_contagion)
    severe = f.attributed_severity >= params.sanction_severity
    victim, culprit = f.attributed_target[severe], f.attributed_attacker[severe]
    sanctions = lift_or_extend(state.sanctions, trust, params)
    sanctions[victim, culprit] = np.maximum(sanctions[victim, culprit], 1)
    trade = state.trade.copy()
    trade[victim, culprit] = False
    trade[culprit, victim] = False
    return replace(state, trust=trust, sanctions=sanctions, trade=trade,
                   exposure=exposure(state, params))
