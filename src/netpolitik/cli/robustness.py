"""``netpolitik robustness``: the verdict over every assumption (Morris, then Sobol')."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from netpolitik.cli.app import app
from netpolitik.cli.experiment import (
    CHUNK_HELP,
    DASK_HELP,
    STORE_HELP,
    WORKERS_HELP,
    _ci,
    _header,
    _plan,
    interruptible,
)
from netpolitik.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

NAMES = {"both": "both can be high", "tradeoff": "trade-off", "neither": "neither"}


def _ranges(items: list[str] | None) -> dict[str, tuple[float, float]]:
    from netpolitik.experiment.factors import parse_range

    out = {}
    for item in (x.strip() for text in items or () for x in text.split(",") if x.strip()):
        name, sep, rng = item.partition("=")
        if not sep:
            raise InputError(f"--range {item}: write NAME=LOW:HIGH, e.g. trust_rate=0.02:0.1")
        out[name.strip()] = parse_range(rng, f"--range {item}")
    return out


def _check_out(out: Path | None) -> None:
    if out is not None and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError(
            f"--out: '{out}' already exists and is not an empty folder; choose a new folder"
        )


def write_tables(frames: dict[str, pd.DataFrame], out: Path) -> None:
    """Every table as ``<out>/<name>.csv``, all or nothing (written aside, then moved)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for name, frame in frames.items():
            frame.to_csv(tmp / f"{name}.csv", index=False)
        if out.exists():
            out.rmdir()
        tmp.rename(out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def print_robustness(console: Console, frames: dict[str, pd.DataFrame], rows: int = 12) -> None:
    """Shares of the verdict classes, the Morris ranking and the Sobol' indices."""
    t = Table(title="Share of the plausible parameter space giving each verdict [95% interval]")
    t.add_column("sample")
    for c in NAMES.values():
        t.add_column(c, justify="right")
    for sample, part in frames["shares"].groupby("sample", sort=False):
        part = part.set_index("class")
        t.add_row(
            f"{sample} ({int(part['points'].sum())} points)",
            *(
                f"{part.loc[c, 'share']:.0%} [{part.loc[c, 'lower']:.0%}, "
                f"{part.loc[c, 'upper']:.0%}]"
                for c in NAMES
            ),
        )
    console.print(t)
    m = frames["morris"].pivot(index="parameter", columns="index", values="value")
    conf = frames["morris"].query("index == 'mu_star'").set_index("parameter")
    m = m.sort_values("mu_star", ascending=False)
    t = Table(
        title=f"Morris screening of the verdict score ({len(m)} assumptions; top "
        f"{min(rows, len(m))} by mu*)"
    )
    for col in ("parameter", "mu* [95% interval]", "mu", "sigma"):
        t.add_column(col, justify="left" if col == "parameter" else "right")
    for name, r in m.head(rows).iterrows():
        t.add_row(
            name,
            _ci(r["mu_star"], conf.loc[name, "lower"], conf.loc[name, "upper"]),
            f"{r['mu']:.3g}",
            f"{r['sigma']:.3g}",
        )
    console.print(t)
    s = frames["sobol"]
    if not s.empty:
        t = Table(title="Sobol' indices of the verdict score [95% confidence interval]")
        for col in ("parameter", "first-order S1", "total ST"):
            t.add_column(col, justify="left" if col == "parameter" else "right")
        for name in dict.fromkeys(s["parameter"]):
            cells = [s[(s["parameter"] == name) & (s["index"] == k)].iloc[0] for k in ("S1", "ST")]
            t.add_row(name, *(_ci(r["value"], r["lower"], r["upper"]) for r in cells))
        console.print(t)
    console.print("[bold]robustness:[/bold] " + frames["shares"].attrs["summary"])


@app.command("robustness")
def robustness_command(
    scenario: str = typer.Argument(..., help="Built-in scenario or a YAML file."),
    levers: str = typer.Option(
        ..., "--levers", "-l", help="Levers of the mixes: sharing,offense or sharing=0.2:1."
    ),
    group: str = typer.Option(
        ..., "--for", help="Whose levers are mixed and whose outcomes count."
    ),
    scope: str = typer.Option("group", "--scope", help="group or world objectives."),
    trajectories: int = typer.Option(
        3, "--trajectories", "-r", help="Morris trajectories (r (D+1) parameter points)."
    ),
    samples: int = typer.Option(
        8, "--samples", "-N", help="Sobol' base sample N, a power of 2 (N (k+2) points)."
    ),
    top: int = typer.Option(4, "--top", "-k", help="Assumptions Sobol' varies (largest mu*)."),
    mixes: int = typer.Option(8, "--mixes", help="Lever mixes per parameter point (LHS)."),
    seeds: int = typer.Option(4, "--seeds", help="Common seeds per mix and point."),
    years: float = typer.Option(5, "--years", "-y", help="Horizon in years."),
    seed: int = typer.Option(None, "--seed", "-s", help="Seed (default: the scenario's)."),
    countries: str = typer.Option(None, "--countries", help="Comma-separated ISO3 codes."),
    only: str = typer.Option(
        None, "--only", help="Screen only these assumptions (comma-separated)."
    ),
    ranges: list[str] = typer.Option(
        None, "--range", help="NAME=LOW:HIGH replacing a plausible range."
    ),
    out: Path = typer.Option(
        None, "--out", "-o", help="Also write the tables as CSV files into this new folder."
    ),
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    workers: int = typer.Option(None, "--workers", "-w", help=WORKERS_HELP),
    dask: str = typer.Option(None, "--dask", help=DASK_HELP),
    chunk_size: int = typer.Option(64, "--chunk-size", help=CHUNK_HELP),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or tables."),
) -> None:
    """Robustness of the verdict over every "assumption" parameter: Morris screening,
    Sobol' on the few that matter, and the share of the plausible parameter space where
    both can be high, they trade off, or neither can be raised."""
    from netpolitik.experiment.robustness import robustness

    _check_out(out)
    p = _plan(scenario, years, seed, countries)
    names = [x.strip() for x in only.split(",") if x.strip()] if only else None
    with interruptible(store):
        frames = robustness(
            p.scenario,
            levers,
            group,
            scope=scope,
            trajectories=trajectories,
            samples=samples,
            top=top,
            mixes=mixes,
            seeds=seeds,
            years=years,
            seed=seed,
            countries=countries,
            only=names,
            ranges=_ranges(ranges),
            store=store,
            workers=workers,
            dask=dask,
            chunk_size=chunk_size,
            progress=not quiet,
        )
    console = Console(quiet=quiet)
    pts = frames["points"]
    console.print(
        _header(
            "robustness",
            p,
            store,
            frames["shares"].attrs["experiment"],
            f", levers of {group}, {len(frames['ranges'])} assumptions, "
            f"{len(pts)} parameter points x {mixes + 1} mixes x {seeds} seeds",
        )
    )
    print_robustness(console, frames)
    if out is not None:
        write_tables(frames, out)
        console.print(f"tables: [bold]{out}/[/bold] (shares, morris, sobol, points, ranges)")
    if quiet:
        typer.echo(frames["shares"].attrs["summary"])
