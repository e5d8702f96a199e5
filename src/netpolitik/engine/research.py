"""Joint research: projects pair countries, raise both partners' capability and expose
their intellectual property to each other's offense.

Source: essay §Business ("international ventures related to research and development
thrive in regions with strong cyber protections ... A country's reputation for protecting
these assets can make it a hub for high-value projects").

Projects. ``projects[i, j]`` (symmetric, in [0, 1]) is the intensity of i and j's joint
research. Each month it moves toward its target::

    protect_i = sqrt(security_i legal_clarity_i)
    mutual_ij = max(min(trust_ij, trust_ji) - floor, 0) / (1 - floor)
    target_ij = protect_i protect_j mutual_ij
    projects_ij <- projects_ij + rho (target_ij - projects_ij)

with ``rho = research_rate`` (0 = off, the baseline) and ``floor = research_trust_floor``:
projects go to states with strong protection (effective security and legal clarity) and
trusted partners. A public attribution of an operation of j against i this month ends
their projects at once (``projects_ij = projects_ji = 0``): projects leave after
attributed theft.

Innovation. Research intensity ``R_i = sum_j projects_ij`` raises capability (the
innovation that builds it, M8)::

    capability_i <- capability_i + research_capability_gain (1 - capability_i)
                    R_i / (1 + R_i) / 12

Exposure. Each partner j's offense reaches the IP i puts into their projects, worth
``research_ip_value gdp_i projects_ij`` a year::

    theft_ji = research_exposure offense_j capability_j (1 - security_i)
               research_ip_value gdp_i projects_ij / 12                     (US$ / month)

As for incident damage (:mod:`netpolitik.engine.economy`), a share ``p =
damage_persistence`` of the loss persists as a lower GDP level, and the thief gains ``p s
theft_ji`` with ``s = ip_theft_share``: the same IP-theft payoff as its state operations. So joint
research pays both partners in capability and pays a partner with offense in stolen IP.
``research_theft`` records each victim's loss this month. The step is deterministic.

Examples
--------
>>> from netpolitik.engine.simulator import simulate
>>> from netpolitik.engine.synthetic import synthetic_setting
>>> from netpolitik.params import Params
>>> s, lv, gdp = synthetic_setting(n=6, seed=0)
>>> out = simulate(s, lv, gdp, steps=6, seed=1, params=Params(research_rate=0.2))
>>> bool(out.global_["research_theft"].sum() >= 0), out.final.projects.shape
(True, (6, 6))
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.state import State, evolve, fill_diagonal
from netpolitik.params import Params
from netpolitik.policy import legal_clarity, lever


def protection(state: State) -> np.ndarray:
    """``(N,)`` protection of research assets: ``sqrt(security * legal_clarity)``."""
    return np.sqrt(state.security * legal_clarity(state.levers, state.setting.regime))


def target(state: State, params: Params) -> np.ndarray:
    """``(N, N)`` target intensity of joint research (module docstring), zero diagonal."""
    floor = params.research_trust_floor
    mutual = np.maximum(np.minimum(state.trust, state.trust.T) - floor, 0.0) / (1.0 - floor)
    p = protection(state)
    return fill_diagonal(np.outer(p, p) * mutual, 0.0)


def exits(state: State, projects: np.ndarray) -> np.ndarray:
    """``projects`` with the pairs named in this month's public attributions ended."""
    f = state.flows
    if f.attributed_attacker.size == 0:
        return projects
    out = projects.copy()
    out[f.attributed_attacker, f.attributed_target] = 0.0
    out[f.attributed_target, f.attributed_attacker] = 0.0
    return out


def theft(state: State, params: Params, projects: np.ndarray) -> np.ndarray:
    """``(N, N)`` US$ this month that j (column) steals from i's (row) joint projects."""
    reach = lever(state.levers, "offense") * state.capability
    value = params.research_ip_value * state.gdp / 12.0 * (1.0 - state.security)
    return params.research_exposure * projects * value[:, None] * reach[None, :]


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Projects move toward their targets and end after attributed operations; they
    build capability and leak IP. Deterministic; the state itself when off."""
    if params.research_rate <= 0:
        return state
    n = state.setting.n
    projects = np.zeros((n, n)) if state.projects is None else state.projects
    projects = exits(state, projects + params.research_rate * (target(state, params) - projects))
    intensity = projects.sum(axis=1)
    cap = state.capability
    cap = cap + params.research_capability_gain * (1.0 - cap) * intensity / (1.0 + intensity) / 12.0
    stolen = theft(state, params, projects)
    lost, gained = stolen.sum(axis=1), stolen.sum(axis=0)
    p = params.damage_persistence
    gdp = np.maximum(state.gdp - p * (lost - params.ip_theft_share * gained), 0.0)
    return evolve(
        state,
        projects=projects,
        capability=np.clip(cap, 0.0, 1.0),
        gdp=gdp,
        research_theft=lost,
    )
