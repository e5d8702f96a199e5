"""How table commands write: a Rich table on a terminal, CSV when piped, or as asked.

``--format`` defaults to ``auto``: a table when stdout is a terminal, CSV otherwise (a
table of a pipe is cut to 80 columns and unreadable; CSV loses nothing).

Examples
--------
>>> resolve(Format.auto, terminal=False)
<Format.csv: 'csv'>
>>> resolve(Format.json, terminal=True)
<Format.json: 'json'>
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    import pandas as pd

FORMAT_HELP = (
    "table, csv or json (default auto: a table on a terminal, CSV when the "
    "output is piped or redirected)."
)


class Format(StrEnum):
    """Output format of a table command."""

    auto = "auto"
    table = "table"
    csv = "csv"
    json = "json"


def resolve(fmt: Format, terminal: bool | None = None) -> Format:
    """``fmt``, with ``auto`` made ``table`` on a terminal and ``csv`` otherwise."""
    if fmt is not Format.auto:
        return fmt
    if terminal is None:
        terminal = sys.stdout.isatty()
    return Format.table if terminal else Format.csv


def emit(frame: pd.DataFrame, fmt: Format, table: Callable[[pd.DataFrame], None]) -> None:
    """Write ``frame`` as CSV or JSON records, or call ``table(frame)`` for a table."""
    fmt = resolve(fmt)
    if fmt is Format.csv:
        typer.echo(frame.to_csv(index=False), nl=False)
    elif fmt is Format.json:
        typer.echo(frame.to_json(orient="records", indent=2))
    else:
        table(frame)
