"""Shared statistics: the one place intervals, Pareto sets and distances are computed.

Every interval or non-dominated set that a summary, report, dashboard or validation
prints comes from here, so that two pages never disagree on how an interval is drawn.
Each function is a thin layer over the library that does the work: Student-t intervals
over :mod:`scipy.stats`, Pareto sets over pymoo's non-dominated sorting. SciPy and pymoo
are imported on first use, so importing this module is cheap.

Examples
--------
>>> import numpy as np
>>> lo, hi = t_interval(np.array([1.0]), np.array([0.5]), np.array([4]))
>>> round(float(lo[0]), 3), round(float(hi[0]), 3)
(0.204, 1.796)
>>> [round(x, 3) for x in mean_interval([1.0, 2.0, 3.0])]
[-0.484, 4.484]
>>> pareto_mask(np.array([[1.0, 1.0], [0.5, 0.5], [0.0, 2.0]])).tolist()
[True, False, True]
>>> total_variation(np.array([0.5, 0.5]), np.array([1.0, 0.0]))
0.5
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["mean_interval", "pareto_mask", "quantile_band", "t_interval", "total_variation"]


def t_interval(
    mean: np.ndarray, sd: np.ndarray, n: np.ndarray, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray]:
    """Student-t interval of a mean from its sample standard deviation and sample size.

    Parameters
    ----------
    mean, sd, n : array_like
        Sample means, sample standard deviations (``ddof=1``) and sample sizes, broadcast
        together.
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    (lo, hi) : tuple of ndarray
        The interval's ends; NaN where ``n < 2`` (no spread can be estimated).
    """
    from scipy import stats

    mean, sd, n = (np.asarray(x, dtype=float) for x in (mean, sd, n))
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = sd / np.sqrt(n)
        lo, hi = stats.t.interval(level, np.maximum(n - 1, 1), loc=mean, scale=scale)
    few = n < 2
    lo = np.where(few, np.nan, np.where(scale == 0, mean, lo))
    hi = np.where(few, np.nan, np.where(scale == 0, mean, hi))
    return lo, hi


def mean_interval(values: Sequence[float] | np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Student-t interval of the mean of ``values`` (non-finite values dropped).

    Used for paired differences on common random numbers (``compare``, ``run --baseline``,
    the dashboard's changes). NaN with fewer than two finite values.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if v.size < 2:
        return float("nan"), float("nan")
    lo, hi = t_interval(np.array(v.mean()), np.array(v.std(ddof=1)), np.array(v.size), level)
    return float(lo), float(hi)


def quantile_band(
    values: Sequence[float] | np.ndarray, lower: float = 0.05, upper: float = 0.95
) -> tuple[float, float]:
    """The ``lower`` and ``upper`` quantiles of ``values`` over an ensemble (NaN-safe).

    A spread of outcomes across seeds, not an interval of a mean.
    """
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    if not v.size:
        return float("nan"), float("nan")
    lo, hi = np.quantile(v, [lower, upper])
    return float(lo), float(hi)


def pareto_mask(values: np.ndarray) -> np.ndarray:
    """True for the rows of ``values`` (every column maximised) that no other row dominates.

    A row dominates another when it is at least as good in every column and better in one;
    duplicates of a front point are on the front too. Built on pymoo's non-dominated
    sorting (which minimises, hence the sign).
    """
    from pymoo.util.nds.non_dominated_sorting import NonDominatedSorting

    v = np.asarray(values, dtype=float)
    keep = np.zeros(len(v), dtype=bool)
    if len(v):
        front = NonDominatedSorting().do(-v.reshape(len(v), -1), only_non_dominated_front=True)
        keep[np.asarray(front, dtype=int)] = True
    return keep


def total_variation(p: np.ndarray, q: np.ndarray) -> float:
    """Total variation distance of two distributions on the same support.

    Half the sum of absolute differences; NaN if either is empty (sums to 0) or holds NaN.
    """
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    if p.sum() == 0 or q.sum() == 0:
        return float("nan")
    return float(np.abs(p - q).sum() / 2.0)
