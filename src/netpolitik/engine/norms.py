"""Norm diffusion and club norms: the slow harmonisation of levers.

Source: essay §Harmonization ("policy convergence lags"; multilateral platforms give "a
framework of broad statements that leave room for interpretation and uneven enforcement";
"over time, better communication, shared best practices, and joint problem-solving might
pave the way for more cohesive strategies ... broadly accepted norms"; "nations that
champion open internet principles ... can inspire similar commitments from their allies").

Diffusion. Each month every state's levers ``L_i`` (all eight) drift toward the weighted
mean of its trusted partners' levers::

    w_ij = max(trust_ij - floor, 0) (1 + c club_ij) influence_j          (j != i)
    influence_j = (gdp_j / mean gdp)^e
    L_i <- L_i + rho (sum_j w_ij L_j / sum_j w_ij - L_i)       (where sum_j w_ij > 0)

with ``rho = norm_diffusion_rate`` (0 = off, the baseline: not calibrated,
``docs/calibration.md``), ``floor = norm_trust_floor``, ``club_ij`` = 1 when i and j share
a club, ``c = norm_club_weight`` and ``e = norm_influence_exponent``. Only trust above the
floor pulls: distrusted states are not imitated, so convergence needs trust.

Club norms ("broad statements"). A club ``k`` may hold a norm: a lever range
``[low_kl, high_kl]`` (``Clubs.norm_low``/``norm_high``) and an enforcement strength
``e_k`` (``Clubs.norm_enforcement``). A member's gap is ``gap_ikl = clip(L_il, low_kl,
high_kl) - L_il`` and its compliance::

    comply_ik = e_k (1 - w_r + w_r regime_i) trusting_ik
    L_il <- L_il + r sum_k comply_ik max(0, 1 - w_c |gap_ikl|) gap_ikl

with ``trusting_ik`` i's mean trust in the club's other members, ``r =
norm_compliance_rate``, ``w_r = norm_regime_weight`` and ``w_c = norm_cost_weight``:
liberal, trusting members close their gaps, others little, and a norm that asks a large
change is complied with least (uneven enforcement). Levers stay in [0, 1].

The step is deterministic and returns the state unchanged (same object) when both parts
are off. :func:`dispersion` is the harmonisation measure recorded in ``global.parquet``.

Examples
--------
>>> import numpy as np
>>> float(dispersion(np.array([[0.0] * 8, [1.0] * 8])))
0.5
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.state import State, evolve, fill_diagonal
from netpolitik.params import Params


def dispersion(levers: np.ndarray) -> np.ndarray:
    """Lever dispersion across states: the mean over levers of the standard deviation
    across states; ``(..., N, 8)`` -> ``(...)``. 0 = every state has the same levers."""
    return np.asarray(levers).std(axis=-2).mean(axis=-1)


def co_members(members: np.ndarray) -> np.ndarray:
    """``(N, N)`` True where two different states share at least one club."""
    m = members.astype(float)
    return fill_diagonal((m @ m.T) > 0, False)


def diffusion_weights(state: State, params: Params) -> np.ndarray:
    """``(N, N)`` weight of j's levers in i's drift (module docstring); zero diagonal."""
    trusted = np.maximum(state.trust - params.norm_trust_floor, 0.0)
    influence = (state.gdp / max(state.gdp.mean(), 1e-300)) ** params.norm_influence_exponent
    club = 1.0 + params.norm_club_weight * co_members(state.members)
    return fill_diagonal(trusted * club * influence[None, :], 0.0)


def diffused(state: State, params: Params) -> np.ndarray:
    """Levers ``(N, 8)`` after one month of diffusion toward trusted partners."""
    w = diffusion_weights(state, params)
    total = w.sum(axis=1)
    pulled = total > 0
    target = np.divide(
        w @ state.levers, total[:, None], out=state.levers.copy(), where=pulled[:, None]
    )
    return state.levers + params.norm_diffusion_rate * (target - state.levers)


def compliance(state: State, params: Params) -> np.ndarray:
    """``(N, K)`` each member's compliance with each club's norms (0 for non-members)."""
    c, members = state.setting.clubs, state.members
    m = members.astype(float)
    others = np.maximum(m.sum(axis=0)[None, :] - m, 1.0)
    diag = np.diagonal(state.trust)[:, None]
    trusting = (state.trust @ m - diag * m) / others
    regime = 1.0 - params.norm_regime_weight + params.norm_regime_weight * state.setting.regime
    assert c.norm_enforcement is not None
    return c.norm_enforcement[None, :] * regime[:, None] * trusting * m


def complied(state: State, levers: np.ndarray, params: Params) -> np.ndarray:
    """``levers`` ``(N, 8)`` moved toward the clubs' norm ranges by compliance."""
    c = state.setting.clubs
    assert c.norm_low is not None and c.norm_high is not None
    gap = np.clip(levers[:, None, :], c.norm_low[None], c.norm_high[None]) - levers[:, None, :]
    willing = np.maximum(0.0, 1.0 - params.norm_cost_weight * np.abs(gap))
    comply = compliance(state, params)[:, :, None]
    return levers + params.norm_compliance_rate * (comply * willing * gap).sum(axis=1)


def has_norms(state: State) -> bool:
    """True when some club enforces a norm."""
    e = state.setting.clubs.norm_enforcement
    return e is not None and bool((e > 0).any())


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Diffusion toward trusted partners, then compliance with club norms.
    Deterministic; the state itself when both are off."""
    diffuse = params.norm_diffusion_rate > 0
    norms = has_norms(state)
    if not (diffuse or norms):
        return state
    levers = diffused(state, params) if diffuse else state.levers
    if norms:
        levers = complied(state, levers, params)
    return evolve(state, levers=np.clip(levers, 0.0, 1.0))
