"""Plotly figures of a run, of a comparison and of an experiment.

Every function returns a :class:`plotly.graph_objects.Figure` and takes plain DataFrames
(the run folder's tables, ``docs/outputs.md``), so the report, the dashboard and notebooks
share them. Experiment figures take the documented long-format frames below; see
``docs/report.md``.

Each figure is written as Plotly's JSON (:mod:`netpolitik.report.plotly_json`) and checked
by Plotly once. ``validate=False`` skips the check: the same figure, built several times
faster, for one that is serialised right away (the report and the dashboard do this).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"security": [0.2, 0.5, 0.4], "collaboration": [0.9, 0.6, 0.3]})
>>> pareto_front(df).tolist()
[True, True, False]
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative, sequential

from netpolitik.report.data import country_names, final_memberships, primary_club
from netpolitik.report.plotly_json import Layout, figure, merged_template, subplot_grid, trace
from netpolitik.stats import pareto_mask

#: Colours of clubs (assigned by sorted club name) and of runs in comparisons.
PALETTE = qualitative.Dark24 + qualitative.Light24
RUN_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf")
NO_CLUB = "no club"
NO_CLUB_COLOUR = "#b0b0b0"
BASELINE_COLOUR = "#7f7f7f"
LEVER_NAMES = (
    "surveillance",
    "oversight",
    "data_restriction",
    "defense",
    "sharing",
    "disclosure",
    "offense",
    "aid",
)
#: Panels of the global figure: (column, title, scale, unit).
GLOBAL_PANELS = (
    ("security", "Security", 1.0, "[0, 1]"),
    ("collaboration", "Collaboration (composite)", 1.0, "[0, 1]"),
    ("coexistence", "Coexistence", 1.0, "[0, 1]"),
    ("incidents", "State operations a month", 1.0, "count"),
    ("world_gdp", "World GDP", 1e-12, "US$ tn (2015)"),
    ("mean_freedom", "Freedom (mean)", 1.0, "[0, 1]"),
)
#: Direction of each panel's outcome: +1 more is better, -1 less is better (a change's
#: colour in a panel title says better, green, or worse, red).
PANEL_BETTER = {
    "security": 1,
    "collaboration": 1,
    "coexistence": 1,
    "incidents": -1,
    "world_gdp": 1,
    "mean_freedom": 1,
}
INCIDENT_SERIES = (
    ("incidents", "attempted"),
    ("successful", "successful"),
    ("attributed", "attributed"),
    ("crime_successful", "criminal, successful"),
)
_AXIS = dict(
    automargin=True,
    gridcolor="#EBF0F8",
    linecolor="#EBF0F8",
    ticks="",
    zerolinecolor="#EBF0F8",
    zerolinewidth=2,
    title=dict(standoff=15),
)
#: A light look like Plotly's ``plotly_white``, set over Plotly's default template (a
#: figure's ``update_layout(template=TEMPLATE)`` merges it into the default).
TEMPLATE = dict(
    layout=dict(
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis=_AXIS,
        yaxis=_AXIS,
        hovermode="closest",
        font=dict(color="#2a3f5f"),
        colorway=qualitative.Plotly,
    )
)
_LAYOUT = dict(
    margin=dict(l=60, r=20, t=60, b=40), font=dict(size=12), hoverlabel=dict(namelength=-1)
)


def _figure_layout(axes: Layout | None = None, **props: Any) -> Layout:
    """A figure's layout as Plotly's JSON: the ``axes`` of its subplot grid (if any), the
    common look (:data:`TEMPLATE`, margins, font) and ``props`` (replacing the common
    ones)."""
    return {
        **(axes or {}),
        "template": merged_template(TEMPLATE),
        **copy.deepcopy(_LAYOUT),
        **props,
    }


def club_colours(names: Sequence[str]) -> dict[str, str]:
    """A stable colour for each club name (sorted), plus :data:`NO_CLUB`."""
    out = {name: PALETTE[k % len(PALETTE)] for k, name in enumerate(sorted(set(names)))}
    out[NO_CLUB] = NO_CLUB_COLOUR
    return out


def _x(frame: pd.DataFrame) -> pd.Series:
    return frame["date"] if "date" in frame else frame["step"]


def _round(values: pd.Series | np.ndarray, digits: int = 5) -> np.ndarray:
    return np.round(np.asarray(values, dtype=float), digits)


def global_series(glob: pd.DataFrame, countries: pd.DataFrame | None = None) -> pd.DataFrame:
    """The global table with the panels' columns present: ``coexistence`` and
    ``mean_freedom`` are derived when an older run lacks them."""
    g = glob.copy()
    if "coexistence" not in g and {"security", "collaboration"} <= set(g):
        s, c = g["security"], g["collaboration"]
        g["coexistence"] = np.where(s + c > 0, 2 * s * c / (s + c).where(s + c > 0, 1), 0.0)
    if "mean_freedom" not in g and countries is not None and "freedom" in countries:
        g["mean_freedom"] = (
            countries.groupby("step")["freedom"].mean().reindex(g["step"]).to_numpy()
        )
    return g


def last_year_delta(run: pd.DataFrame, base: pd.DataFrame, column: str) -> float:
    """Difference of last-year means of ``column`` (run minus baseline)."""
    k = min(12, len(run), len(base))
    return float(run[column].tail(k).mean() - base[column].tail(k).mean())


def global_figure(
    glob: pd.DataFrame,
    baseline: pd.DataFrame | None = None,
    countries: pd.DataFrame | None = None,
    label: str = "run",
    baseline_label: str = "baseline",
    *,
    validate: bool = True,
) -> go.Figure:
    """Global time series: security, collaboration, coexistence, incidents, GDP, freedom.

    With ``baseline`` (another run's global table), each panel also shows the baseline as a
    dotted grey line, shades the gap between the two, and gives the change of the
    last-year mean in its title.
    """
    g = global_series(glob)
    if countries is not None:
        g = global_series(glob, countries)
    b = global_series(baseline) if baseline is not None else None
    titles = []
    for col, title, _, unit in GLOBAL_PANELS:
        text = f"{title} <span style='font-size:10px'>({unit})</span>"
        if b is not None and col in g and col in b:
            d = last_year_delta(g, b, col)
            d *= dict((p[0], p[2]) for p in GLOBAL_PANELS)[col]
            d = 0.0 if abs(d) < 5e-4 else d
            good = d * PANEL_BETTER.get(col, 1)  # coloured by better or worse, not sign
            colour = "#2ca02c" if good > 0 else ("#d62728" if good < 0 else "#555")
            text += f" <b style='color:{colour}'>Δ {d:+.3f}</b>"
        titles.append(text)
    grid = subplot_grid(3, 2, titles, vertical_spacing=0.1, horizontal_spacing=0.08)
    data = []
    x = _x(g)
    for k, (col, _title, scale, _) in enumerate(GLOBAL_PANELS):
        cell = grid.axes(k // 2 + 1, k % 2 + 1)
        if col not in g:
            continue
        if col == "incidents":
            for j, (series, name) in enumerate(INCIDENT_SERIES):
                if series in g:
                    data.append(
                        trace(
                            "scatter",
                            x=x,
                            y=_round(g[series]),
                            name=name,
                            legendgroup="incidents",
                            legendgrouptitle=dict(text="incidents") if j == 0 else None,
                            line=dict(width=1.5, color=RUN_COLOURS[j % len(RUN_COLOURS)]),
                            **cell,
                        )
                    )
            if b is not None and "incidents" in b:
                data.append(
                    trace(
                        "scatter",
                        x=_x(b),
                        y=_round(b["incidents"]),
                        name=f"attempted ({baseline_label})",
                        line=dict(color=BASELINE_COLOUR, dash="dot"),
                        **cell,
                    )
                )
            continue
        if b is not None and col in b:
            data.append(
                trace(
                    "scatter",
                    x=_x(b),
                    y=_round(b[col] * scale, 8),
                    name=baseline_label,
                    legendgroup="baseline",
                    showlegend=k == 0,
                    line=dict(color=BASELINE_COLOUR, dash="dot", width=1.5),
                    **cell,
                )
            )
        data.append(
            trace(
                "scatter",
                x=x,
                y=_round(g[col] * scale, 8),
                name=label,
                legendgroup="run",
                showlegend=k == 0 and b is not None,
                fill="tonexty" if b is not None and col in b else None,
                fillcolor="rgba(255, 127, 14, 0.25)",
                line=dict(color=RUN_COLOURS[0], width=2),
                **cell,
            )
        )
    for k, (_col, _title, _scale, unit) in enumerate(GLOBAL_PANELS):
        if unit == "[0, 1]":
            grid.axis(k // 2 + 1, k % 2 + 1, "y")["rangemode"] = "tozero"
    title = "Global outcomes" + (f": {label} against {baseline_label}" if b is not None else "")
    return figure(
        data,
        _figure_layout(
            grid.layout,
            height=760,
            showlegend=True,
            legend=dict(orientation="h", y=-0.08),
            title=dict(text=title),
        ),
        validate,
    )


def compare_figure(globals_: Mapping[str, pd.DataFrame], *, validate: bool = True) -> go.Figure:
    """Global time series of several runs overlaid, one colour per run (side by side
    comparison of configurations)."""
    titles = [t for _, t, _, _ in GLOBAL_PANELS]
    grid = subplot_grid(3, 2, titles, vertical_spacing=0.1, horizontal_spacing=0.08)
    data = []
    for r, (name, glob) in enumerate(globals_.items()):
        g = global_series(glob)
        for k, (col, _, scale, _) in enumerate(GLOBAL_PANELS):
            if col not in g:
                continue
            data.append(
                trace(
                    "scatter",
                    x=_x(g),
                    y=_round(g[col] * scale, 8),
                    name=name,
                    legendgroup=name,
                    showlegend=k == 0,
                    line=dict(color=RUN_COLOURS[r % len(RUN_COLOURS)], width=1.8),
                    **grid.axes(k // 2 + 1, k % 2 + 1),
                )
            )
    return figure(
        data,
        _figure_layout(
            grid.layout,
            height=760,
            title=dict(text="Global outcomes compared"),
            legend=dict(orientation="h", y=-0.08),
        ),
        validate,
    )


def cluster_order(matrix: np.ndarray) -> np.ndarray:
    """Row order grouping countries that trust each other (average-linkage clustering of
    ``1 - symmetrised trust``)."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    n = matrix.shape[0]
    if n < 3:
        return np.arange(n)
    sym = (matrix + matrix.T) / 2.0
    dist = np.clip(1.0 - sym, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    dist = np.nan_to_num((dist + dist.T) / 2.0, nan=1.0)
    return leaves_list(linkage(squareform(dist, checks=False), method="average"))


def trust_matrix(network: pd.DataFrame, column: str = "trust") -> pd.DataFrame:
    """The ``(truster x trustee)`` matrix of a network frame (diagonal 1 for trust)."""
    m = network.pivot(index="truster", columns="trustee", values=column)
    codes = sorted(set(m.index) | set(m.columns))
    m = m.reindex(index=codes, columns=codes).astype(float)
    values = m.to_numpy(copy=True)
    np.fill_diagonal(values, 1.0 if column == "trust" else 0.0)
    return pd.DataFrame(np.nan_to_num(values), index=codes, columns=codes)


def trust_heatmap_figure(
    network: pd.DataFrame,
    clubs: pd.DataFrame | None = None,
    max_countries: int | None = None,
    *,
    validate: bool = True,
) -> go.Figure:
    """Clustered heatmap of final trust (row trusts column), with each country's most
    specific club as a colour strip on top and sharing links marked in the hover.

    ``max_countries`` keeps the countries with the most sharing links when given.
    """
    m = trust_matrix(network)
    links = (
        trust_matrix(network, "sharing_weight")
        if "sharing_weight" in network
        else trust_matrix(
            network.assign(sharing_weight=network["sharing_link"].astype(float)), "sharing_weight"
        )
    )
    if max_countries is not None and len(m) > max_countries:
        keep = (links > 0).sum(axis=1).add((links > 0).sum(axis=0)).nlargest(max_countries).index
        keep = sorted(keep)
        m, links = m.loc[keep, keep], links.loc[keep, keep]
    order = cluster_order(m.to_numpy())
    codes = [m.index[i] for i in order]
    z = m.to_numpy()[np.ix_(order, order)].copy()
    np.fill_diagonal(z, np.nan)  # self-trust is not drawn
    shares = links.to_numpy()[np.ix_(order, order)] > 0
    prim = primary_club(clubs) if clubs is not None else {}
    colours = club_colours(list(prim.values()))
    names = sorted(set(prim.values())) + [NO_CLUB]
    idx = {c: k for k, c in enumerate(names)}
    strip = np.array([[idx[prim.get(c, NO_CLUB)] for c in codes]], dtype=float)
    k = len(names)
    scale = []
    for j, name in enumerate(names):
        scale += [[j / k, colours[name]], [(j + 1) / k, colours[name]]]
    grid = subplot_grid(2, 1, shared_xaxes=True, row_heights=[0.04, 0.96], vertical_spacing=0.005)
    data = [
        trace(
            "heatmap",
            z=strip,
            x=codes,
            y=["club"],
            zmin=-0.5,
            zmax=k - 0.5,
            colorscale=scale,
            showscale=False,
            name="clubs",
            customdata=np.array([[prim.get(c, NO_CLUB) for c in codes]], dtype=object),
            hovertemplate="%{x}: %{customdata}<extra></extra>",
            **grid.axes(1, 1),
        ),
        trace(
            "heatmap",
            z=np.round(z, 3).astype(np.float32),
            x=codes,
            y=codes,
            zmin=0,
            zmax=1,
            colorscale=_scale(sequential.Viridis),
            colorbar=dict(title=dict(text="trust"), len=0.8),
            customdata=shares.astype(np.uint8),
            name="trust",
            hovertemplate="%{y} trusts %{x}: %{z:.3f}<br>shares intelligence (1 = yes): "
            "%{customdata}<extra></extra>",
            **grid.axes(2, 1),
        ),
    ]
    side = max(480, min(1100, 14 * len(codes) + 120))
    grid.axis(2, 1, "y").update(autorange="reversed", tickfont=dict(size=7))
    grid.axis(2, 1, "x").update(tickfont=dict(size=7))
    grid.axis(1, 1, "y").update(showticklabels=False)
    title = (
        "Final trust between countries (clustered; top strip: each country's most specific club)"
    )
    return figure(
        data,
        _figure_layout(
            grid.layout, margin=dict(l=50, r=20, t=60, b=40), height=side, title=dict(text=title)
        ),
        validate,
    )


def _scale(colours: Sequence[str]) -> list[list[Any]]:
    """A colour scale of evenly spaced ``colours`` (what Plotly makes of a named one)."""
    return [[k / (len(colours) - 1), c] for k, c in enumerate(colours)]


def _layout_positions(
    nodes: Sequence[str], edges: pd.DataFrame, seed: int = 0
) -> dict[str, np.ndarray]:
    import networkx as nx

    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_weighted_edges_from(
        edges[["source", "target", "weight"]].itertuples(index=False, name=None)
    )
    if graph.number_of_nodes() == 0:
        return {}
    k = 1.5 / np.sqrt(max(graph.number_of_nodes(), 1))
    return nx.spring_layout(graph, seed=seed, k=k, iterations=60, weight=None)


def network_figure(
    edges: pd.DataFrame,
    title: str,
    clubs: pd.DataFrame | None = None,
    size: Mapping[str, float] | None = None,
    directed: bool = False,
    nodes: Sequence[str] | None = None,
    edge_label: str = "link",
    *,
    validate: bool = True,
) -> go.Figure:
    """A node-link view: ``edges`` has columns ``source``, ``target``, ``weight``; nodes
    are coloured by their most specific club (one legend entry per club) and sized by
    ``size`` (e.g. GDP). A seeded spring layout keeps the picture reproducible."""
    ends = set(edges["source"]) | set(edges["target"])
    codes = sorted(set(nodes) | ends if nodes is not None else ends)
    pos = _layout_positions(codes, edges)
    prim = primary_club(clubs) if clubs is not None else {}
    colours = club_colours(list(prim.values()))
    memberships = final_memberships(clubs) if clubs is not None else {}
    names = country_names(codes)
    data = []
    if len(edges):
        src = np.array([pos[s] for s in edges["source"]], dtype=float)
        dst = np.array([pos[t] for t in edges["target"]], dtype=float)
        gap = np.full(len(edges), np.nan)
        ex = np.column_stack([src[:, 0], dst[:, 0], gap]).reshape(-1)
        ey = np.column_stack([src[:, 1], dst[:, 1], gap]).reshape(-1)
        data.append(
            trace(
                "scatter",
                x=np.round(ex, 4),
                y=np.round(ey, 4),
                mode="lines",
                line=dict(width=0.5, color="rgba(90,90,90,0.35)"),
                hoverinfo="skip",
                name=f"{edge_label}s ({len(edges)})",
            )
        )
    sizes = dict(size or {})
    top = max((v for v in sizes.values() if np.isfinite(v)), default=1.0) or 1.0
    degree = pd.concat([edges["source"], edges["target"]]).value_counts()
    by_club: dict[str, list[str]] = {}
    for c in codes:
        by_club.setdefault(prim.get(c, NO_CLUB), []).append(c)
    for club in sorted(by_club, key=lambda c: (c == NO_CLUB, c)):
        members = by_club[club]
        data.append(
            trace(
                "scatter",
                x=[round(float(pos[c][0]), 4) for c in members],
                y=[round(float(pos[c][1]), 4) for c in members],
                mode="markers+text" if len(codes) <= 60 else "markers",
                text=members,
                textposition="top center",
                textfont=dict(size=8),
                name=club,
                marker=dict(
                    color=colours.get(club, NO_CLUB_COLOUR),
                    line=dict(width=0.5, color="white"),
                    size=[6 + 22 * np.sqrt(max(sizes.get(c, 0.0), 0.0) / top) for c in members],
                ),
                customdata=[
                    [names[c], ", ".join(memberships.get(c, [])) or "none", int(degree.get(c, 0))]
                    for c in members
                ],
                hovertemplate="<b>%{text}</b> %{customdata[0]}<br>clubs: %{customdata[1]}"
                f"<br>{edge_label}s: "
                "%{customdata[2]}<extra></extra>",
            )
        )
    layout = _figure_layout(
        dict(xaxis=dict(visible=False), yaxis=dict(visible=False, scaleanchor="x")),
        height=620,
        title=dict(text=title),
        legend=dict(title=dict(text="most specific club"), font=dict(size=10)),
    )
    if directed and len(edges) and len(edges) <= 400:
        layout["annotations"] = [
            dict(
                x=pos[t][0],
                y=pos[t][1],
                ax=pos[s][0],
                ay=pos[s][1],
                xref="x",
                yref="y",
                axref="x",
                ayref="y",
                showarrow=True,
                arrowhead=2,
                arrowsize=0.8,
                arrowwidth=0.6,
                arrowcolor="rgba(180,40,40,0.45)",
                text="",
            )
            for s, t in edges[["source", "target"]].itertuples(index=False, name=None)
        ]
    return figure(data, layout, validate)


def sharing_edges(network: pd.DataFrame) -> pd.DataFrame:
    """Undirected sharing links (either direction) as ``source``, ``target``, ``weight``."""
    links = network[network["sharing_link"].astype(bool)]
    if links.empty:
        return pd.DataFrame({"source": [], "target": [], "weight": []})
    a = np.where(links["truster"] < links["trustee"], links["truster"], links["trustee"])
    b = np.where(links["truster"] < links["trustee"], links["trustee"], links["truster"])
    w = links["sharing_weight"] if "sharing_weight" in links else np.ones(len(links))
    out = pd.DataFrame({"source": a, "target": b, "weight": np.asarray(w, dtype=float)})
    return out.groupby(["source", "target"], as_index=False)["weight"].max()


def attack_edges(dyads: pd.DataFrame) -> pd.DataFrame:
    """Successful state operations as directed ``source`` (attacker) -> ``target`` edges."""
    d = dyads[dyads["successful"] > 0] if len(dyads) else dyads
    return pd.DataFrame(
        {
            "source": d["attacker"].astype(object),
            "target": d["target"].astype(object),
            "weight": d["successful"].astype(float),
        }
    )


def club_figure(clubs: pd.DataFrame, *, validate: bool = True) -> go.Figure:
    """Members of each club over time."""
    data, notes = [], {}
    if clubs.empty:
        notes = dict(
            annotations=[
                dict(
                    text="no clubs in this run",
                    showarrow=False,
                    x=0.5,
                    y=0.5,
                    xref="paper",
                    yref="paper",
                )
            ]
        )
    else:
        counts = clubs.groupby(["step", "club"]).size().unstack(fill_value=0).sort_index()
        dates = (
            clubs.drop_duplicates("step").set_index("step")["date"].reindex(counts.index)
            if "date" in clubs
            else counts.index
        )
        colours = club_colours(list(counts.columns))
        for club in sorted(counts.columns, key=lambda c: -counts[c].iloc[-1]):
            data.append(
                trace(
                    "scatter",
                    x=dates,
                    y=counts[club].to_numpy(),
                    name=club,
                    mode="lines",
                    line=dict(color=colours[club], width=1.6, shape="hv"),
                )
            )
    return figure(
        data,
        _figure_layout(
            notes,
            height=440,
            title=dict(text="Club membership over time"),
            yaxis=dict(title=dict(text="members")),
        ),
        validate,
    )


def investment_figure(
    countries: pd.DataFrame, top: int = 10, *, validate: bool = True
) -> go.Figure:
    """Investment (FDI) inflows by sector group over time and the largest recipients;
    successful incidents by sector when recorded."""
    inv = [c for c in ("investment_security_sensitive", "investment_data_driven") if c in countries]
    sectors = [
        c
        for c in countries.columns
        if c.startswith("incidents_") and c not in ("incidents_suffered", "incidents_caused")
    ]
    grid = subplot_grid(
        1,
        3,
        (
            "World inflows by sector, US$ bn a month",
            f"Top {top} recipients, US$ bn (run total)",
            "Successful incidents by sector",
        ),
        column_widths=[0.4, 0.3, 0.3],
    )
    data = []
    colours = {"investment_security_sensitive": "#1f77b4", "investment_data_driven": "#ff7f0e"}
    if inv:
        by_step = countries.groupby("step")[inv].sum() / 1e9
        dates = countries.drop_duplicates("step").set_index("step")["date"].reindex(by_step.index)
        totals = countries.groupby("iso3")[inv].sum() / 1e9
        best = totals.sum(axis=1).nlargest(top).index[::-1]
        for col in inv:
            name = col.removeprefix("investment_").replace("_", " ")
            data.append(
                trace(
                    "scatter",
                    x=dates,
                    y=_round(by_step[col], 4),
                    name=name,
                    stackgroup="inv",
                    legendgroup=col,
                    line=dict(color=colours[col]),
                    **grid.axes(1, 1),
                )
            )
            data.append(
                trace(
                    "bar",
                    y=list(best),
                    x=_round(totals.loc[best, col], 4),
                    orientation="h",
                    name=name,
                    legendgroup=col,
                    showlegend=False,
                    marker=dict(color=colours[col]),
                    **grid.axes(1, 2),
                )
            )
    if sectors:
        by_sector = countries.groupby("step")[sectors].sum()
        dates = countries.drop_duplicates("step").set_index("step")["date"].reindex(by_sector.index)
        for j, col in enumerate(sectors):
            data.append(
                trace(
                    "scatter",
                    x=dates,
                    y=by_sector[col].to_numpy(),
                    name=col.removeprefix("incidents_"),
                    stackgroup="sec",
                    line=dict(width=0.5, color=PALETTE[(j + 5) % 24]),
                    **grid.axes(1, 3),
                )
            )
    return figure(
        data,
        _figure_layout(
            grid.layout, height=440, barmode="stack", title=dict(text="Investment flows by sector")
        ),
        validate,
    )


def top_countries_figure(
    countries: pd.DataFrame, k: int = 10, *, validate: bool = True
) -> go.Figure:
    """Top attackers (successful operations, with those attributed) and top victims
    (state operations suffered, with damage in the hover), run totals."""
    tot = countries.groupby("iso3")[
        [
            c
            for c in (
                "incidents_caused",
                "attempts_made",
                "attributed_caused",
                "state_incidents_suffered",
                "incidents_suffered",
                "damage",
                "attributed_suffered",
            )
            if c in countries
        ]
    ].sum()
    grid = subplot_grid(
        1,
        2,
        ("Top attackers: successful state operations", "Top victims: state operations suffered"),
        horizontal_spacing=0.12,
    )
    data = []
    att = tot["incidents_caused"].nlargest(k)[::-1] if "incidents_caused" in tot else None
    victim_col = (
        "state_incidents_suffered" if "state_incidents_suffered" in tot else "incidents_suffered"
    )
    vic = tot[victim_col].nlargest(k)[::-1] if victim_col in tot else None
    if att is not None:
        data.append(
            trace(
                "bar",
                y=list(att.index),
                x=att.to_numpy(),
                orientation="h",
                name="successful",
                marker=dict(color="#d62728"),
                **grid.axes(1, 1),
            )
        )
        if "attributed_caused" in tot:
            data.append(
                trace(
                    "bar",
                    y=list(att.index),
                    x=tot.loc[att.index, "attributed_caused"].to_numpy(),
                    orientation="h",
                    name="attributed",
                    marker=dict(color="#ff9896"),
                    **grid.axes(1, 1),
                )
            )
    if vic is not None:
        dmg = (
            tot.loc[vic.index, "damage"].to_numpy() / 1e9 if "damage" in tot else np.zeros(len(vic))
        )
        data.append(
            trace(
                "bar",
                y=list(vic.index),
                x=vic.to_numpy(),
                orientation="h",
                name="suffered",
                marker=dict(color="#1f77b4"),
                customdata=np.round(dmg, 3),
                hovertemplate="%{y}: %{x} operations, all damage "
                "US$ %{customdata} bn<extra></extra>",
                **grid.axes(1, 2),
            )
        )
    title = "Top attackers and victims (run totals)"
    return figure(
        data,
        _figure_layout(grid.layout, height=420, barmode="group", title=dict(text=title)),
        validate,
    )


#: Per-country panel: (subplot, column, label).
COUNTRY_SERIES = (
    *((1, lever, lever) for lever in LEVER_NAMES),
    (2, "security", "security"),
    (2, "openness", "openness"),
    (2, "freedom", "freedom"),
    (2, "trust_in", "trust in it"),
    (2, "trust_out", "its trust"),
    (3, "incidents_suffered", "incidents suffered"),
    (3, "incidents_caused", "operations (successful)"),
    (3, "attributed_suffered", "attributed against it"),
    (4, "gdp", "GDP, US$ bn"),
)
_PANEL_TITLES = ("Levers", "Outcomes and trust", "Incidents a month", "GDP, US$ bn (2015)")


def country_series(
    countries: pd.DataFrame,
) -> tuple[list[str], list[str], dict[str, dict[str, Any]]]:
    """Columns of :data:`COUNTRY_SERIES` for every country, compactly encoded for the
    report's country picker: ``(codes, columns, {column: encoded})``.

    Each column is a ``(countries, steps)`` array in row order of ``codes``, as base64 of
    little-endian ``uint16`` (values in [0, 1] times 65535, or counts) with a ``scale`` to
    multiply by, or of ``float32`` (GDP, in US$ bn).
    """
    cols = [c for _, c, _ in COUNTRY_SERIES if c in countries]
    frame = countries[["step", "iso3", *cols]]
    codes = sorted(frame["iso3"].unique())
    out: dict[str, dict[str, Any]] = {}
    for col in cols:
        wide = frame.pivot(index="step", columns="iso3", values=col).reindex(columns=codes)
        values = np.nan_to_num(wide.to_numpy(dtype=float).T)
        if col == "gdp":
            out[col] = {"dtype": "f4", "scale": 1.0, "data": _b64((values / 1e9).astype("<f4"))}
            continue
        top = float(values.max(initial=0.0))
        scale = 1.0 / 65535 if top <= 1.0 else max(1.0, np.ceil(top / 65535))
        out[col] = {
            "dtype": "u2",
            "scale": scale,
            "data": _b64(np.clip(np.round(values / scale), 0, 65535).astype("<u2")),
        }
    return codes, cols, out


def _b64(values: np.ndarray) -> str:
    import base64

    return base64.b64encode(np.ascontiguousarray(values).tobytes()).decode("ascii")


def country_figure(countries: pd.DataFrame, iso3: str, *, validate: bool = True) -> go.Figure:
    """One country's levers and outcomes over time (2 x 2 panels)."""
    sub = countries[countries["iso3"] == iso3].sort_values("step")
    grid = subplot_grid(2, 2, _PANEL_TITLES, vertical_spacing=0.14)
    data = []
    x = _x(sub)
    for j, (panel, col, label) in enumerate(COUNTRY_SERIES):
        if col not in sub:
            continue
        y = sub[col].to_numpy(dtype=float) / (1e9 if col == "gdp" else 1.0)
        data.append(
            trace(
                "scatter",
                x=x,
                y=_round(y, 4),
                name=label,
                legendgroup=str(panel),
                legendgrouptitle=dict(text=_PANEL_TITLES[panel - 1])
                if j in (0, 8, 13, 16)
                else None,
                line=dict(width=1.6, color=PALETTE[j % len(PALETTE)]),
                **grid.axes((panel - 1) // 2 + 1, (panel - 1) % 2 + 1),
            )
        )
    grid.axis(1, 1, "y")["range"] = [-0.02, 1.02]
    grid.axis(1, 2, "y")["range"] = [-0.02, 1.02]
    return figure(
        data,
        _figure_layout(
            grid.layout,
            height=640,
            title=dict(text=f"Country panel: {iso3}"),
            legend=dict(font=dict(size=10), groupclick="toggleitem"),
        ),
        validate,
    )


#: Panels of :func:`group_figure`: (column, title).
GROUP_PANELS = (
    ("security", "Security"),
    ("trust_in", "Trust others have in it"),
    ("freedom", "Freedom"),
    ("incidents_suffered", "Incidents suffered a month"),
)


def group_figure(
    countries: pd.DataFrame,
    baseline: pd.DataFrame | None,
    members: Sequence[str],
    label: str = "group",
    *,
    validate: bool = True,
) -> go.Figure:
    """Mean outcomes of a group of countries over time, against the baseline (dotted, with
    the gap shaded): security, trust in it, freedom, incidents suffered."""
    grid = subplot_grid(2, 2, [t for _, t in GROUP_PANELS], vertical_spacing=0.16)
    data = []
    member_set = set(members)

    def mean(frame: pd.DataFrame) -> pd.DataFrame:
        part = frame[frame["iso3"].isin(member_set)]
        cols = [c for c, _ in GROUP_PANELS if c in part]
        out = part.groupby("step")[cols].mean()
        out["date"] = part.groupby("step")["date"].first() if "date" in part else out.index
        return out

    run = mean(countries)
    base = mean(baseline) if baseline is not None else None
    for k, (col, _) in enumerate(GROUP_PANELS):
        cell = grid.axes(k // 2 + 1, k % 2 + 1)
        if col not in run:
            continue
        if base is not None and col in base:
            data.append(
                trace(
                    "scatter",
                    x=base["date"],
                    y=_round(base[col], 6),
                    name="baseline",
                    legendgroup="baseline",
                    showlegend=k == 0,
                    line=dict(color=BASELINE_COLOUR, dash="dot"),
                    **cell,
                )
            )
        data.append(
            trace(
                "scatter",
                x=run["date"],
                y=_round(run[col], 6),
                name=label,
                legendgroup="run",
                showlegend=k == 0,
                fill="tonexty" if base is not None else None,
                fillcolor="rgba(255, 127, 14, 0.25)",
                line=dict(color=RUN_COLOURS[0], width=2),
                **cell,
            )
        )
    title = f"{label}: mean of its {len(members)} countries"
    return figure(
        data,
        _figure_layout(
            grid.layout, height=520, title=dict(text=title), legend=dict(orientation="h", y=-0.12)
        ),
        validate,
    )


# ------------------------------------------------------------------------ experiments
def _need(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in df]
    if missing:
        raise ValueError(
            f"{what}: missing column(s) {', '.join(missing)} "
            f"(got {', '.join(map(str, df.columns))})"
        )


#: Range of the outcomes an interval band may not leave: indices in [0, 1], counts, money
#: and shares at or above 0 (a band from mean +- t sd is clipped to it).
BOUNDS: dict[str, tuple[float, float]] = {
    **dict.fromkeys(
        (
            "security",
            "collaboration",
            "coexistence",
            "mean_freedom",
            "mean_openness",
            "sharing_density",
            "group_security",
            "group_collaboration",
            "group_coexistence",
        ),
        (0.0, 1.0),
    ),
    **dict.fromkeys(
        (
            "incidents",
            "successful",
            "attributed",
            "sanctions",
            "crime_incidents",
            "crime_successful",
            "damage",
            "damage_share",
            "memberships",
            "misuse",
            "world_gdp",
            "fdi",
        ),
        (0.0, np.inf),
    ),
}


def interval_band_figure(df: pd.DataFrame, *, validate: bool = True) -> go.Figure:
    """Ensemble intervals over time, one panel per metric, one band per label.

    ``df`` (long format, one row per x value x metric [x label]):

    ``x``
        ``date`` or ``step`` column (the first present).
    ``metric``
        outcome name, e.g. ``security``; one panel each (titled by it).
    ``center``
        central value (mean or median).
    ``lower``, ``upper``
        interval bounds (e.g. 5 % and 95 % quantiles over seeds); clipped to the
        outcome's range (:data:`BOUNDS`), so a count's band never goes below 0.
    ``label`` (optional)
        scenario or arm; one coloured band each. Without it the legend reads "mean over
        runs" and "interval" (a panel's outcome is in its title, not the legend).
    """
    xcol = "date" if "date" in df else "step"
    _need(df, [xcol, "metric", "center", "lower", "upper"], "interval_band_figure")
    metrics = list(dict.fromkeys(df["metric"]))
    labels = list(dict.fromkeys(df["label"])) if "label" in df else [None]
    cols = 2 if len(metrics) > 1 else 1
    rows = -(-len(metrics) // cols)
    grid = subplot_grid(rows, cols, metrics, vertical_spacing=0.12 if rows > 1 else 0.1)
    data = []
    for m, metric in enumerate(metrics):
        low, high = BOUNDS.get(metric, (-np.inf, np.inf))
        for k, label in enumerate(labels):
            part = df[df["metric"] == metric]
            if label is not None:
                part = part[part["label"] == label]
            part = part.sort_values(xcol)
            colour = RUN_COLOURS[k % len(RUN_COLOURS)]
            rgb = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
            name = str(label) if label is not None else "mean over runs"
            band = f"{label}: interval" if label is not None else "interval"
            x = part[xcol].tolist()
            upper = part["upper"].clip(low, high).tolist()
            lower = part["lower"].clip(low, high).tolist()
            cell = grid.axes(m // cols + 1, m % cols + 1)
            data.append(
                trace(
                    "scatter",
                    x=x + x[::-1],
                    y=upper + lower[::-1],
                    fill="toself",
                    fillcolor=f"rgba({rgb[0]},{rgb[1]},{rgb[2]},0.2)",
                    line=dict(width=0),
                    hoverinfo="skip",
                    legendgroup=name,
                    showlegend=m == 0,
                    name=band,
                    **cell,
                )
            )
            data.append(
                trace(
                    "scatter",
                    x=x,
                    y=part["center"],
                    name=name,
                    legendgroup=name,
                    showlegend=m == 0,
                    line=dict(color=colour, width=2),
                    **cell,
                )
            )
    title = "Outcomes over time with intervals across runs"
    return figure(
        data,
        _figure_layout(grid.layout, height=max(360, 300 * rows), title=dict(text=title)),
        validate,
    )


def sensitivity_figure(df: pd.DataFrame, *, validate: bool = True) -> go.Figure:
    """Sensitivity bars: the effect of each parameter on an outcome, largest on top.

    ``df`` (one row per parameter [x metric]):

    ``parameter``
        parameter or lever name.
    ``effect``
        its effect on the outcome (e.g. a total Sobol index, or the change of the outcome
        from the parameter's low to its high value); negative effects are drawn red.
    ``lower``, ``upper`` (optional)
        confidence bounds of ``effect``; drawn as error bars.
    ``metric`` (optional)
        outcome name; one panel each.
    """
    _need(df, ["parameter", "effect"], "sensitivity_figure")
    metrics = list(dict.fromkeys(df["metric"])) if "metric" in df else [None]
    grid = subplot_grid(
        1, len(metrics), [str(m) for m in metrics] if metrics[0] else None, horizontal_spacing=0.15
    )
    data = []
    for k, metric in enumerate(metrics):
        part = df if metric is None else df[df["metric"] == metric]
        part = part.reindex(part["effect"].abs().sort_values().index)
        error = None
        if {"lower", "upper"} <= set(part):
            error = dict(
                type="data",
                symmetric=False,
                array=(part["upper"] - part["effect"]).clip(lower=0).to_numpy(),
                arrayminus=(part["effect"] - part["lower"]).clip(lower=0).to_numpy(),
                thickness=1.2,
                color="#444",
            )
        data.append(
            trace(
                "bar",
                y=part["parameter"].astype(str).tolist(),
                x=part["effect"].to_numpy(),
                orientation="h",
                error_x=error,
                name=str(metric or "effect"),
                showlegend=False,
                marker=dict(color=np.where(part["effect"] >= 0, "#1f77b4", "#d62728").tolist()),
                **grid.axes(1, k + 1),
            )
        )
    height = max(320, 26 * df["parameter"].nunique() + 140)
    return figure(
        data,
        _figure_layout(
            grid.layout, height=height, title=dict(text="Sensitivity of outcomes to parameters")
        ),
        validate,
    )


def pareto_front(df: pd.DataFrame, x: str = "security", y: str = "collaboration") -> pd.Series:
    """True for rows not dominated in (``x``, ``y``), both to be maximised: no other row is
    at least as good in both and better in one."""
    front = pareto_mask(df[[x, y]].to_numpy(dtype=float))
    return pd.Series(front, index=df.index, name="pareto")


def pareto_figure(
    df: pd.DataFrame, x: str = "security", y: str = "collaboration", *, validate: bool = True
) -> go.Figure:
    """The security-collaboration trade-off: every configuration as a point and the Pareto
    front (non-dominated points, both objectives maximised) as a line.

    ``df`` (one row per configuration or run):

    ``security``, ``collaboration`` (or the columns named by ``x`` and ``y``)
        the two objectives, higher is better.
    ``label`` (optional)
        name of the configuration, shown on hover.
    ``group`` (optional)
        scenario or family; one colour each.
    """
    _need(df, [x, y], "pareto_figure")
    front = pareto_front(df, x, y)
    groups = list(dict.fromkeys(df["group"])) if "group" in df else [None]
    data = []
    for k, group in enumerate(groups):
        part = df if group is None else df[df["group"] == group]
        data.append(
            trace(
                "scatter",
                x=part[x],
                y=part[y],
                mode="markers",
                name=str(group or "configurations"),
                text=part["label"].astype(str) if "label" in part else None,
                marker=dict(size=8, opacity=0.6, color=RUN_COLOURS[k % len(RUN_COLOURS)]),
                hovertemplate=f"%{{text}}<br>{x} %{{x:.3f}}, {y} %{{y:.3f}}<extra></extra>",
            )
        )
    best = df[front].sort_values(x)
    data.append(
        trace(
            "scatter",
            x=best[x],
            y=best[y],
            mode="lines+markers",
            name="Pareto front",
            line=dict(color="black", width=2, shape="vh"),
            marker=dict(size=10, symbol="diamond-open", color="black"),
            text=best["label"].astype(str) if "label" in best else None,
        )
    )
    return figure(
        data,
        _figure_layout(
            height=480,
            xaxis=dict(title=dict(text=x)),
            yaxis=dict(title=dict(text=y)),
            title=dict(text=f"Pareto front: {x} against {y}"),
        ),
        validate,
    )
