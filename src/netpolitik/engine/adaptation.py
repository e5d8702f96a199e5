"""M11 Adaptation: governments adjust their levers to improve their own utility.

Source: essay §Looking Ahead ("policymakers who remain adaptive ... can bolster their
nations' global standing"; "setting an example for others to emulate"). Optional:
``Setting.adaptation`` is ``"off"`` (levers stay as the scenario sets them), ``"local"`` or
``"imitation"``. Every ``adaptation_period`` months (when ``(state.step + 1)`` is a multiple
of it; adaptation runs last in a step) each government i evaluates::

    U_i = w_i . (security_i, growth_i, partnerships_i, freedom_i, control_i)

* security: effective security ``state.security`` (:mod:`~netpolitik.engine.security`);
* growth: a score of the annual output growth the model currently implies,
  ``g = base_growth - sanction_gdp_cost * sanctioned_share - recent_damage`` (the economy's
  growth rule less the smoothed annual damage share of GDP), mapped to
  ``clip(0.5 + 0.5 g / utility_growth_span, 0, 1)``. State keeps no GDP of a year ago, so
  realised growth over the period is approximated by the growth rate now in force;
* partnerships: mean trust the others have in i, ``mean_k trust[k, i]`` (k != i);
* freedom: :func:`netpolitik.policy.freedom`;
* control: mean of the ``surveillance`` and ``data_restriction`` levers.

Weights are ``Setting.weights`` (rows normalised to sum to 1) or, by default, from the
regime score r: ``(0.3, 0.25, 0.2, 0.25 r, 0.25 (1 - r))`` (assumption: liberal democracies
value freedom, authoritarian regimes control; docs/model.md, M11). ``state.utility`` records U at
each evaluation, before the levers change.

Local search (bounded rationality, Simon 1955). Each government draws a proposal
``clip(levers_i + N(0, adaptation_step^2), 0, 1)`` and adopts it if its myopic estimate
:func:`estimate` is higher than that of its current levers. The estimate recomputes what
depends directly on its own levers, others' levers fixed: security (own security, and pooled
intelligence ``sharing_i X_i / (1 + X_i)`` with ``X_i`` its partners' contribution, combined
by :func:`netpolitik.engine.security.effective`), the trust others would have in it
(the column of :func:`netpolitik.engine.trust.target`, :func:`trust_in`), freedom and
control; growth is held fixed.

Imitation. Each government looks at its ``imitation_peers`` most similar countries
(similarity ``(1 - |r_i - r_j| + policy similarity_ij) / 2``), judges each peer's outcomes
with its own weights (``w_i . c_j``), and if the best peer does better than itself closes
``imitation_rate`` of the lever gap to that peer. Deterministic.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netpolitik.engine import security as security_mech
from netpolitik.engine import trust as trust_mech
from netpolitik.engine.state import Setting, State
from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.policy import (
    base_security,
    freedom,
    lever,
    openness,
    similarity,
    unchecked_surveillance,
)

#: Adaptation modes of ``Setting.adaptation``.
MODES: tuple[str, ...] = ("off", "local", "imitation")
#: Components of utility, in the column order of ``Setting.weights``.
COMPONENTS: tuple[str, ...] = ("security", "growth", "partnerships", "freedom", "control")


def weights(setting: Setting) -> np.ndarray:
    """Utility weights ``(N, 5)``, rows summing to 1 (see module docstring)."""
    n = setting.n
    if setting.weights is None:
        r = np.asarray(setting.regime, dtype=float)
        w = np.column_stack([np.full(n, 0.3), np.full(n, 0.25), np.full(n, 0.2),
                             0.25 * r, 0.25 * (1.0 - r)])
    else:
        w = np.asarray(setting.weights, dtype=float)
        if w.shape != (n, len(COMPONENTS)):
            raise InputError(f"weights: shape {w.shape}; expected ({n}, {len(COMPONENTS)}), "
                             f"one row per country over {', '.join(COMPONENTS)}")
        if not np.isfinite(w).all() or (w < 0).any() or (w.sum(axis=1) <= 0).any():
            raise InputError("weights: use finite values >= 0 with a positive sum per country")
    return w / w.sum(axis=1, keepdims=True)


def control(levers: np.ndarray) -> np.ndarray:
    """Control ``(N,)`` in [0, 1]: mean of ``surveillance`` and ``data_restriction``."""
    return 0.5 * (lever(levers, "surveillance") + lever(levers, "data_restriction"))


def growth_score(state: State, params: Params) -> np.ndarray:
    """Growth component ``(N,)`` in [0, 1] from the growth rate in force (module docstring)."""
    share = (state.gdp / state.gdp.sum()) @ (state.sanctions > 0)
    g = params.base_growth - params.sanction_gdp_cost * share - state.recent_damage
    return np.clip(0.5 + 0.5 * g / params.utility_growth_span, 0.0, 1.0)


def partnerships(trust: np.ndarray) -> np.ndarray:
    """Mean trust of the others in each country ``(N,)`` (off-diagonal column means)."""
    n = trust.shape[0]
    if n < 2:
        return np.zeros(n)
    return (trust.sum(axis=0) - np.diag(trust)) / (n - 1)


def components(state: State, params: Params) -> np.ndarray:
    """Realised utility components ``(N, 5)`` in the order of :data:`COMPONENTS`."""
    lv = state.levers
    return np.column_stack([state.security, growth_score(state, params),
                            partnerships(state.trust), freedom(lv, state.setting.regime),
                            control(lv)])


def utility(state: State, params: Params) -> np.ndarray:
    """Each government's realised utility ``(N,)`` with its own weights."""
    return (weights(state.setting) * components(state, params)).sum(axis=1)


def trust_in(state: State, params: Params, levers: np.ndarray) -> np.ndarray:
    """Target trust ``T[k, i]`` of k in i if i had ``levers[i]`` and k its current levers.

    Column i is column i of :func:`netpolitik.engine.trust.target` with i's levers
    replaced; with ``levers = state.levers`` the two are equal. ``O(N^2)`` in all.
    """
    s, cur = state.setting, state.levers
    gap = np.zeros((s.n, s.n))
    for k in range(cur.shape[1]):
        gap += np.abs(cur[:, k][:, None] - levers[:, k][None, :])
    sim = 1.0 - gap / cur.shape[1]
    judge = 1.0 + params.trust_liberal_amplifier * (s.regime - 0.5)
    harm = (params.trust_w_offense * lever(levers, "offense")
            + params.trust_w_surveillance * unchecked_surveillance(levers))
    toward = (params.trust_w_openness * (openness(levers) - 0.5)
              + params.trust_w_disclosure * (lever(levers, "disclosure") - 0.5))
    t = (params.trust_base
         + params.trust_w_similarity * (sim - 0.5)
         + params.trust_w_membership * (1.0 - np.exp(-trust_mech.shared_memberships(state) / 2))
         - params.trust_w_rivalry * s.rivalry
         - params.trust_w_sanction * ((state.sanctions > 0) | (state.sanctions.T > 0))
         + toward[None, :]
         - judge[:, None] * harm[None, :])
    t = np.clip(t, 0.0, 1.0)
    np.fill_diagonal(t, 1.0)
    return t


def estimate(state: State, params: Params, levers: np.ndarray) -> np.ndarray:
    """Myopic utility ``(N,)`` each government expects from its own row of ``levers``,
    everyone else's levers unchanged and growth fixed (module docstring)."""
    cur = state.levers
    x = state.partners @ (lever(cur, "sharing") * base_security(cur, state.capability))
    pooled = lever(levers, "sharing") * x / (1.0 + x)
    sec = security_mech.effective(replace(state, levers=levers, pooled=pooled), params)
    comps = np.column_stack([sec, growth_score(state, params),
                             partnerships(trust_in(state, params, levers)),
                             freedom(levers, state.setting.regime), control(levers)])
    return (weights(state.setting) * comps).sum(axis=1)


def local_search(state: State, params: Params, rng: np.random.Generator) -> np.ndarray:
    """New levers ``(N, 8)``: each government's random proposal where it estimates better."""
    cur = state.levers
    proposal = np.clip(cur + rng.normal(0.0, params.adaptation_step, cur.shape), 0.0, 1.0)
    better = estimate(state, params, proposal) > estimate(state, params, cur)
    return np.where(better[:, None], proposal, cur)


def peers(state: State, k: int) -> np.ndarray:
    """``(N, k)`` indices of each country's k most similar others (regime and policy)."""
    r = state.setting.regime
    sim = 0.5 * (1.0 - np.abs(r[:, None] - r[None, :])) + 0.5 * similarity(state.levers)
    np.fill_diagonal(sim, -np.inf)
    return np.argsort(-sim, axis=1, kind="stable")[:, :k]


def imitate(state: State, params: Params, comps: np.ndarray, w: np.ndarray) -> np.ndarray:
    """New levers ``(N, 8)``: a step toward the best similar peer, where it does better."""
    n = state.setting.n
    k = min(int(round(params.imitation_peers)), n - 1)
    if k < 1:
        return state.levers
    judged = w @ comps.T                         # judged[i, j] = w_i . c_j
    near = peers(state, k)
    rows = np.arange(n)[:, None]
    best = near[np.arange(n), np.argmax(judged[rows, near], axis=1)]
    better = judged[np.arange(n), best] > np.diag(judged)
    gap = state.levers[best] - state.levers
    return np.clip(state.levers + params.imitation_rate * better[:, None] * gap, 0.0, 1.0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Every ``adaptation_period`` months, record utility and adapt levers (if enabled)."""
    mode = state.setting.adaptation
    if mode == "off":
        return state
    if mode not in MODES:
        raise InputError(f"adaptation: unknown mode {mode!r}; use one of {', '.join(MODES)}")
    if (state.step + 1) % max(1, int(round(params.adaptation_period))):
        return state
    w = weights(state.setting)
    comps = components(state, params)
    if mode == "local":
        levers = local_search(state, params, rng)
    else:
        levers = imitate(state, params, comps, w)
    return replace(state, levers=levers, utility=(w * comps).sum(axis=1))
