"""Rolling-origin validation inside the 2000-2010 record (``docs/validation.md``).

Fold 1 fits on 2000-2005 and scores 2006-2010; fold 2 fits on 2000-2007 and scores
2008-2010. "Fit" is the history (dyad record, offense, capability; :func:`fold_world`) and
the attack-rate scale (:func:`fold_params`), from the fit years only. The model (an
ensemble of engine runs from January of the first scored year, memberships as of the last
fit year) is scored against DCID's
directed incidents of the scored years with the hindcast metrics, next to two naive
forecasts: persistence (the counts of the same number of years before) and gravity
(GDP x GDP).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netpolitik.params import Params
from netpolitik.stats import quantile_band
from netpolitik.validate import hindcast as hc
from netpolitik.validate.ensemble import RunRecord, run_ensemble
from netpolitik.validate.records import Records, between, fold_params, fold_world
from netpolitik.world import World

#: Metrics of a fold, all higher-is-better except the two TVDs.
FOLD_METRICS = ("spearman", "auc", "top10_overlap", "initiator_tvd", "target_tvd")
LOWER_BETTER = {"initiator_tvd", "target_tvd"}
#: Edges of the predicted-count bins of the calibration table.
CALIBRATION_BINS = (0.0, 0.01, 0.1, 0.5, 1.0, 2.0, np.inf)


@dataclass(frozen=True)
class Fold:
    """A rolling origin: fit years and scored years (inclusive)."""

    name: str
    fit_start: int
    fit_end: int
    score_start: int
    score_end: int

    @property
    def years(self) -> int:
        """Number of scored years."""
        return self.score_end - self.score_start + 1


FOLDS = (Fold("fold 1", 2000, 2005, 2006, 2010), Fold("fold 2", 2000, 2007, 2008, 2010))


def target_tvd(predicted: np.ndarray, codes: list[str], observed: pd.DataFrame) -> float:
    """Total variation distance of the shares of incidents by target state."""
    swapped = observed.rename(columns={"attacker": "target", "target": "attacker"})
    shares = hc.initiator_shares(np.asarray(predicted).T, codes, swapped)
    return float(shares["tvd"])  # type: ignore[arg-type]  # a float in that dict


def metrics(predicted: np.ndarray, codes: list[str], observed: pd.DataFrame) -> dict:
    """The :data:`FOLD_METRICS` of one prediction."""
    result = hc.score(predicted, codes, observed)
    out = {m: float(result[m]) for m in FOLD_METRICS if m in result}  # type: ignore[arg-type]  # numbers
    out["target_tvd"] = target_tvd(predicted, codes, observed)
    return out


def calibration_table(predicted: np.ndarray, observed: np.ndarray) -> pd.DataFrame:
    """Predicted against observed dyad counts, binned by predicted count (off-diagonal).

    Columns: bin, dyads, predicted (mean), observed (mean), observed_any (share with >= 1).
    """
    mask = ~np.eye(predicted.shape[0], dtype=bool)
    pred, obs = predicted[mask], observed[mask]
    edges = CALIBRATION_BINS
    rows = []
    for lo, hi in zip(edges[:-1], edges[1:], strict=True):
        inside = (pred >= lo) & (pred < hi)
        if not inside.any():
            continue
        rows.append({"bin": f"[{lo:g}, {hi:g})", "dyads": int(inside.sum()),
                     "predicted": float(pred[inside].mean()),
                     "observed": float(obs[inside].mean()),
                     "observed_any": float((obs[inside] > 0).mean())})  # fmt: skip
    return pd.DataFrame(rows)


@dataclass(frozen=True)
class FoldResult:
    """A scored fold: metric table (rows model, persistence, gravity; model with
    ``*_lo``/``*_hi`` interval columns), calibration table and the runs."""

    fold: Fold
    table: pd.DataFrame
    calibration: pd.DataFrame
    runs: list[RunRecord]
    n_observed: int
    n_previous: int


def score_fold(
    fold: Fold,
    world: World,
    records: Records,
    params: Params,
    seeds: int,
    on_run: Callable[[], None] | None = None,
) -> FoldResult:
    """Fit ``fold`` on its fit years, simulate ``seeds`` runs and score them."""
    fw = fold_world(world, records, fold.fit_end)
    fp = fold_params(params, records, fold.fit_start, fold.fit_end)
    runs = run_ensemble(fw, fp, fold.score_start, fold.years, seeds, on_run, fold.fit_end)
    codes = world.iso3
    observed = between(records.dcid, fold.score_start, fold.score_end)
    previous = between(records.dcid, fold.score_start - fold.years, fold.score_start - 1)
    mean = np.mean([r.expected for r in runs], axis=0)
    gdp = world.countries["gdp"].to_numpy(float)
    rows = {
        "model": metrics(mean, codes, observed),
        "persistence": metrics(hc.persistence_baseline(previous, codes), codes, observed),
        "gravity": metrics(hc.gravity_baseline(gdp, codes), codes, observed),
    }
    per_seed = [metrics(r.expected, codes, observed) for r in runs]
    for m in FOLD_METRICS:
        rows["model"][f"{m}_lo"], rows["model"][f"{m}_hi"] = quantile_band([s[m] for s in per_seed])
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "predictor"
    calib = calibration_table(mean, hc.observed_matrix(observed, codes))
    return FoldResult(fold, table, calib, runs, len(observed), len(previous))


def run_folds(
    world: World,
    records: Records,
    params: Params,
    seeds: int,
    folds: tuple[Fold, ...] = FOLDS,
    on_run: Callable[[], None] | None = None,
) -> list[FoldResult]:
    """Score every fold."""
    return [score_fold(f, world, records, params, seeds, on_run) for f in folds]


def beats(table: pd.DataFrame, metric: str, baseline: str = "persistence") -> bool | None:
    """True if the model scores at least as well as ``baseline`` on ``metric``; None if
    either is NaN."""
    model, base = table.at["model", metric], table.at[baseline, metric]
    if not (np.isfinite(model) and np.isfinite(base)):
        return None
    return bool(model <= base) if metric in LOWER_BETTER else bool(model >= base)
