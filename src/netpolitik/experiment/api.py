"""The Python API of experiments; the CLI commands call these functions.

Every function runs its experiment into a results store (a folder, default ``results/``),
resuming it if the same experiment was interrupted, and returns a pandas DataFrame whose
``attrs["experiment"]`` is the experiment's id in the store.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from concurrent.futures import Executor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from netpolitik import __version__
from netpolitik.errors import InputError
from netpolitik.experiment import frontier as _front
from netpolitik.experiment import sensitivity as _sens
from netpolitik.experiment.analysis import horizon_intervals, point_table, time_intervals
from netpolitik.experiment.executors import check_workers, executor_for
from netpolitik.experiment.factors import (
    Factor,
    check_groups,
    check_lever,
    parse_factors,
    parse_range,
    resolve_group,
)
from netpolitik.experiment.runner import DEFAULT_CHUNK, run_pending
from netpolitik.experiment.tasks import GROUP_OUTCOMES, WORLD_OUTCOMES, Task
from netpolitik.scenario.build import Built
from netpolitik.scenario.library import load_scenario
from netpolitik.scenario.run import prepare
from netpolitik.scenario.schema import Scenario
from netpolitik.store.experiments import ExperimentStore

ScenarioLike = str | Path | Scenario

#: Global outcomes shown over time (``netpolitik ensemble``) and kept in the report.
KEY_METRICS = (
    "security",
    "collaboration",
    "coexistence",
    "incidents",
    "successful",
    "attributed",
    "sanctions",
    "crime_successful",
    "damage_share",
    "world_gdp",
    "mean_freedom",
    "sharing_density",
)
#: Summary outcomes tabulated per sweep point.
POINT_OUTCOMES = (
    "security",
    "collaboration",
    "coexistence",
    "incidents_total",
    "attributed_total",
    "sanctions",
    "mean_freedom",
    "gdp_growth",
)
#: Largest design accepted (points).
MAX_POINTS = 1_000_000
#: Most runs one experiment may register.
MAX_RUNS = 10_000_000
DESIGNS = ("grid", "lhs")


# ------------------------------------------------------------------------------- plans
@dataclass
class Plan:
    """A scenario prepared once: its text, options and the built world (for checks)."""

    scenario: Scenario
    built: Built
    countries: tuple[str, ...] | None

    @property
    def name(self) -> str:
        return self.scenario.name

    @property
    def seed(self) -> int:
        return self.built.seed

    def spec(self) -> dict[str, Any]:
        return {
            "scenario": self.name,
            "scenario_yaml": self.scenario.source,
            "years": float(self.built.years),
            "seed": int(self.seed),
            "countries": list(self.countries) if self.countries else None,
            "version": __version__,
        }

    def task(
        self,
        run: int,
        point: int,
        replicate: int,
        factors: Sequence[Factor] = (),
        values: Sequence[float] | np.ndarray = (),
        group: str | None = None,
        steps: bool = True,
        keep_all: bool = False,
    ) -> Task:
        params = tuple(
            (f.name, float(v)) for f, v in zip(factors, values, strict=True) if f.kind == "param"
        )
        levers = tuple(
            (f.name, f.group, float(v))
            for f, v in zip(factors, values, strict=True)
            if f.kind == "lever" and f.group is not None  # every lever factor has a group
        )
        return Task(
            scenario=self.scenario.source,
            name=self.name,
            years=self.built.years,
            seed=self.seed,
            countries=self.countries,
            run=run,
            point=point,
            replicate=replicate,
            params=params,
            levers=levers,
            group=group,
            steps=steps,
            factors=tuple((f.label, float(v)) for f, v in zip(factors, values, strict=True)),
            keep_all=keep_all,
        )


def _countries(countries: str | Sequence[str] | None) -> tuple[str, ...] | None:
    if countries is None:
        return None
    items = countries.split(",") if isinstance(countries, str) else list(countries)
    codes = tuple(str(c).strip().upper() for c in items if str(c).strip())
    return codes or None


def plan(
    scenario: ScenarioLike = "baseline",
    *,
    years: float | None = None,
    seed: int | None = None,
    countries: str | Sequence[str] | None = None,
) -> Plan:
    """Load (a name or a file) and build ``scenario`` once; raises on any bad input."""
    s = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    codes = _countries(countries)
    built = prepare(s, years=years, seed=seed, countries=list(codes) if codes else None)
    return Plan(s, built, codes)


def _positive(value: Any, option: str, example: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        raise InputError(
            f"{option}: {value!r} is not a positive whole number; use e.g. {option} {example}"
        )
    return int(value)


# ----------------------------------------------------------------------------- session
class Session:
    """An open store plus, once needed, an executor and a progress bar."""

    def __init__(
        self,
        store: str | Path | ExperimentStore = "results",
        *,
        workers: int | None = None,
        dask: str | None = None,
        executor: Executor | None = None,
        chunk_size: int = DEFAULT_CHUNK,
        progress: bool = False,
        label: str = "experiment",
    ) -> None:
        check_workers(workers)
        if dask is not None and dask != "local" and "://" not in str(dask):
            raise InputError(
                f"--dask: expected 'local' or a scheduler address such as "
                f"tcp://10.0.0.5:8786 (got {dask!r})"
            )
        self.chunk_size = _positive(chunk_size, "--chunk-size", DEFAULT_CHUNK)
        self.workers, self.dask, self.executor = workers, dask, executor
        self.show, self.label = progress, label
        self._stack = ExitStack()
        if isinstance(store, ExperimentStore):
            self.store = store
        else:
            self.store = self._stack.enter_context(ExperimentStore(store))
        self._pool: tuple[Executor, int] | None = None
        self._bar: Progress | None = None
        self._task: TaskID | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self._stack.close()

    def _ensure(self) -> tuple[Executor, int]:
        if self._pool is None:
            self._pool = self._stack.enter_context(
                executor_for(self.workers, self.dask, self.executor)
            )
        return self._pool

    def _progress(self, done: int, total: int, label: str) -> Callable[[int], None]:
        if self._bar is None:
            console = Console(stderr=True, quiet=not self.show)
            self._bar = self._stack.enter_context(
                Progress(
                    TextColumn("[bold]{task.description}"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("runs"),
                    TimeElapsedColumn(),
                    TextColumn("eta"),
                    TimeRemainingColumn(),
                    console=console,
                    transient=True,
                )
            )
            self._task = self._bar.add_task(label, total=total, completed=done)
        else:
            assert self._task is not None  # added with the bar
            self._bar.update(self._task, total=total, completed=done, description=label)
        bar, task = self._bar, self._task
        return lambda n: bar.advance(task, n)

    def run(
        self,
        exp: str,
        task_for: Callable[[int], Task],
        start: str,
        label: str | None = None,
        only: range | None = None,
    ) -> int:
        """Run every pending run of ``exp`` (those in ``only`` when given); returns how
        many ran."""
        pending = self.store.pending(exp)
        if only is not None:
            pending = [r for r in pending if r in only]
        if not pending:
            return 0
        pool, slots = self._ensure()
        done, total = self.store.counts(exp)
        advance = self._progress(done, total, label or self.label)
        return run_pending(
            self.store,
            exp,
            pending,
            task_for,
            pool,
            slots,
            start=start,
            chunk_size=self.chunk_size,
            on_done=advance,
        )


def check_total(points: int, per_point: int, option: str = "--runs-per-point") -> None:
    """Refuse experiments of more than :data:`MAX_RUNS` runs before registering any."""
    if points * per_point > MAX_RUNS:
        what = f"{per_point:,} runs" if points == 1 else f"{points:,} points x {per_point:,} runs"
        raise InputError(
            f"{option}: {what} is more than {MAX_RUNS:,} runs in one "
            "experiment; use fewer runs or points, or split the experiment"
        )


def _runs_frame(
    points: int, per_point: int, seed: int, params: Callable[[int], dict] | None = None
) -> pd.DataFrame:
    n = points * per_point
    run = np.arange(n, dtype=np.int64)
    rep = run % per_point
    return pd.DataFrame(
        {
            "run": run,
            "point": run // per_point,
            "seed": [f"{seed}/{r}" for r in rep],
            "params": ["{}"] * n
            if params is None
            else [json.dumps(params(int(p)), sort_keys=True) for p in run // per_point],
        }
    )


def _session(store, workers, dask, executor, chunk_size, progress, label) -> Session:
    return Session(
        store,
        workers=workers,
        dask=dask,
        executor=executor,
        chunk_size=chunk_size,
        progress=progress,
        label=label,
    )


def _outcomes(group: str | None) -> tuple[str, ...]:
    return (*WORLD_OUTCOMES, *(GROUP_OUTCOMES if group else ()))


def _tag(frame: pd.DataFrame, exp: str, store: Session, **extra: Any) -> pd.DataFrame:
    frame.attrs.update({"experiment": exp, "store": str(store.store.folder), **extra})
    return frame


# ------------------------------------------------------------------------------ report
def write_report(
    store: str | Path,
    exp: str,
    *,
    intervals: pd.DataFrame | None = None,
    sensitivity: pd.DataFrame | None = None,
    pareto: pd.DataFrame | None = None,
    title: str = "",
    subtitle: str = "",
) -> Path | None:
    """``<store>/reports/<experiment>/report.html`` via :mod:`netpolitik.report`, or None
    when the report layer is not installed."""
    try:
        from netpolitik.report import write_experiment_report
    except ImportError:  # the report layer (plotly) is optional here
        return None
    path = Path(store) / "reports" / exp / "report.html"
    return write_experiment_report(
        path,
        intervals=intervals,
        sensitivity=sensitivity,
        pareto=pareto,
        title=title or f"netpolitik {exp}",
        subtitle=subtitle,
    )


def band_frame(
    intervals: pd.DataFrame,
    metrics: Sequence[str] = (
        "security",
        "collaboration",
        "coexistence",
        "incidents",
        "sanctions",
        "mean_freedom",
    ),
) -> pd.DataFrame:
    """Time intervals in the report's format (``date, metric, center, lower, upper``)."""
    part = intervals[intervals["metric"].isin(metrics)]
    out = part.rename(columns={"mean": "center"})[
        ["date", "metric", "center", "lower", "upper"]
    ].copy()
    out["lower"] = out["lower"].fillna(out["center"])
    out["upper"] = out["upper"].fillna(out["center"])
    return out


# ---------------------------------------------------------------------------- ensemble
def ensemble(
    scenario: ScenarioLike = "baseline",
    runs: int | None = None,
    *,
    years: float | None = None,
    seed: int | None = None,
    countries: str | Sequence[str] | None = None,
    group: str | None = None,
    store: str | Path = "results",
    workers: int | None = None,
    dask: str | None = None,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
    report: bool = False,
) -> pd.DataFrame:
    """Run ``scenario`` ``runs`` times on the spawned seeds of one SeedSequence.

    Run ``k`` uses ``SeedSequence(seed, spawn_key=(k,))``, exactly as
    :func:`netpolitik.scenario.ensemble`, so run k here equals run k there.

    Parameters
    ----------
    scenario : built-in name, YAML file, or a :class:`~netpolitik.scenario.Scenario`.
    runs : number of runs (default: the scenario's ``runs``).
    years, seed, countries : override the scenario's horizon, seed and countries.
    group : also record outcomes of this group (``group_*`` summary columns), e.g.
        ``"NATO"``; see :mod:`netpolitik.experiment.factors` for group names.
    store : results folder (created if needed); re-running resumes.
    workers : processes (default: every core; 1 = in this process).
    dask : ``"local"`` for a Dask LocalCluster, or a scheduler address ``tcp://HOST:PORT``.
    executor : any ``concurrent.futures.Executor`` (overrides ``workers`` and ``dask``).
    chunk_size : finished runs per Parquet chunk.
    progress : show a Rich progress bar with the estimated time remaining (stderr).
    report : also write ``<store>/reports/<id>/report.html``.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per month and global outcome: ``metric, step, date, mean,
        lower, upper, sd, runs`` (95% interval of the mean). ``attrs["experiment"]`` is
        the id; :func:`horizon` gives the horizon table.

    Examples
    --------
    >>> import tempfile
    >>> from netpolitik.experiment import ensemble, horizon
    >>> folder = tempfile.mkdtemp()
    >>> over_time = ensemble("baseline", runs=3, years=1, countries="USA,RUS,EST",
    ...                      store=folder, workers=1)
    >>> over_time[over_time.metric == "security"].shape[0]
    12
    >>> h = horizon(over_time.attrs["experiment"], store=folder)
    >>> int(h.set_index("outcome").loc["security", "runs"])
    3
    """
    p = plan(scenario, years=years, seed=seed, countries=countries)
    runs = p.scenario.runs if runs is None else runs
    runs = _positive(runs, "--runs", 100)
    check_total(1, runs, "--runs")
    if group:
        resolve_group(p.built, group, "--for")
    spec = {**p.spec(), "runs": runs, "group": group}
    with _session(store, workers, dask, executor, chunk_size, progress, f"ensemble {p.name}") as s:
        exp = s.store.open_experiment("ensemble", p.name, spec, _runs_frame(1, runs, p.seed))
        s.run(exp, lambda k: p.task(k, 0, k, group=group), p.built.start)
        out = time_intervals(s.store, exp, KEY_METRICS)
        path = None
        if report:
            path = write_report(
                s.store.folder,
                exp,
                intervals=band_frame(out),
                title=f"Ensemble of {p.name}",
                subtitle=f"{runs} runs, {p.built.years:g} years, seed {p.seed}",
            )
        return _tag(out, exp, s, report=str(path or ""))


def horizon(experiment: str, store: str | Path = "results") -> pd.DataFrame:
    """The horizon table of a stored experiment: one row per outcome of the runs'
    summary (``outcome, mean, lower, upper, sd, p2_5, p97_5, runs``)."""
    with ExperimentStore(store) as st:
        exp = st.experiment(experiment)
        out = horizon_intervals(st, experiment, _outcomes(exp["spec"].get("group")))
    out.attrs["experiment"] = experiment
    return out


def load(experiment: str, store: str | Path = "results", table: str = "summary") -> pd.DataFrame:
    """A stored experiment's ``summary`` (one row per run), ``steps`` (run x month) or
    ``runs`` (catalogue: point, seed, parameters, status) table."""
    with ExperimentStore(store) as st:
        if table == "summary":
            return st.summary(experiment)
        if table == "steps":
            return st.steps(experiment)
        if table == "runs":
            return st.runs(experiment)
    raise InputError(f"table: unknown table {table!r} (allowed: summary, steps, runs)")


# ------------------------------------------------------------------------------- sweep
def as_factors(params: Sequence[str | Factor] | str, option: str = "--param") -> list[Factor]:
    """Factors from ``--param`` texts (``NAME=LOW:HIGH``, ``LEVER@GROUP=LOW:HIGH``) or ready
    :class:`~netpolitik.experiment.factors.Factor` objects; ``option`` names the CLI option
    in error messages."""
    if isinstance(params, str):
        params = [params]
    texts = [p for p in params if not isinstance(p, Factor)]
    return [p for p in params if isinstance(p, Factor)] + parse_factors(texts, option)


def grid_design(factors: Sequence[Factor], levels: int) -> np.ndarray:
    """Every combination of ``levels`` evenly spaced values of each factor (one value for
    a factor with LOW = HIGH)."""
    size = 1
    for f in factors:  # check the size before building anything
        size *= levels if f.high > f.low else 1
        if size > MAX_POINTS:
            raise InputError(
                f"--samples: a grid of {levels:,} levels over {len(factors)} "
                f"factors has more than {MAX_POINTS:,} points; use fewer levels "
                "or --design lhs"
            )
    axes = [
        np.round(np.linspace(f.low, f.high, levels), 12) if f.high > f.low else np.array([f.low])
        for f in factors
    ]  # rounded: 0.3, not 0.30000000000000004
    return np.array(list(itertools.product(*axes)), dtype=float).reshape(size, len(factors))


def lhs_design(factors: Sequence[Factor], samples: int, seed: int) -> np.ndarray:
    """A Latin hypercube of ``samples`` points (SALib), deterministic for ``seed``."""
    from SALib.sample import latin

    if samples > MAX_POINTS:
        raise InputError(f"--samples: at most {MAX_POINTS:,} points")
    return latin.sample(_sens.problem(factors), samples, seed=seed)


def _check_factor_labels(factors: Sequence[Factor], group: str | None) -> None:
    clash = [
        f.label
        for f in factors
        if f.label in (*_outcomes(group), "run", "point", "replicate", "experiment")
    ]
    if clash:
        raise InputError(
            f"--param {clash[0]}: clashes with an outcome column; vary another parameter"
        )


def _design_runs(
    s: Session,
    p: Plan,
    kind: str,
    spec: dict,
    factors: Sequence[Factor],
    X: np.ndarray,
    per_point: int,
    group: str | None,
    steps: bool,
) -> str:
    labels = [f.label for f in factors]
    runs = _runs_frame(
        len(X), per_point, p.seed, lambda k: dict(zip(labels, map(float, X[k]), strict=True))
    )
    exp = s.store.open_experiment(kind, p.name, spec, runs)
    s.run(
        exp,
        lambda r: p.task(
            r, r // per_point, r % per_point, factors, X[r // per_point], group, steps
        ),
        p.built.start,
    )
    return exp


def sweep(
    scenario: ScenarioLike,
    params: Sequence[str | Factor] | str,
    *,
    design: str = "grid",
    samples: int = 5,
    runs_per_point: int = 1,
    years: float | None = None,
    seed: int | None = None,
    countries: str | Sequence[str] | None = None,
    group: str | None = None,
    store: str | Path = "results",
    workers: int | None = None,
    dask: str | None = None,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
    report: bool = False,
) -> pd.DataFrame:
    """Sweep model parameters and levers over a grid or a Latin hypercube.

    Parameters
    ----------
    scenario : built-in name, YAML file or Scenario.
    params : factors ``NAME=LOW:HIGH`` (a model parameter) or ``LEVER@GROUP=LOW:HIGH`` (a
        lever of a country, club, region, regime class or ``all``); see
        :mod:`netpolitik.experiment.factors`.
    design : ``"grid"`` (``samples`` levels per factor) or ``"lhs"`` (``samples`` points).
    runs_per_point : runs per point; replicate k of every point uses seed child k.
    group : also record this group's outcomes (``group_*`` columns).

    Other Parameters
    ----------------
    years, seed, countries, store, workers, dask, executor, chunk_size, progress, report
        As for :func:`ensemble`.

    Returns
    -------
    pandas.DataFrame
        One row per point: ``point``, the factor values, ``runs`` and, per outcome, its
        mean with ``<outcome>_lower``/``_upper`` (95% interval across the point's runs).

    Examples
    --------
    >>> import tempfile
    >>> from netpolitik.experiment import sweep
    >>> table = sweep("baseline", ["trust_rate=0.02:0.1", "offense@RUS=0:1"], samples=2,
    ...               years=1, countries="USA,RUS,EST", store=tempfile.mkdtemp(),
    ...               workers=1)
    >>> table[["trust_rate", "offense@RUS"]].values.tolist()
    [[0.02, 0.0], [0.02, 1.0], [0.1, 0.0], [0.1, 1.0]]
    """
    factors = as_factors(params)
    if not factors:
        raise InputError(
            "--param: give at least one factor, e.g. --param trust_rate=0.01:0.1 "
            "or --param sharing@NATO=0:1"
        )
    if design not in DESIGNS:
        raise InputError(f"--design: unknown design {design!r} (allowed: {', '.join(DESIGNS)})")
    samples = _positive(samples, "--samples", 5)
    runs_per_point = _positive(runs_per_point, "--runs-per-point", 4)
    p = plan(scenario, years=years, seed=seed, countries=countries)
    check_groups(p.built, factors)
    if group:
        resolve_group(p.built, group, "--for")
    _check_factor_labels(factors, group)
    X = grid_design(factors, samples) if design == "grid" else lhs_design(factors, samples, p.seed)
    check_total(len(X), runs_per_point)
    spec = {
        **p.spec(),
        "factors": [f.to_dict() for f in factors],
        "design": design,
        "samples": samples,
        "runs_per_point": runs_per_point,
        "group": group,
    }
    with _session(store, workers, dask, executor, chunk_size, progress, f"sweep {p.name}") as s:
        exp = _design_runs(s, p, "sweep", spec, factors, X, runs_per_point, group, True)
        out = sweep_points(s.store, exp, spec)
        path = None
        if report:
            sec, col = (
                ("group_security", "group_collaboration")
                if group
                else ("security", "collaboration")
            )
            frame = pd.DataFrame(
                {
                    "security": out[sec],
                    "collaboration": out[col],
                    "label": [
                        ", ".join(f"{f.label}={row[f.label]:.3g}" for f in factors)
                        for _, row in out.iterrows()
                    ],
                }
            )
            path = write_report(
                s.store.folder,
                exp,
                pareto=frame,
                title=f"Sweep of {p.name}",
                subtitle=", ".join(f.label for f in factors),
            )
        return _tag(out, exp, s, report=str(path or ""))


# ------------------------------------------------------------------------- sensitivity
def sensitivity(
    scenario: ScenarioLike,
    params: Sequence[str | Factor] | str,
    *,
    method: str = "sobol",
    samples: int = 32,
    outcome: str = "coexistence",
    runs_per_point: int = 1,
    years: float | None = None,
    seed: int | None = None,
    countries: str | Sequence[str] | None = None,
    group: str | None = None,
    store: str | Path = "results",
    workers: int | None = None,
    dask: str | None = None,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
    report: bool = False,
) -> pd.DataFrame:
    """Global sensitivity of one outcome to the factors, with SALib.

    Parameters
    ----------
    params : factors as in :func:`sweep`.
    method : ``"sobol"`` (first-order S1, total ST and second-order S2 indices; ``samples``
        is the base sample N, a power of 2, giving N (2D + 2) points) or ``"morris"``
        (``mu_star``, ``mu``, ``sigma``; N trajectories, N (D + 1) points).
    outcome : a summary column, e.g. ``coexistence``, ``security``, ``collaboration``,
        ``incidents_total``, or with ``group`` a ``group_*`` column.

    Other Parameters
    ----------------
    scenario, runs_per_point, years, seed, countries, group, store, workers, dask, executor
        As for :func:`sweep`.
    chunk_size, progress, report
        As for :func:`sweep`.

    Returns
    -------
    pandas.DataFrame
        ``parameter, index, value, lower, upper, conf``: one row per index (S1, ST, S2
        for Sobol'; mu_star, mu, sigma for Morris) with its 95% confidence interval.

    Examples
    --------
    >>> import tempfile
    >>> from netpolitik.experiment import sensitivity
    >>> idx = sensitivity("baseline", ["trust_rate=0.01:0.1", "offense@RUS=0:1"],
    ...                   method="morris", samples=2, outcome="collaboration", years=1,
    ...                   countries="USA,RUS,EST", store=tempfile.mkdtemp(), workers=1)
    >>> sorted(set(idx["index"]))
    ['mu', 'mu_star', 'sigma']
    """
    factors = as_factors(params)
    p = plan(scenario, years=years, seed=seed, countries=countries)
    _sens.check(method, factors, samples)
    allowed = _outcomes(group)
    if outcome not in allowed:
        hint = (
            ""
            if group or not outcome.startswith("group_")
            else " (group_* outcomes need --for GROUP)"
        )
        raise InputError(
            f"--outcome: unknown outcome {outcome!r}{hint} (allowed: {', '.join(allowed)})"
        )
    runs_per_point = _positive(runs_per_point, "--runs-per-point", 2)
    check_groups(p.built, factors)
    if group:
        resolve_group(p.built, group, "--for")
    _check_factor_labels(factors, group)
    X = _sens.design(method, factors, samples, p.seed)
    check_total(len(X), runs_per_point)
    spec = {
        **p.spec(),
        "factors": [f.to_dict() for f in factors],
        "method": method,
        "samples": samples,
        "runs_per_point": runs_per_point,
        "group": group,
    }
    with _session(store, workers, dask, executor, chunk_size, progress, f"{method} {p.name}") as s:
        exp = _design_runs(s, p, "sensitivity", spec, factors, X, runs_per_point, group, False)
        out = sensitivity_indices(s.store, exp, spec, outcome)
        path = None
        if report:
            main = out[out["index"].isin(["ST", "S1", "mu_star"])]
            path = write_report(
                s.store.folder,
                exp,
                sensitivity=main.rename(columns={"value": "effect"}).assign(metric=main["index"])[
                    ["parameter", "effect", "lower", "upper", "metric"]
                ],
                title=f"Sensitivity of {outcome} ({method}) in {p.name}",
                subtitle=f"{len(X)} points x {runs_per_point} runs",
            )
        return _tag(out, exp, s, report=str(path or ""), method=method, points=len(X))


# ----------------------------------------------------------- results of stored experiments
def factors_of(spec: dict) -> list[Factor]:
    """The factors (or searched levers) recorded in an experiment's spec."""
    return [
        Factor(d["kind"], d["name"], float(d["low"]), float(d["high"]), d.get("group"))
        for d in spec.get("factors", spec.get("levers", []))
    ]


def sweep_points(store: ExperimentStore, exp: str, spec: dict) -> pd.DataFrame:
    """The per-point table of a stored sweep (see :func:`sweep`)."""
    group = spec.get("group")
    return point_table(
        store,
        exp,
        [f.label for f in factors_of(spec)],
        [*POINT_OUTCOMES, *(GROUP_OUTCOMES[:5] if group else ())],
    )


def sensitivity_indices(
    store: ExperimentStore, exp: str, spec: dict, outcome: str = "coexistence"
) -> pd.DataFrame:
    """The indices of a stored sensitivity design for ``outcome`` (any summary column:
    the runs do not depend on it, so one design serves every outcome)."""
    factors = factors_of(spec)
    done, total = store.counts(exp)
    if done < total:
        raise InputError(
            f"experiment {exp}: {total - done} of {total} runs are not done; "
            "re-run the same command to finish it"
        )
    allowed = _outcomes(spec.get("group"))
    if outcome not in allowed:
        raise InputError(f"--outcome: unknown outcome {outcome!r} (allowed: {', '.join(allowed)})")
    table = point_table(store, exp, [f.label for f in factors], [outcome])
    out = _sens.analyze(
        spec["method"],
        factors,
        table[[f.label for f in factors]].to_numpy(),
        table[outcome].to_numpy(),
        seed=int(spec["seed"]),
    )
    out.insert(0, "outcome", outcome)
    return out


def frontier_result(
    store: ExperimentStore, exp: str, spec: dict
) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """(Pareto set, every searched candidate with the baseline, verdict) of a stored
    frontier. The Pareto set's attrs carry the verdict's class and uncertainty
    (``verdict_class``, ``verdict_shares``, ``checked``, ``check_seeds``)."""
    factors = factors_of(spec)
    objectives = _front.objective_columns(spec["scope"], spec.get("third"))
    summary = store.summary(exp)
    if summary.empty or not (summary["point"] == 0).any():
        raise InputError(f"experiment {exp}: the baseline has not run yet; re-run the same command")
    short = {f.label: f.name for f in factors}
    lever_names = [f.name for f in factors]
    found = _front.assess(
        summary.rename(columns=short),
        lever_names,
        objectives,
        int(spec["seeds"]),
        int(spec["seed"]),
    )
    table = found["search"]
    front = _front.pareto_set(table, list(objectives))
    group = spec["group"]
    who = group if spec["scope"] == "group" else f"the world (levers of {group})"
    text = _front.verdict(found["check"], lever_names, who, spec.get("third"), table)
    front.attrs.update(
        {
            "who": who,
            "verdict_class": found["class"],
            "verdict_shares": found["shares"],
            "checked": found["checked"],
            "check_seeds": found["check_seeds"],
        }
    )
    return front, table, text


# ---------------------------------------------------------------------------- frontier
#: Default fresh seeds of a frontier's check (chosen by measurement, docs/experiments.md).
CHECK_SEEDS = 16


def _check_runs(
    s: Session,
    exp: str,
    spec: dict,
    p: Plan,
    first: int,
    labels: list[str],
    points: dict[int, np.ndarray],
    checks: dict[int, tuple[int, int]],
    task_for: Callable[[int], Task],
) -> None:
    """Re-run the baseline and the mixes of :func:`frontier.check_points` on
    ``spec["check_seeds"]`` fresh seeds (run ids from ``first``; fills ``checks``)."""
    seeds, n = int(spec["seeds"]), int(spec["check_seeds"])
    summary = s.store.summary(exp)
    short = {f.label: f.name for f in factors_of(spec)}
    objectives = _front.objective_columns(spec["scope"], spec.get("third"))
    search = _front.candidate_table(
        summary[summary["replicate"] < seeds].rename(columns=short),
        list(short.values()),
        objectives,
    )
    picked = [0, *_front.check_points(search)]
    runs = []
    for j, point in enumerate(picked):
        params = {} if point == 0 else dict(zip(labels, map(float, points[point]), strict=True))
        for r in range(n):
            run = first + j * n + r
            checks[run] = (point, seeds + r)
            runs.append(
                {"run": run, "point": point, "seed": f"{p.seed}/{seeds + r}", "params": params}
            )
    s.store.add_runs(exp, runs)
    s.run(
        exp,
        task_for,
        p.built.start,
        f"frontier {p.name}: checking {len(picked) - 1} mixes on {n} fresh seeds",
        range(first, first + len(runs)),
    )


def parse_levers(levers: Sequence[str] | str, group: str) -> list[Factor]:
    """``sharing`` or ``sharing=0.2:1`` (comma-separated or a list) as lever factors of
    ``group``."""
    items = (
        levers.split(",")
        if isinstance(levers, str)
        else [x for item in levers for x in str(item).split(",")]
    )
    factors: list[Factor] = []
    for item in (i.strip() for i in items if i.strip()):
        name, _, rng = (t.strip() for t in item.partition("="))
        check_lever(name, f"--levers {item}")
        low, high = parse_range(rng, f"--levers {item}") if rng else (0.0, 1.0)
        if low < 0 or high > 1:
            raise InputError(f"--levers {item}: levers lie in [0, 1] (got {rng})")
        if not high > low:
            raise InputError(f"--levers {item}: LOW equals HIGH; give a range to search")
        factors.append(Factor("lever", name, low, high, group))
    if not factors:
        raise InputError(
            "--levers: give at least one lever, e.g. --levers sharing,data_restriction,offense"
        )
    names = [f.name for f in factors]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise InputError(f"--levers: {dupes[0]} is given twice")
    return factors


def frontier(
    scenario: ScenarioLike,
    levers: Sequence[str] | str,
    group: str = "all",
    *,
    scope: str = "group",
    third: str | None = None,
    seeds: int = 4,
    check_seeds: int = CHECK_SEEDS,
    population: int = 24,
    generations: int = 10,
    years: float | None = None,
    seed: int | None = None,
    countries: str | Sequence[str] | None = None,
    store: str | Path = "results",
    workers: int | None = None,
    dask: str | None = None,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: bool = False,
    report: bool = False,
) -> pd.DataFrame:
    """Search the levers of ``group`` for the security-collaboration Pareto front (NSGA-II,
    pymoo), each candidate evaluated over the same ``seeds`` runs.

    Parameters
    ----------
    levers : levers to search, ``"sharing,offense"`` or ``["sharing=0.2:1", ...]``
        (range 0:1 by default); each candidate sets them for every country of ``group``.
    group : whose levers are searched and, with ``scope="group"``, whose outcomes count:
        a club, an ISO3 code, a region, a regime class or ``all``.
    scope : ``"group"`` (the group's security and collaboration) or ``"world"`` (world
        security and mean trust); see :mod:`netpolitik.experiment.frontier`.
    third : optional third objective, ``"growth"`` or ``"freedom"``.
    seeds : runs per candidate in the search (seed children 0..seeds-1, shared by all
        candidates and the baseline, so comparisons are paired).
    check_seeds : fresh seeds (children seeds..seeds+check_seeds-1) on which the baseline
        and the mixes of :func:`~netpolitik.experiment.frontier.check_points` are re-run;
        the verdict's class and its bootstrap uncertainty come from these runs.
    population, generations : NSGA-II population size and number of generations.

    Other Parameters
    ----------------
    years, seed, countries, store, workers, dask, executor, chunk_size, progress, report
        As for :func:`ensemble`.

    Returns
    -------
    pandas.DataFrame
        The Pareto set: ``point``, the lever values, each objective's mean over seeds and
        its paired difference from the baseline with a 95% interval. ``attrs["verdict"]``
        is the plain-language answer; ``attrs["verdict_class"]`` its class (``"both"``,
        ``"tradeoff"`` or ``"neither"``); ``attrs["verdict_shares"]`` the share of seed
        resamples giving each class; ``attrs["checked"]`` the re-run mixes with their
        paired differences, t and bootstrap 95% intervals; ``attrs["baseline"]`` the
        baseline's objectives.

    Examples
    --------
    >>> import tempfile
    >>> from netpolitik.experiment import frontier
    >>> front = frontier("baseline", "sharing,offense", "EST", seeds=2, population=4,
    ...                  generations=2, years=1, countries="USA,RUS,EST",
    ...                  store=tempfile.mkdtemp(), workers=1)
    >>> {"sharing", "offense", "security", "collaboration"} <= set(front.columns)
    True
    >>> front.attrs["verdict"].split(":")[0] in ("Both can be high", "They trade off",
    ...                                          "Neither can be raised")
    True
    >>> front.attrs["verdict_class"] in ("both", "tradeoff", "neither")
    True
    """
    from pymoo.algorithms.moo.nsga2 import NSGA2
    from pymoo.core.evaluator import Evaluator
    from pymoo.core.problem import Problem
    from pymoo.problems.static import StaticProblem

    objectives = _front.objective_columns(scope, third)
    seeds = _positive(seeds, "--seeds", 4)
    check_seeds = _positive(check_seeds, "--check-seeds", CHECK_SEEDS)
    if check_seeds < 2:
        raise InputError(
            f"--check-seeds: {check_seeds} fresh seed cannot give an interval; "
            f"use at least 2, e.g. --check-seeds {CHECK_SEEDS}"
        )
    population = _positive(population, "--population", 24)
    generations = _positive(generations, "--generations", 10)
    check_total(population * generations + 1, seeds + check_seeds, "--seeds")
    p = plan(scenario, years=years, seed=seed, countries=countries)
    factors = parse_levers(levers, group)
    resolve_group(p.built, group, "--for")
    labels = [f.label for f in factors]
    spec = {
        **p.spec(),
        "levers": [f.to_dict() for f in factors],
        "group": group,
        "scope": scope,
        "third": third,
        "seeds": seeds,
        "check_seeds": check_seeds,
        "population": population,
        "generations": generations,
        "algorithm": "NSGA-II",
    }
    d, cols = len(factors), list(objectives.values())

    def runs_of(first_point: int, X: np.ndarray | None) -> list[dict]:
        """Runs of the points ``first_point, ...`` (None: the baseline, no settings)."""
        rows = [{}] if X is None else [dict(zip(labels, map(float, x), strict=True)) for x in X]
        return [
            {
                "run": (first_point + i) * seeds + r,
                "point": first_point + i,
                "seed": f"{p.seed}/{r}",
                "params": params,
            }
            for i, params in enumerate(rows)
            for r in range(seeds)
        ]

    with _session(store, workers, dask, executor, chunk_size, progress, f"frontier {p.name}") as s:
        store_ = s.store
        exp = store_.open_experiment("frontier", p.name, spec, runs_of(0, None))
        points: dict[int, np.ndarray] = {0: np.zeros(0)}
        checks: dict[int, tuple[int, int]] = {}

        def task_for(run: int) -> Task:
            point, rep = checks.get(run) or divmod(run, seeds)
            if point == 0:
                return p.task(run, 0, rep, group=group, steps=False)
            return p.task(run, point, rep, factors, points[point], group, False)

        def means(first: int, count: int) -> np.ndarray:
            summary = store_.summary(exp)
            part = summary[
                (summary["point"] >= first)
                & (summary["point"] < first + count)
                & (summary["replicate"] < seeds)
            ]  # not the check's runs
            avg = part.groupby("point")[cols].mean().reindex(range(first, first + count))
            return avg.to_numpy(float)

        s.run(exp, task_for, p.built.start, f"frontier {p.name}: baseline", range(seeds))
        problem = Problem(
            n_var=d,
            n_obj=len(cols),
            xl=np.array([f.low for f in factors]),
            xu=np.array([f.high for f in factors]),
        )
        algorithm = NSGA2(pop_size=population, eliminate_duplicates=True)
        algorithm.setup(problem, termination=("n_gen", generations), seed=p.seed, verbose=False)
        nxt, gen = 1, 0
        while algorithm.has_next():
            gen += 1
            pop = algorithm.ask()
            X = np.asarray(pop.get("X"), dtype=float)
            for i, x in enumerate(X):
                points[nxt + i] = x
            store_.add_runs(exp, runs_of(nxt, X))
            s.run(
                exp,
                task_for,
                p.built.start,
                f"frontier {p.name}: generation {gen}/{generations}",
                range(nxt * seeds, (nxt + len(X)) * seeds),
            )
            F = -means(nxt, len(X))
            nxt += len(X)
            Evaluator().eval(StaticProblem(problem, F=F), pop)
            algorithm.tell(infills=pop)
        _check_runs(s, exp, spec, p, nxt * seeds, labels, points, checks, task_for)
        front, table, text = frontier_result(store_, exp, spec)
        names = list(objectives)
        base = table[table["baseline"]].iloc[0]
        who = front.attrs["who"]
        path = None
        if report:
            shown = table.assign(
                group=np.where(
                    table["baseline"],
                    "baseline",
                    np.where(table["point"].isin(front["point"]), "Pareto set", "candidates"),
                ),
                label=[
                    (
                        "baseline"
                        if r["baseline"]
                        else ", ".join(f"{f.name}={r[f.name]:.2f}" for f in factors)
                    )
                    for _, r in table.iterrows()
                ],
            )
            path = write_report(
                store_.folder,
                exp,
                pareto=shown,
                title=f"Security-collaboration frontier of {who} in {p.name}",
                subtitle=f"{text} Verdict class: {front.attrs['verdict_class']}"
                " (bootstrap over the check's seeds: "
                + ", ".join(f"{c} {v:.0%}" for c, v in front.attrs["verdict_shares"].items())
                + ").",
            )
        return _tag(
            front,
            exp,
            s,
            verdict=text,
            report=str(path or ""),
            seeds=seeds,
            baseline={n: float(base[n]) for n in names},
            candidates=len(table) - 1,
        )
