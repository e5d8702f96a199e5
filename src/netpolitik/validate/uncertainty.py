"""Parameter uncertainty of the rolling-origin scores over the calibrated parameters.

The four incident parameters fitted by ``scripts/calibrate.py`` (``docs/calibration.md``)
are known only within a plausible range. :func:`parameter_uncertainty` draws ``draws``
parameter sets by Latin hypercube (SciPy's ``qmc.LatinHypercube``) from
``value x [1 / spread, spread]`` of each (clipped to its documented bounds), re-scores every
rolling-origin fold (:func:`netpolitik.validate.folds.run_folds`) with each set, and reports
per fold and metric the range of the model's score over the draws next to persistence's.
The method is a plain sensitivity band, not a posterior: no draw is weighted or rejected by
the data.

Examples
--------
>>> from netpolitik.params import Params
>>> sets = parameter_sets(Params(), draws=3, seed=0)
>>> len(sets), sorted(sets[0]) == sorted(CALIBRATED)
(3, True)
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
from scipy.stats import qmc

from netpolitik.params import Params
from netpolitik.validate.folds import FOLD_METRICS, FOLDS, Fold, run_folds
from netpolitik.validate.records import Records
from netpolitik.world import World

#: The calibrated incident parameters whose uncertainty is propagated.
CALIBRATED: tuple[str, ...] = (
    "attack_rate",
    "attack_offense_exponent",
    "attack_rivalry_weight",
    "attack_history_weight",
)
#: Each parameter is drawn from ``value x [1 / SPREAD, SPREAD]`` (log-uniform).
SPREAD = 1.5


def parameter_sets(
    params: Params, draws: int, seed: int = 0, spread: float = SPREAD
) -> list[dict[str, float]]:
    """``draws`` Latin-hypercube overrides of :data:`CALIBRATED`, log-uniform in
    ``value x [1 / spread, spread]``, clipped to each parameter's documented range."""
    sampler = qmc.LatinHypercube(d=len(CALIBRATED), seed=np.random.default_rng(seed))
    u = sampler.random(draws)
    out = []
    for row in u:
        values = {}
        for k, name in enumerate(CALIBRATED):
            base = max(float(getattr(params, name)), 1e-6)
            value = base * spread ** (2.0 * row[k] - 1.0)
            lo, hi = _bounds(name)
            values[name] = float(np.clip(value, lo, hi))
        out.append(values)
    return out


def _bounds(name: str) -> tuple[float, float]:
    text = Params.describe(name)["range"].strip("[]").split(",")
    return float(text[0]), float(text[1])


def parameter_uncertainty(
    world: World,
    records: Records,
    params: Params,
    draws: int,
    seeds: int,
    folds: tuple[Fold, ...] = FOLDS,
    on_run: Callable[[], None] | None = None,
) -> pd.DataFrame:
    """Per fold and metric: persistence's score and the model's over ``draws`` parameter
    sets (min, median, max) and the share of draws where the model scores at least as well
    as persistence."""
    scores: dict[tuple[str, str], list[float]] = {}
    persistence: dict[tuple[str, str], float] = {}
    for overrides in parameter_sets(params, draws):
        for res in run_folds(
            world, records, params.with_overrides(overrides), seeds, folds, on_run
        ):
            for metric in FOLD_METRICS:
                key = (res.fold.name, metric)
                scores.setdefault(key, []).append(float(res.table.at["model", metric]))
                persistence[key] = float(res.table.at["persistence", metric])
    rows = []
    for (fold, metric), values in scores.items():
        v, base = np.asarray(values), persistence[(fold, metric)]
        better = v <= base if metric.endswith("_tvd") else v >= base
        rows.append(
            {
                "fold": fold,
                "metric": metric,
                "persistence": base,
                "model_min": float(v.min()),
                "model_median": float(np.median(v)),
                "model_max": float(v.max()),
                "share_at_least_persistence": float(better.mean()),
                "draws": int(v.size),
            }
        )
    return pd.DataFrame(rows)
