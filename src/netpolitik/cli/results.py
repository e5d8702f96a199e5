"""``netpolitik results list | show ID | export ID | sql QUERY | verify | repair``: what a
store holds, and whether it is intact.

The store is a folder (``--store``, default ``results/``) with a DuckDB catalogue and
Parquet chunks; see ``docs/experiments.md``. DuckDB, pandas and the store are imported when
a command runs, not when the CLI starts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from netpolitik.cli.app import app
from netpolitik.cli.experiment import print_ensemble, print_front, print_indices, print_points
from netpolitik.cli.output import FORMAT_HELP, Format, emit, resolve
from netpolitik.errors import InputError
from netpolitik.io import check_target, replace_folder

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from netpolitik.store.experiments import ExperimentStore

results_app = typer.Typer(
    help="Query a results store: list experiments, show one, export its tables, or run SQL.",
    no_args_is_help=True,
    add_completion=False,
)
app.add_typer(results_app, name="results")

STORE_HELP = "Results folder (default results/)."
FORMATS = ("parquet", "csv", "netcdf")


def open_store(store: Path) -> ExperimentStore:
    """Open an existing store (InputError if there is none)."""
    from netpolitik.store.experiments import ExperimentStore, refuse_without_catalogue

    if not (store / "catalogue.duckdb").is_file():
        refuse_without_catalogue(store)
        raise InputError(
            f"--store: no results store in '{store}' (no catalogue.duckdb); run "
            "an experiment first, e.g. netpolitik ensemble baseline --runs 20"
        )
    return ExperimentStore(store)


@results_app.command("list")
def list_command(
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    fmt: Format = typer.Option(Format.auto, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Every experiment in the store with its progress."""
    with open_store(store) as st:
        frame = st.experiments()
    if resolve(fmt) is not Format.table:
        done = [f"{int(d)}/{int(r)}" for d, r in zip(frame["done"], frame["runs"], strict=True)]
        emit(frame.assign(runs_done=done), fmt, print)
        return
    table = Table(title=f"experiments in {store}/")
    for col in ("id", "kind", "scenario", "created", "runs done"):
        table.add_column(
            col,
            justify="right" if col == "runs done" else "left",
            no_wrap=col in ("id", "runs done"),
        )
    for _, r in frame.iterrows():
        table.add_row(
            r["id"],
            r["kind"],
            r["scenario"],
            str(r["created"])[:16],
            f"{int(r['done'])}/{int(r['runs'])}",
        )
    Console().print(table)
    if frame.empty:
        Console().print("none yet")


@results_app.command("show")
def show_command(
    experiment: str = typer.Argument(..., help="Experiment id (see `netpolitik results list`)."),
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    outcome: str = typer.Option(
        "coexistence", "--outcome", help="Sensitivity: the outcome to analyse."
    ),
) -> None:
    """An experiment's specification, progress and results (intervals, points, indices or
    the frontier with its verdict)."""
    from netpolitik.experiment import api

    console = Console()
    with open_store(store) as st:
        meta = st.experiment(experiment)
        spec = meta["spec"]
        done, total = st.counts(experiment)
        options = {k: v for k, v in spec.items() if k not in ("scenario_yaml", "version")}
        console.print(
            f"[bold]{experiment}[/bold]: {meta['kind']} of {meta['scenario']}, "
            f"netpolitik {meta['version']}, created {str(meta['created'])[:19]}; "
            f"{done}/{total} runs done"
        )
        console.print("spec: " + json.dumps(options, default=str))
        if done < total:
            console.print(
                f"incomplete: re-run the same `netpolitik {meta['kind']}` command to resume"
            )
        if done == 0:
            return
        kind = meta["kind"]
        if kind == "ensemble":
            print_ensemble(console, st, experiment, spec.get("group"))
        elif kind == "sweep":
            labels = [f.label for f in api.factors_of(spec)]
            print_points(console, api.sweep_points(st, experiment, spec), labels, spec.get("group"))
        elif kind == "sensitivity" and done == total:
            table = api.sensitivity_indices(st, experiment, spec, outcome)
            print_indices(console, table, spec["method"], outcome)
        elif kind == "frontier":
            front, table, verdict = api.frontier_result(st, experiment, spec)
            base = table[table["baseline"]].iloc[0]
            names = [f.name for f in api.factors_of(spec)]
            objectives = [c for c in ("security", "collaboration", spec.get("third")) if c]
            print_front(
                console, front, names, objectives, {o: float(base[o]) for o in objectives}, verdict
            )


@results_app.command("export")
def export_command(
    experiment: str = typer.Argument(..., help="Experiment id, or a run folder (netcdf only)."),
    fmt: str = typer.Option("parquet", "--format", "-f", help="parquet, csv or netcdf."),
    out: Path = typer.Option(
        None, "--out", "-o", help="Folder to write (default: runs/<id>-export)."
    ),
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    overwrite: bool = typer.Option(
        False, "--overwrite", help="Replace an existing --out (only an earlier export)."
    ),
) -> None:
    """Write an experiment's tables (steps, summary, runs, experiment.json) to a folder;
    ``--format netcdf`` writes them as one netCDF file (``ensemble.nc``), and also takes a
    run folder (``run.nc``)."""
    if fmt not in FORMATS:
        raise InputError(f"--format: unknown format {fmt!r} (allowed: {', '.join(FORMATS)})")
    if (Path(experiment) / "manifest.json").is_file():
        _export_run_folder(Path(experiment), fmt, out, overwrite)
        return
    out = out or Path("runs") / f"{experiment}-export"
    check_target(out, "results export", overwrite, "--out")
    with open_store(store) as st:
        meta = st.experiment(experiment)
        tables = {
            "steps": st.steps(experiment),
            "summary": st.summary(experiment),
            "runs": st.runs(experiment),
        }
    with replace_folder(out, "results export", overwrite, "--out", checked=True) as tmp:
        if fmt == "netcdf":
            from netpolitik.store.netcdf import ensemble_dataset, write_netcdf

            dataset = ensemble_dataset(tables["steps"], tables["summary"], meta)
            write_netcdf(dataset, tmp / "ensemble.nc")
        for name, frame in tables.items():
            if fmt == "csv":
                frame.to_csv(tmp / f"{name}.csv", index=False)
            elif fmt == "parquet":
                frame.to_parquet(tmp / f"{name}.parquet", index=False)
        (tmp / "experiment.json").write_text(json.dumps(meta, default=str, indent=2))
    rows = ", ".join(f"{name} {len(frame):,} rows" for name, frame in tables.items())
    Console().print(f"exported {experiment} to [bold]{out}/[/bold] ({fmt}): {rows}")


def _export_run_folder(folder: Path, fmt: str, out: Path | None, overwrite: bool) -> None:
    """``results export RUN_FOLDER --format netcdf``: the run as ``<out>/run.nc``."""
    if fmt != "netcdf":
        raise InputError(
            f"--format: {fmt!r} does not apply to the run folder '{folder}' (its tables are "
            "already Parquet); use --format netcdf"
        )
    from netpolitik.store.netcdf import run_dataset, write_netcdf

    out = out or Path("runs") / f"{folder.name}-export"
    check_target(out, "results export", overwrite, "--out")
    dataset = run_dataset(folder)
    with replace_folder(out, "results export", overwrite, "--out", checked=True) as tmp:
        write_netcdf(dataset, tmp / "run.nc")
    sizes = ", ".join(f"{dim} {n}" for dim, n in dataset.sizes.items())
    Console().print(f"exported {folder} to [bold]{out}/run.nc[/bold] (netcdf): {sizes}")


def read_only_sql(store: Path) -> duckdb.DuckDBPyConnection:
    """A connection that can only read the store: the catalogue opened ``READ_ONLY``, the
    committed chunks as the views ``steps`` and ``summary`` (Arrow datasets, read by
    pyarrow), then file-system access switched off and the configuration locked, so
    ``COPY ... TO``, ``ATTACH``, ``INSTALL``, ``EXPORT`` and every write are refused by
    DuckDB itself."""
    import duckdb
    import pyarrow as pa
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    from netpolitik.store.catalogue import is_open

    with open_store(store) as st:  # checks the chunks before anything is read
        ids = st.ids()
        paths = {name: [p for e in ids for p in st.paths(e, name)] for name in ("steps", "summary")}
    if is_open(store / "catalogue.duckdb"):  # a second instance would share its lock
        raise InputError(
            f"--store: cannot open '{store}' read-only while this process has it open; "
            "close the store first"
        )
    try:
        con = duckdb.connect(str(store / "catalogue.duckdb"), read_only=True)
    except duckdb.Error as exc:
        raise InputError(
            f"--store: cannot open '{store}' read-only ({' '.join(str(exc).split())[:160]})"
        ) from None
    for name, files in paths.items():
        if files:
            schema = pa.unify_schemas([pq.read_schema(f) for f in files])
            con.register(name, ds.dataset(files, schema=schema, format="parquet"))
    for setting in (
        "python_enable_replacements = false",
        "enable_external_access = false",
        "lock_configuration = true",
    ):
        con.execute(f"SET {setting}")
    return con


@results_app.command("sql")
def sql_command(
    query: str = typer.Argument(
        ...,
        help="SQL; tables: experiments, runs, chunks, and the "
        "views steps and summary (every committed chunk).",
    ),
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    fmt: Format = typer.Option(Format.auto, "--format", "-f", help=FORMAT_HELP),
) -> None:
    """Run a read-only DuckDB SQL query on the store, e.g.
    "SELECT experiment, avg(security) FROM summary GROUP BY 1". Statements that write
    (UPDATE, COPY ... TO, ATTACH, INSTALL, ...) are refused."""
    import duckdb

    con = read_only_sql(store)
    try:
        frame = con.execute(query).df()
    except duckdb.Error as exc:
        text = " ".join(str(exc).split())
        hint = (
            ("; `results sql` only reads (the store is opened read-only, without file access)")
            if re.search(r"read-only|Permission Error|configuration", text)
            else ""
        )
        raise InputError(f"sql: {text[:300]}{hint}") from None
    finally:
        con.close()
    emit(frame, fmt, _print_rows)


def _print_rows(frame: pd.DataFrame) -> None:
    """A query's first 200 rows as a table."""
    table = Table()
    for col in frame.columns:
        table.add_column(str(col))
    for row in frame.head(200).itertuples(index=False):
        table.add_row(*(str(v) for v in row))
    Console().print(table)
    if len(frame) > 200:
        Console().print(f"... {len(frame) - 200} more rows (use --format csv)")


@contextmanager
def catalogue_errors(store: Path) -> Iterator[None]:
    """A catalogue that opens but cannot be read: one line with the fix."""
    import duckdb

    try:
        yield
    except duckdb.Error as exc:
        raise InputError(
            f"--store: the catalogue in '{store}' is damaged "
            f"({' '.join(str(exc).split())[:160]}); restore catalogue.duckdb "
            "from a backup, or use a new --store"
        ) from None


@results_app.command("verify")
def verify_command(store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP)) -> None:
    """Check every committed chunk (sizes, row counts, run ids and SHA-256 hashes) and list
    each problem in one line; exit code 1 when there is any. Unknown files are listed,
    never removed."""
    from netpolitik.store.experiments import ExperimentStore

    if not (store / "catalogue.duckdb").is_file():
        open_store(store)
    with ExperimentStore(store, check="none") as st, catalogue_errors(store):
        problems = st.verify(full=True)
        (chunks,) = st.db.execute("SELECT count(*) FROM chunks").fetchone() or (0,)
        unknown = st.unknown
    for path in unknown:
        typer.echo(f"unknown file (left in place): {path}")
    for p in problems:
        typer.echo(f"problem: {p.line()}")
    if problems:
        typer.echo(
            f"{len(problems)} problem(s) in {chunks} chunk(s); fix with `netpolitik "
            f"results repair --store {store}`, then re-run the experiment to resume"
        )
        raise typer.Exit(1)
    typer.echo(f"ok: {chunks} chunk(s) match the catalogue (sizes, rows, runs, hashes)")


@results_app.command("repair")
def repair_command(store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP)) -> None:
    """Move damaged chunks into <store>/quarantine/ (never deleting them) and mark their
    runs pending, so re-running the experiment recomputes exactly those runs."""
    from netpolitik.store.experiments import ExperimentStore

    if not (store / "catalogue.duckdb").is_file():
        open_store(store)
    with ExperimentStore(store, check="none") as st, catalogue_errors(store):
        problems, moved, pending = st.repair()
    for p in problems:
        typer.echo(f"repaired: {p.line()}")
    for path in moved:
        typer.echo(f"quarantined: {path}")
    typer.echo(
        f"{len(problems)} problem(s) repaired, {len(moved)} file(s) moved to "
        f"{store / 'quarantine'}, {pending} run(s) pending; re-run the experiment's "
        "command to recompute them"
    )
