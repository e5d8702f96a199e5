"""The simulation state: NumPy arrays, ``(N,)`` per country and ``(N, N)`` per dyad.

:class:`Setting` holds what does not change during a run (the world's static attributes).
:class:`State` holds what does: levers, trust, GDP, sanctions, trade agreements, exposure,
the queue of incidents awaiting attribution, and the flows of the latest step (what the
output layer records). Mechanism ``step`` functions never mutate a state: they return a
new one with :func:`dataclasses.replace`.

Dyadic arrays are indexed ``[i, j]`` = "i toward j": ``trust[i, j]`` is how much i trusts j;
``sanctions[i, j]`` counts the months i has sanctioned j (0 = no sanction).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from netpolitik.policy import check_levers


@dataclass(frozen=True)
class Setting:
    """Static attributes of the simulated countries (from :mod:`netpolitik.world`).

    Attributes
    ----------
    iso3 : ISO 3166-1 alpha-3 codes, length N.
    regime : civil-liberties score in [0, 1] (V-Dem ``v2x_civlib``).
    capability : cyber capability in [0, 1] (see ``docs/data.md``).
    population : persons.
    internet : share of the population online, [0, 1] (WDI).
    rivalry : ``(N, N)`` 1.0 for a strategic rivalry (Thompson & Dreyer 2012), else 0.
    shared : ``(N, N)`` number of organisations both belong to at the start year.
    trade : ``(N, N)`` True where both belong to a common trade bloc at the start year.
    """

    iso3: tuple[str, ...]
    regime: np.ndarray
    capability: np.ndarray
    population: np.ndarray
    internet: np.ndarray
    rivalry: np.ndarray
    shared: np.ndarray
    trade: np.ndarray

    @property
    def n(self) -> int:
        """Number of countries."""
        return len(self.iso3)


@dataclass(frozen=True)
class Pending:
    """Successful state operations not yet attributed (a sparse queue, one row each)."""

    attacker: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    target: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    severity: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    age: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return int(self.attacker.size)


@dataclass(frozen=True)
class Flows:
    """What happened in the latest step; every count and damage is for that step only.

    ``attempts``/``successes`` are ``(N, N)`` state operations, attacker by target.
    ``crime_attempts``/``crime_successes``/``damage`` are ``(N,)`` per target; damage is
    in constant 2015 US$. ``new_*`` arrays list this step's successful state operations,
    ``attributed_*`` this step's attributions (attacker, target, severity).
    """

    attempts: np.ndarray
    successes: np.ndarray
    crime_attempts: np.ndarray
    crime_successes: np.ndarray
    damage: np.ndarray
    new_attacker: np.ndarray
    new_target: np.ndarray
    new_severity: np.ndarray
    new_damage: np.ndarray
    attributed_attacker: np.ndarray
    attributed_target: np.ndarray
    attributed_severity: np.ndarray

    @classmethod
    def empty(cls, n: int) -> Flows:
        """No activity, for the state before the first step."""
        z1, zi = np.zeros(n), np.zeros(0, dtype=np.int64)
        zz = np.zeros((n, n), dtype=np.int64)
        return cls(zz, zz, z1, z1, z1, zi, zi, zi, np.zeros(0), zi, zi, zi)


@dataclass(frozen=True)
class State:
    """Everything that changes during a run, at one step."""

    setting: Setting
    step: int
    levers: np.ndarray
    trust: np.ndarray
    gdp: np.ndarray
    security: np.ndarray
    sanctions: np.ndarray
    trade: np.ndarray
    exposure: np.ndarray
    pending: Pending
    flows: Flows


def initial_state(setting: Setting, levers: np.ndarray, gdp: np.ndarray) -> State:
    """A state at step 0: neutral trust (set by the simulator), no sanctions, full exposure."""
    n = setting.n
    levers = check_levers(levers)
    return State(
        setting=setting,
        step=0,
        levers=levers,
        trust=np.full((n, n), 0.5),
        gdp=np.asarray(gdp, dtype=float),
        security=np.zeros(n),
        sanctions=np.zeros((n, n), dtype=np.int64),
        trade=setting.trade.copy(),
        exposure=np.ones(n),
        pending=Pending(),
        flows=Flows.empty(n),
    )
