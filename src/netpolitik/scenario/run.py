"""Run the real-data world forward and package the result with its manifest.

Examples
--------
>>> from netpolitik.scenario import simulate_world
>>> result = simulate_world(countries=["USA", "CHN", "RUS", "EST"], years=1, seed=3)
>>> list(result.frames)
['global', 'countries', 'dyads']
>>> result.manifest["seed"]
3
"""

from __future__ import annotations

import platform
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from netpolitik import __version__
from netpolitik.engine.record import Trajectory
from netpolitik.engine.setup import from_world
from netpolitik.engine.simulator import ORDER, simulate
from netpolitik.errors import InputError
from netpolitik.params import Params
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
        raise InputError(f"--years: {years!r} is not a positive number of years; "
                         "use e.g. --years 10")
    if years > 1000:
        raise InputError(f"--years: {years!r} is too long; use at most 1000")
    if seed < 0:
        raise InputError(f"--seed: {seed!r} is negative; use a seed >= 0")
    return max(1, round(years * 12))


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
    setting, levers, gdp = from_world(world, year)
    traj = simulate(setting, levers, gdp, steps=steps, seed=seed, params=params,
                    on_step=on_step)
    manifest = {
        "netpolitik_version": __version__, "seed": seed, "start": start, "steps": steps,
        "years": years, "countries": list(setting.iso3),
        "mechanism_order": [name for name, _ in ORDER],
        "parameters": params.model_dump(), "data_provenance": world.provenance,
        "platform": {"python": platform.python_version(), "numpy": np.__version__},
    }
    return RunResult(trajectory_frames(traj, start), manifest, traj)
