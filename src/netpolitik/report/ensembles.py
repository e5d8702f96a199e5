"""Reports of ensembles (``netpolitik compare``, experiments): many runs per arm.

:func:`ensemble_intervals` turns runs into the long frame that
:func:`~netpolitik.report.figures.interval_band_figure` draws;
:func:`write_ensemble_report` writes one ``report.html`` with the interval bands of every
arm and, when given, the paired differences (``compare_ensembles``' table) as bars.

Runs may come without tables (``ensemble(..., tables=False)``): only
``result.trajectory.global_`` and ``result.manifest`` (``start``) are read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from netpolitik.report import figures as F
from netpolitik.report.html import Section, render, write_html
from netpolitik.report.plotly_json import figure, merged_template, subplot_grid, trace

#: Outcomes drawn by default.
METRICS = ("security", "collaboration", "coexistence", "incidents", "successful", "mean_freedom")


def _global_arrays(result: Any) -> dict[str, np.ndarray]:
    traj = getattr(result, "trajectory", None)
    if traj is not None:
        return {k: np.asarray(v, dtype=float) for k, v in traj.global_.items()}
    g = result.frames["global"]
    return {c: g[c].to_numpy(dtype=float) for c in g.columns if c not in ("step", "date")}


def ensemble_intervals(
    runs: Sequence[Any], label: str, metrics: Sequence[str] = METRICS, level: float = 0.9
) -> pd.DataFrame:
    """Mean and central ``level`` interval over runs, per step and metric: columns
    ``date``, ``step``, ``metric``, ``center``, ``lower``, ``upper``, ``label``."""
    if not runs:
        raise ValueError("ensemble_intervals: no runs")
    arrays = [_global_arrays(r) for r in runs]
    steps = len(next(iter(arrays[0].values())))
    start = runs[0].manifest.get("start", "2010-01")
    dates = pd.date_range(pd.Timestamp(start), periods=steps, freq="MS")
    q = (1 - level) / 2
    parts = []
    for metric in metrics:
        if metric not in arrays[0]:
            continue
        values = np.vstack([a[metric] for a in arrays])
        parts.append(
            pd.DataFrame(
                {
                    "date": dates,
                    "step": np.arange(1, steps + 1),
                    "metric": metric,
                    "center": values.mean(axis=0),
                    "lower": np.quantile(values, q, axis=0),
                    "upper": np.quantile(values, 1 - q, axis=0),
                    "label": label,
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def write_ensemble_report(
    out: str | Path,
    ensembles: Mapping[str, Sequence[Any]],
    differences: pd.DataFrame | None = None,
    title: str = "netpolitik ensemble report",
    subtitle: str = "",
    level: float = 0.9,
    overwrite: bool = True,
    option: str = "--out",
) -> Path:
    """Interval bands of each ensemble (``{label: runs}``) and, when given, the paired
    differences as bars: a frame with ``label`` (or the index) and ``diff``, ``lo``,
    ``hi`` (as returned by ``netpolitik.scenario.compare.compare_ensembles``)."""
    bands = pd.concat(
        [ensemble_intervals(runs, label, level=level) for label, runs in ensembles.items()],
        ignore_index=True,
    )
    sections = [
        Section(
            "intervals",
            "Outcomes over time",
            f"Mean over runs (line) and the central {level:.0%} of runs (band).",
            F.interval_band_figure(bands, validate=False),
        )
    ]
    if differences is not None and len(differences):
        labels = list(ensembles)
        what = f"{labels[1]} - {labels[0]}" if len(labels) == 2 else "difference"
        sections.append(
            Section(
                "differences",
                "Paired differences",
                "Mean difference per outcome over runs paired by seed; "
                "bars: 95% interval. Each outcome has its own axis.",
                difference_figure(differences, what, validate=False),
            )
        )
    return write_html(out, render(title, subtitle, sections), overwrite, option)


def difference_figure(
    differences: pd.DataFrame, what: str = "difference", *, validate: bool = True
) -> go.Figure:
    """One panel per outcome, each with its own axis: the mean paired difference (bar) and
    its 95% interval (error bar), so a change in security stays visible beside one in
    damage. ``differences`` has ``label`` (or the index) and ``diff``, ``lo``, ``hi``;
    ``validate=False`` builds the same figure without Plotly's checks (see
    :mod:`netpolitik.report.figures`)."""
    d = differences.reset_index()
    names = (d["label"] if "label" in d else d.iloc[:, 0]).astype(str).tolist()
    lo, hi = d.get("lo", d["diff"]), d.get("hi", d["diff"])
    grid = subplot_grid(len(d), 1, names, vertical_spacing=min(0.3 / max(len(d), 1), 0.08))
    data, zeros = [], []
    for k, row in enumerate(d.itertuples()):
        clear = bool(np.isfinite(lo[k]) and (lo[k] > 0 or hi[k] < 0))
        err = dict(
            type="data",
            symmetric=False,
            array=[max(hi[k] - row.diff, 0.0)],
            arrayminus=[max(row.diff - lo[k], 0.0)],
            color="#444",
        )
        cell = grid.axes(k + 1, 1)
        data.append(
            trace(
                "bar",
                x=[row.diff],
                y=[what],
                orientation="h",
                error_x=err,
                name=names[k],
                showlegend=False,
                marker=dict(color="#1f77b4" if clear else "#aaaaaa"),
                hovertemplate=f"{names[k]}: %{{x:.4g}} [{lo[k]:.4g}, {hi[k]:.4g}]<extra></extra>",
                **cell,
            )
        )
        zeros.append(_vertical_line(0, cell))
    for k in range(len(d)):
        grid.axis(k + 1, 1, "y")["showticklabels"] = False
    title = f"Paired difference {what} with its 95% interval (blue: the interval excludes 0)"
    return figure(
        data,
        {
            **grid.layout,
            "template": merged_template(F.TEMPLATE),
            "shapes": zeros,
            "height": max(300, 110 * len(d)),
            "margin": dict(l=20, r=20, t=60, b=30),
            "title": dict(text=title),
        },
        validate,
    )


def _vertical_line(x: float, cell: dict[str, str]) -> dict[str, Any]:
    """A grey line at ``x`` across a subplot's height, as ``Figure.add_vline`` draws it."""
    return dict(
        type="line",
        x0=x,
        x1=x,
        xref=cell["xaxis"],
        y0=0,
        y1=1,
        yref=f"{cell['yaxis']} domain",
        line=dict(color="#888", width=1),
    )
