"""Printing of the rolling-origin folds and the patterns table of ``netpolitik validate``."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.validate.folds import FOLD_METRICS, FOLDS, FoldResult
from netpolitik.validate.patterns import patterns_table, ranking_note
from netpolitik.validate.records import load_records
from netpolitik.world import load_world

HEADERS = {"spearman": "Spearman", "auc": "AUC", "top10_overlap": "top-10 overlap",
           "initiator_tvd": "initiator TVD", "target_tvd": "target TVD"}  # fmt: skip
#: Ensemble runs per seed: every fold plus the 2010-2019 growth ensemble.
RUNS_PER_SEED = len(FOLDS) + 1


def _caption(seeds: int) -> str:
    return f"model: score of the {seeds}-seed ensemble mean [5%, 95% of single-seed scores]"


def _fmt(value: object, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def _model_cell(row: pd.Series, metric: str) -> str:
    lo, hi = row.get(f"{metric}_lo"), row.get(f"{metric}_hi")
    band = f" [{_fmt(lo)}, {_fmt(hi)}]" if lo is not None and not math.isnan(lo) else ""
    return _fmt(row[metric]) + band


def print_fold(console: Console, result: FoldResult, seeds: int) -> None:
    """The metric table and calibration table of one fold."""
    f = result.fold
    out = Table(title=f"{f.name}: fit {f.fit_start}-{f.fit_end}, score {f.score_start}-"
                      f"{f.score_end} ({result.n_observed} DCID incidents; "
                      f"{result.n_previous} in the {f.years} years before)",
                caption=_caption(seeds) + "; higher is better except TVD")  # fmt: skip
    out.add_column("predictor")
    for metric in FOLD_METRICS:
        out.add_column(HEADERS[metric], justify="right")
    for name, row in result.table.iterrows():
        cells = [_model_cell(row, m) if name == "model" else _fmt(row[m]) for m in FOLD_METRICS]
        out.add_row(str(name), *cells)
    console.print(out)
    calib = Table(title=f"{f.name} calibration: predicted vs observed incidents per dyad")
    for col in ("bin", "dyads", "predicted", "observed", "observed_any"):
        calib.add_column(col, justify="right")
    for row in result.calibration.itertuples(index=False):
        calib.add_row(row.bin, str(row.dyads), _fmt(row.predicted), _fmt(row.observed),
                      _fmt(row.observed_any))  # fmt: skip
    console.print(calib)


def print_table(console: Console, table: pd.DataFrame, seeds: int) -> None:
    """The patterns table: one row per target."""
    out = Table(
        title="netpolitik validate: patterns (model vs naive baselines)", caption=_caption(seeds)
    )
    for col in ("target", "metric", "model", "persistence", "other baseline", "rule",
                "result", "note"):  # fmt: skip
        out.add_column(col, overflow="fold")
    for row in table.itertuples(index=False):
        verdict = {True: "[green]PASS[/green]", False: "[bold red]FAIL[/bold red]"}.get(
            row.passed, "n/a"
        )
        band = f" [{_fmt(row.model_lo)}, {_fmt(row.model_hi)}]"
        other = f"{_fmt(row.other)} ({row.other_name})" if row.other_name else "-"
        out.add_row(row.target, row.metric, _fmt(row.model) + band, _fmt(row.persistence),
                    other, row.rule, verdict, row.note)  # fmt: skip
    console.print(out)


def print_patterns(seeds: int, calibration_dir: Path | None) -> None:
    """Score the folds and patterns and print them; a missing raw folder is reported."""
    console = Console()
    world = load_world()
    try:
        records = load_records(world, calibration_dir)
    except InputError as exc:
        console.print(f"patterns: not scored: {exc}")
        return
    err = Console(stderr=True)
    with Progress(TextColumn("[bold]simulating patterns"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} runs"), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:  # fmt: skip
        task = bar.add_task("runs", total=seeds * RUNS_PER_SEED)
        table, results = patterns_table(world, records, Params(), seeds,
                                        on_run=lambda: bar.advance(task))  # fmt: skip
    for result in results:
        print_fold(console, result, seeds)
    print_table(console, table, seeds)
    scored = table["passed"].dropna()
    console.print(
        f"{int(scored.sum())}/{len(scored)} scored patterns pass "
        f"(reported; not part of the exit code)"
    )
    console.print(ranking_note(results))


def print_uncertainty(draws: int, seeds: int, calibration_dir: Path | None) -> None:
    """Score every fold over ``draws`` parameter sets of the calibrated parameters and
    print the range of the model's scores next to persistence's."""
    from netpolitik.validate.uncertainty import CALIBRATED, SPREAD, parameter_uncertainty

    console = Console()
    world = load_world()
    records = load_records(world, calibration_dir)
    err = Console(stderr=True)
    with Progress(TextColumn("[bold]parameter draws"), BarColumn(),
                  TextColumn("{task.completed}/{task.total} runs"), TimeElapsedColumn(),
                  console=err, transient=True, disable=not err.is_terminal) as bar:  # fmt: skip
        task = bar.add_task("runs", total=draws * seeds * len(FOLDS))
        table = parameter_uncertainty(world, records, Params(), draws, seeds,
                                      on_run=lambda: bar.advance(task))  # fmt: skip
    out = Table(
        title=f"rolling-origin scores over {draws} parameter draws "
        f"({', '.join(CALIBRATED)} x [1/{SPREAD:g}, {SPREAD:g}]; "
        f"{seeds} seeds each)"
    )
    for col in (
        "fold",
        "metric",
        "persistence",
        "model min",
        "model median",
        "model max",
        "draws >= persistence",
    ):
        out.add_column(col)
    for row in table.itertuples(index=False):
        out.add_row(
            row.fold,
            HEADERS.get(row.metric, row.metric),
            _fmt(row.persistence),
            _fmt(row.model_min),
            _fmt(row.model_median),
            _fmt(row.model_max),
            f"{row.share_at_least_persistence:.0%}",
        )
    console.print(out)
