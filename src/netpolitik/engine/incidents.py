"""M4 Incidents: state operations and criminal rings attack; some succeed and do damage.

Source: essay §Landscape ("data breaches and other forms of cybercrime", "cyber
espionage"), §Diplomatic ("a data breach is traced to a particular country's sponsored cyber
unit"), §Case Study (sector consortia cut incidents in their sector). Calibrated to DCID
2000-2010 (``docs/calibration.md``).

State units. Attempts by attacker i on target j per month are Poisson with rate::

    attack_rate * (offense_i capability_i)^a * use_i * motive_ij * (gdp_j / mean gdp)^g
    motive_ij = (w + (1 - w) rivalry_ij) * (1 - trust_ij)^d * (1 + h past_operations_ij)

with ``a = attack_offense_exponent``, ``w = attack_rivalry_weight``,
``g = attack_target_gdp_exponent``, ``d = attack_distrust_exponent``,
``h = attack_history_weight`` (who attacked whom up to the start year keeps doing so:
``Setting.past_operations``, DCID and CFR records decayed by age). ``use_i`` is the
share of exploit opportunities the state acts on (:func:`exploit_use`): a state keeps
``1 - cut * disclosure_i`` of the vulnerabilities it finds (the rest it discloses), and
uses a kept exploit when the stakes beat the optimal threshold of Axelrod & Iliev (2014),
:func:`netpolitik.models.timing.use_rate`, with persistence from the mean zero-day
lifetime (Ablon & Bogart 2017) and stealth rising with capability.

Criminal rings are global: significant criminal incidents against j arrive at rate
``crime_rate (gdp_j / mean gdp)^c internet_j(t)`` with capability ``crime_capability(t)``:
internet use diffuses logistically from its 2010 share and criminal tools improve
(``internet_use`` and ``criminal_capability`` of :mod:`netpolitik.engine.economy`), so
crime grows with the digital economy.

Every attempt hits one sector (drawn from ``state_sector_mix`` or ``crime_sector_mix``) and
succeeds with probability ``sigmoid(bias + slope (capability + ai_boost - security_j)) *
exposure_j * (1 - protection_j,sector)``, where ``protection`` comes from sector consortia
(M2) and ``ai_boost`` from an AI attack wave (M10). A foreign state operation's success is
further cut by ``1 - restriction_shield * data_restriction_j``: localisation and firewalls
shield a state from foreign operations and influence (the payoff of data restriction).

Damage of one success is ``share * gdp_j / 12 * X`` with X Pareto (tail index
``damage_tail``, median 1): heavy-tailed. A state operation's severity on the DCID 1-10
scale grows with the log of its damage. A country's damage in one month is capped at
``damage_cap`` of its monthly GDP.

Compiled: :func:`step` computes the ``(N, N)`` rates and their running sum (the Poisson
superposition's cumulative rates) in one pass, ``_rate_kernel``; bit-identical to
:func:`attack_rate` and :func:`numpy.cumsum` (the reference). The random draws stay in
NumPy, in this order: total state attempts (Poisson), their cells (uniform), sector,
success (uniform), Pareto damage (uniform); then criminal attempts (Poisson), sector,
success, damage.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine import economy
from netpolitik.engine.compiled import kernel
from netpolitik.engine.state import SECTORS, State, evolve, fill_diagonal
from netpolitik.engine.trust import fusable
from netpolitik.models import timing
from netpolitik.params import Params
from netpolitik.policy import lever

__all__ = [
    "exploit_use",
    "attack_rate",
    "poisson_events",
    "success_probability",
    "pareto_damage",
    "severity",
    "step",
]


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def exploit_use(capability: np.ndarray, disclosure: np.ndarray, params: Params) -> np.ndarray:
    """Share ``(N,)`` of exploit opportunities a state acts on (see module docstring)."""
    persistence = timing.persistence_from_lifetime(params.exploit_lifetime)
    stealth = persistence * (1.0 - params.exploit_burn * (1.0 - capability))
    use = timing.use_rate(stealth, persistence, params.exploit_discount)
    return use * (1.0 - params.disclosure_stockpile_cut * disclosure)


def attack_rate(state: State, params: Params) -> np.ndarray:
    """Expected state attempts per month, ``(N, N)`` attacker by target, zero diagonal."""
    s, lv, cap = state.setting, state.levers, state.capability
    power = (lever(lv, "offense") * cap) ** params.attack_offense_exponent
    use = exploit_use(cap, lever(lv, "disclosure"), params)
    value = (
        state.gdp / state.gdp.mean(axis=-1, keepdims=True)
    ) ** params.attack_target_gdp_exponent
    w = params.attack_rivalry_weight
    distrust = 1.0 - state.trust
    if params.attack_distrust_exponent != 1.0:
        distrust = distrust**params.attack_distrust_exponent
    motive = (w + (1.0 - w) * s.rivalry) * distrust
    if s.past_operations is not None and params.attack_history_weight:
        motive = motive * (1.0 + params.attack_history_weight * s.past_operations)
    rate = params.attack_rate * (power * use)[..., :, None] * motive * value[..., None, :]
    return fill_diagonal(rate, 0.0)


def rates(state: State, params: Params) -> tuple[np.ndarray, np.ndarray]:
    """:func:`attack_rate` and its flat running sum ``(N * N,)``; compiled for 2-D
    states with ``attack_distrust_exponent`` 1 (bit-identical), else NumPy."""
    s, lv, cap = state.setting, state.levers, state.capability
    past = s.past_operations
    if params.attack_distrust_exponent != 1.0 or not fusable(
        state.trust, s.rivalry, *([] if past is None else [past])
    ):
        rate = attack_rate(state, params)
        return rate, np.cumsum(rate.ravel())
    power = (lever(lv, "offense") * cap) ** params.attack_offense_exponent
    use = exploit_use(cap, lever(lv, "disclosure"), params)
    value = (state.gdp / state.gdp.mean()) ** params.attack_target_gdp_exponent
    history = params.attack_history_weight if past is not None else 0.0
    n = s.n
    rate, cumulative = np.empty((n, n)), np.empty(n * n)
    _rate_kernel(
        state.trust,
        s.rivalry,
        s.rivalry if past is None else past,
        np.stack([params.attack_rate * (power * use), value]).astype(float),
        np.array([params.attack_rivalry_weight, history], dtype=float),
        rate,
        cumulative,
    )
    return rate, cumulative


@kernel
def _rate_kernel(
    trust, rivalry, past, vectors, weights, rate, cumulative
) -> None:  # pragma: no cover
    """:func:`attack_rate` (distrust exponent 1) and the running sum of its cells."""
    attacker, value = vectors[0], vectors[1]
    w, h = weights[0], weights[1]
    n = trust.shape[0]
    running = 0.0
    for i in range(n):
        for j in range(n):
            motive = (w + (1.0 - w) * rivalry[i, j]) * (1.0 - trust[i, j])
            if h != 0.0:
                motive = motive * (1.0 + h * past[i, j])
            r = 0.0 if i == j else attacker[i] * motive * value[j]
            rate[i, j] = r
            running += r
            cumulative[i * n + j] = running


def success_probability(
    capability: np.ndarray, security: np.ndarray, exposure: np.ndarray, params: Params
) -> np.ndarray:
    """Probability that one attempt succeeds (before sector protection); broadcasts."""
    gap = capability - security
    return _sigmoid(params.success_bias + params.success_slope * gap) * exposure


def pareto_damage(rng: np.random.Generator, size: int, tail: float) -> np.ndarray:
    """Heavy-tailed damage multipliers with median 1 (Pareto type I, index ``tail``)."""
    u = rng.random(size)
    return (1.0 - u) ** (-1.0 / tail) / 2.0 ** (1.0 / tail)


def severity(multiplier: np.ndarray, params: Params) -> np.ndarray:
    """DCID severity (1-10) of state operations with damage ``multiplier`` x median."""
    raw = params.severity_at_median + params.severity_per_decade * np.log10(multiplier)
    return np.clip(np.rint(raw), 1, 10).astype(np.int64)


def _attempt_outcomes(
    state: State,
    params: Params,
    rng: np.random.Generator,
    capability: np.ndarray,
    target: np.ndarray,
    mix: tuple[float, ...],
    shield: np.ndarray | float = 1.0,
):
    """Sector and success of each attempt (one row per attempt); ``shield`` scales the
    success probability (data restriction against foreign state operations)."""
    sector = rng.choice(len(SECTORS), size=target.size, p=np.asarray(mix))
    p = success_probability(
        np.minimum(capability + state.ai_boost, 1.0),
        state.security[target],
        state.exposure[target],
        params,
    )
    p = p * (1.0 - state.protection[target, sector]) * shield
    return sector, rng.random(target.size) < p


def poisson_events(
    rate: np.ndarray, rng: np.random.Generator, cumulative: np.ndarray | None = None
) -> np.ndarray:
    """Flat indices of independent Poisson events with the given ``rate`` array.

    Superposition: the total is Poisson(sum of rates) and each event falls on cell k with
    probability ``rate_k / sum``, the same law as one Poisson draw per cell, but the cost
    grows with the number of events, not of cells (most dyads have tiny rates).
    ``cumulative`` is ``np.cumsum(rate.ravel())`` when already known.
    """
    flat = rate.ravel()
    if cumulative is None:
        cumulative = np.cumsum(flat)
    total = float(cumulative[-1]) if flat.size else 0.0
    count = rng.poisson(total) if total > 0 else 0
    picks = np.searchsorted(cumulative, rng.random(count) * total, side="right")
    return np.sort(np.minimum(picks, flat.size - 1))


def _state_operations(
    state: State,
    params: Params,
    rng: np.random.Generator,
    rate: np.ndarray,
    cumulative: np.ndarray | None = None,
):
    n = state.setting.n
    events = poisson_events(rate, rng, cumulative)
    attempts = np.bincount(events, minlength=n * n).reshape(n, n)
    attacker, target = np.divmod(events, n)
    shield = 1.0 - params.restriction_shield * lever(state.levers, "data_restriction")
    sector, hit = _attempt_outcomes(
        state,
        params,
        rng,
        state.capability[attacker],
        target,
        params.state_sector_mix,
        shield[target],
    )
    attacker, target, sector = attacker[hit], target[hit], sector[hit]
    successes = np.bincount(attacker * n + target, minlength=n * n).reshape(n, n)
    mult = pareto_damage(rng, attacker.size, params.damage_tail)
    damage = params.state_damage_share * state.gdp[target] / 12.0 * mult
    return attempts, successes, attacker, target, sector, severity(mult, params), damage


def _criminal_incidents(state: State, params: Params, rng: np.random.Generator):
    """Criminal attempts on each country grow with its internet use (diffusing from 2010)
    and their capability with improving tools (:mod:`netpolitik.engine.economy`)."""
    n = state.setting.n
    value = (state.gdp / state.gdp.mean()) ** params.crime_value_exponent
    online = economy.internet_use(state.setting.internet, state.step, params)
    attempts = rng.poisson(params.crime_rate * value * online)
    target = np.repeat(np.arange(n), attempts)
    cap = economy.criminal_capability(state.step, params)
    sector, hit = _attempt_outcomes(
        state, params, rng, np.full(target.size, cap), target, params.crime_sector_mix
    )
    target, sector = target[hit], sector[hit]
    mult = pareto_damage(rng, target.size, params.damage_tail)
    damage = params.crime_damage_share * state.gdp[target] / 12.0 * mult
    return attempts, target, sector, damage


def _by_sector(
    n: int, target: np.ndarray, sector: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    flat = np.bincount(target * len(SECTORS) + sector, weights=weights, minlength=n * len(SECTORS))
    return flat.reshape(n, len(SECTORS)).astype(float)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Draw this month's state operations and criminal incidents; record them in flows."""
    n = state.setting.n
    rate, cumulative = rates(state, params)
    attempts, successes, attacker, target, sector, sev, state_damage = _state_operations(
        state, params, rng, rate, cumulative
    )
    c_attempts, c_target, c_sector, c_damage = _criminal_incidents(state, params, rng)
    all_target, all_sector = np.concatenate([target, c_target]), np.concatenate([sector, c_sector])
    all_damage = np.concatenate([state_damage, c_damage])
    sector_damage = _by_sector(n, all_target, all_sector, all_damage)
    cap = params.damage_cap * state.gdp / 12.0
    total = sector_damage.sum(axis=1)
    over = total > cap
    scale = np.ones(n)
    scale[over] = cap[over] / total[over]
    flows = evolve(
        state.flows,
        attempts=attempts,
        successes=successes,
        crime_attempts=c_attempts.astype(float),
        crime_successes=np.bincount(c_target, minlength=n).astype(float),
        damage=total * scale,
        sector_successes=_by_sector(n, all_target, all_sector),
        sector_damage=sector_damage * scale[:, None],
        new_attacker=attacker,
        new_target=target,
        new_severity=sev,
        new_damage=state_damage,
        rate=rate,
    )
    return evolve(state, flows=flows)
