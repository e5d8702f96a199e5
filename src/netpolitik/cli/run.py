"""``netpolitik run [NAME_OR_FILE]``: run a scenario and write the output folder.

The engine, the store and the report are imported when the command runs, not when the
CLI starts (``netpolitik --help`` stays instant).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from netpolitik.cli.app import app
from netpolitik.cli.scenarios import print_notes, scenario_errors
from netpolitik.cli.summary import MAX_RUNS, comparison_table, print_summary
from netpolitik.errors import InputError


def parse_countries(countries: str | None) -> list[str] | None:
    """``--countries USA,EST`` as a list of upper-case codes (None when not given)."""
    if not countries:
        return None
    return [c.strip().upper() for c in countries.split(",") if c.strip()]


@app.command("run")
def run_command(
    scenario: str = typer.Argument(
        "baseline",
        metavar="NAME_OR_FILE",
        help="Built-in scenario (see `netpolitik scenarios`) or a YAML file.",
    ),
    years: float = typer.Option(
        None, "--years", "-y", help="Horizon in years (default: the scenario's)."
    ),
    seed: int = typer.Option(
        None, "--seed", "-s", help="Seed of the run's random generator (default: the scenario's)."
    ),
    out: Path = typer.Option(None, "--out", "-o", help="Output folder (default runs/<timestamp>)."),
    countries: str = typer.Option(
        None, "--countries", help="Comma-separated ISO3 codes (default: the scenario's countries)."
    ),
    overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing --out."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or summary."),
    baseline: bool = typer.Option(
        False,
        "--baseline",
        help="Also print the change against the baseline scenario: both run on the same "
        "--baseline-runs seeds, paired, with 95% intervals.",
    ),
    baseline_runs: int = typer.Option(
        10, "--baseline-runs", help="Paired runs per scenario for --baseline (at least 2)."
    ),
) -> None:
    """Run a scenario (default: baseline, the real world from January 2010) and write
    manifest + Parquet tables."""
    from netpolitik.scenario.library import load_scenario
    from netpolitik.scenario.run import check_horizon, prepare, run_built
    from netpolitik.store.run_output import check_writable, write_run

    if years is not None or seed is not None:
        check_horizon(10 if years is None else years, 0 if seed is None else seed)
    if baseline and not 2 <= baseline_runs <= MAX_RUNS:
        raise InputError(
            f"--baseline-runs: {baseline_runs} is outside [2, {MAX_RUNS:,}]; "
            "use e.g. --baseline-runs 10 (an interval needs two runs)"
        )
    out = out or Path("runs") / datetime.now().strftime("%Y%m%d-%H%M%S")
    check_writable(out, overwrite)
    with scenario_errors():
        spec = load_scenario(scenario)
        built = prepare(spec, years=years, seed=seed, countries=parse_countries(countries))
    print_notes(built.notes)
    console = Console(stderr=True, quiet=quiet)
    with Progress(
        TextColumn(f"[bold]simulating {spec.name}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} months"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("run", total=built.steps)
        result = run_built(built, on_step=lambda k: bar.update(task, completed=k))
    from netpolitik.report import network_frame, write_report

    frames = {**result.frames, "network": network_frame(result.trajectory)}
    write_run(out, frames, result.manifest, overwrite=overwrite)
    report = write_report(out)
    if not quiet:
        stdout = Console()
        stdout.print(
            f"scenario: [bold]{spec.name}[/bold]"
            + (f" - {spec.description}" if spec.description else "")
        )
        print_summary(result, stdout)
        stdout.print(f"outputs: [bold]{out}[/bold]")
        stdout.print(f"report: [bold]{report}[/bold] (opens offline)")
    if baseline:
        print_baseline_change(spec, built, baseline_runs, countries, quiet)


def print_baseline_change(spec, built, runs: int, countries: str | None, quiet: bool) -> None:
    """Run ``spec`` and the built-in baseline on the same ``runs`` seeds (the children of
    the run's seed) and print the paired change with 95% intervals."""
    from netpolitik.scenario.compare import compare_ensembles, run_pair
    from netpolitik.scenario.library import load_builtin

    base = load_builtin("baseline")
    with Progress(
        TextColumn(f"[bold]{spec.name} vs baseline"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
        TimeElapsedColumn(),
        console=Console(stderr=True, quiet=quiet),
        transient=True,
    ) as bar:
        task = bar.add_task("runs", total=2 * runs)
        ra, rb = run_pair(
            base,
            spec,
            runs,
            seed=built.seed,
            years=built.years,
            countries=parse_countries(countries),
            on_run=lambda k: bar.update(task, completed=k),
        )
    Console().print(
        comparison_table(
            compare_ensembles(ra, rb),
            f"change against the baseline: A = baseline, B = {spec.name}; {runs} paired runs "
            f"(children of seed {built.seed}), {built.years:g} years",
        )
    )
