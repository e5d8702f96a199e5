"""M8 Economy and innovation: investment and innovation shift growth; innovation builds
capability.

Source: essay §Business ("a nation that implements advanced cyber policies and fosters a
business-friendly climate could see its tech sector flourish"; "fresh infusions of capital
and talent"), §Personal Freedoms ("excessive data retention laws or intrusive monitoring
could ... stifle innovation"; "slow the creation of advanced tech start-ups").

Innovation is ``innovation_i = (openness_i + freedom_i) / 2`` in [0, 1] (indices of
:mod:`netpolitik.policy`; freedom uses the regime's civil liberties). The investment rate is
``r_i = 12 * sum_g investment_ig / gdp_i`` (annual FDI inflow / GDP, from M7). Each month::

    gdp_i <- gdp_i * (1 + (k_inv (r_i - r_w) + k_innov (innovation_i - innovation_w)) / 12)
    capability_i <- capability_i + (c innovation_i (1 - capability_i) - d capability_i) / 12

with ``r_w = 12 * sum investment / sum gdp`` and ``innovation_w`` the GDP-weighted mean
innovation; ``k_inv = growth_per_investment`` (order of magnitude of the FDI coefficient in
growth regressions, Borensztein, De Gregorio & Lee 1998), ``k_innov = growth_per_innovation``
``c = capability_growth`` and ``d = capability_depreciation`` (assumptions): innovation
builds capability, which depreciates without renewal, toward the steady state
``c innovation / (c innovation + d)``.

Both growth terms are relative to the GDP-weighted world, so ``sum_i gdp_i g_i = 0``: M8
moves output between countries and leaves world GDP unchanged (exactly, up to rounding).
Trend growth, budgets, incident damage and sanctions are handled by
:mod:`netpolitik.engine.economy`. Capability stays in [0, 1]. The step is deterministic.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.state import State, evolve
from netpolitik.params import Params
from netpolitik.policy import freedom, openness


def innovation(state: State) -> np.ndarray:
    """Innovation index ``(N,)`` in [0, 1]: mean of openness and freedom."""
    return 0.5 * (openness(state.levers) + freedom(state.levers, state.setting.regime))


def growth_bonus(state: State, params: Params) -> np.ndarray:
    """Annual growth ``(N,)`` relative to the world from investment and innovation."""
    gdp = state.gdp
    weight = gdp / gdp.sum()
    inflow = 12.0 * state.investment.sum(axis=1)
    rate = inflow / np.maximum(gdp, 1e-300)
    world_rate = inflow.sum() / gdp.sum()
    innov = innovation(state)
    return params.growth_per_investment * (rate - world_rate) + params.growth_per_innovation * (
        innov - weight @ innov
    )


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Apply the relative growth bonus and raise capability with innovation."""
    gdp = state.gdp * (1.0 + growth_bonus(state, params) / 12.0)
    cap = state.capability
    cap = (
        cap
        + (
            params.capability_growth * innovation(state) * (1.0 - cap)
            - params.capability_depreciation * cap
        )
        / 12.0
    )
    return evolve(state, gdp=np.maximum(gdp, 0.0), capability=np.clip(cap, 0.0, 1.0))
