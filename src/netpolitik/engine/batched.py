"""Batched replications of the core rules: R runs in one ``(R, N, N)`` step.

The core rules (:data:`netpolitik.engine.simulator.CORE`: security, M1 trust, M4
incidents, M5 attribution, M6 responses, economy) spend most of their time on dense
``(N, N)`` arrays — target trust, attack rates — whose cost per array is mostly NumPy's
per-call overhead at N ~ 200. :func:`simulate_core_batch` computes those dense parts for R
replications at once, with a leading replication axis, and keeps a loop over replications
only for the sparse, random parts (the few attempts, successes and attributions of a
month), each replication drawing from its own generator in exactly the order an unbatched
run does. The result is therefore *identical* to R separate calls of
``simulate(..., seed=seeds[r], mechanisms=CORE)`` (``tests/test_batched.py`` checks every
output bit for bit), only faster; ``benchmarks/run.py`` measures the ratio.

Examples
--------
>>> from netpolitik.engine.batched import simulate_core_batch
>>> from netpolitik.engine.synthetic import synthetic_setting
>>> setting, levers, gdp = synthetic_setting(n=6, seed=0)
>>> runs = simulate_core_batch(setting, levers, gdp, steps=12, seeds=[1, 2, 3])
>>> len(runs), runs[0].global_["security"].shape
(3, (12,))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from types import SimpleNamespace

import numpy as np

from netpolitik.engine import attribution, economy, incidents, responses, security, trust
from netpolitik.engine.record import Recorder, Trajectory
from netpolitik.engine.simulator import check_world, make_rng, start
from netpolitik.engine.state import Setting, State
from netpolitik.errors import InputError
from netpolitik.params import Params


def _stack(states: Sequence[State], name: str) -> np.ndarray:
    return np.stack([getattr(s, name) for s in states])


class _Batch:
    """Dense fields of R replications (leading axis R) plus per-replication states for the
    sparse parts. ``views[r]`` is replication r as an ordinary :class:`State`."""

    DENSE = ("levers", "trust", "capability", "gdp", "security", "sanctions", "trade",
             "exposure")

    def __init__(self, states: Sequence[State]) -> None:
        self.views = list(states)
        for name in self.DENSE:
            setattr(self, name, _stack(states, name))
        first = states[0]
        self.setting, self.members = first.setting, first.members
        self.zeros = np.zeros_like(self.gdp)
        self.ai_boost = 0.0

    def sync(self, r: int) -> State:
        """Replication r as a State whose dense fields are views of the batch arrays."""
        view = replace(self.views[r], **{name: getattr(self, name)[r] for name in self.DENSE})
        self.views[r] = view
        return view


def _security(batch: _Batch, params: Params) -> None:
    ns = SimpleNamespace(levers=batch.levers, capability=batch.capability, ai_boost=0.0,
                         pooled=batch.zeros, aid_stock=batch.zeros, shock_penalty=batch.zeros)
    batch.security = security.effective(ns, params)


def _trust(batch: _Batch, params: Params) -> None:
    ns = SimpleNamespace(setting=batch.setting, levers=batch.levers, members=batch.members,
                         sanctions=batch.sanctions)
    new = batch.trust + params.trust_rate * (trust.target(ns, params) - batch.trust)
    batch.trust = np.clip(new, 0.0, 1.0)


def _incidents(batch: _Batch, params: Params, rngs: list[np.random.Generator]) -> None:
    ns = SimpleNamespace(setting=batch.setting, levers=batch.levers, capability=batch.capability,
                         gdp=batch.gdp, trust=batch.trust)
    rates = incidents.attack_rate(ns, params)
    for r, rng in enumerate(rngs):
        view = batch.sync(r)
        view = incidents.step_with_rate(view, params, rng, rates[r])
        batch.views[r] = view


def _attribution_and_responses(batch: _Batch, params: Params,
                               rngs: list[np.random.Generator]) -> None:
    for r, rng in enumerate(rngs):
        view = attribution.step(batch.views[r], params, rng)
        view = responses.step(view, params, rng)
        batch.views[r] = view
        batch.trust[r], batch.sanctions[r] = view.trust, view.sanctions
        batch.trade[r], batch.exposure[r] = view.trade, view.exposure


def _economy(batch: _Batch, params: Params) -> None:
    for r in range(len(batch.gdp)):  # per replication: the economy's own GDP step
        batch.gdp[r] = economy.grown_gdp(batch.sync(r), params)


def simulate_core_batch(setting: Setting, levers: np.ndarray, gdp: np.ndarray, *,
                        steps: int, seeds: Sequence[int | np.random.SeedSequence],
                        params: Params | None = None) -> list[Trajectory]:
    """Run the core rules for each seed in ``seeds``, batched; one Trajectory per seed.

    Equal, output for output, to ``[simulate(setting, levers, gdp, steps=steps, seed=s,
    params=params, mechanisms=CORE) for s in seeds]``.
    """
    params = params or Params()
    check_world(setting)
    if not seeds:
        raise InputError("seeds: empty; give at least one seed")
    rngs = [make_rng(seed) for seed in seeds]
    first = start(setting, levers, gdp, params)
    batch = _Batch([first] * len(seeds))
    recorders = [Recorder(setting.n, steps, setting.clubs.k) for _ in seeds]
    for k in range(steps):
        _security(batch, params)
        _trust(batch, params)
        _incidents(batch, params, rngs)
        _attribution_and_responses(batch, params, rngs)
        _economy(batch, params)
        for r, rec in enumerate(recorders):
            view = replace(batch.sync(r), step=k + 1)
            batch.views[r] = view
            rec.record(k, view, params)
    return [rec.finish(view) for rec, view in zip(recorders, batch.views, strict=True)]
