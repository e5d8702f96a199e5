"""Scalar helpers of the Mesa reference: lever indices, the response codes, and the
one-number forms of the engine's small formulas (logistic, Pareto damage, severity,
sector draws, exploit timing)."""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate

from netpolitik.models import timing
from netpolitik.policy import LEVERS

OFFENSE = LEVERS.index("offense")
DEFENSE = LEVERS.index("defense")
DISCLOSURE = LEVERS.index("disclosure")
SURVEILLANCE = LEVERS.index("surveillance")
OVERSIGHT = LEVERS.index("oversight")
DATA_RESTRICTION = LEVERS.index("data_restriction")
SHARING = LEVERS.index("sharing")
#: the response menu (engine/state.py RESPONSES), by code
RESTRAINT, DENOUNCE, INDICT, SANCTION, COUNTER = range(5)
#: log-odds at which engine/trust.py clips beliefs (trust in [1e-6, 1 - 1e-6])
BELIEF_CLIP = math.log((1.0 - 1e-6) / 1e-6)


def sigmoid(x: float) -> float:
    """Logistic function."""
    return 1.0 / (1.0 + math.exp(-x))


def pareto(u: float, tail: float) -> float:
    """Damage multiplier with median 1 from a uniform draw ``u`` (Pareto type I)."""
    return (1.0 - u) ** (-1.0 / tail) / 2.0 ** (1.0 / tail)


def severity(multiplier: float, params) -> int:
    """DCID severity (1-10) of a state operation with damage ``multiplier`` x median."""
    raw = params.severity_at_median + params.severity_per_decade * math.log10(multiplier)
    return int(min(max(round(raw), 1), 10))


def pick(cumulative: list[float], u: float) -> int:
    """Index that a uniform draw ``u`` in [0, total) picks from cumulative weights."""
    return min(bisect_right(cumulative, u), len(cumulative) - 1)


def cumulative(mix) -> list[float]:
    """Cumulative shares of a sector mix (or any weights)."""
    return list(accumulate(mix))


def exploit_use(capability: float, disclosure: float, params) -> float:
    """Share of exploit opportunities acted on (Axelrod & Iliev 2014 timing), one state."""
    persistence = timing.persistence_from_lifetime(params.exploit_lifetime)
    stealth = persistence * (1.0 - params.exploit_burn * (1.0 - capability))
    use = timing.use_rate(stealth, persistence, params.exploit_discount)
    return use * (1.0 - params.disclosure_stockpile_cut * disclosure)
