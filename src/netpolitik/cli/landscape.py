"""``netpolitik landscape``: predict a two-bloc alignment (Axelrod & Bennett 1993)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from netpolitik.alliances.limits import EXACT_AUTO_MAX, EXACT_MAX, MAX_MINIMA
from netpolitik.cli.app import app


class Mode(StrEnum):
    auto = "auto"
    exact = "exact"
    heuristic = "heuristic"


@app.command("landscape")
def landscape_command(
    sizes: Path = typer.Option(..., "--sizes", help="CSV with columns actor,size."),
    propensity: Path = typer.Option(
        ...,
        "--propensity",
        help="Square symmetric CSV: actor "
        "names as header row and first column, propensities "
        "elsewhere (> 0 affinity, < 0 antagonism).",
    ),
    mode: Mode = typer.Option(
        Mode.auto,
        "--mode",
        "-m",
        help=f"exact (N <= {EXACT_MAX}, lists every "
        f"local minimum), heuristic (any N) or auto (exact if N <= {EXACT_AUTO_MAX}).",
    ),
    seed: int = typer.Option(0, "--seed", "-s", help="Seed of the heuristic's random starts."),
    max_minima: int = typer.Option(
        MAX_MINIMA,
        "--max-minima",
        help="List at most this many local minima (the lowest); the rest are counted.",
    ),
) -> None:
    """Print the two sides of the lowest-energy alignment, its energy and the local minima."""
    from netpolitik.alliances.landscape import align, format_alignment, read_landscape_csv

    names, sizes_arr, matrix = read_landscape_csv(sizes, propensity)
    result = align(sizes_arr, matrix, mode=mode.value, seed=seed, max_minima=max_minima)
    for line in result.warnings:
        typer.echo(f"warning: {line}", err=True)
    typer.echo(format_alignment(names, result))
