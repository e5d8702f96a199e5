"""Exports of a run folder for other tools: the network for Gephi, the tables as CSV.

``netpolitik export RUN_DIR --to DIR`` writes

* ``network.graphml`` and ``network.gexf``: a directed graph of the countries. Nodes carry
  the final levers and indices, GDP, clubs and the most specific club; an edge ``i -> j``
  exists where ``i`` trusts ``j`` (trust > 0), shares intelligence with it, or attacked it,
  and carries ``trust``, ``sharing_link``, ``sharing_weight`` and the run's totals
  ``incidents``, ``successful``, ``attributed``, ``damage`` of operations from ``i`` on
  ``j``. Without ``network.parquet`` (older runs) only attack edges are written.
* one CSV per table (``global.csv``, ``countries.csv``, ``dyads.csv``, ``clubs.csv``,
  ``network.csv``) and ``nodes.csv`` (the graph's nodes).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netpolitik.io import replace_folder
from netpolitik.report.data import final_memberships, load_run, primary_club
from netpolitik.report.figures import LEVER_NAMES

NODE_COLUMNS = (
    *LEVER_NAMES,
    "security",
    "openness",
    "freedom",
    "gdp",
    "capability",
    "trust_in",
    "trust_out",
    "memberships",
)
ATTACK_COLUMNS = ("incidents", "successful", "attributed", "damage")


def node_frame(run: Mapping[str, Any]) -> pd.DataFrame:
    """One row per country: final values of :data:`NODE_COLUMNS`, run totals of incidents,
    ``clubs`` (comma-separated, at the end) and ``club`` (the most specific one)."""
    c = run["countries"]
    last = c[c["step"] == c["step"].max()].set_index("iso3")
    nodes = last[[col for col in NODE_COLUMNS if col in last]].copy()
    totals = c.groupby("iso3")[
        [col for col in ("incidents_suffered", "incidents_caused", "damage") if col in c]
    ].sum()
    nodes = nodes.join(totals.add_suffix("_total"))
    clubs = run.get("clubs")
    members = final_memberships(clubs) if clubs is not None else {}
    prim = primary_club(clubs) if clubs is not None else {}
    nodes["clubs"] = [",".join(members.get(i, [])) for i in nodes.index]
    nodes["club"] = [prim.get(i, "") for i in nodes.index]
    nodes.index.name = "iso3"
    return nodes.reset_index()


def edge_frame(run: Mapping[str, Any]) -> pd.DataFrame:
    """Directed edges: final trust and sharing (``network``) joined with run totals of
    state operations (``dyads``); absent values are 0 / False."""
    network = run.get("network")
    dyads = run.get("dyads")
    parts = []
    if network is not None and len(network):
        net = network.rename(columns={"truster": "source", "trustee": "target"})
        keep = (net["trust"] > 0) | net["sharing_link"].astype(bool)
        parts.append(net[keep])
    edges = parts[0] if parts else pd.DataFrame({"source": [], "target": []})
    if dyads is not None and len(dyads):
        att = dyads.rename(columns={"attacker": "source"})[
            ["source", "target", *[c for c in ATTACK_COLUMNS if c in dyads]]
        ]
        edges = edges.merge(att, on=["source", "target"], how="outer")
    for col in ("trust", "sharing_weight", *ATTACK_COLUMNS):
        edges[col] = edges[col].fillna(0.0).astype(float) if col in edges else 0.0
    edges["sharing_link"] = (
        edges["sharing_link"].fillna(False).astype(bool) if "sharing_link" in edges else False
    )
    edges["source"] = edges["source"].astype(str)
    edges["target"] = edges["target"].astype(str)
    return edges.sort_values(["source", "target"]).reset_index(drop=True)


def _plain(value: Any) -> Any:
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating | float):
        v = float(value)
        return v if np.isfinite(v) else 0.0
    return str(value)


def network_graph(run: Mapping[str, Any]) -> nx.DiGraph:
    """The run's countries and their trust, sharing and attack links as a
    :class:`networkx.DiGraph` (attributes: see the module docstring)."""
    graph = nx.DiGraph(name="netpolitik trust and sharing network")
    nodes = node_frame(run)
    for row in nodes.to_dict("records"):
        iso = row.pop("iso3")
        graph.add_node(str(iso), label=str(iso), **{k: _plain(v) for k, v in row.items()})
    edges = edge_frame(run)
    cols = ["trust", "sharing_link", "sharing_weight", *ATTACK_COLUMNS]
    for s, t, *values in edges[["source", "target", *cols]].itertuples(index=False, name=None):
        attrs = {k: _plain(v) for k, v in zip(cols, values, strict=True)}
        attrs["weight"] = attrs["trust"]
        graph.add_edge(s, t, **attrs)
    return graph


def export_run(
    run_folder: str | Path, to: str | Path, overwrite: bool = False, option: str = "--out"
) -> list[Path]:
    """Write ``network.graphml``, ``network.gexf``, ``nodes.csv`` and one CSV per table
    of ``run_folder`` into the folder ``to``; return the paths written.

    The folder is written whole and atomically (:func:`netpolitik.io.replace_folder`):
    an existing non-empty ``to`` is replaced only with ``overwrite`` and only if it is an
    earlier network export.
    """
    run = load_run(run_folder)
    to = Path(to)
    graph = network_graph(run)
    names = ["network.graphml", "network.gexf", "nodes.csv"]
    with replace_folder(to, "network export", overwrite, option) as tmp:
        nx.write_graphml(graph, tmp / "network.graphml")
        nx.write_gexf(graph, tmp / "network.gexf")
        node_frame(run).to_csv(tmp / "nodes.csv", index=False)
        for name in ("global", "countries", "dyads", "clubs", "network"):
            frame = run.get(name)
            if frame is None or (name == "network" and frame.empty):
                continue
            frame.to_csv(tmp / f"{name}.csv", index=False)
            names.append(f"{name}.csv")
    return [to / name for name in names]
