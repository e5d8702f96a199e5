"""The readable end-of-run summary printed by ``netpolitik run``."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

from netpolitik.scenario.run import RunResult


def headline(result: RunResult) -> dict[str, float]:
    """Key outcomes of a run: last-year means of security and collaboration, run totals."""
    g = result.frames["global"]
    last = g.tail(min(12, len(g)))
    return {
        "security (last year)": float(last["security"].mean()),
        "collaboration: mean trust (last year)": float(last["collaboration"].mean()),
        "state operations attempted": float(g["incidents"].sum()),
        "state operations successful": float(g["successful"].sum()),
        "state operations attributed": float(g["attributed"].sum()),
        "criminal incidents successful": float(g["crime_successful"].sum()),
        "sanctions in force (end)": float(g["sanctions"].iloc[-1]),
        "damage, % of world GDP a year": float(100 * g["damage_share"].mean()),
    }


def top_countries(result: RunResult, column: str, k: int = 5) -> pd.Series:
    """The ``k`` countries with the largest run total of a countries-table column."""
    c = result.frames["countries"]
    return c.groupby("iso3")[column].sum().sort_values(ascending=False).head(k)


def print_summary(result: RunResult, console: Console) -> None:
    """Print the headline table and the top attackers and victims."""
    m = result.manifest
    table = Table(title=f"netpolitik run: {len(m['countries'])} countries, {m['steps']} months "
                        f"from {m['start']}, seed {m['seed']}")
    table.add_column("outcome")
    table.add_column("value", justify="right")
    for name, value in headline(result).items():
        count = float(value).is_integer() and "share" not in name and "trust" not in name
        table.add_row(name, f"{value:,.0f}" if count or value >= 100 else f"{value:,.3f}")
    console.print(table)
    tops = Table(title="top attackers and victims (state operations)")
    for col in ("attacker", "successful", "attributed", "victim", "suffered", "damage $bn"):
        tops.add_column(col, justify="right")
    att = top_countries(result, "incidents_caused")
    attributed = result.frames["countries"].groupby("iso3")["attributed_caused"].sum()
    vic = top_countries(result, "state_incidents_suffered")
    dmg = result.frames["countries"].groupby("iso3")["damage"].sum() / 1e9
    for (a, na), (v, nv) in zip(att.items(), vic.items(), strict=False):
        tops.add_row(a, f"{na:.0f}", f"{attributed[a]:.0f}", v, f"{nv:.0f}", f"{dmg[v]:,.1f}")
    console.print(tops)
