"""``netpolitik validate``: published-model reproductions, calibration, and the DCID hindcast.

``netpolitik validate`` runs every check of :mod:`netpolitik.validate.checks` and prints one
table (exit 0 if all pass, 1 if any fails), then the rolling-origin folds and the patterns
table (:mod:`netpolitik.validate.patterns`; reported, never part of the exit code);
``netpolitik validate hindcast --dcid FILE`` scores the engine against a user-downloaded
DCID release, ``--cfr FILE`` against a CFR tracker export. See ``docs/validation.md``.
The checks, the records and the engine are imported when a command runs.
"""

from __future__ import annotations

import math
import sys
import tempfile
import warnings
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from netpolitik.cli.app import app
from netpolitik.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from netpolitik.validate.hindcast import Predict

validate_app = typer.Typer(
    help="Validity checks: published models, calibration, and the DCID hindcast.",
    no_args_is_help=False,
    add_completion=False,
)
app.add_typer(validate_app, name="validate")

#: The world is the 2010 world; hindcasts starting elsewhere are an approximation.
WORLD_YEAR = 2010


def _progress(verb: str, unit: str) -> Progress:
    """A transient progress bar on stderr, shown only on a terminal."""
    console = Console(stderr=True)
    return Progress(
        TextColumn(f"[bold]{verb}"),
        BarColumn(),
        TextColumn(f"{{task.completed}}/{{task.total}} {unit}"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


@validate_app.callback(invoke_without_command=True)
def validate_command(
    ctx: typer.Context,
    seeds: int = typer.Option(
        20,
        "--seeds",
        help="Seeds of every pattern ensemble (>= 20 "
        "for the reported intervals; fewer for a quick look).",
    ),
    patterns: bool = typer.Option(
        True,
        "--patterns/--no-patterns",
        help="Also run the rolling-origin folds and the patterns table.",
    ),
    calibration_dir: Path = typer.Option(
        None,
        "--calibration-dir",
        help="Folder of the raw "
        "DCID, CFR and MID files (default: "
        "../shared/data/calibration beside the repository).",
    ),
) -> None:
    """Run every validity check (exit 1 if any fails), then score the patterns."""
    if ctx.invoked_subcommand is not None:
        return
    if isinstance(seeds, bool) or seeds < 1 or seeds > 1000:
        raise InputError(f"--seeds: {seeds!r} is not a number of seeds in 1..1000; use 20")
    from netpolitik.validate.checks import CHECKS, run_checks

    with _progress("validating", "checks") as bar:
        task = bar.add_task("checks", total=len(CHECKS))
        table = run_checks(CHECKS, on_check=lambda _: bar.advance(task))
    _print_checks(table)
    if patterns:
        from netpolitik.cli.validate_patterns import print_patterns

        print_patterns(seeds, calibration_dir)
    if not table["passed"].all():
        raise typer.Exit(1)  # main() returns the exit code Typer hands back


def _print_checks(table: pd.DataFrame) -> None:
    passed = int(table["passed"].sum())
    out = Table(title="netpolitik validate: published models and calibration")
    out.add_column("check", overflow="fold")
    out.add_column("result", no_wrap=True)
    out.add_column("figure", overflow="fold")
    out.add_column("reference", overflow="fold")
    for row in table.itertuples(index=False):
        verdict = "[green]PASS[/green]" if row.passed else "[bold red]FAIL[/bold red]"
        out.add_row(row.name, verdict, row.figure, row.reference)
    console = Console()
    console.print(out)
    style = "green" if passed == len(table) else "bold red"
    console.print(f"[{style}]{passed}/{len(table)} checks passed[/{style}]")


@validate_app.command("uncertainty")
def uncertainty_command(
    draws: int = typer.Option(8, "--draws", help="Parameter sets (Latin hypercube)."),
    seeds: int = typer.Option(4, "--seeds", help="Seeds of each fold ensemble per draw."),
    calibration_dir: Path = typer.Option(
        None,
        "--calibration-dir",
        help="Folder of the raw DCID, CFR and MID files (default: "
        "../shared/data/calibration beside the repository).",
    ),
) -> None:
    """Parameter uncertainty of the rolling-origin scores: every fold re-scored over
    parameter draws of the calibrated incident parameters (docs/validation.md)."""
    for name, value, top in (("--draws", draws, 200), ("--seeds", seeds, 1000)):
        if isinstance(value, bool) or value < 1 or value > top:
            raise InputError(f"{name}: {value!r} is not in 1..{top}; use e.g. 8")
    from netpolitik.cli.validate_patterns import print_uncertainty

    print_uncertainty(draws, seeds, calibration_dir)


@validate_app.command("hindcast")
def hindcast_command(
    dcid: Path = typer.Option(
        None,
        "--dcid",
        help="DCID 2.0 release (.xlsx/.csv) or a directed csv (attacker, target, year, severity).",
    ),
    cfr: Path = typer.Option(
        None,
        "--cfr",
        help="CFR Cyber Operations Tracker export (.csv "
        "with title, date, sponsor, victims): score initiator and "
        "target shares.",
    ),
    start: int = typer.Option(2010, "--from", help="First scored year."),
    years: int = typer.Option(
        10,
        "--years",
        "-y",
        help="Scored years (the persistence baseline uses the same number of years before --from).",
    ),
    runs: int = typer.Option(20, "--runs", "-r", help="Simulated runs (seeds) to average."),
    seed: int = typer.Option(0, "--seed", "-s", help="Seed of the first run."),
    drop_invalid: bool = typer.Option(
        False,
        "--drop-invalid",
        help="Skip DCID rows that "
        "fail validation (e.g. a wrong initiator) instead of "
        "stopping at the first one.",
    ),
) -> None:
    """Score the engine's predicted incidents against DCID and/or the CFR tracker, next to
    persistence and gravity."""
    if dcid is None and cfr is None:
        raise InputError("--dcid/--cfr: no record given; pass --dcid FILE and/or --cfr FILE")
    if years < 1:
        raise InputError(f"--years: {years} is not a positive number of years; use e.g. 10")
    from netpolitik.validate.cfr import cfr_table, read_cfr
    from netpolitik.validate.engine_hindcast import engine_predictor
    from netpolitik.validate.hindcast import run_hindcast
    from netpolitik.world import load_world

    progress = _progress("simulating", "runs")
    task = progress.add_task("runs", total=runs, start=False)
    predict = _cached(
        engine_predictor(
            runs=runs,
            seed=seed,  # checks --runs and --seed
            on_run=lambda k: progress.update(task, completed=k),
        )
    )
    incidents = _read_incidents(dcid, drop_invalid) if dcid else None  # fail before simulating
    operations = read_cfr(cfr) if cfr else None
    if incidents is not None:
        _check_period(dcid, incidents, start, years, "incidents")
    if operations is not None:
        _check_period(cfr, operations, start, years, "operations")
    with progress, tempfile.TemporaryDirectory(prefix="netpolitik-dcid-") as tmp:
        progress.start_task(task)
        if incidents is not None:
            path = dcid
            if drop_invalid:  # score the cleaned rows: a directed csv is read back as is
                path = Path(tmp) / f"{dcid.stem}.csv"
                incidents.to_csv(path, index=False)
            table = run_hindcast(path, predict, start=start, years=years)
        if operations is not None:
            counts = predict(start, years)[0]
            cfr_scores = cfr_table(operations, load_world(), counts, start, years)
    if incidents is not None:
        _print_hindcast(table, dcid, runs, years)
    if operations is not None:
        _print_cfr(cfr_scores, cfr, runs)


def _cached(predict: Predict) -> Predict:
    """``predict`` simulated once per (start, years) when both records are scored."""
    memo: dict[tuple[int, int], tuple] = {}

    def run(start: int, years: int) -> tuple:
        if (start, years) not in memo:
            memo[(start, years)] = predict(start, years)
        return memo[(start, years)]

    return run


def _check_period(path: Path, rows: pd.DataFrame, start: int, years: int, what: str) -> None:
    """InputError if ``rows`` has nothing in the scored period (naming the years covered)."""
    from netpolitik.validate.dcid import filter_period

    if filter_period(rows, start, years).empty:
        covered = f"{rows['year'].min()}-{rows['year'].max()}" if len(rows) else "none"
        raise InputError(
            f"{path}: no {what} in {start}-{start + years - 1}; the file covers "
            f"years {covered}; choose --from/--years inside that range"
        )


def _print_cfr(table: pd.DataFrame, path: Path, runs: int) -> None:
    first, last = table.attrs["period"]
    out = Table(
        title=f"netpolitik hindcast {first}-{last}: {table.attrs['n_observed']} CFR "
        f"operations ({table.attrs['n_previous']} in the years before)",
        caption="total variation distance of shares: lower is better",
    )
    out.add_column("predictor")
    out.add_column("initiator TVD", justify="right")
    out.add_column("target TVD", justify="right")
    labels = {
        "model": f"model (mean of {runs} run{'s' if runs != 1 else ''})",
        "persistence": "persistence",
        "gravity": "gravity (GDP x GDP)",
    }
    for name, row in table.iterrows():
        out.add_row(
            labels.get(str(name), str(name)), _fmt(row["initiator_tvd"]), _fmt(row["target_tvd"])
        )
    console = Console()
    console.print(out)
    top = ", ".join(f"{code} {share:.2f}" for code, share in table.attrs["observed_top"])
    console.print(f"CFR file: {path}; observed top initiators: {top}")
    if table.attrs["skipped"]:
        console.print(
            f"{table.attrs['skipped']} operation(s) with no recognised sponsor or "
            "target state were left out"
        )


def _read_incidents(path: Path, drop_invalid: bool) -> pd.DataFrame:
    """Read the DCID file (one-line notes on stderr for rows dropped by ``drop_invalid``)."""
    from netpolitik.validate.dcid import read_dcid

    if not drop_invalid:
        try:
            return read_dcid(path)
        except InputError as exc:  # name the CLI flag, not the Python argument
            raise InputError(str(exc).replace("drop_invalid=True", "--drop-invalid")) from None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        incidents = read_dcid(path, drop_invalid=True)
    for warning in caught:
        if not issubclass(warning.category, UserWarning):
            continue
        print(f"note: {' '.join(str(warning.message).split())}", file=sys.stderr)
    return incidents


def _fmt(value: float, digits: int = 3) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _print_hindcast(table: pd.DataFrame, dcid: Path, runs: int, years: int) -> None:
    first, last = table.attrs["period"]
    higher_better = {"spearman": True, "auc": True, "top10_overlap": True, "initiator_tvd": False}
    headers = {
        "spearman": "Spearman",
        "auc": "AUC",
        "top10_overlap": "top-10 overlap",
        "initiator_tvd": "initiator TVD",
    }
    best = {}
    for metric, up in higher_better.items():
        values = table[metric].dropna()
        best[metric] = (values.idxmax() if up else values.idxmin()) if len(values) else None
    out = Table(
        title=f"netpolitik hindcast {first}-{last}: {table.attrs['n_observed']} DCID "
        f"incidents ({table.attrs['n_previous']} in the {years} years before)",
        caption="higher is better, except initiator TVD; best in bold",
    )
    out.add_column("predictor")
    for metric in higher_better:
        out.add_column(headers[metric], justify="right")
    plural = "s" if runs != 1 else ""
    labels = {
        "model": f"model (mean of {runs} run{plural})",
        "persistence": "persistence",
        "gravity": "gravity (GDP x GDP)",
    }
    for name, row in table.iterrows():
        cells = [
            f"[bold]{_fmt(row[m])}[/bold]" if best[m] == name else _fmt(row[m])
            for m in higher_better
        ]
        out.add_row(labels.get(str(name), str(name)), *cells)
    console = Console()
    console.print(out)
    console.print(f"DCID file: {dcid}")
    unmodelled = table.attrs.get("unmodelled_states") or []
    if unmodelled:
        console.print(f"states in DCID but not in the model (scored as 0): {', '.join(unmodelled)}")
    if first != WORLD_YEAR:
        console.print(
            f"note: the simulated world is the {WORLD_YEAR} world; starting it in "
            f"{first} is an approximation"
        )
