"""Small synthetic states for mechanism tests (imported as ``engine_states``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from netpolitik.engine.simulator import start
from netpolitik.engine.state import State
from netpolitik.engine.synthetic import uniform_setting
from netpolitik.params import Params
from netpolitik.policy import LEVERS, lever_index


def uniform_state(n: int = 4, value: float = 0.5, **attrs) -> State:
    """A started state of ``n`` identical countries with every lever at ``value``."""
    setting = replace(uniform_setting(n), **attrs) if attrs else uniform_setting(n)
    levers = np.full((n, len(LEVERS)), value)
    return start(setting, levers, np.full(n, 1e12), Params())


def with_lever(state: State, country: int, name: str, value: float) -> State:
    """A copy of ``state`` with one lever of one country changed (security refreshed)."""
    levers = state.levers.copy()
    levers[country, lever_index(name)] = value
    return start(state.setting, levers, state.gdp, Params())
