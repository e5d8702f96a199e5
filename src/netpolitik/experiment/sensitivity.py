"""Global sensitivity analysis with SALib: the design to run and the indices from it.

* ``sobol`` (Saltelli/Sobol' sampling, ``N (2D + 2)`` points for D factors and base
  sample ``N``, a power of 2): first-order ``S1``, total ``ST`` and second-order ``S2``
  indices, each with a 95% bootstrap confidence interval.
* ``morris`` (elementary effects, ``N (D + 1)`` points for N trajectories on a 4-level
  grid): ``mu_star`` (mean absolute effect: overall importance, with a 95% bootstrap
  interval), ``mu`` (signed mean effect) and ``sigma`` (spread of the effects:
  non-linearity and interactions).

The outcome of a point is the mean of its runs; the bootstrap intervals do not include the
simulation noise within a point (use ``runs_per_point > 1`` to average it down; all points
share the same seeds, so noise is common to them rather than independent).

Examples
--------
>>> from netpolitik.experiment.factors import Factor
>>> fs = [Factor("param", "a", 0, 1), Factor("param", "b", 0, 1)]
>>> X = design("sobol", fs, 8, seed=0)
>>> X.shape
(48, 2)
>>> table = analyze("sobol", fs, X, X[:, 0] + 0.1 * X[:, 1], seed=0)
>>> sorted(set(table["index"]))
['S1', 'S2', 'ST']
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netpolitik.errors import InputError
from netpolitik.experiment.factors import Factor

METHODS = ("sobol", "morris")
#: Levels of the Morris grid.
MORRIS_LEVELS = 4
#: Largest design accepted (points).
MAX_POINTS = 1_000_000


def problem(factors: Sequence[Factor]) -> dict:
    """The SALib problem of ``factors``."""
    return {
        "num_vars": len(factors),
        "names": [f.label for f in factors],
        "bounds": [[f.low, f.high] for f in factors],
    }


def check(method: str, factors: Sequence[Factor], samples: int) -> None:
    if method not in METHODS:
        raise InputError(f"--method: unknown method {method!r} (allowed: {', '.join(METHODS)})")
    if not factors:
        raise InputError("--param: give at least one factor, e.g. --param trust_rate=0.01:0.1")
    flat = [f.label for f in factors if not f.high > f.low]
    if flat:
        raise InputError(
            f"--param {flat[0]}: LOW equals HIGH; a sensitivity analysis needs a range"
        )
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        raise InputError(f"--samples: {samples!r} is too small; use e.g. --samples 32")
    if method == "sobol" and samples & (samples - 1):
        low = 1 << (samples.bit_length() - 1)
        raise InputError(
            f"--samples: Sobol' sampling needs a power of 2 (got {samples}; use {low} or {2 * low})"
        )
    d = len(factors)
    points = samples * (2 * d + 2 if method == "sobol" else d + 1)
    if points > MAX_POINTS:
        raise InputError(
            f"--samples: {samples:,} gives {points:,} points (at most "
            f"{MAX_POINTS:,}); use a smaller --samples"
        )


def design(method: str, factors: Sequence[Factor], samples: int, seed: int) -> np.ndarray:
    """The ``(points, D)`` design SALib asks for (deterministic for a seed)."""
    check(method, factors, samples)
    prob = problem(factors)
    if method == "sobol":
        from SALib.sample import sobol

        return sobol.sample(prob, samples, calc_second_order=len(factors) > 1, seed=seed)
    from SALib.sample import morris

    return morris.sample(prob, samples, num_levels=MORRIS_LEVELS, seed=seed)


def analyze(
    method: str, factors: Sequence[Factor], X: np.ndarray, Y: np.ndarray, seed: int = 0
) -> pd.DataFrame:
    """Indices in long format: ``parameter, index, value, lower, upper, conf`` (``conf`` =
    half-width of the 95% interval). Second-order rows name ``a x b``."""
    prob = problem(factors)
    Y = np.asarray(Y, dtype=float)
    if not np.all(np.isfinite(Y)):
        raise InputError(
            "--outcome: the outcome is not defined for every point (NaN); choose another --outcome"
        )
    if np.ptp(Y) == 0:
        raise InputError(
            "--outcome: the outcome does not vary across the design; choose "
            "another --outcome or wider ranges"
        )
    rows: list[dict] = []

    def add(name: str, index: str, value: float, conf: float | None) -> None:
        conf = float("nan") if conf is None else float(conf)
        rows.append(
            {
                "parameter": name,
                "index": index,
                "value": float(value),
                "lower": float(value) - conf,
                "upper": float(value) + conf,
                "conf": conf,
            }
        )

    names = prob["names"]
    if method == "sobol":
        from SALib.analyze import sobol

        second = len(factors) > 1
        res = sobol.analyze(
            prob, Y, calc_second_order=second, conf_level=0.95, print_to_console=False, seed=seed
        )
        for k, name in enumerate(names):
            add(name, "S1", res["S1"][k], res["S1_conf"][k])
        for k, name in enumerate(names):
            add(name, "ST", res["ST"][k], res["ST_conf"][k])
        if second:
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    add(f"{names[i]} x {names[j]}", "S2", res["S2"][i, j], res["S2_conf"][i, j])
    else:
        from SALib.analyze import morris

        res = morris.analyze(
            prob,
            np.asarray(X, dtype=float),
            Y,
            conf_level=0.95,
            print_to_console=False,
            num_levels=MORRIS_LEVELS,
            seed=seed,
        )
        for k, name in enumerate(names):
            add(name, "mu_star", res["mu_star"][k], res["mu_star_conf"][k])
        for k, name in enumerate(names):
            add(name, "mu", res["mu"][k], None)
        for k, name in enumerate(names):
            add(name, "sigma", res["sigma"][k], None)
    return pd.DataFrame(rows)


def influence_verdict(
    table: pd.DataFrame, method: str, outcome: str, samples: int | None = None
) -> str:
    """The factor most influential on ``outcome``, named only when its index's 95%
    interval excludes 0; otherwise a line saying the samples are too few.

    >>> t = pd.DataFrame({"parameter": ["a", "b"], "index": ["ST", "ST"],
    ...                   "value": [0.6, 0.2], "lower": [-2.4, 0.1], "upper": [3.7, 0.3]})
    >>> influence_verdict(t, "sobol", "coexistence")
    'most influential on coexistence: b (ST 0.2 [0.1, 0.3], interval excludes 0)'
    >>> influence_verdict(t.iloc[:1], "sobol", "coexistence", samples=32)[:55]
    'no factor is clearly influential on coexistence: every '
    """
    key = "ST" if method == "sobol" else "mu_star"
    rows = table[table["index"] == key]
    clear = rows[(rows["lower"] > 0) | (rows["upper"] < 0)].sort_values("value", ascending=False)
    if not clear.empty:
        r = clear.iloc[0]
        return (
            f"most influential on {outcome}: {r['parameter']} ({key} {r['value']:.3g} "
            f"[{r['lower']:.3g}, {r['upper']:.3g}], interval excludes 0)"
        )
    more = f"--samples {2 * samples}" if samples else "a larger --samples"
    return (
        f"no factor is clearly influential on {outcome}: every {key} interval "
        f"includes 0, so the samples are too few to tell; try {more}"
    )
