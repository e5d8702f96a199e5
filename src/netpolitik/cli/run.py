"""``netpolitik run``: simulate the real world and write the output folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from netpolitik.cli.app import app
from netpolitik.cli.summary import print_summary
from netpolitik.scenario.run import check_horizon, simulate_world
from netpolitik.store.run_output import check_writable, write_run


@app.command("run")
def run_command(
    years: float = typer.Option(10, "--years", "-y", help="Horizon in years (monthly steps)."),
    seed: int = typer.Option(0, "--seed", "-s", help="Seed of the run's random generator."),
    out: Path = typer.Option(None, "--out", "-o",
                             help="Output folder (default runs/<timestamp>)."),
    countries: str = typer.Option(None, "--countries",
                                  help="Comma-separated ISO3 codes (default: whole world)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --out."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Simulate the world from January 2010 and write manifest + Parquet tables."""
    steps = check_horizon(years, seed)
    out = out or Path("runs") / datetime.now().strftime("%Y%m%d-%H%M%S")
    check_writable(out, overwrite)
    codes = [c.strip().upper() for c in countries.split(",") if c.strip()] if countries \
        else None
    console = Console(stderr=True, quiet=quiet)
    with Progress(TextColumn("[bold]simulating"), BarColumn(), TextColumn("{task.completed}"
                  "/{task.total} months"), TimeElapsedColumn(), console=console,
                  transient=True) as bar:
        task = bar.add_task("run", total=steps)
        result = simulate_world(codes, years=years, seed=seed,
                                on_step=lambda k: bar.update(task, completed=k))
    write_run(out, result.frames, result.manifest, overwrite=overwrite)
    if not quiet:
        print_summary(result, Console())
        Console().print(f"outputs: [bold]{out}[/bold]")
