"""Figures written as Plotly's JSON (plain dicts), the fast way to build them.

Plotly's graph objects check every property each time it is set (``add_trace``,
``update_layout``), which costs more than the rest of a report. The figure functions in
:mod:`netpolitik.report.figures` instead write each trace and the layout as the dicts
Plotly would store, and hand them to :func:`figure`, which checks them once, or not at all
for a figure that is serialised right away (the report, the dashboard).

What Plotly would compute is computed the same way: the axes and subplot titles of a grid
(:func:`subplot_grid`, as ``make_subplots`` lays them out) and a template merged into
Plotly's default one (:func:`merged_template`, as ``update_layout`` merges it into a new
figure; once per process).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

#: A trace or a layout as Plotly's JSON.
Trace = dict[str, Any]
Layout = dict[str, Any]


def trace(kind: str, **props: Any) -> Trace:
    """A trace of type ``kind`` with ``props``; a property given as ``None`` is left out,
    as Plotly leaves it unset. Nested properties are dicts (``line=dict(width=2)``), not
    Plotly's ``line_width`` shorthand."""
    return {"type": kind, **{k: v for k, v in props.items() if v is not None}}


def figure(data: Sequence[Trace], layout: Layout, validate: bool = True) -> go.Figure:
    """The :class:`plotly.graph_objects.Figure` of ``data`` and ``layout``.

    With ``validate`` Plotly checks every property (and raises on an invalid one); without,
    it keeps the dicts as they are (much faster; for a figure serialised right away, by
    ``to_html`` or Dash).
    """
    spec = {"data": list(data), "layout": layout}
    return go.Figure(spec) if validate else go.Figure(spec, _validate=False)


@dataclass(frozen=True)
class Grid:
    """A subplot grid as ``make_subplots`` lays it out.

    ``layout`` holds the axes (``xaxis``, ``yaxis2``, ...) and the subplot titles
    (``annotations``); ``cells`` maps ``(row, col)`` (from 1) to its axes' ids
    (``("x2", "y2")``).
    """

    layout: Layout
    cells: Mapping[tuple[int, int], tuple[str, str]]

    def axes(self, row: int, col: int) -> dict[str, str]:
        """The properties that put a trace in cell (``row``, ``col``)."""
        x, y = self.cells[row, col]
        return {"xaxis": x, "yaxis": y}

    def axis(self, row: int, col: int, which: str) -> dict[str, Any]:
        """The layout's ``which`` (``"x"`` or ``"y"``) axis of cell (``row``, ``col``), to
        update in place."""
        ref = self.cells[row, col][0 if which == "x" else 1]
        return self.layout[f"{ref[0]}axis{ref[1:]}"]


def subplot_grid(
    rows: int,
    cols: int,
    titles: Sequence[str] | None = None,
    *,
    horizontal_spacing: float | None = None,
    vertical_spacing: float | None = None,
    column_widths: Sequence[float] | None = None,
    row_heights: Sequence[float] | None = None,
    shared_xaxes: bool = False,
) -> Grid:
    """The grid ``make_subplots`` lays out for the same arguments (cells numbered from the
    top left), computed as it does but without building a figure.

    Covers what the figures use: spacings, column widths, row heights (top to bottom),
    x axes shared within each column and one title per cell (an empty one is left out).
    ``tests/test_report_plotly_json.py`` compares it with ``make_subplots``.
    """
    h = 0.2 / cols if horizontal_spacing is None else horizontal_spacing
    v = (
        (0.5 if titles is not None else 0.3) / rows
        if vertical_spacing is None
        else vertical_spacing
    )
    _check_spacing("Horizontal", cols, h)
    _check_spacing("Vertical", rows, v)
    widths = _sizes(cols, h, column_widths)
    heights = _sizes(rows, v, row_heights)[::-1]  # bottom to top
    layout: Layout = {}
    cells: dict[tuple[int, int], tuple[str, str]] = {}
    notes = []
    for r in range(rows):
        up = rows - 1 - r  # rows below this one
        y0 = sum(heights[:up]) + up * v
        y_domain = [_clamp(y0), _clamp(y0 + heights[-1 - r])]
        for c in range(cols):
            x0 = sum(widths[:c]) + c * h
            x_domain = [x0, x0 + widths[c]]
            n = r * cols + c + 1
            suffix = str(n) if n > 1 else ""
            layout[f"xaxis{suffix}"] = {"domain": x_domain, "anchor": f"y{suffix}"}
            layout[f"yaxis{suffix}"] = {"domain": y_domain, "anchor": f"x{suffix}"}
            cells[r + 1, c + 1] = (f"x{suffix}", f"y{suffix}")
            notes.append(
                {
                    "y": y_domain[1],
                    "xref": "paper",
                    "x": sum(x_domain) / 2.0,
                    "yref": "paper",
                    "showarrow": False,
                    "font": {"size": 16},
                    "xanchor": "center",
                    "yanchor": "bottom",
                }
            )
    if shared_xaxes:
        _share_x(layout, cells, rows, cols)
    shown = [{**note, "text": t} for note, t in zip(notes, titles or (), strict=False) if t]
    if shown:
        layout["annotations"] = shown
    return Grid(layout, cells)


def _sizes(n: int, spacing: float, weights: Sequence[float] | None) -> list[float]:
    """Widths of ``n`` columns (or heights of rows) between gaps of ``spacing``."""
    room = 1.0 - spacing * (n - 1)
    if weights is None:
        return [room / n] * n
    if len(weights) != n:
        raise ValueError(f"subplot grid: {len(weights)} sizes for {n} cells")
    total = float(sum(weights))
    return [room * (w / total) for w in weights]


def _check_spacing(name: str, n: int, spacing: float) -> None:
    if spacing < 0 or spacing > 1:
        raise ValueError(f"{name} spacing must be between 0 and 1.")
    if n > 1 and spacing > 1.0 / (n - 1):
        raise ValueError(
            f"{name} spacing cannot be greater than (1 / ({n} - 1)) = {1.0 / (n - 1):f}."
        )


def _clamp(y: float) -> float:
    """A domain bound, with the rounding error ``make_subplots`` tolerates removed."""
    if -0.01 < y < 0.0:
        return 0.0
    if 1.0 < y < 1.01:
        return 1.0
    if not 0.0 <= y <= 1.0:
        raise ValueError("subplot grid: the rows do not fit (spacing or heights too large)")
    return y


def _share_x(
    layout: Layout, cells: Mapping[tuple[int, int], tuple[str, str]], rows: int, cols: int
) -> None:
    """Each column's x axes match its bottom one; only the bottom one has tick labels."""
    for c in range(1, cols + 1):
        bottom = cells[rows, c][0]
        for r in range(1, rows):
            axis = layout[f"xaxis{cells[r, c][0][1:]}"]
            axis.update(matches=bottom, showticklabels=False)


def merged_template(template: Mapping[str, Any]) -> dict[str, Any]:
    """``template`` merged into Plotly's default template (``plotly.io.templates.default``),
    as ``update_layout(template=template)`` merges it into a new figure; a fresh copy.

    Nested dicts are merged and other values replaced, which is Plotly's merge for a
    template without lists of objects (annotations, shapes, trace styles), such as
    :data:`netpolitik.report.figures.TEMPLATE`.
    """
    default = pio.templates.default
    text = json.dumps(template)
    if default is not None and not isinstance(default, str):  # a Template object
        return _merge(default.to_plotly_json(), json.loads(text))
    return copy.deepcopy(_cached_template(text, default))


@lru_cache(maxsize=8)
def _cached_template(template: str, default: str | None) -> dict[str, Any]:
    base = pio.templates[default].to_plotly_json() if default is not None else {}
    return _merge(base, json.loads(template))


def _merge(base: dict[str, Any], update: Mapping[str, Any]) -> dict[str, Any]:
    for key, value in update.items():
        if isinstance(value, Mapping) and isinstance(base.get(key), dict):
            _merge(base[key], value)
        else:
            base[key] = value
    return base
