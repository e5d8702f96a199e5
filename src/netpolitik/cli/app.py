"""The Typer application object that every command module registers on."""

from __future__ import annotations

import typer

from netpolitik import __version__

app = typer.Typer(
    name="netpolitik",
    help="Simulate international cyber politics: can security and collaboration coexist?",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"netpolitik {__version__}")
        raise typer.Exit(0)


@app.callback()
def _options(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        is_eager=True,
        callback=_print_version,
        help="Print the version and exit.",
    ),
) -> None:
    """Simulate international cyber politics: can security and collaboration coexist?"""
