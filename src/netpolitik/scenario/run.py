"""Run the real-data world, or a scenario, forward and package the result with its manifest.

Seeds. A single run with seed ``s`` uses ``SeedSequence(s)``. An ensemble of ``n`` runs of
a scenario with seed ``s`` uses the children ``SeedSequence(s).spawn(n)`` (statistically
independent streams); run ``k`` is reproduced by ``SeedSequence(s, spawn_key=(k,))`` and its
manifest records ``seed`` = s and ``spawn_key`` = [k]. Two scenarios run with the same seed
get the same streams (common random numbers), which is what ``netpolitik compare`` pairs.

Examples
--------
>>> from netpolitik.scenario import simulate_world
>>> result = simulate_world(countries=["USA", "CHN", "RUS", "EST"], years=1, seed=3)
>>> list(result.frames)
['global', 'countries', 'dyads', 'clubs', 'firms', 'firm_clubs']
>>> result.manifest["seed"]
3
>>> from netpolitik.scenario import load_scenario, run_scenario
>>> r = run_scenario(load_scenario("baseline"), years=1, countries=["USA", "RUS", "EST"])
>>> r.manifest["scenario"]
'baseline'
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from netpolitik import __version__
from netpolitik.engine.record import FULL, Recording, Trajectory
from netpolitik.engine.setup import from_world
from netpolitik.engine.simulator import ORDER, simulate
from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.scenario.build import Built, build
from netpolitik.scenario.schema import Scenario
from netpolitik.store.run_output import trajectory_frames
from netpolitik.world import load_world


@dataclass
class RunResult:
    """A finished run: its tables (pandas), manifest (dict) and raw trajectory."""

    frames: dict[str, pd.DataFrame]
    manifest: dict[str, Any]
    trajectory: Trajectory


def check_horizon(years: float, seed: int) -> int:
    """Validate the horizon and seed; return the number of monthly steps."""
    if not np.isfinite(years) or years <= 0:
        raise InputError(
            f"--years: {years!r} is not a positive number of years; use e.g. --years 10"
        )
    if years > 1000:
        raise InputError(f"--years: {years!r} is too long; use at most 1000")
    if seed < 0:
        raise InputError(f"--seed: {seed!r} is negative; use a seed >= 0")
    return max(1, round(years * 12))


def _manifest(
    seed: int,
    start: str,
    steps: int,
    years: float,
    iso3: Sequence[str],
    params: Params,
    provenance: dict,
) -> dict[str, Any]:
    return {
        "netpolitik_version": __version__,
        "seed": seed,
        "start": start,
        "steps": steps,
        "years": years,
        "countries": list(iso3),
        "mechanism_order": [name for name, _ in ORDER],
        "parameters": params.model_dump(),
        "data_provenance": provenance,
        "platform": {"python": platform.python_version(), "numpy": np.__version__},
    }


def simulate_world(
    countries: Sequence[str] | None = None,
    years: float = 10,
    seed: int = 0,
    params: Params | None = None,
    start: str = "2010-01",
    on_step: Callable[[int], None] | None = None,
) -> RunResult:
    """Simulate the real world (or a subset of its countries) from ``start``.

    Parameters
    ----------
    countries : ISO3 codes to include; all shipped countries when None.
    years : horizon in years (monthly steps).
    seed : seed of the run's random generator.
    params : model parameters (defaults when None).
    start : first simulated month, ``YYYY-MM``; memberships count from its year.
    on_step : progress callback, called with the number of steps done.
    """
    steps = check_horizon(years, seed)
    params = params or Params()
    world = load_world(list(countries) if countries else None)
    year = pd.Timestamp(start).year
    setting, levers, gdp = from_world(world, year, params)
    traj = simulate(setting, levers, gdp, steps=steps, seed=seed, params=params, on_step=on_step)
    manifest = _manifest(seed, start, steps, years, setting.iso3, params, world.provenance)
    return RunResult(trajectory_frames(traj, start), manifest, traj)


# ------------------------------------------------------------------------------ scenarios
def prepare(
    scenario: Scenario,
    *,
    years: float | None = None,
    seed: int | None = None,
    countries: Sequence[str] | None = None,
) -> Built:
    """Validate and build ``scenario`` (a :class:`~netpolitik.scenario.schema.Scenario`)
    once, for one run or many; options override the scenario's own."""
    if years is not None or seed is not None:
        check_horizon(
            scenario.years if years is None else years, scenario.seed if seed is None else seed
        )
    return build(scenario, years=years, seed=seed, countries=countries)


def _seed_sequence(seed: int, spawn_key: tuple[int, ...]) -> np.random.SeedSequence:
    return np.random.SeedSequence(seed, spawn_key=spawn_key)


def run_built(
    built: Built,
    spawn_key: tuple[int, ...] = (),
    on_step: Callable[[int], None] | None = None,
    tables: bool = True,
    record: Recording = FULL,
) -> RunResult:
    """One run of ``built`` on ``SeedSequence(built.seed, spawn_key)``; ``record`` says what
    the trajectory keeps (tables need the default, :data:`~netpolitik.engine.record.FULL`)."""
    seq = _seed_sequence(built.seed, spawn_key)
    traj = simulate(
        built.setting,
        built.levers,
        built.gdp,
        steps=built.steps,
        seed=seq,
        params=built.params,
        on_step=on_step,
        record=record,
    )
    s = built.scenario
    manifest = _manifest(
        built.seed,
        built.start,
        built.steps,
        built.years,
        built.setting.iso3,
        built.params,
        built.world.provenance,
    )
    manifest.update(
        {
            "scenario": s.name,
            "scenario_yaml": s.source,
            "scenario_options": {
                "years": built.years,
                "seed": built.seed,
                "countries": list(built.setting.iso3),
            },
            "spawn_key": list(spawn_key),
            "adaptation": built.setting.adaptation,
            "events": [
                {
                    "kind": e.kind,
                    "step": e.step,
                    "countries": list(e.countries),
                    "values": dict(e.values),
                }
                for e in built.setting.events
            ],
            "notes": list(built.notes),
        }
    )
    frames = trajectory_frames(traj, built.start) if tables else {}
    return RunResult(frames, manifest, traj)


def run_scenario(
    scenario: Scenario,
    seed: int | None = None,
    on_step: Callable[[int], None] | None = None,
    *,
    years: float | None = None,
    countries: Sequence[str] | None = None,
) -> RunResult:
    """Run ``scenario`` once with ``SeedSequence(seed)`` (the scenario's seed by default).

    The manifest adds ``scenario`` (name), ``scenario_yaml`` (its text), the options used,
    the resolved events and any notes (e.g. an event after the horizon).
    """
    built = prepare(scenario, years=years, seed=seed, countries=countries)
    return run_built(built, (), on_step)


def ensemble(
    scenario: Scenario,
    runs: int | None = None,
    *,
    seed: int | None = None,
    years: float | None = None,
    countries: Sequence[str] | None = None,
    on_run: Callable[[int], None] | None = None,
    tables: bool = True,
) -> list[RunResult]:
    """``runs`` runs of ``scenario`` (default ``scenario.runs``), seeded by the children of
    ``SeedSequence(seed)`` (the scenario's seed by default). ``tables=False`` skips the
    pandas tables (``frames`` is empty; use ``trajectory``), which is faster."""
    runs = scenario.runs if runs is None else runs
    if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
        raise InputError(f"--runs: {runs!r} is not a positive number of runs; use e.g. 20")
    built = prepare(scenario, years=years, seed=seed, countries=countries)
    out = []
    for k in range(runs):
        out.append(run_built(built, (k,), None, tables))
        if on_run is not None:
            on_run(k + 1)
    return out
