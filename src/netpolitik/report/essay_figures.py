"""Figures of the firms (M13) and of harmonisation (M12): where the representative firms
hold their assets, which consortia they belong to, and lever dispersion across states.

They read the output contract's ``firms``, ``firm_clubs`` and ``global`` tables
(``docs/outputs.md``) and are shown by the report and the dashboard.

Examples
--------
>>> import pandas as pd
>>> g = pd.DataFrame({"step": [1, 2], "lever_dispersion": [0.2, 0.19]})
>>> harmonisation_figure(g).data[0].name
'this run'
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from netpolitik.report.figures import PALETTE, _figure_layout, _x
from netpolitik.report.plotly_json import figure, trace


def _note(text: str) -> dict:
    return dict(
        annotations=[dict(text=text, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")]
    )


def harmonisation_figure(
    glob: pd.DataFrame, base: pd.DataFrame | None = None, *, validate: bool = True
) -> go.Figure:
    """Lever dispersion across states over time (0 = every state has the same levers);
    the baseline dotted when given."""
    data, notes = [], {}
    if "lever_dispersion" not in glob:
        notes = _note("this run folder has no lever_dispersion (older version)")
    else:
        data.append(
            trace("scatter", x=_x(glob), y=glob["lever_dispersion"].to_numpy(), name="this run",
                  mode="lines", line=dict(color=PALETTE[0], width=2))
        )  # fmt: skip
        if base is not None and "lever_dispersion" in base:
            data.append(
                trace("scatter", x=_x(base), y=base["lever_dispersion"].to_numpy(),
                      name="baseline", mode="lines", line=dict(color="#999", dash="dot"))
            )  # fmt: skip
    return figure(
        data,
        _figure_layout(
            notes,
            height=360,
            title=dict(text="Harmonisation: lever dispersion across states"),
            yaxis=dict(title=dict(text="mean s.d. of levers"), rangemode="tozero"),
        ),
        validate,
    )


def firm_location_figure(
    firms: pd.DataFrame | None, hosts: int = 2, *, validate: bool = True
) -> go.Figure:
    """Each firm's share of its assets in its ``hosts`` largest hosts at the end, over
    time."""
    data, notes = [], {}
    if firms is None or firms.empty:
        notes = _note("no firm locations in this run folder")
    else:
        last = firms[firms["step"] == firms["step"].max()]
        top = last.sort_values("share", ascending=False).groupby("firm").head(hosts)
        names = sorted(firms["firm"].unique())
        for firm, iso3 in top[["firm", "iso3"]].itertuples(index=False):
            rows = firms[(firms["firm"] == firm) & (firms["iso3"] == iso3)]
            colour = PALETTE[names.index(firm) % len(PALETTE)]
            data.append(
                trace("scatter", x=_x(rows), y=rows["share"].to_numpy(),
                      name=f"{firm} in {iso3}", mode="lines", legendgroup=firm,
                      line=dict(color=colour, width=1.6))
            )  # fmt: skip
    return figure(
        data,
        _figure_layout(
            notes,
            height=420,
            title=dict(text="Where the firms hold their assets (largest hosts)"),
            yaxis=dict(title=dict(text="share of the firm's assets"), rangemode="tozero"),
        ),
        validate,
    )


def firm_consortium_figure(firm_clubs: pd.DataFrame | None, *, validate: bool = True) -> go.Figure:
    """Number of firms in each public-private consortium over time."""
    data, notes = [], {}
    if firm_clubs is None or firm_clubs.empty:
        notes = _note("no firm belongs to a consortium in this run")
    else:
        counts = firm_clubs.groupby(["step", "club"]).size().unstack(fill_value=0).sort_index()
        dates = firm_clubs.drop_duplicates("step").set_index("step")
        x = dates["date"].reindex(counts.index) if "date" in dates else counts.index
        for k, club in enumerate(counts.columns):
            data.append(
                trace("scatter", x=x, y=counts[club].to_numpy(), name=club, mode="lines",
                      line=dict(color=PALETTE[k % len(PALETTE)], width=1.6, shape="hv"))
            )  # fmt: skip
    return figure(
        data,
        _figure_layout(
            notes,
            height=340,
            title=dict(text="Firms in public-private consortia"),
            yaxis=dict(title=dict(text="firms"), rangemode="tozero"),
        ),
        validate,
    )
