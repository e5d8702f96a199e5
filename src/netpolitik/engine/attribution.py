"""M5 Attribution: a lagged technical process, false flags, and a political choice.

Source: Rid & Buchanan (2015), "Attributing cyber attacks": attribution has technical,
operational and strategic layers, and going public is a political decision; essay
§Diplomatic ("when a data breach is traced to a particular country's sponsored cyber
unit").

**Technical lag.** Each pending operation (victim v, attacker a) is traced in a given month
with probability::

    h = attribution_hazard * (floor + (1 - floor) detection_v) * (1 - stealth_w stealth_a)

``detection_v`` is the victim's effective security, ``stealth_a`` the attacker's
capability. The lag is geometric: ``P(lag = m) = (1 - h)^(m - 1) h`` for months ``m >= 1``,
mean ``1 / h``, median ``ceil(log 2 / -log(1 - h))`` months. Operations untraced after
``attribution_window`` months never are.

**False flags.** A traced operation names the wrong state with probability
``false_flag_rate * capability_a``. The wrong state is drawn among the others (neither
victim nor attacker) with weight ``(1 - trust[v, k]) capability_k offense_k``: the victim
suspects distrusted, capable states. With no such suspect the true attacker is named.

**Going public.** The victim names the culprit c publicly with probability
``sigmoid(x)``::

    x = public_bias + public_severity (s - 3) - public_trust (trust[v, c] - 1/2)
        - public_dependence dependence_vc - public_leverage max(0, power_c - power_v)

with ``dependence_vc = trade_vc gdp_c / (gdp_v + gdp_c)`` (economic dependence on the
culprit through a live trade agreement) and ``power = capability x offense`` (coercive
leverage). Public attributions go to ``flows.attributed_*`` (the world's record, what M2 and
M6 act on); private ones to ``flows.private_*`` (only the victim updates its belief).
Breaches scheduled by events (M10, ``state.forced``) are public and true, in the step they
occur.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.state import Pending, State, evolve
from netpolitik.params import Params
from netpolitik.policy import lever


def hazard(detection: np.ndarray, stealth: np.ndarray, params: Params) -> np.ndarray:
    """Monthly attribution probability for victims' ``detection`` vs attackers' ``stealth``."""
    seen = params.attribution_floor + (1.0 - params.attribution_floor) * detection
    return params.attribution_hazard * seen * (1.0 - params.attribution_stealth * stealth)


def median_lag(h: float) -> float:
    """Median attribution lag (months) of a geometric lag with monthly hazard ``h``."""
    if h <= 0:
        return float("inf")
    if h >= 1:
        return 1.0
    return float(np.ceil(np.log(2.0) / -np.log1p(-h)))


def power(state: State) -> np.ndarray:
    """``(N,)`` offensive power: capability x offense."""
    return state.capability * lever(state.levers, "offense")


def named_culprits(
    state: State, params: Params, rng: np.random.Generator, attacker: np.ndarray, victim: np.ndarray
) -> np.ndarray:
    """The state each traced operation is pinned on: the attacker, or a false flag."""
    named = attacker.copy()
    if attacker.size == 0:
        return named
    fooled = rng.random(attacker.size) < params.false_flag_rate * state.capability[attacker]
    suspicion = (1.0 - state.trust) * power(state)[None, :]
    for k in np.flatnonzero(fooled):
        w = suspicion[victim[k]].copy()
        w[[victim[k], attacker[k]]] = 0.0
        total = w.sum()
        if total > 0:
            named[k] = int(np.searchsorted(np.cumsum(w), rng.random() * total, side="right"))
    return np.minimum(named, state.setting.n - 1)


def dependence(state: State, victim: np.ndarray, culprit: np.ndarray) -> np.ndarray:
    """Each victim's economic dependence on its culprit: a live trade agreement times the
    culprit's share of the pair's GDP."""
    gdp = state.gdp
    return state.trade[victim, culprit] * gdp[culprit] / (gdp[victim] + gdp[culprit])


def public_probability(
    state: State, params: Params, victim: np.ndarray, culprit: np.ndarray, severity: np.ndarray
) -> np.ndarray:
    """Probability that each victim names its culprit publicly (module docstring)."""
    pw = power(state)
    leverage = np.maximum(pw[culprit] - pw[victim], 0.0)
    x = (
        params.public_bias
        + params.public_severity * (severity - 3.0)
        - params.public_trust * (state.trust[victim, culprit] - 0.5)
        - params.public_dependence * dependence(state, victim, culprit)
        - params.public_leverage * leverage
    )
    return 1.0 / (1.0 + np.exp(-x))


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Queue this step's successes, trace some, decide which go public, expire the rest."""
    f, q = state.flows, state.pending
    attacker = np.concatenate([q.attacker, f.new_attacker])
    target = np.concatenate([q.target, f.new_target])
    sev = np.concatenate([q.severity, f.new_severity])
    age = np.concatenate([q.age, np.zeros(f.new_attacker.size, dtype=np.int64)])
    h = hazard(state.security[target], state.capability[attacker], params)
    hit = rng.random(attacker.size) < h
    keep = ~hit & (age + 1 < params.attribution_window)
    pending = Pending(attacker[keep], target[keep], sev[keep], age[keep] + 1)
    true, victim, s = attacker[hit], target[hit], sev[hit]
    named = named_culprits(state, params, rng, true, victim)
    public = rng.random(named.size) < public_probability(state, params, victim, named, s)
    forced = state.forced
    flows = evolve(
        f,
        attributed_attacker=np.concatenate([named[public], forced.attacker]),
        attributed_target=np.concatenate([victim[public], forced.target]),
        attributed_severity=np.concatenate([s[public], forced.severity]),
        attributed_true=np.concatenate([(named == true)[public], np.ones(len(forced), dtype=bool)]),
        private_attacker=named[~public],
        private_target=victim[~public],
        private_severity=s[~public],
    )
    return evolve(state, pending=pending, flows=flows, forced=Pending())
