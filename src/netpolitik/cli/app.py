"""The Typer application object that every command module registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="netpolitik",
    help="Simulate international cyber politics: can security and collaboration coexist?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
