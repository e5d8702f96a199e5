"""Economy (first form of M8): trend growth, budgets, sanctions, damage and IP theft.

Source: essay §Business ("the cost of dealing with cyber threats can be enormous"),
§Diplomatic (sanctions, end of trade agreements). ``gdp`` is annual output in constant
2015 US$. Each month::

    g_i = trend_i - sanction_gdp_cost * sanctioned_share_i - (budget_i - budget_ref_i)
          + (trade_i - trade_ref_i)
    gdp_i <- gdp_i (1 + g_i)^(1/12) - p (damage_i - s stolen_i)

* ``trend_i`` is ``setting.growth_trend`` (``countries.csv``: convergence line on log GDP
  per capita fitted on WDI 2007-2010 with each country's own deviation shrunk toward it,
  world level 3%; ``docs/data.md``), or ``base_growth`` where the setting has none.
* ``budget_i = sum_l cost_l lever_il`` is spending as a share of GDP, with
  ``cost = (budget_defense, budget_offense, aid_budget_share, budget_oversight)`` for the
  defense, offense, aid and oversight levers; it slows growth one for one.
  ``budget_ref_i`` is the same sum at ``setting.levers_ref`` (the 2010 levers the trend was
  observed under; zero without one): the trend already pays for the 2010 budgets, so a
  lever above its 2010 value costs growth and one below saves it.
* ``sanctioned_share`` is the share of world GDP held by the countries sanctioning i.
* Trade agreements: ``trade_i = trade_growth_gain * (1 - trade_restriction_cost *
  data_restriction_i) * sum_j trade_ij gdp_j / world_gdp``: a live agreement with partners
  worth a share of world GDP adds growth, less where the state restricts data flows (the
  trade price of data restriction). ``trade_ref_i`` is the same at the start year's
  agreements and levers (``setting.trade``, ``setting.levers_ref``), which the trend already
  includes: an agreement ended by sanctions (M6) costs growth, a restriction raised above its
  2010 level costs growth.
* Damage (this month's ``flows.damage``, US$) is lost output of the month (recorded as such)
  and a share ``p = damage_persistence`` of it persists as a lower GDP level.
* IP theft: ``stolen_i`` is the damage of i's successful state operations this month (each
  capped like its target's damage); the attacker gains ``p s stolen_i`` with
  ``s = ip_theft_share``, a transfer out of the victim's persistent loss.

Digital economy: internet use diffuses logistically from its 2010 share,
``logit(internet_t) = logit(internet_0) + internet_diffusion t``, and criminal capability
closes ``crime_tool_growth`` of its gap to 1 a year (:func:`internet_use`,
:func:`criminal_capability`, used by M4's criminal incidents). The step is deterministic.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.state import State, evolve
from netpolitik.params import Params
from netpolitik.policy import lever_index

#: Levers that are spending, and the parameter pricing each (share of GDP at lever 1).
BUDGET_LEVERS: dict[str, str] = {
    "defense": "budget_defense",
    "offense": "budget_offense",
    "aid": "aid_budget_share",
    "oversight": "budget_oversight",
}


def sanctioned_share(state: State) -> np.ndarray:
    """Share of world GDP held by the countries that sanction each country, ``(N,)``."""
    weight = state.gdp / state.gdp.sum()
    return weight @ (state.sanctions > 0)


def budget(levers: np.ndarray, params: Params) -> np.ndarray:
    """Spending on defense, offense, aid and oversight, share of GDP per year ``(..., N)``."""
    cost = np.zeros(levers.shape[-1])
    for name, price in BUDGET_LEVERS.items():
        cost[lever_index(name)] = getattr(params, price)
    return levers @ cost


def trend(state: State, params: Params) -> np.ndarray:
    """Trend growth ``(N,)``, 1/year: the setting's ``growth_trend`` or ``base_growth``."""
    t = getattr(state.setting, "growth_trend", None)
    return np.full(state.gdp.shape, params.base_growth) if t is None else np.asarray(t)


def budget_drag(state: State, params: Params) -> np.ndarray:
    """Growth lost ``(N,)`` to spending above the reference levers (negative below)."""
    ref = getattr(state.setting, "levers_ref", None)
    spent = budget(state.levers, params)
    return spent if ref is None else spent - budget(np.asarray(ref), params)


def trade_gain(
    trade: np.ndarray, levers: np.ndarray, gdp: np.ndarray, params: Params
) -> np.ndarray:
    """Growth ``(N,)`` from live trade agreements ``trade`` (see the module docstring)."""
    partners = np.asarray(trade, dtype=float) @ (gdp / gdp.sum())
    open_ = 1.0 - params.trade_restriction_cost * levers[:, lever_index("data_restriction")]
    return params.trade_growth_gain * open_ * partners


def trade_drag(state: State, params: Params) -> np.ndarray:
    """Growth lost ``(N,)`` to trade agreements ended or data restricted since the start."""
    ref = getattr(state.setting, "levers_ref", None)
    ref = state.levers if ref is None else np.asarray(ref)
    now = trade_gain(state.trade, state.levers, state.gdp, params)
    return trade_gain(state.setting.trade, ref, state.gdp, params) - now


def growth(state: State, params: Params) -> np.ndarray:
    """Annual growth rate ``(N,)``: trend less sanctions, the budget drag and the trade
    drag."""
    return (
        trend(state, params)
        - params.sanction_gdp_cost * sanctioned_share(state)
        - budget_drag(state, params)
        - trade_drag(state, params)
    )


def stolen(state: State) -> np.ndarray:
    """Damage ``(N,)`` of each attacker's successful operations this month, US$, scaled by
    each target's damage cap (so no attacker takes more than its victims lost)."""
    f, n = state.flows, state.gdp.size
    if f.new_attacker.size == 0:
        return np.zeros(n)
    state_damage = np.bincount(f.new_target, weights=f.new_damage, minlength=n)
    scale = np.divide(f.damage, state_damage, out=np.ones(n), where=state_damage > 0)
    per_op = f.new_damage * np.minimum(scale, 1.0)[f.new_target]
    return np.bincount(f.new_attacker, weights=per_op, minlength=n)


def grown_gdp(state: State, params: Params) -> np.ndarray:
    """Next month's GDP ``(N,)`` (see the module docstring), never below zero."""
    gdp = state.gdp * (1.0 + growth(state, params)) ** (1.0 / 12.0)
    p = params.damage_persistence
    gdp = gdp - p * (state.flows.damage - params.ip_theft_share * stolen(state))
    return np.maximum(gdp, 0.0)


def internet_use(internet: np.ndarray, months: float, params: Params) -> np.ndarray:
    """Internet share ``(N,)`` after ``months`` of logistic diffusion from ``internet``."""
    x = np.clip(np.asarray(internet, dtype=float), 0.0, 1.0)
    e = np.exp(params.internet_diffusion * months / 12.0)
    return x * e / (1.0 - x + x * e)


def criminal_capability(months: float, params: Params) -> float:
    """Criminal rings' capability after ``months``: ``crime_capability`` improving toward 1."""
    keep = (1.0 - params.crime_tool_growth) ** (months / 12.0)
    return 1.0 - (1.0 - params.crime_capability) * keep


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Grow GDP one month: trend, sanctions, budgets, damage and IP theft. Deterministic."""
    return evolve(state, gdp=grown_gdp(state, params))
