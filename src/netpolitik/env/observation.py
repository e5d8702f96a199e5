"""Fog-of-war observations: what one government knows at the end of a step.

An agent (a government, index ``i``) sees its own levers and indicators, the operations it
detected and the culprits it named (which may be false flags, M5), and the world's public
record: public attributions, sanctions and trade agreements. It never sees the true
attacker of an operation, the pending queue of untraced operations, other governments'
levers or their private attributions. :func:`observe` reads only those fields of a
:class:`~netpolitik.engine.state.State`; :data:`OWN`, :data:`EVENTS` and :data:`PARTNER`
name the features, in order, with their units (also in ``docs/env.md``).

Examples
--------
>>> from netpolitik.engine.simulator import start
>>> from netpolitik.engine.synthetic import synthetic_setting
>>> from netpolitik.params import Params
>>> setting, levers, gdp = synthetic_setting(n=4, seed=0)
>>> state = start(setting, levers, gdp, Params())
>>> obs = observe(state, Params(), 0, events(state, 0), 0.0)
>>> obs.shape == (size(4),)
True
"""

from __future__ import annotations

import numpy as np
from gymnasium import spaces

from netpolitik.engine import adaptation
from netpolitik.engine.state import State
from netpolitik.params import Params
from netpolitik.policy import LEVERS

#: Own features: name and (low, high) bound.
OWN: tuple[tuple[str, float, float], ...] = (
    *((f"lever_{name}", 0.0, 1.0) for name in LEVERS),
    ("capability", 0.0, 1.0),
    ("exposure", 0.0, 1.0),
    ("recent_damage", 0.0, np.inf),  # smoothed annual damage, share of GDP
    ("growth_rate", -np.inf, np.inf),  # annual growth in force, 1/year
    *((f"utility_{c}", 0.0, 1.0) for c in adaptation.COMPONENTS),
    ("utility", 0.0, np.inf),
    ("elapsed", 0.0, 1.0),  # share of the horizon done
)
#: Events of the step (summed over its months): name and (low, high) bound.
EVENTS: tuple[tuple[str, float, float], ...] = (
    ("hit_by_states", 0.0, np.inf),  # successful state operations against me, any attacker
    ("hit_by_crime", 0.0, np.inf),  # successful criminal incidents against me
    ("damage", 0.0, np.inf),  # damage, share of monthly GDP
    ("public_attributions", 0.0, np.inf),  # public attributions worldwide
    ("sanctions_imposed", 0.0, np.inf),  # new sanctions worldwide
)
#: Features per partner j (every other country, in the setting's order).
PARTNER: tuple[tuple[str, float, float], ...] = (
    ("trust", 0.0, 1.0),  # my trust in j
    ("rivalry", 0.0, 1.0),
    ("trade", 0.0, 1.0),  # a live trade agreement
    ("shared_clubs", 0.0, np.inf),  # clubs both of us belong to now
    ("i_sanction", 0.0, 1.0),
    ("sanctions_me", 0.0, 1.0),
    ("i_named", 0.0, np.inf),  # operations against me I pinned on j (public or private)
    ("named_publicly", 0.0, np.inf),  # public attributions naming j, anyone's
    ("names_me", 0.0, np.inf),  # public attributions by j naming me
)
#: Event features per partner (summed over a step's months), a suffix of :data:`PARTNER`.
PARTNER_EVENTS = 3


def partners(n: int, i: int) -> np.ndarray:
    """Indices of agent ``i``'s partners: every other country, in the setting's order."""
    return np.delete(np.arange(n), i)


def size(n: int) -> int:
    """Length of an observation in a world of ``n`` countries."""
    return len(OWN) + len(EVENTS) + (n - 1) * len(PARTNER)


def names(iso3: tuple[str, ...], i: int) -> list[str]:
    """Feature names of agent ``i``'s observation, e.g. ``trust@CHN``."""
    out = [f for f, _, _ in OWN] + [f for f, _, _ in EVENTS]
    for j in partners(len(iso3), i):
        out += [f"{f}@{iso3[j]}" for f, _, _ in PARTNER]
    return out


def space(n: int) -> spaces.Box:
    """The ``float32`` :class:`gymnasium.spaces.Box` of an observation."""
    per = [(lo, hi) for _, lo, hi in PARTNER] * (n - 1)
    bounds = np.array([(lo, hi) for _, lo, hi in OWN + EVENTS] + per, dtype=np.float32)
    return spaces.Box(bounds[:, 0], bounds[:, 1], dtype=np.float32)


def no_events(n: int) -> np.ndarray:
    """Event counts of a step in which nothing happened (the observation at reset)."""
    return np.zeros(len(EVENTS) + (n - 1) * PARTNER_EVENTS)


def events(state: State, i: int) -> np.ndarray:
    """Agent ``i``'s event counts of the latest month: :data:`EVENTS` then the
    ``(N - 1) * PARTNER_EVENTS`` per-partner ones. Only the victim's side of operations is
    read (what hit i, and whom i named), never the attacker of an operation."""
    f, n = state.flows, state.setting.n
    monthly_gdp = max(float(state.gdp[i]) / 12.0, 1e-300)
    own = [
        float(f.successes[:, i].sum()),  # column sum: the attacker is not revealed
        float(f.crime_successes[i]),
        float(f.damage[i]) / monthly_gdp,
        float(f.attributed_attacker.size),
        float(f.sanctions_imposed),
    ]
    named = np.zeros(n)
    np.add.at(named, f.private_attacker[f.private_target == i], 1.0)
    np.add.at(named, f.attributed_attacker[f.attributed_target == i], 1.0)
    public = np.bincount(f.attributed_attacker, minlength=n).astype(float)
    names_me = np.bincount(f.attributed_target[f.attributed_attacker == i], minlength=n).astype(
        float
    )
    j = partners(n, i)
    per = np.column_stack([named[j], public[j], names_me[j]])
    return np.concatenate([own, per.ravel()])


def observe(state: State, params: Params, i: int, counts: np.ndarray, elapsed: float) -> np.ndarray:
    """Agent ``i``'s observation (``float32``): own features of ``state``, the step's event
    ``counts`` (:func:`events`, summed over the step's months) and per-partner features."""
    n, lv = state.setting.n, state.levers
    comps = adaptation.components(state, params)[i]
    own = np.concatenate(
        [
            lv[i],
            [state.capability[i], state.exposure[i], state.recent_damage[i]],
            [adaptation.growth_rate(state, params)[i]],
            comps,
            [adaptation.utility(state, params)[i], elapsed],
        ]
    )
    j = partners(n, i)
    shared = (state.members[i][None, :] & state.members[j]).sum(axis=1)
    static = np.column_stack(
        [
            state.trust[i, j],
            state.setting.rivalry[i, j],
            state.trade[i, j],
            shared,
            state.sanctions[i, j] > 0,
            state.sanctions[j, i] > 0,
        ]
    ).astype(float)
    head = len(EVENTS)
    per = np.column_stack([static, counts[head:].reshape(n - 1, PARTNER_EVENTS)])
    return np.concatenate([own, counts[:head], per.ravel()]).astype(np.float32)
