"""M1 Trust: dyadic trust moves toward a target set by policies, ties and rivalries.

Source: essay §Diplomatic ("if a government is perceived as excessively secretive or
aggressive in cyber tactics, other nations might hesitate"), §Harmonization, §Personal
Freedoms. ``trust[i, j]`` is how much i trusts j, in [0, 1]; the diagonal is 1.

Target trust of i in j::

    base + w_sim (similarity_ij - 1/2) + w_mem (1 - exp(-shared_ij / 2))
         + w_open (openness_j - 1/2) + w_disc (disclosure_j - 1/2)
         - L_i (w_off offense_j + w_surv unchecked_surveillance_j) - w_rival rivalry_ij
         - w_sanction [i sanctions j or j sanctions i]

where ``L_i = 1 + amp (regime_i - 1/2)`` makes liberal democracies judge offense and
unchecked surveillance more harshly. Each month trust closes ``trust_rate`` of the gap.
Events (attributed incidents, M6) lower trust through :func:`apply_drop`, which spreads a
share of each drop to the truster's close partners (reputational contagion).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netpolitik.engine.state import State, fill_diagonal
from netpolitik.params import Params
from netpolitik.policy import lever, openness, similarity, unchecked_surveillance

_similarity_cache: list = [None, None]  # [levers array, its similarity]


def policy_similarity(levers: np.ndarray) -> np.ndarray:
    """:func:`netpolitik.policy.similarity`, reused while the levers array is unchanged.

    States are never mutated in place (mechanisms copy before changing levers), so the
    same array object means the same levers; most months no mechanism touches them.
    """
    if _similarity_cache[0] is not levers:
        _similarity_cache[:] = [levers, similarity(levers)]
    return _similarity_cache[1]


def shared_memberships(state: State) -> np.ndarray:
    """``(N, N)`` number of clubs both belong to now (static ``Setting.shared`` when the run
    has no clubs)."""
    if state.setting.clubs.k == 0:
        return state.setting.shared
    m = state.members.astype(float)
    return m @ np.swapaxes(m, -1, -2)


def target(state: State, params: Params) -> np.ndarray:
    """Policy-driven target trust ``(N, N)`` in [0, 1] (see module docstring).

    Works on batched arrays too (levers ``(R, N, 8)``, sanctions ``(R, N, N)``)."""
    s, lv = state.setting, state.levers
    judge = 1.0 + params.trust_liberal_amplifier * (s.regime - 0.5)
    harm = (params.trust_w_offense * lever(lv, "offense")
            + params.trust_w_surveillance * unchecked_surveillance(lv))
    toward = (params.trust_w_openness * (openness(lv) - 0.5)
              + params.trust_w_disclosure * (lever(lv, "disclosure") - 0.5))
    t = (params.trust_base
         + params.trust_w_similarity * (policy_similarity(lv) - 0.5)
         + params.trust_w_membership * (1.0 - np.exp(-shared_memberships(state) / 2.0))
         - params.trust_w_rivalry * s.rivalry
         - params.trust_w_sanction * ((state.sanctions > 0)
                                      | (np.swapaxes(state.sanctions, -1, -2) > 0))
         + toward[..., None, :]
         - judge[:, None] * harm[..., None, :])
    t = np.clip(t, 0.0, 1.0)
    return fill_diagonal(t, 1.0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Move trust ``trust_rate`` of the way toward :func:`target`. Deterministic."""
    trust = state.trust + params.trust_rate * (target(state, params) - state.trust)
    return replace(state, trust=np.clip(trust, 0.0, 1.0))


def apply_drop(trust: np.ndarray, drop: np.ndarray, contagion: float) -> np.ndarray:
    """Lower trust by ``drop`` (``(N, N)``, >= 0) plus reputational contagion.

    When i loses ``drop[i, j]`` of its trust in j, every k loses
    ``contagion * trust[k, i] * drop[i, j]`` as well: close partners of i follow i.
    Returns a new array clipped to [0, 1] with the diagonal kept at 1.
    """
    partners = trust.copy()
    np.fill_diagonal(partners, 0.0)
    spread = np.zeros_like(drop)
    hit = np.flatnonzero(drop.any(axis=0))  # only trustees that lost trust spread it
    if hit.size and contagion:
        spread[:, hit] = contagion * (partners @ drop[:, hit])
    out = np.clip(trust - drop - spread, 0.0, 1.0)
    np.fill_diagonal(out, 1.0)
    return out


def mean_trust(trust: np.ndarray) -> float:
    """Mean off-diagonal trust: the collaboration measure (docs/design.md, glossary)."""
    n = trust.shape[-1]
    if n < 2:
        return float("nan")
    return float((trust.sum() - np.trace(trust)) / (n * (n - 1)))
