"""The engine as a hindcast predictor: mean attributed operations over an ensemble of runs.

:func:`engine_predictor` returns the ``predict(start, years)`` callable that
:func:`netpolitik.validate.hindcast.run_hindcast` scores against DCID. DCID records
incidents publicly attributed to a state, so the model's counterpart is the number of
*attributed* state operations (as in the calibration, ``docs/calibration.md``).

Examples
--------
>>> from netpolitik.validate.engine_hindcast import engine_predictor
>>> counts, codes, gdp = engine_predictor(runs=1)(2010, 1)
>>> counts.shape == (len(codes), len(codes)) == (gdp.size, gdp.size)
True
>>> "USA" in codes and "RUS" in codes  # COW abbreviations
True
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.validate.hindcast import Predict

__all__ = ["engine_predictor"]


def _positive_int(name: str, value: object, example: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise InputError(f"{name}: {value!r} is not a positive integer; use e.g. {name} {example}")
    return int(value)


MAX_RUNS = 10_000  # a hindcast ensemble larger than this is a typo, not a question


def engine_predictor(
    runs: int = 20,
    seed: int = 0,
    params: Params | None = None,
    on_run: Callable[[int], None] | None = None,
) -> Predict:
    """Build a hindcast predictor that simulates the whole world ``runs`` times.

    Parameters
    ----------
    runs : int, default 20
        Ensemble size; run ``k`` uses seed ``seed + k``.
    seed : int, default 0
        First seed (>= 0).
    params : Params, optional
        Model parameters (defaults when None).
    on_run : callable, optional
        Called with the number of finished runs after each run (progress bars).

    Returns
    -------
    callable
        ``predict(start, years) -> (counts, codes, gdp)``: simulates the shipped world from
        January of ``start`` for ``years`` years and returns the ensemble-mean ``(N, N)``
        attributed operations (attacker by target), the states' COW abbreviations (mapped
        from ISO3 with the world table's ``cow_code``) and their GDP ``(N,)`` from the world
        table.

    Raises
    ------
    InputError
        If ``runs`` is not a positive integer or ``seed`` is negative (at once), or if the
        start year or horizon is invalid (when called).
    """
    runs = _positive_int("--runs", runs, 20)
    if runs > MAX_RUNS:
        raise InputError(f"--runs: {runs} is too many for a hindcast; use at most {MAX_RUNS:,}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise InputError(f"--seed: {seed!r} is not a seed; use an integer >= 0")

    def predict(start: int, years: int) -> tuple[np.ndarray, list[str], np.ndarray]:
        from netpolitik.scenario import simulate_world  # the engine is heavy: import lazily
        from netpolitik.world import load_world

        if isinstance(start, bool) or not isinstance(start, int | np.integer):
            raise InputError(f"--from: {start!r} is not a year; use e.g. --from 2010")
        horizon = _positive_int("--years", years, 10)
        world = load_world()
        table = world.countries.set_index("iso3")
        total: np.ndarray | None = None
        iso3: list[str] = []
        for k in range(runs):
            traj = simulate_world(
                years=horizon, seed=int(seed) + k, params=params, start=f"{int(start)}-01"
            ).trajectory
            counts = np.asarray(traj.dyads["attributed"], dtype=float)
            if total is None:
                total, iso3 = np.zeros_like(counts), [str(c) for c in traj.iso3]
            total += counts
            if on_run is not None:
                on_run(k + 1)
        assert total is not None  # runs >= 1
        codes = [str(table.at[code, "cow_code"]) for code in iso3]
        gdp = table.loc[iso3, "gdp"].to_numpy(dtype=float)
        return total / runs, codes, gdp

    return predict
