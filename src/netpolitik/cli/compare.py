"""``netpolitik compare A B``: two scenarios on the same seeds, side by side."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from netpolitik.cli.app import app
from netpolitik.cli.report import OVERWRITE_HELP, pick_out
from netpolitik.cli.run import parse_countries
from netpolitik.cli.scenarios import print_notes, scenario_errors
from netpolitik.cli.summary import MAX_RUNS, comparison_table
from netpolitik.errors import InputError
from netpolitik.io import check_target


@app.command("compare")
def compare_command(
    a: str = typer.Argument(..., metavar="A", help="Scenario A: built-in name or YAML file."),
    b: str = typer.Argument(..., metavar="B", help="Scenario B: built-in name or YAML file."),
    runs: int = typer.Option(
        None, "--runs", "-r", help="Runs per scenario (default: the larger `runs` of A, B)."
    ),
    years: float = typer.Option(
        None, "--years", "-y", help="Horizon in years for both (default: A's)."
    ),
    seed: int = typer.Option(
        None, "--seed", "-s", help="Seed whose spawned children seed both ensembles (default: A's)."
    ),
    countries: str = typer.Option(
        None, "--countries", help="Comma-separated ISO3 codes for both (default: each scenario's)."
    ),
    out: Path = typer.Option(
        None,
        "--out",
        "-o",
        help="Write the comparison's report here (default runs/compare-A-B.html).",
    ),
    report: Path = typer.Option(None, "--report", hidden=True, help="Older name of --out."),
    overwrite: bool = typer.Option(False, "--overwrite", help=OVERWRITE_HELP),
) -> None:
    """Run A and B on the same seeds; print each key outcome's means and the paired
    difference B - A with its 95% interval."""
    from netpolitik.scenario.compare import compare_ensembles, run_pair
    from netpolitik.scenario.library import load_scenario
    from netpolitik.scenario.run import check_horizon, prepare

    with scenario_errors():
        sa, sb = load_scenario(a), load_scenario(b)
    option = "--report" if report is not None and out is None else "--out"
    target = pick_out(out, report, "--report") or Path("runs") / f"compare-{sa.name}-{sb.name}.html"
    runs = max(sa.runs, sb.runs) if runs is None else runs
    if runs < 1:
        raise InputError(f"--runs: {runs} is not a positive number of runs; use e.g. 20")
    if runs > MAX_RUNS:
        raise InputError(
            f"--runs: {runs} is too many for compare (all kept in memory); use "
            f"at most {MAX_RUNS:,}, or `netpolitik ensemble` for more"
        )
    years = sa.years if years is None else years
    seed = sa.seed if seed is None else seed
    check_horizon(years, seed)
    codes = parse_countries(countries)
    with scenario_errors():
        notes = prepare(sa, years=years, seed=seed, countries=codes).notes
        notes += prepare(sb, years=years, seed=seed, countries=codes).notes
    check_target(target, "report", overwrite, option, folder=False)  # before simulating
    print_notes(notes)
    err = Console(stderr=True)
    with Progress(
        TextColumn(f"[bold]{sa.name} vs {sb.name}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total} runs"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task("runs", total=2 * runs)
        ra, rb = run_pair(
            sa,
            sb,
            runs,
            seed=seed,
            years=years,
            countries=codes,
            on_run=lambda k: bar.update(task, completed=k),
        )
    table = compare_ensembles(ra, rb)
    Console().print(
        comparison_table(
            table,
            f"netpolitik compare: A = {sa.name}, B = {sb.name}; {runs} paired runs, "
            f"{years:g} years, seed {seed}",
        )
    )
    from netpolitik.report.ensembles import write_ensemble_report

    path = write_ensemble_report(
        target,
        {sa.name: ra, sb.name: rb},
        table,
        title=f"netpolitik compare: {sa.name} vs {sb.name}",
        overwrite=overwrite,
        option=option,
    )
    Console().print(f"report: [bold]{path}[/bold] (opens offline)")
