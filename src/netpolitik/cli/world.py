"""``netpolitik world`` and ``netpolitik params``: print the shipped world and parameters."""

from __future__ import annotations

from enum import StrEnum

import typer
from rich.console import Console
from rich.table import Table

from netpolitik.cli.app import app
from netpolitik.params import Params
from netpolitik.world import load_world


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


@app.command("world")
def world_command(
    country: list[str] = typer.Option(None, "--country", "-c",
                                      help="ISO3 code(s) to show, e.g. --country EST."),
    fmt: Format = typer.Option(Format.table, "--format", "-f", help="table, csv or json."),
) -> None:
    """Print the world table: every country's attributes and initial levers."""
    world = load_world([c.upper() for c in country] if country else None)
    frame = world.countries
    if fmt is Format.csv:
        typer.echo(frame.to_csv(index=False), nl=False)
    elif fmt is Format.json:
        typer.echo(frame.to_json(orient="records", indent=2))
    else:
        _print_table(frame)


def _print_table(frame) -> None:
    columns = ["iso3", "name", "region", "gdp", "regime", "capability", "surveillance",
               "oversight", "data_restriction", "defense", "sharing", "disclosure",
               "offense", "aid"]
    table = Table(title=f"netpolitik world: {len(frame)} countries (2010)")
    for col in columns:
        table.add_column(col, justify="left" if col in ("iso3", "name", "region") else "right")
    for _, row in frame.iterrows():
        cells = [f"{row[c]:.3g}" if c == "gdp" else
                 (f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c]))
                 for c in columns]
        table.add_row(*cells)
    Console().print(table)


@app.command("params")
def params_command() -> None:
    """Print every model parameter: default, unit, source and meaning."""
    table = Table(title="netpolitik parameters", show_lines=False)
    for col in ("name", "default", "unit", "source", "meaning"):
        table.add_column(col, overflow="fold")
    for row in Params.table():
        table.add_row(row["name"], str(row['default']), row["unit"], row["source"],
                      row["doc"])
    Console().print(table)
