"""``netpolitik world`` and ``netpolitik params``: print the shipped world and parameters."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from netpolitik.cli.app import app
from netpolitik.cli.output import FORMAT_HELP, Format, emit
from netpolitik.errors import InputError, did_you_mean

if TYPE_CHECKING:
    import pandas as pd

#: The world table's columns in the wide (many-country) table view.
WIDE = [
    "iso3",
    "name",
    "region",
    "gdp",
    "regime",
    "capability",
    "surveillance",
    "oversight",
    "data_restriction",
    "defense",
    "sharing",
    "disclosure",
    "offense",
    "aid",
]


@app.command("world")
def world_command(
    country: list[str] = typer.Option(
        None, "--country", "-c", help="ISO3 code(s) to show, e.g. --country EST."
    ),
    fmt: Format = typer.Option(Format.auto, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Print the world table: every country's attributes and initial levers (one country:
    a vertical key/value table)."""
    from netpolitik.world import load_world

    codes = [c.upper() for c in country] if country else None
    frame = load_world(codes).countries
    emit(frame, fmt, _print_table if codes is None or len(codes) > 1 else _print_country)


def _cell(value: object) -> str:
    """A value of the vertical table: large numbers with separators, others to 3 digits."""
    import pandas as pd

    number = pd.api.types.is_number(value) and not pd.api.types.is_bool(value)
    if number and abs(float(value)) >= 1000:  # type: ignore[arg-type]  # a number here
        return f"{value:,.0f}"
    return f"{value:.3g}" if pd.api.types.is_float(value) else str(value)


def _print_country(frame: pd.DataFrame) -> None:
    """One country as a vertical table: every column on its own line."""
    row = frame.iloc[0]
    table = Table(title=f"netpolitik world: {row['iso3']} {row['name']} (2010)")
    table.add_column("field", no_wrap=True)
    table.add_column("value", overflow="fold")
    for column in frame.columns:
        table.add_row(column, _cell(row[column]))
    Console().print(table)


def _print_table(frame: pd.DataFrame) -> None:
    table = Table(title=f"netpolitik world: {len(frame)} countries (2010)")
    for col in WIDE:
        table.add_column(
            col,
            justify="left" if col in ("iso3", "name", "region") else "right",
            no_wrap=col == "iso3",
        )
    for _, row in frame.iterrows():
        table.add_row(
            *(
                f"{row[c]:.3g}"
                if c == "gdp"
                else (f"{row[c]:.2f}" if isinstance(row[c], float) else str(row[c]))
                for c in WIDE
            )
        )
    Console().print(table)


@app.command("params")
def params_command(
    fmt: Format = typer.Option(Format.auto, "--format", "-f", help=FORMAT_HELP),
    name: str = typer.Option(
        None, "--name", "-n", help="Show one parameter, e.g. --name trust_rate."
    ),
) -> None:
    """Print every model parameter: default, unit, source and meaning."""
    import pandas as pd

    from netpolitik.params import Params

    frame = pd.DataFrame(Params.table()).rename(columns={"doc": "meaning"})
    if name is not None:
        if name not in set(frame["name"]):
            raise InputError(
                f"--name: unknown parameter {name!r}"
                f"{did_you_mean(name, frame['name'])}; run `netpolitik params` "
                f"for the {len(frame)} names"
            )
        frame = frame[frame["name"] == name]
    emit(frame[["name", "default", "unit", "source", "meaning"]], fmt, _print_params)


def _print_params(frame: pd.DataFrame) -> None:
    """One block per parameter (name, default and unit on top, source and meaning below),
    so no name is split mid-word at any width."""
    console = Console()
    console.print(f"[bold]netpolitik parameters[/bold]: {len(frame)}")
    for row in frame.itertuples(index=False):
        unit = f" {row.unit}" if row.unit else ""
        console.print(f"\n[bold]{row.name}[/bold] = {row.default}{unit}", soft_wrap=True)
        console.print(f"  {row.meaning}")
        console.print(f"  [dim]source: {row.source}[/dim]")
