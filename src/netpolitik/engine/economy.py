"""Economy (first form of M8): GDP grows, incidents cost output, sanctions cost growth.

Source: essay §Business ("the cost of dealing with cyber threats can be enormous"),
§Diplomatic (sanctions, end of trade agreements). ``gdp`` is annual output in constant
2015 US$. Each month::

    gdp <- gdp * (1 + base_growth - sanction_gdp_cost * sanctioned_share)^(1/12)

Damage is lost output of the month it happens in, so it enters the month's output and the
world security measure, not the GDP level. ``sanctioned_share`` is the share of world GDP
held by the countries sanctioning this one.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netpolitik.engine.state import State
from netpolitik.params import Params


def budget_cost(levers: np.ndarray, params: Params) -> np.ndarray:
    """Annual growth ``(N,)`` given up to the spending levers (defense, offense, aid,
    oversight); 0 until the budget terms are in place."""
    return np.zeros(levers.shape[0])


def sanctioned_share(state: State) -> np.ndarray:
    """Share of world GDP held by the countries that sanction each country, ``(N,)``."""
    weight = state.gdp / state.gdp.sum()
    return weight @ (state.sanctions > 0)


def grown_gdp(state: State, params: Params) -> np.ndarray:
    """Next month's GDP ``(N,)``: the base rate less the cost of sanctions."""
    growth = params.base_growth - params.sanction_gdp_cost * sanctioned_share(state)
    return state.gdp * (1.0 + growth) ** (1.0 / 12.0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Grow GDP one month at the base rate less the cost of sanctions. Deterministic."""
    return replace(state, gdp=grown_gdp(state, params))
