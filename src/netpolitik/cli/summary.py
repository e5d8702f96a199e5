"""The readable end-of-run summary printed by ``netpolitik run``.

Damage is labelled by whose it counts: *all incidents* (state operations and crime, the
``damage`` columns of the global and countries tables) or *state operations* only (the
``damage`` column of the dyads table).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    import pandas as pd

    from netpolitik.scenario.run import RunResult

#: The most runs a command keeps in memory at once (compare, run --baseline).
MAX_RUNS = 10_000

#: Headline rows that are counts (printed as whole numbers).
COUNTS = frozenset(
    {
        "state operations attempted",
        "state operations successful",
        "state operations attributed",
        "criminal incidents successful",
        "sanctions in force (end)",
    }
)


def headline(result: RunResult) -> dict[str, float]:
    """Key outcomes of a run: last-year means of security, collaboration and their
    coexistence, run totals, and damage split by whose it counts."""
    g = result.frames["global"]
    last = g.tail(min(12, len(g)))
    return {
        "security (last year)": float(last["security"].mean()),
        "collaboration, composite (last year)": float(last["collaboration"].mean()),
        "mean trust (last year)": float(last["mean_trust"].mean()),
        "coexistence: harmonic mean of the two (last year)": float(last["coexistence"].mean()),
        "state operations attempted": float(g["incidents"].sum()),
        "state operations successful": float(g["successful"].sum()),
        "state operations attributed": float(g["attributed"].sum()),
        "criminal incidents successful": float(g["crime_successful"].sum()),
        "sanctions in force (end)": float(g["sanctions"].iloc[-1]),
        "damage, all incidents, % of world GDP a year": float(100 * g["damage_share"].mean()),
        "damage, all incidents, US$ bn (total)": float(g["damage"].sum() / 1e9),
        "damage, state operations, US$ bn (total)": float(
            result.frames["dyads"]["damage"].sum() / 1e9
        ),
    }


def top_countries(result: RunResult, column: str, k: int = 5) -> pd.Series:
    """The ``k`` countries with the largest run total of a countries-table column."""
    c = result.frames["countries"]
    return c.groupby("iso3")[column].sum().sort_values(ascending=False).head(k)


def state_damage_suffered(result: RunResult) -> pd.Series:
    """US$ of damage each country suffered from state operations (dyads), by ISO3."""
    return result.frames["dyads"].groupby("target")["damage"].sum()


def format_value(name: str, value: float) -> str:
    """A headline value: counts as whole numbers, large values with separators.

    >>> format_value("state operations attempted", 41.0)
    '41'
    >>> format_value("security (last year)", 0.8512)
    '0.851'
    """
    if not math.isfinite(value):
        return "-"
    if name in COUNTS or value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if value >= 10 else f"{value:,.3f}"


def print_summary(result: RunResult, console: Console) -> None:
    """Print the headline table and the top attackers and victims."""
    m = result.manifest
    table = Table(
        title=f"netpolitik run: {len(m['countries'])} countries, {m['steps']} months "
        f"from {m['start']}, seed {m['seed']}"
    )
    table.add_column("outcome")
    table.add_column("value", justify="right")
    for name, value in headline(result).items():
        table.add_row(name, format_value(name, value))
    console.print(table)
    tops = Table(title="top attackers and victims of state operations (damage in US$ bn)")
    for col in (
        "attacker",
        "successful",
        "attributed",
        "victim",
        "suffered",
        "damage: state ops",
        "damage: all incidents",
    ):
        tops.add_column(col, justify="right")
    att = top_countries(result, "incidents_caused")
    attributed = result.frames["countries"].groupby("iso3")["attributed_caused"].sum()
    vic = top_countries(result, "state_incidents_suffered")
    every = result.frames["countries"].groupby("iso3")["damage"].sum() / 1e9
    state = state_damage_suffered(result) / 1e9
    for (a, na), (v, nv) in zip(att.items(), vic.items(), strict=False):
        tops.add_row(
            a,
            f"{na:.0f}",
            f"{attributed[a]:.0f}",
            v,
            f"{nv:.0f}",
            f"{state.get(v, 0.0):,.1f}",
            f"{every[v]:,.1f}",
        )
    console.print(tops)


def fmt_number(value: float) -> str:
    """A number in a table: separators for thousands, three decimals below ten.

    >>> fmt_number(1234.5), fmt_number(0.12345), fmt_number(float('nan'))
    ('1,234', '0.123', '-')
    """
    if value is None or not math.isfinite(value):
        return "-"
    size = abs(value)
    if size >= 1000:
        return f"{value:,.0f}"
    if size >= 10:
        return f"{value:,.1f}"
    return f"{value:.3f}" if size >= 0.001 or value == 0 else f"{value:.2e}"


def comparison_table(table: pd.DataFrame, title: str) -> Table:
    """The rows of :func:`~netpolitik.scenario.compare.compare_ensembles` as a Rich table:
    A, B, the mean paired difference B - A and its 95% interval."""
    out = Table(
        title=title,
        caption="B - A: mean paired difference and its 95% interval; * = interval excludes 0",
    )
    out.add_column("outcome")
    for col in ("A", "B", "B - A", "95% interval"):
        out.add_column(col, justify="right")
    for row in table.itertuples():
        mark = " *" if row.clear else ""
        out.add_row(
            row.label,
            fmt_number(row.a),
            fmt_number(row.b),
            fmt_number(row.diff) + mark,
            f"[{fmt_number(row.lo)}, {fmt_number(row.hi)}]",
        )
    return out
