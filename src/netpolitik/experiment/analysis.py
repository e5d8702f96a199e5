"""Intervals and per-point tables computed from the store with DuckDB (out of core).

Intervals are 95% Student-t intervals of the mean across runs,
``mean +- t(0.975, n - 1) sd / sqrt(n)`` (none with one run). The horizon table also
gives the spread of the runs themselves (2.5% and 97.5% quantiles). The interval itself is
:func:`netpolitik.stats.t_interval`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netpolitik.stats import t_interval
from netpolitik.store.experiments import ExperimentStore


def q(name: str) -> str:
    """A quoted SQL identifier (factor labels contain '@')."""
    return '"' + name.replace('"', '""') + '"'


def _columns(store: ExperimentStore, paths: Sequence[str]) -> list[str]:
    rel = store.db.execute(
        "SELECT * FROM read_parquet(?, union_by_name = true) LIMIT 0", [list(paths)]
    )
    return [d[0] for d in rel.description]


def time_intervals(
    store: ExperimentStore, exp: str, metrics: Sequence[str], by: str = "step"
) -> pd.DataFrame:
    """Mean and 95% interval of each metric over time, across runs (long format).

    ``by="step"``: one row per month and metric (``step``, ``date``); ``by="year"``: each
    run's yearly mean first (``year`` = 1, 2, ...; ``date`` = the year's first month).
    Columns ``metric, step|year, date, mean, lower, upper, sd, runs``.
    """
    paths = store.paths(exp, "steps")
    if not paths:
        return pd.DataFrame(columns=["metric", by, "date", "mean", "lower", "upper", "sd", "runs"])
    metrics = [m for m in metrics if m in _columns(store, paths)]
    if by == "year":
        inner = ", ".join(f"avg({q(m)}) AS {q(m)}" for m in metrics)
        source = (
            f"(SELECT run, (step - 1) // 12 + 1 AS year, min(date) AS date, {inner} "
            "FROM read_parquet(?, union_by_name = true) GROUP BY run, year)"
        )
        key = "year"
    else:
        source, key = "read_parquet(?, union_by_name = true)", "step"
    aggs = ", ".join(
        f"avg({q(m)}) AS {q('m_' + m)}, stddev_samp({q(m)}) AS {q('s_' + m)}" for m in metrics
    )
    wide = store.db.execute(
        f"SELECT {key}, min(date) AS date, count(*) AS runs, {aggs} "
        f"FROM {source} GROUP BY {key} ORDER BY {key}",
        [paths],
    ).df()
    parts = []
    for m in metrics:
        mean, sd = wide[f"m_{m}"].to_numpy(float), wide[f"s_{m}"].fillna(np.nan).to_numpy(float)
        lo, hi = t_interval(mean, sd, wide["runs"].to_numpy())
        parts.append(
            pd.DataFrame(
                {
                    "metric": m,
                    key: wide[key].to_numpy(),
                    "date": wide["date"].to_numpy(),
                    "mean": mean,
                    "lower": lo,
                    "upper": hi,
                    "sd": sd,
                    "runs": wide["runs"].to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def horizon_intervals(
    store: ExperimentStore, exp: str, outcomes: Sequence[str], where: str = ""
) -> pd.DataFrame:
    """One row per outcome of the summary table: ``outcome, mean, lower, upper`` (95%
    interval of the mean), ``sd``, ``p2_5``, ``p97_5`` (spread of the runs), ``runs``."""
    paths = store.paths(exp, "summary")
    if not paths:
        return pd.DataFrame(
            columns=["outcome", "mean", "lower", "upper", "sd", "p2_5", "p97_5", "runs"]
        )
    outcomes = [o for o in outcomes if o in _columns(store, paths)]
    aggs = ", ".join(
        f"avg({q(o)}), stddev_samp({q(o)}), quantile_cont({q(o)}, 0.025), "
        f"quantile_cont({q(o)}, 0.975), count({q(o)})"
        for o in outcomes
    )
    row = store.db.execute(
        f"SELECT {aggs} FROM read_parquet(?, union_by_name = true) {where}", [paths]
    ).fetchone()
    assert row is not None  # an aggregate query always returns one row
    rows = []
    for k, o in enumerate(outcomes):
        mean, sd, p_lo, p_hi, n = row[5 * k : 5 * k + 5]
        mean = float("nan") if mean is None else float(mean)
        sd = float("nan") if sd is None else float(sd)
        lo, hi = t_interval(np.array([mean]), np.array([sd]), np.array([n or 0]))
        rows.append(
            {
                "outcome": o,
                "mean": mean,
                "lower": float(lo[0]),
                "upper": float(hi[0]),
                "sd": sd,
                "p2_5": float("nan") if p_lo is None else float(p_lo),
                "p97_5": float("nan") if p_hi is None else float(p_hi),
                "runs": int(n or 0),
            }
        )
    return pd.DataFrame(rows)


def point_table(
    store: ExperimentStore, exp: str, factors: Sequence[str], outcomes: Sequence[str]
) -> pd.DataFrame:
    """One row per design point: its factor values, the number of runs, and each outcome's
    mean with its 95% interval across the point's runs (``<outcome>_lower``/``_upper``)."""
    paths = store.paths(exp, "summary")
    if not paths:
        return pd.DataFrame(columns=["point", *factors, "runs"])
    cols = _columns(store, paths)
    outcomes = [o for o in outcomes if o in cols]
    sel = ", ".join(
        [
            *(f"any_value({q(f)}) AS {q(f)}" for f in factors),
            *(f"avg({q(o)}) AS {q(o)}, stddev_samp({q(o)}) AS {q('sd_' + o)}" for o in outcomes),
        ]
    )
    wide = store.db.execute(
        f"SELECT point, count(*) AS runs, {sel} FROM "
        "read_parquet(?, union_by_name = true) GROUP BY point "
        "ORDER BY point",
        [paths],
    ).df()
    out = wide[["point", *factors, "runs"]].copy()
    for o in outcomes:
        lo, hi = t_interval(
            wide[o].to_numpy(float), wide[f"sd_{o}"].to_numpy(float), wide["runs"].to_numpy()
        )
        out[o], out[f"{o}_lower"], out[f"{o}_upper"] = wide[o].to_numpy(float), lo, hi
    return out
