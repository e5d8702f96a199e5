"""M11 Adaptation: governments choose levers by their utility under the levers' prices.

Source: essay §Looking Ahead ("policymakers who remain adaptive ... can bolster their
nations' global standing"; "setting an example for others to emulate"). Optional:
``Setting.adaptation`` is ``"off"`` (levers stay exactly as the scenario sets them),
``"local"`` or ``"imitation"``. Every ``adaptation_period`` months (when
``(state.step + 1)`` is a multiple of it; adaptation runs last in a step) each government i
evaluates::

    U_i = sum_c w_ic sqrt(x_ic)      c in (security, growth, partnerships, freedom, control)

with diminishing returns on each goal (the square root; assumption), so that prices and
payoffs meet inside [0, 1] rather than at its ends:

* security: the harm averted, ``1 - e_i (1 - s_i)``, with ``s_i`` the effective security
  (:mod:`~netpolitik.engine.security`, with the intelligence of offense and the detection
  of surveillance) and ``e_i = 1 - (1 - e_0)(1 - m_i)`` the exposure i feels: a floor
  ``e_0 = adaptation_exposure_floor`` (crime, unattributed intrusions) and the threat of
  the most dangerous distrusted state, ``m_i = max_j min(1, (1 - trust_ij) threat_ij)``
  (:func:`netpolitik.engine.trust.threat`). A state values defense by the threat it
  faces, so a threatened state buys more of it; under threat it also values its own
  offensive power as a deterrent, ``+ k_det w_sec m_i sqrt(capability_i offense_i)``
  (``k_det = adaptation_deterrence``). Together these are the security dilemma: a
  threatened state's defense and offense go up (Buchanan 2016; assumption for the form);
* growth: ``clip(0.5 + 0.5 g / utility_growth_span, 0, 1)`` of the growth rate the levers
  imply (:func:`policy_growth`: the growth in force less the spending budget of defense,
  offense, aid and oversight, plus the investment and innovation effects of the levers);
* partnerships: the mean trust others would come to hold in i, ``sigmoid(L_ki + (P_ki(new)
  - P_ki(now)) / trust_rate)`` (M1's posture evidence at its long-run effect);
* freedom: :func:`netpolitik.policy.freedom`;
* control: :func:`control`, regime control and sovereignty: unchecked surveillance, data
  restriction, and not depending on others' intelligence (``1 - sharing``).

Weights are ``Setting.weights`` (rows normalised to sum to 1) or, by default, from the
regime score r: ``(0.3, 0.25, 0.2, 0.25 r, 0.25 (1 - r))`` (assumption: liberal
democracies value freedom, authoritarian regimes control). ``state.utility`` records U at
each evaluation, before the levers change.

Local search (bounded rationality, Simon 1955). Each government draws a proposal
``clip(levers_i + N(0, adaptation_step^2), 0, 1)`` and adopts it if :func:`estimate` (its
utility with its own row of levers changed, everyone else's fixed) is higher.

Imitation. Each government looks at its ``imitation_peers`` most similar countries
(similarity ``(1 - |r_i - r_j| + policy similarity_ij) / 2``), judges each peer's outcomes
with its own weights, and if the best peer does better than itself closes
``imitation_rate`` of the lever gap to that peer. Deterministic.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine import economy, innovation, investment
from netpolitik.engine import security as security_mech
from netpolitik.engine import sharing as sharing_mech
from netpolitik.engine import trust as trust_mech
from netpolitik.engine.state import Setting, State, evolve
from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.policy import freedom, lever, similarity, unchecked_surveillance

#: Adaptation modes of ``Setting.adaptation``.
MODES: tuple[str, ...] = ("off", "local", "imitation")
#: Components of utility, in the column order of ``Setting.weights``.
COMPONENTS: tuple[str, ...] = ("security", "growth", "partnerships", "freedom", "control")


def weights(setting: Setting) -> np.ndarray:
    """Utility weights ``(N, 5)``, rows summing to 1 (see module docstring)."""
    n = setting.n
    if setting.weights is None:
        r = np.asarray(setting.regime, dtype=float)
        w = np.column_stack(
            [np.full(n, 0.3), np.full(n, 0.25), np.full(n, 0.2), 0.25 * r, 0.25 * (1.0 - r)]
        )
    else:
        w = np.asarray(setting.weights, dtype=float)
        if w.shape != (n, len(COMPONENTS)):
            raise InputError(
                f"weights: shape {w.shape}; expected ({n}, {len(COMPONENTS)}), "
                f"one row per country over {', '.join(COMPONENTS)}"
            )
        if not np.isfinite(w).all() or (w < 0).any() or (w.sum(axis=1) <= 0).any():
            raise InputError("weights: use finite values >= 0 with a positive sum per country")
    return w / w.sum(axis=1, keepdims=True)


def control(levers: np.ndarray) -> np.ndarray:
    """Control ``(N,)`` in [0, 1]: mean of unchecked surveillance, data restriction and
    ``1 - sharing`` (sovereignty over one's own intelligence)."""
    return (
        unchecked_surveillance(levers)
        + lever(levers, "data_restriction")
        + 1.0
        - lever(levers, "sharing")
    ) / 3.0


def growth_rate(state: State, params: Params) -> np.ndarray:
    """Annual growth rate ``(N,)`` in force: the economy's growth (trend, sanctions,
    budgets; :func:`netpolitik.engine.economy.growth`) less the recent damage share."""
    return economy.growth(state, params) - state.recent_damage


def growth_score(state: State, params: Params, rate: np.ndarray | None = None) -> np.ndarray:
    """Growth component ``(N,)`` in [0, 1] of an annual growth ``rate`` (default: in force)."""
    g = growth_rate(state, params) if rate is None else rate
    return np.clip(0.5 + 0.5 * g / params.utility_growth_span, 0.0, 1.0)


def policy_growth(state: State, params: Params, levers: np.ndarray) -> np.ndarray:
    """Annual growth ``(N,)`` each government expects with its own row of ``levers``.

    The growth in force, less the change of its spending budget
    (:func:`netpolitik.engine.economy.budget`), plus the change of growth from foreign
    investment (its inflow scaled by the change of its attractiveness, M7) and from
    innovation (M8)."""
    cur = state.levers
    budget = economy.budget(levers, params) - economy.budget(cur, params)
    moved = evolve(state, levers=levers, security=_security(state, params, levers))
    shift = investment.attractiveness(moved, params) - investment.attractiveness(state, params)
    inflow = state.investment * np.exp(np.clip(shift, -20.0, 20.0))
    fdi = 12.0 * (inflow - state.investment).sum(axis=1) / np.maximum(state.gdp, 1e-300)
    innov = innovation.innovation(moved) - innovation.innovation(state)
    return (
        growth_rate(state, params)
        - budget
        + params.growth_per_investment * fdi
        + params.growth_per_innovation * innov
    )


def partnerships(trust: np.ndarray) -> np.ndarray:
    """Mean trust of the others in each country ``(N,)`` (off-diagonal column means)."""
    n = trust.shape[0]
    if n < 2:
        return np.zeros(n)
    return (trust.sum(axis=0) - np.diag(trust)) / (n - 1)


def perceived_threat(state: State, params: Params) -> np.ndarray:
    """``(N,)`` threat each state reads in the most dangerous distrusted other state:
    ``max_j min(1, (1 - trust_ij) threat_ij)``, in [0, 1] and independent of N."""
    t = np.minimum((1.0 - state.trust) * trust_mech.threat(state, params), 1.0)
    np.fill_diagonal(t, 0.0)
    return t.max(axis=1) if state.setting.n > 1 else np.zeros(state.setting.n)


def exposure(threat: np.ndarray, params: Params) -> np.ndarray:
    """Exposure in [0, 1] at a perceived ``threat``: ``1 - (1 - adaptation_exposure_floor)
    (1 - threat)``."""
    return 1.0 - (1.0 - params.adaptation_exposure_floor) * (1.0 - threat)


def _value(
    state: State, params: Params, comps: np.ndarray, levers: np.ndarray | None = None
) -> np.ndarray:
    """Utility ``(N,)`` of components ``(N, 5)`` under ``levers`` (default: the state's):
    weighted square roots, security valued by the harm it averts at the state's exposure,
    plus the deterrent value of its own offensive power under threat (module docstring)."""
    lv = state.levers if levers is None else levers
    w = weights(state.setting)
    menace = perceived_threat(state, params)
    values = np.clip(comps, 0.0, 1.0).copy()
    values[:, 0] = 1.0 - exposure(menace, params) * (1.0 - values[:, 0])
    power = np.sqrt(state.capability * lever(lv, "offense"))
    deterrent = params.adaptation_deterrence * w[:, 0] * menace * power
    return (w * np.sqrt(values)).sum(axis=1) + deterrent


def components(state: State, params: Params) -> np.ndarray:
    """Realised utility components ``(N, 5)`` in the order of :data:`COMPONENTS`."""
    lv = state.levers
    return np.column_stack(
        [
            state.security,
            growth_score(state, params),
            partnerships(state.trust),
            freedom(lv, state.setting.regime),
            control(lv),
        ]
    )


def utility(state: State, params: Params) -> np.ndarray:
    """Each government's realised utility ``(N,)``."""
    return _value(state, params, components(state, params))


def trust_in(state: State, params: Params, levers: np.ndarray) -> np.ndarray:
    """Long-run trust ``T[k, i]`` of k in i if i had ``levers[i]``: k's belief shifted by
    the change of i's posture evidence at its long-run effect (``/ trust_rate``)."""
    change = trust_mech.posture(state, params, levers) - trust_mech.posture(state, params)
    rate = max(params.trust_rate, 1e-3)
    t = trust_mech.sigmoid(trust_mech.logit(state.trust) + change / rate)
    np.fill_diagonal(t, 1.0)
    return t


def _security(state: State, params: Params, levers: np.ndarray) -> np.ndarray:
    """Effective security ``(N,)`` each state would have with its own row of ``levers``."""
    pooled = sharing_mech.pooled(state, state.partners, params, levers)
    return security_mech.effective(evolve(state, pooled=pooled), params, levers)


def estimate(state: State, params: Params, levers: np.ndarray) -> np.ndarray:
    """Utility ``(N,)`` each government expects from its own row of ``levers``, everyone
    else's levers unchanged (module docstring)."""
    comps = np.column_stack(
        [
            _security(state, params, levers),
            growth_score(state, params, policy_growth(state, params, levers)),
            partnerships(trust_in(state, params, levers)),
            freedom(levers, state.setting.regime),
            control(levers),
        ]
    )
    return _value(state, params, comps, levers)


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
    judged = w @ np.sqrt(np.clip(comps, 0.0, 1.0)).T  # judged[i, j] = w_i . sqrt(c_j)
    near = peers(state, k)
    rows = np.arange(n)[:, None]
    best = near[np.arange(n), np.argmax(judged[rows, near], axis=1)]
    better = judged[np.arange(n), best] > np.diag(judged)
    gap = state.levers[best] - state.levers
    return np.clip(state.levers + params.imitation_rate * better[:, None] * gap, 0.0, 1.0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Every ``adaptation_period`` months, record utility and adapt levers (if enabled)."""
    return adapt(state, params, rng)


def adapt(
    state: State, params: Params, rng: np.random.Generator, keep: np.ndarray | None = None
) -> State:
    """:func:`step`, with the governments where ``keep`` (``(N,)`` bool) is True holding
    their levers: they choose their own (e.g. learning agents, :mod:`netpolitik.env`).

    The generator is drawn exactly as by :func:`step`, so the others adapt as they would
    with no one kept, given the same state.
    """
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
    if keep is not None:
        levers = np.where(np.asarray(keep, bool)[:, None], state.levers, levers)
    return evolve(state, levers=levers, utility=_value(state, params, comps))
