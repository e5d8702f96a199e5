"""``netpolitik run [NAME_OR_FILE]``: run a scenario and write the output folder."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from netpolitik.cli.app import app
from netpolitik.cli.scenarios import print_notes, scenario_errors
from netpolitik.cli.summary import print_summary
from netpolitik.scenario.library import load_scenario
from netpolitik.scenario.run import check_horizon, prepare, run_built
from netpolitik.store.run_output import check_writable, write_run


def parse_countries(countries: str | None) -> list[str] | None:
    """``--countries USA,EST`` as a list of upper-case codes (None when not given)."""
    if not countries:
        return None
    return [c.strip().upper() for c in countries.split(",") if c.strip()]


@app.command("run")
def run_command(
    scenario: str = typer.Argument(
        "baseline", metavar="NAME_OR_FILE",
        help="Built-in scenario (see `netpolitik scenarios`) or a YAML file."),
    years: float = typer.Option(None, "--years", "-y",
                                help="Horizon in years (default: the scenario's)."),
    seed: int = typer.Option(None, "--seed", "-s",
                             help="Seed of the run's random generator (default: the "
                                  "scenario's)."),
    out: Path = typer.Option(None, "--out", "-o",
                             help="Output folder (default runs/<timestamp>)."),
    countries: str = typer.Option(None, "--countries",
                                  help="Comma-separated ISO3 codes (default: the "
                                       "scenario's countries)."),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --out."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
) -> None:
    """Run a scenario (default: baseline, the real world from January 2010) and write
    manifest + Parquet tables."""
    if years is not None or seed is not None:
        check_horizon(10 if years is None else years, 0 if seed is None else seed)
    out = out or Path("runs") / datetime.now().strftime("%Y%m%d-%H%M%S")
    check_writable(out, overwrite)
    with scenario_errors():
        spec = load_scenario(scenario)
        built = prepare(spec, years=years, seed=seed, countries=parse_countries(countries))
    print_notes(built.notes)
    console = Console(stderr=True, quiet=quiet)
    with Progress(TextColumn(f"[bold]simulating {spec.name}"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} months"), TimeElapsedColumn(),
                  console=console, transient=True) as bar:
        task = bar.add_task("run", total=built.steps)
        result = run_built(built, on_step=lambda k: bar.update(task, completed=k))
    from netpolitik.report import network_frame, write_report  # plotly: import on use

    frames = {**result.frames, "network": network_frame(result.trajectory)}
    write_run(out, frames, result.manifest, overwrite=overwrite)
    report = write_report(out)
    if not quiet:
        stdout = Console()
        stdout.print(f"scenario: [bold]{spec.name}[/bold]"
                     + (f" - {spec.description}" if spec.description else ""))
        print_summary(result, stdout)
        stdout.print(f"outputs: [bold]{out}[/bold]")
        stdout.print(f"report: [bold]{report}[/bold] (opens offline)")
