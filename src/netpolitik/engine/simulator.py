"""The simulator: calls the mechanisms in a fixed, documented order, month by month.

Order of one step (docs/design.md, "Why this shape"; details in docs/model.md):

1. :mod:`~netpolitik.engine.shocks` — M10 scheduled events, PQ readiness, AI waves
2. :mod:`~netpolitik.engine.clubs` — M2 probation, exclusion, admission, consortia
3. :mod:`~netpolitik.engine.firms` — M13 firms place assets, join public-private consortia
4. :mod:`~netpolitik.engine.sharing` — M3 sharing links, pooled intelligence, misuse
5. :mod:`~netpolitik.engine.capacity` — M9 capacity-building aid
6. :mod:`~netpolitik.engine.security` — effective security (own, pooled, aid, shocks)
7. :mod:`~netpolitik.engine.trust` — M1 trust moves toward its policy-driven target
8. :mod:`~netpolitik.engine.incidents` — M4 state operations and criminal incidents
9. :mod:`~netpolitik.engine.attribution` — M5 lagged, probabilistic attribution
10. :mod:`~netpolitik.engine.responses` — M6 trust drops, sanctions, trade, disclosure
11. :mod:`~netpolitik.engine.investment` — M7 FDI by sector group
12. :func:`~netpolitik.engine.firms.invest` — M13 firms place their share of the FDI pool
13. :mod:`~netpolitik.engine.economy` — GDP growth less sanctions
14. :mod:`~netpolitik.engine.innovation` — M8 growth from investment and innovation
15. :mod:`~netpolitik.engine.research` — M14 joint research, its capability and IP theft
16. :mod:`~netpolitik.engine.spread` — M15 successful consortia inspire new ones
17. :mod:`~netpolitik.engine.adaptation` — M11 governments adjust their levers (optional)
18. :mod:`~netpolitik.engine.norms` — M12 norm diffusion and club norms (off by default)

Mechanisms 3, 12, 15, 16 and 18 leave the baseline unchanged at their default parameters
and draw no random numbers unless a scenario turns them on.

:data:`CORE` is the subset security, trust, incidents, attribution, responses, economy.

Randomness: one :class:`numpy.random.Generator` per run, built from
``SeedSequence(seed)``; mechanisms draw from it in this order only, so the same setting,
levers, parameters and seed give bit-identical results on the same platform.

Examples
--------
>>> from netpolitik.engine.simulator import simulate
>>> from netpolitik.engine.synthetic import synthetic_setting
>>> setting, levers, gdp = synthetic_setting(n=5, seed=0)
>>> out = simulate(setting, levers, gdp, steps=12, seed=1)
>>> out.global_["security"].shape
(12,)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from netpolitik.engine import (
    adaptation,
    attribution,
    capacity,
    clubs,
    economy,
    firms,
    incidents,
    innovation,
    investment,
    norms,
    research,
    responses,
    security,
    sharing,
    shocks,
    spread,
    trust,
)
from netpolitik.engine.record import FULL, Recorder, Recording, Trajectory
from netpolitik.engine.state import Setting, State, evolve, initial_state
from netpolitik.errors import InputError
from netpolitik.params import Params


class Mechanism(Protocol):
    """A mechanism's pure step: a new state from a state, parameters and the run's RNG."""

    def __call__(self, state: State, params: Params, rng: np.random.Generator) -> State: ...


CORE: tuple[tuple[str, Mechanism], ...] = (
    ("security", security.step),
    ("trust", trust.step),
    ("incidents", incidents.step),
    ("attribution", attribution.step),
    ("responses", responses.step),
    ("economy", economy.step),
)
"""The core rules (M1, M4, M5, M6 with security and GDP), in calling order."""

ORDER: tuple[tuple[str, Mechanism], ...] = (
    ("shocks", shocks.step),
    ("clubs", clubs.step),
    ("firms", firms.step),
    ("sharing", sharing.step),
    ("capacity", capacity.step),
    ("security", security.step),
    ("trust", trust.step),
    ("incidents", incidents.step),
    ("attribution", attribution.step),
    ("responses", responses.step),
    ("investment", investment.step),
    ("firm_investment", firms.invest),
    ("economy", economy.step),
    ("innovation", innovation.step),
    ("research", research.step),
    ("spread", spread.step),
    ("adaptation", adaptation.step),
    ("norms", norms.step),
)
"""Every mechanism of the full model, in calling order."""


def check_world(setting: Setting) -> None:
    """Refuse a world too small for cyber politics (fewer than 2 countries)."""
    if setting.n < 2:
        raise InputError(
            f"countries: {setting.n} country; cyber politics needs at least 2 "
            "(add countries to the scenario or --countries)"
        )


def make_rng(seed: int | np.random.SeedSequence) -> np.random.Generator:
    """The run's one generator, from a seed or a spawned :class:`~numpy.random.SeedSequence`."""
    seq = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    return np.random.Generator(np.random.PCG64(seq))


def start(
    setting: Setting,
    levers: np.ndarray,
    gdp: np.ndarray,
    params: Params,
    members: np.ndarray | None = None,
) -> State:
    """Step-0 state: trust at its tie-based prior (M1), exposure and security set.

    ``members`` is the ``(N, K)`` initial membership of ``setting.clubs``.
    """
    state = initial_state(setting, levers, gdp, members)
    state = security.step(state, params, make_rng(0))
    return evolve(
        state, trust=trust.initial(state, params), exposure=responses.exposure(state, params)
    )


def advance(
    state: State,
    params: Params,
    rng: np.random.Generator,
    mechanisms: tuple[tuple[str, Mechanism], ...] = ORDER,
) -> State:
    """One month: every mechanism of ``mechanisms`` (default :data:`ORDER`) in turn."""
    for _, mechanism in mechanisms:
        state = mechanism(state, params, rng)
    return evolve(state, step=state.step + 1)


def simulate(
    setting: Setting,
    levers: np.ndarray,
    gdp: np.ndarray,
    *,
    steps: int = 120,
    seed: int | np.random.SeedSequence = 0,
    params: Params | None = None,
    on_step: Callable[[int], None] | None = None,
    mechanisms: tuple[tuple[str, Mechanism], ...] = ORDER,
    members: np.ndarray | None = None,
    record: Recording = FULL,
) -> Trajectory:
    """Run ``steps`` months and return the recorded :class:`~netpolitik.engine.record.Trajectory`.

    Parameters
    ----------
    setting : the static world (see :func:`netpolitik.engine.setup.from_world`).
    levers : ``(N, 8)`` initial levers in [0, 1].
    gdp : ``(N,)`` initial annual GDP, constant 2015 US$.
    steps : number of months (>= 1).
    seed : seed or spawned ``SeedSequence`` of the run's generator.
    params : model parameters; defaults to :class:`~netpolitik.params.Params()`.
    on_step : called with the step number after each month (for progress bars).
    mechanisms : the mechanisms to call each month, in order (default :data:`ORDER`;
        :data:`CORE` runs only the core rules).
    members : ``(N, K)`` initial membership of ``setting.clubs`` (none when omitted).
    record : what to record (default :data:`~netpolitik.engine.record.FULL`, everything;
        :func:`~netpolitik.engine.record.lean` keeps the global series and named columns).
    """
    params = params or Params()
    check_world(setting)
    if steps < 1:
        raise InputError(f"steps: {steps}; simulate at least 1 month")
    rng = make_rng(seed)
    state = start(setting, levers, gdp, params, members)
    recorder = Recorder(setting.n, steps, setting.clubs.k, state.members, record)
    for k in range(steps):
        state = advance(state, params, rng, mechanisms)
        recorder.record(k, state, params)
        if on_step is not None:
            on_step(k + 1)
    return recorder.finish(state)
