"""Figures as Plotly's JSON: the subplot grid is make_subplots', the template is merged as
Plotly merges it, and ``figure`` checks the dicts unless told not to."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest
from plotly.subplots import make_subplots

from netpolitik.report import figures as F
from netpolitik.report.plotly_json import figure, merged_template, subplot_grid, trace

#: Every grid the figures draw (rows, cols, titles, options), and a few more.
GRIDS = [
    (3, 2, list("abcdef"), dict(vertical_spacing=0.1, horizontal_spacing=0.08)),
    (2, 1, None, dict(shared_xaxes=True, row_heights=[0.04, 0.96], vertical_spacing=0.005)),
    (1, 3, ["inflows", "top", "sectors"], dict(column_widths=[0.4, 0.3, 0.3])),
    (1, 2, ["attackers", "victims"], dict(horizontal_spacing=0.12)),
    (2, 2, ["levers", "outcomes", "incidents", "GDP"], dict(vertical_spacing=0.14)),
    (2, 2, ["security", "trust", "freedom", "incidents"], dict(vertical_spacing=0.16)),
    (3, 2, ["security", "collaboration", "", "incidents", "x"], dict(vertical_spacing=0.12)),
    (1, 1, ["security"], dict(vertical_spacing=0.1)),
    (1, 3, None, dict(horizontal_spacing=0.15)),
    (7, 1, list("abcdefg"), dict(vertical_spacing=0.3 / 7)),
    (2, 3, None, {}),
    (3, 2, ["a"], dict(shared_xaxes=True, row_heights=[1, 2, 3], column_widths=[2, 1])),
]


@pytest.mark.parametrize(("rows", "cols", "titles", "options"), GRIDS)
def test_subplot_grid_is_the_layout_of_make_subplots(rows, cols, titles, options):
    grid = subplot_grid(rows, cols, titles, **options)
    fig = make_subplots(rows=rows, cols=cols, subplot_titles=titles, **options)
    expected = fig.layout.to_plotly_json()
    expected.pop("template")
    assert grid.layout == expected
    for (r, c), (x, y) in grid.cells.items():
        sub = fig.get_subplot(r, c)
        assert (f"{x[0]}axis{x[1:]}", f"{y[0]}axis{y[1:]}") == (
            sub.xaxis.plotly_name,
            sub.yaxis.plotly_name,
        )
        assert grid.axis(r, c, "y") is grid.layout[sub.yaxis.plotly_name]


def test_subplot_grid_refuses_what_make_subplots_refuses():
    with pytest.raises(ValueError, match="Vertical spacing cannot be greater"):
        subplot_grid(12, 1, vertical_spacing=0.12)
    with pytest.raises(ValueError, match="sizes for"):
        subplot_grid(1, 2, column_widths=[1.0])


def test_merged_template_is_the_template_a_new_figure_gets():
    fig = go.Figure()
    fig.update_layout(template=F.TEMPLATE)
    template = merged_template(F.TEMPLATE)
    assert template == fig.layout.template.to_plotly_json()
    assert template["layout"]["paper_bgcolor"] == "white"
    assert "data" in template  # Plotly's default trace styles stay
    template["layout"]["paper_bgcolor"] = "black"
    assert merged_template(F.TEMPLATE)["layout"]["paper_bgcolor"] == "white"  # a copy


def test_figure_checks_properties_unless_told_not_to():
    bad = [trace("scatter", x=[1, 2], y=[3, 4], colour="red")]
    with pytest.raises(ValueError, match="colour"):
        figure(bad, {})
    fast = figure(bad, {"title": {"text": "t"}}, validate=False)
    assert isinstance(fast, go.Figure) and fast.to_dict()["data"][0]["colour"] == "red"
    assert trace("bar", x=[1], name=None) == {"type": "bar", "x": [1]}
