"""``netpolitik ensemble | sweep | sensitivity | frontier``: experiments at scale.

Each command runs into a results store (``--store``, default ``results/``), resumes an
interrupted run of the same command, shows Rich progress with the time remaining, and
prints its result. ``--dask local`` or ``--dask tcp://HOST:PORT`` runs on Dask.

The experiment machinery (engine, DuckDB store, SALib, pymoo, Dask) is imported when a
command runs, not when the CLI starts.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.table import Table

from netpolitik.cli.app import app
from netpolitik.cli.scenarios import print_notes, scenario_errors
from netpolitik.cli.summary import fmt_number as _fmt

if TYPE_CHECKING:
    import pandas as pd

    from netpolitik.experiment import api
    from netpolitik.store.experiments import ExperimentStore

STORE_HELP = "Results folder (DuckDB catalogue + Parquet chunks); re-running resumes."
WORKERS_HELP = "Worker processes (default: every core; 1 = in this process)."
DASK_HELP = "Run on Dask: 'local' (a LocalCluster) or a scheduler address tcp://HOST:PORT."
CHUNK_HELP = "Finished runs per Parquet chunk (memory per buffer)."
#: Default of ``frontier --check-seeds``: :data:`netpolitik.experiment.api.CHECK_SEEDS`,
#: repeated so that ``--help`` imports no experiment machinery (a test keeps them equal).
CHECK_SEEDS = 16


def horizon_rows() -> list[tuple[str, str, float]]:
    """Horizon rows: (summary column, label, scale) of every key outcome."""
    from netpolitik.scenario.compare import OUTCOMES

    return [
        (
            {"total": f"{o.column}_total", "last_year_sum": f"{o.column}_last_year"}.get(
                o.reduce, o.column
            ),
            o.label,
            o.scale,
        )
        for o in OUTCOMES
    ] + [("gdp_growth", "world GDP growth (annualised)", 1.0)]


GROUP_ROWS = [
    ("group_security", "group security (last-year mean)"),
    ("group_collaboration", "group collaboration: trust in it + sharing links"),
    ("group_trust_in", "trust others place in the group (last-year mean)"),
    ("group_links", "share of countries the group shares intelligence with"),
    ("group_coexistence", "group coexistence"),
    ("group_growth", "group GDP growth (annualised)"),
    ("group_freedom", "group freedom (last-year mean)"),
]


def _ci(mean: float, lo: float, hi: float) -> str:
    if not math.isfinite(lo):
        return _fmt(mean)
    return f"{_fmt(mean)} [{_fmt(lo)}, {_fmt(hi)}]"


def _pm(mean: float, lo: float, hi: float) -> str:
    if not math.isfinite(lo):
        return _fmt(mean)
    return f"{_fmt(mean)} ± {_fmt((hi - lo) / 2)}"


def _header(kind: str, p: api.Plan, store: Path, exp: str, extra: str = "") -> str:
    return (
        f"netpolitik {kind}: {p.name}, {p.built.setting.n} countries, "
        f"{p.built.years:g} years from {p.built.start}, seed {p.seed}{extra}; "
        f"experiment {exp} in {store}/"
    )


def _report_line(console: Console, frame: pd.DataFrame) -> None:
    if frame.attrs.get("report"):
        console.print(f"report: [bold]{frame.attrs['report']}[/bold]")


@contextmanager
def interruptible(store: Path) -> Iterator[None]:
    """Ctrl-C: say that finished runs are kept and how to resume; exit code 130."""
    import duckdb

    from netpolitik.experiment.runner import is_interrupt

    try:
        yield
    except (KeyboardInterrupt, RuntimeError, duckdb.Error) as exc:
        if not is_interrupt(exc):
            raise
        print(
            f"error: interrupted; every finished run is stored in {store}/ - re-run the "
            "same command to resume",
            file=sys.stderr,
        )
        raise typer.Exit(130) from None


def _plan(scenario: str, years: float | None, seed: int | None, countries: str | None) -> api.Plan:
    from netpolitik.experiment import api

    with scenario_errors():
        p = api.plan(scenario, years=years, seed=seed, countries=countries)
    print_notes(p.built.notes)
    return p


def print_ensemble(console: Console, store: ExperimentStore, exp: str, group: str | None) -> None:
    """The yearly means with 95% intervals and the horizon table of an ensemble."""
    import pandas as pd

    from netpolitik.experiment.analysis import horizon_intervals, time_intervals

    yearly = time_intervals(
        store,
        exp,
        ["security", "collaboration", "coexistence", "incidents", "attributed", "sanctions"],
        by="year",
    )
    if yearly.empty:
        console.print("no finished runs yet")
        return
    runs = int(yearly["runs"].max())
    table = Table(
        title=f"Over time: yearly mean of {runs} runs ± half-width of the 95% interval of the mean"
    )
    table.add_column("year")
    metrics = list(dict.fromkeys(yearly["metric"]))
    names = {
        "incidents": "state ops/mo",
        "attributed": "attributed/mo",
        "collaboration": "collab.",
        "coexistence": "coexist.",
    }
    for m in metrics:
        table.add_column(names.get(m, m), justify="right")
    wide = {m: yearly[yearly["metric"] == m].set_index("year") for m in metrics}
    for year in wide[metrics[0]].index:
        date = pd.Timestamp(wide[metrics[0]].loc[year, "date"])
        cells = [
            _pm(wide[m].loc[year, "mean"], wide[m].loc[year, "lower"], wide[m].loc[year, "upper"])
            for m in metrics
        ]
        table.add_row(str(date.year), *cells)
    console.print(table)
    rows = horizon_rows() + ([(c, label, 1.0) for c, label in GROUP_ROWS] if group else [])
    h = horizon_intervals(store, exp, [c for c, _, _ in rows]).set_index("outcome")
    table = Table(title="At the horizon (per run: last-year mean, or total over the run)")
    table.add_column("outcome")
    for col in ("mean", "95% interval of the mean", "95% of runs"):
        table.add_column(col, justify="right")
    for col, label, scale in rows:
        if col not in h.index:
            continue
        r = h.loc[col]
        label = label.replace("group", str(group)) if group else label
        table.add_row(
            label,
            _fmt(r["mean"] * scale),
            f"[{_fmt(r['lower'] * scale)}, {_fmt(r['upper'] * scale)}]"
            if math.isfinite(r["lower"])
            else "-",
            f"[{_fmt(r['p2_5'] * scale)}, {_fmt(r['p97_5'] * scale)}]",
        )
    console.print(table)


@app.command("ensemble")
def ensemble_command(
    scenario: str = typer.Argument("baseline", help="Built-in scenario or a YAML file."),
    runs: int = typer.Option(None, "--runs", "-r", help="Runs (default: the scenario's)."),
    years: float = typer.Option(None, "--years", "-y", help="Horizon in years."),
    seed: int = typer.Option(
        None, "--seed", "-s", help="Seed whose spawned children seed the runs."
    ),
    countries: str = typer.Option(None, "--countries", help="Comma-separated ISO3 codes."),
    group: str = typer.Option(
        None,
        "--for",
        help="Also report this group's outcomes (club, ISO3, region, regime class, all).",
    ),
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    workers: int = typer.Option(None, "--workers", "-w", help=WORKERS_HELP),
    dask: str = typer.Option(None, "--dask", help=DASK_HELP),
    chunk_size: int = typer.Option(64, "--chunk-size", help=CHUNK_HELP),
    report: bool = typer.Option(
        True, "--report/--no-report", help="Write <store>/reports/<id>/report.html."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or tables."),
) -> None:
    """Run a scenario many times on spawned seeds; print means with 95% intervals of the
    key global outcomes over time and at the horizon."""
    from netpolitik.experiment import api
    from netpolitik.store.experiments import ExperimentStore

    p = _plan(scenario, years, seed, countries)
    with interruptible(store):
        out = api.ensemble(
            p.scenario,
            runs,
            years=years,
            seed=seed,
            countries=countries,
            group=group,
            store=store,
            workers=workers,
            dask=dask,
            chunk_size=chunk_size,
            progress=not quiet,
            report=report,
        )
    exp = out.attrs["experiment"]
    console = Console(quiet=quiet)
    with ExperimentStore(store) as st:
        done, total = st.counts(exp)
        console.print(_header("ensemble", p, store, exp, f", {total} runs"))
        if not quiet:  # --quiet prints no tables: do not compute them
            print_ensemble(console, st, exp, group)
    _report_line(console, out)
    if quiet:
        typer.echo(exp)


def print_points(
    console: Console, table: pd.DataFrame, factors: list[str], group: str | None, limit: int = 40
) -> None:
    """A sweep's per-point table (first ``limit`` points) and its best-coexistence point."""
    outcomes = ["security", "collaboration", "coexistence"]
    if group:
        outcomes = ["group_security", "group_collaboration", "group_coexistence"]
    t = Table(title="Per point: mean over its runs ± half-width of its 95% interval")
    t.add_column("point", justify="right")
    for f in factors:
        t.add_column(f, justify="right")
    t.add_column("runs", justify="right")
    for o in outcomes:
        t.add_column(o.replace("group_", f"{group} ") if group else o, justify="right")
    for _, row in table.head(limit).iterrows():
        t.add_row(
            str(int(row["point"])),
            *(f"{row[f]:.4g}" for f in factors),
            str(int(row["runs"])),
            *(_pm(row[o], row[f"{o}_lower"], row[f"{o}_upper"]) for o in outcomes),
        )
    console.print(t)
    if len(table) > limit:
        console.print(f"... {len(table) - limit} more points (netpolitik results export)")
    key = "group_coexistence" if group else "coexistence"
    best = table.loc[table[key].idxmax()]
    worst = table.loc[table[key].idxmin()]
    where = ", ".join(f"{f}={best[f]:.4g}" for f in factors)
    console.print(
        f"highest {key}: {best[key]:.3f} at {where} (lowest: {worst[key]:.3f} at "
        + ", ".join(f"{f}={worst[f]:.4g}" for f in factors)
        + ")"
    )


@app.command("sweep")
def sweep_command(
    scenario: str = typer.Argument(..., help="Built-in scenario or a YAML file."),
    param: list[str] = typer.Option(
        ...,
        "--param",
        "--params",
        "-p",
        help="NAME=LOW:HIGH (model parameter) or LEVER@GROUP=LOW:HIGH (GROUP: an ISO3 "
        "code, a club, a region, a regime class, or all); repeat for several.",
    ),
    design: str = typer.Option("grid", "--design", help="grid or lhs (Latin hypercube)."),
    samples: int = typer.Option(
        5, "--samples", "-k", help="Grid: levels per factor; lhs: number of points."
    ),
    runs_per_point: int = typer.Option(
        1, "--runs-per-point", "-R", help="Runs per point (seed children 0..R-1)."
    ),
    years: float = typer.Option(None, "--years", "-y", help="Horizon in years."),
    seed: int = typer.Option(None, "--seed", "-s", help="Seed (default: the scenario's)."),
    countries: str = typer.Option(None, "--countries", help="Comma-separated ISO3 codes."),
    group: str = typer.Option(None, "--for", help="Also record this group's outcomes."),
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    workers: int = typer.Option(None, "--workers", "-w", help=WORKERS_HELP),
    dask: str = typer.Option(None, "--dask", help=DASK_HELP),
    chunk_size: int = typer.Option(64, "--chunk-size", help=CHUNK_HELP),
    report: bool = typer.Option(
        True, "--report/--no-report", help="Write <store>/reports/<id>/report.html."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or tables."),
) -> None:
    """Sweep model parameters and levers (of a country, a group or everyone) over a grid
    or a Latin hypercube; print each point's outcomes with 95% intervals."""
    from netpolitik.experiment import api

    p = _plan(scenario, years, seed, countries)
    with interruptible(store):
        out = api.sweep(
            p.scenario,
            param,
            design=design,
            samples=samples,
            runs_per_point=runs_per_point,
            years=years,
            seed=seed,
            countries=countries,
            group=group,
            store=store,
            workers=workers,
            dask=dask,
            chunk_size=chunk_size,
            progress=not quiet,
            report=report,
        )
    console = Console(quiet=quiet)
    factors = [
        c for c in out.columns[1:] if c != "runs" and c in {f.label for f in api.as_factors(param)}
    ]
    console.print(
        _header(
            "sweep",
            p,
            store,
            out.attrs["experiment"],
            f", {design} design, {len(out)} points x {runs_per_point} runs",
        )
    )
    print_points(console, out, factors, group)
    _report_line(console, out)
    if quiet:
        typer.echo(out.attrs["experiment"])


def print_indices(
    console: Console,
    table: pd.DataFrame,
    method: str,
    outcome: str,
    points: int | None = None,
    samples: int | None = None,
) -> None:
    """Sensitivity indices with their 95% confidence intervals."""
    from netpolitik.experiment.sensitivity import influence_verdict

    def cell(name: str, index: str) -> str:
        row = table[(table["parameter"] == name) & (table["index"] == index)]
        if row.empty:
            return "-"
        r = row.iloc[0]
        return _ci(r["value"], r["lower"], r["upper"])

    names = list(dict.fromkeys(table.loc[~table["index"].eq("S2"), "parameter"]))
    size = f", {points} points" if points else ""
    if method == "sobol":
        t = Table(title=f"Sobol' indices of {outcome}{size} [95% confidence interval]")
        for col in ("parameter", "first-order S1", "total ST"):
            t.add_column(col, justify="left" if col == "parameter" else "right")
        for n in names:
            t.add_row(n, cell(n, "S1"), cell(n, "ST"))
        console.print(t)
        pairs = table[table["index"] == "S2"]
        if not pairs.empty:
            t2 = Table(title="Second-order S2 (interactions) [95% confidence interval]")
            t2.add_column("pair")
            t2.add_column("S2", justify="right")
            for _, r in pairs.iterrows():
                t2.add_row(r["parameter"], _ci(r["value"], r["lower"], r["upper"]))
            console.print(t2)
    else:
        t = Table(title=f"Morris elementary effects on {outcome}{size} [95% confidence interval]")
        for col in ("parameter", "mu* (importance)", "mu (signed)", "sigma (interactions)"):
            t.add_column(col, justify="left" if col == "parameter" else "right")
        for n in names:
            t.add_row(n, cell(n, "mu_star"), cell(n, "mu"), cell(n, "sigma"))
        console.print(t)
    console.print(influence_verdict(table, method, outcome, samples))


@app.command("sensitivity")
def sensitivity_command(
    scenario: str = typer.Argument(..., help="Built-in scenario or a YAML file."),
    param: list[str] = typer.Option(
        ...,
        "--params",
        "--param",
        "-p",
        help="Factors as for `netpolitik sweep`; repeat or separate with commas.",
    ),
    method: str = typer.Option("sobol", "--method", "-m", help="sobol or morris."),
    outcome: str = typer.Option(
        "coexistence",
        "--outcome",
        "-o",
        help="Summary outcome, e.g. security, collaboration, "
        "coexistence, incidents_total; group_* with --for.",
    ),
    samples: int = typer.Option(
        32,
        "--samples",
        "-N",
        help="Sobol': base sample N (a power of 2; N(2D+2) points). "
        "Morris: trajectories (N(D+1) points).",
    ),
    runs_per_point: int = typer.Option(
        1, "--runs-per-point", "-R", help="Runs averaged per point."
    ),
    years: float = typer.Option(None, "--years", "-y", help="Horizon in years."),
    seed: int = typer.Option(None, "--seed", "-s", help="Seed (default: the scenario's)."),
    countries: str = typer.Option(None, "--countries", help="Comma-separated ISO3 codes."),
    group: str = typer.Option(None, "--for", help="Group for group_* outcomes."),
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    workers: int = typer.Option(None, "--workers", "-w", help=WORKERS_HELP),
    dask: str = typer.Option(None, "--dask", help=DASK_HELP),
    chunk_size: int = typer.Option(64, "--chunk-size", help=CHUNK_HELP),
    report: bool = typer.Option(
        True, "--report/--no-report", help="Write <store>/reports/<id>/report.html."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or tables."),
) -> None:
    """Global sensitivity (SALib): first-order, total and second-order Sobol' indices, or
    Morris effects, of one outcome, with 95% confidence intervals."""
    from netpolitik.experiment import api

    p = _plan(scenario, years, seed, countries)
    with interruptible(store):
        out = api.sensitivity(
            p.scenario,
            param,
            method=method,
            samples=samples,
            outcome=outcome,
            runs_per_point=runs_per_point,
            years=years,
            seed=seed,
            countries=countries,
            group=group,
            store=store,
            workers=workers,
            dask=dask,
            chunk_size=chunk_size,
            progress=not quiet,
            report=report,
        )
    console = Console(quiet=quiet)
    console.print(
        _header(
            "sensitivity",
            p,
            store,
            out.attrs["experiment"],
            f", {method}, {out.attrs['points']} points x {runs_per_point} runs",
        )
    )
    print_indices(console, out, method, outcome, samples=samples)
    _report_line(console, out)
    if quiet:
        typer.echo(out.attrs["experiment"])


def print_front(
    console: Console,
    front: pd.DataFrame,
    levers: list[str],
    objectives: list[str],
    baseline: dict,
    verdict: str,
) -> None:
    """The Pareto set (mixes with the same outcomes to 3 decimals on one row, levers as
    ranges), the baseline and the verdict."""
    key = front[objectives].round(3).apply(tuple, axis=1)
    groups = list(front.groupby(key, sort=False))
    t = Table(
        title=f"Pareto set ({len(front)} mixes, {len(groups)} distinct outcomes): "
        "mean over seeds (paired difference from the baseline)"
    )
    for lv in levers:
        t.add_column(lv, justify="right")
    for o in objectives:
        t.add_column(o, justify="right")

    def span(values: pd.Series) -> str:
        lo, hi = float(values.min()), float(values.max())
        return f"{lo:.2f}" if round(lo, 2) == round(hi, 2) else f"{lo:.2f}-{hi:.2f}"

    for _, part in groups:
        r = part.iloc[0]
        t.add_row(
            *(span(part[lv]) for lv in levers),
            *(f"{r[o]:.3f} ({r[f'{o}_diff']:+.3f})" for o in objectives),
        )
    t.add_row(
        *(["baseline"] + [""] * (len(levers) - 1)),
        *(f"{baseline[o]:.3f}" for o in objectives),
        style="dim",
    )
    console.print(t)
    console.print("[bold]verdict:[/bold] " + verdict)
    print_uncertainty(console, front.attrs, levers)


def print_uncertainty(console: Console, attrs: dict, levers: list[str]) -> None:
    """The verdict's class, its bootstrap shares and the checked mixes' differences."""
    if "verdict_class" not in attrs:
        return
    shares = attrs.get("verdict_shares") or {}
    n = attrs.get("check_seeds", 0)
    console.print(
        f"[bold]verdict class:[/bold] {attrs['verdict_class']} (bootstrap over "
        f"{n} seeds: "
        + ", ".join(f"{c} {shares.get(c, 0.0):.0%}" for c in ("both", "tradeoff", "neither"))
        + ")"
    )
    if not attrs.get("checked"):
        return
    t = Table(
        title=f"Mixes checked on {n} fresh seeds: paired difference from the "
        "baseline [95% t interval] (bootstrap 95%)"
    )
    for col in (*levers, "security", "collaboration"):
        t.add_column(col, justify="right")
    for c in attrs["checked"]:
        t.add_row(
            *(f"{c[lv]:.2f}" for lv in levers),
            *(
                f"{c[f'{o}_diff']:+.4f} [{c[f'{o}_diff_lower']:+.4f}, "
                f"{c[f'{o}_diff_upper']:+.4f}] ({c[f'{o}_boot_lower']:+.4f}, "
                f"{c[f'{o}_boot_upper']:+.4f})"
                for o in ("security", "collaboration")
            ),
        )
    console.print(t)


@app.command("frontier")
def frontier_command(
    scenario: str = typer.Argument(..., help="Built-in scenario or a YAML file."),
    levers: str = typer.Option(
        ...,
        "--levers",
        "-l",
        help="Levers to search, comma-separated, optionally with a "
        "range: sharing,offense or sharing=0.2:1,offense.",
    ),
    group: str = typer.Option(
        "all",
        "--for",
        help="Whose levers are searched: a club, an ISO3 code, a region, a regime class or all.",
    ),
    scope: str = typer.Option(
        "group",
        "--scope",
        help="group: the group's security and collaboration; world: world security and mean trust.",
    ),
    third: str = typer.Option(None, "--third", help="Optional third objective: growth or freedom."),
    seeds: int = typer.Option(
        4, "--seeds", help="Runs per candidate in the search (shared seeds)."
    ),
    check_seeds: int = typer.Option(
        CHECK_SEEDS,
        "--check-seeds",
        help="Fresh seeds on which the baseline and the best "
        "mixes are re-run to decide the verdict.",
    ),
    population: int = typer.Option(24, "--population", help="NSGA-II population size."),
    generations: int = typer.Option(10, "--generations", help="NSGA-II generations."),
    years: float = typer.Option(None, "--years", "-y", help="Horizon in years."),
    seed: int = typer.Option(None, "--seed", "-s", help="Seed (default: the scenario's)."),
    countries: str = typer.Option(None, "--countries", help="Comma-separated ISO3 codes."),
    store: Path = typer.Option(Path("results"), "--store", help=STORE_HELP),
    workers: int = typer.Option(None, "--workers", "-w", help=WORKERS_HELP),
    dask: str = typer.Option(None, "--dask", help=DASK_HELP),
    chunk_size: int = typer.Option(64, "--chunk-size", help=CHUNK_HELP),
    report: bool = typer.Option(
        True, "--report/--no-report", help="Write <store>/reports/<id>/report.html."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar or tables."),
) -> None:
    """Search a group's levers (NSGA-II) for the Pareto front of security and collaboration
    (and optionally growth or freedom); print the Pareto set and a verdict."""
    from netpolitik.experiment import api

    p = _plan(scenario, years, seed, countries)
    with interruptible(store):
        front = api.frontier(
            p.scenario,
            levers,
            group,
            scope=scope,
            third=third,
            seeds=seeds,
            check_seeds=check_seeds,
            population=population,
            generations=generations,
            years=years,
            seed=seed,
            countries=countries,
            store=store,
            workers=workers,
            dask=dask,
            chunk_size=chunk_size,
            progress=not quiet,
            report=report,
        )
    console = Console(quiet=quiet)
    names = [f.name for f in api.parse_levers(levers, group)]
    objectives = list(front.attrs["baseline"])
    console.print(
        _header(
            "frontier",
            p,
            store,
            front.attrs["experiment"],
            f", levers of {group}, {front.attrs['candidates']} candidates x "
            f"{seeds} seeds, checked on {check_seeds} fresh seeds",
        )
    )
    print_front(console, front, names, objectives, front.attrs["baseline"], front.attrs["verdict"])
    _report_line(console, front)
    if quiet:
        typer.echo(front.attrs["verdict"])
