"""One run of an experiment: a small picklable :class:`Task` in, a :class:`RunOutput` out.

:func:`execute` is the single entry point every executor calls (a process pool, Dask, or
in-process). A task carries the scenario as its YAML text plus the options, the seed's spawn
key and the factor values; a worker builds the scenario once per process
(:func:`functools.lru_cache` keyed by the text and options) and reuses it for every run.

Seeds: run ``k`` of an ensemble, and replicate ``k`` of every point of a sweep,
sensitivity design or frontier candidate, uses ``SeedSequence(seed, spawn_key=(k,))`` --
the k-th child of ``SeedSequence(seed)``, as :func:`netpolitik.scenario.ensemble` does. So
points are compared on common random numbers, and a point that changes nothing reproduces
the ensemble run by run.

Per run, the store keeps the global outcomes of every step (:data:`STEP_COLUMNS`) and one
summary row (:func:`run_outcomes`): horizon outcomes over the last year, run totals and,
when the task names a group, the group's outcomes (see ``docs/experiments.md``).

Lean runs: a task records only what those outcomes need (:func:`recording_of`): the global
series, the per-country columns of :data:`GROUP_COLUMNS` when it names a group, and the
final state; no dyad totals, no membership or lever history. ``keep_all=True`` records
everything and returns the full trajectory in :attr:`RunOutput.trajectory`; the outcomes
are the same either way (same seed, same draws).

Examples
--------
>>> from netpolitik.scenario import load_builtin
>>> t = Task(scenario=load_builtin("baseline").source, name="baseline", years=1, seed=0,
...          countries=("USA", "RUS", "EST"), run=0, point=0, replicate=0)
>>> out = execute(t)
>>> out.steps["security"].shape, 0 <= out.summary["security"] <= 1
((12,), True)
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from time import perf_counter

import numpy as np

from netpolitik.engine.record import FULL, GLOBAL_COLUMNS, Recording, Trajectory, coexistence, lean
from netpolitik.experiment.factors import apply_levers, resolve_group
from netpolitik.scenario import run as _scenario_run
from netpolitik.scenario.build import Built
from netpolitik.scenario.schema import Scenario, parse_scenario

#: Global columns stored per run and step.
STEP_COLUMNS: tuple[str, ...] = GLOBAL_COLUMNS
#: Global columns also summed over the whole run (``<column>_total`` in the summary).
TOTALS: tuple[str, ...] = (
    "incidents",
    "successful",
    "attributed",
    "crime_incidents",
    "crime_successful",
    "damage",
    "misuse",
)
#: Summary columns of every run (besides ``run``, ``point``, ``replicate`` and factors).
WORLD_OUTCOMES: tuple[str, ...] = (
    *GLOBAL_COLUMNS,
    *(f"{c}_total" for c in TOTALS),
    "fdi_last_year",
    "gdp_growth",
)
#: Summary columns added when a task names a group (``--for GROUP``).
GROUP_OUTCOMES: tuple[str, ...] = (
    "group_security",
    "group_trust_in",
    "group_links",
    "group_collaboration",
    "group_coexistence",
    "group_growth",
    "group_freedom",
    "group_incidents_suffered",
    "group_damage_share",
)
#: Per-country columns the group outcomes read (what a lean run with a group records).
GROUP_COLUMNS: tuple[str, ...] = (
    "security",
    "trust_in",
    "gdp",
    "freedom",
    "incidents_suffered",
    "damage",
)


@dataclass(frozen=True)
class Task:
    """Everything one run needs; small and picklable.

    ``params`` are model-parameter overrides ``((name, value), ...)``; ``levers`` are lever
    settings ``((lever, group, value), ...)`` applied after the scenario's own; ``group``
    names the countries whose outcomes the summary adds (``group_*`` columns);
    ``keep_all`` records the whole trajectory instead of a lean one (:func:`recording_of`).
    """

    scenario: str
    name: str
    years: float | None
    seed: int
    countries: tuple[str, ...] | None
    run: int
    point: int
    replicate: int
    params: tuple[tuple[str, float], ...] = ()
    levers: tuple[tuple[str, str, float], ...] = ()
    group: str | None = None
    steps: bool = True
    factors: tuple[tuple[str, float], ...] = field(default=())
    keep_all: bool = False

    @property
    def spawn_key(self) -> tuple[int, ...]:
        return (self.replicate,)


@dataclass
class RunOutput:
    """What a run returns: its global columns per step (``(steps,)`` arrays, or None), one
    summary row (horizon outcomes), the seconds it took, and its whole trajectory when the
    task asked to keep everything (``keep_all``; None otherwise)."""

    run: int
    point: int
    replicate: int
    steps: dict[str, np.ndarray] | None
    summary: dict[str, float]
    seconds: float = 0.0
    trajectory: Trajectory | None = None


# ----------------------------------------------------------------------- worker caches
@lru_cache(maxsize=8)
def scenario_of(text: str, name: str) -> Scenario:
    """The validated scenario of YAML ``text`` (cached per process)."""
    return parse_scenario(text, where=f"{name}.yaml", name=name)


@lru_cache(maxsize=32)
def built_of(
    text: str,
    name: str,
    years: float | None,
    seed: int,
    countries: tuple[str, ...] | None,
    params: tuple[tuple[str, float], ...] = (),
) -> Built:
    """The scenario built once per process for these options and parameter overrides.

    Parameter overrides go through the scenario's ``params`` (some parameters shape the
    clubs' rules when the scenario is built), so the scenario's own validation applies.
    """
    scenario = scenario_of(text, name)
    if params:
        merged = {**scenario.params, **dict(params)}
        updated = scenario.model_copy(update={"params": merged})
        updated._source = scenario.source
        scenario = updated
    return _scenario_run.prepare(
        scenario, years=years, seed=seed, countries=list(countries) if countries else None
    )


@lru_cache(maxsize=256)
def group_mask(
    text: str,
    name: str,
    years: float | None,
    seed: int,
    countries: tuple[str, ...] | None,
    group: str,
) -> np.ndarray:
    """``(N,)`` mask of ``group`` in the built scenario (cached per process)."""
    mask = resolve_group(built_of(text, name, years, seed, countries), group)
    mask.setflags(write=False)
    return mask


def clear_caches() -> None:
    """Forget every cached scenario (e.g. after the world's data changed)."""
    for f in (scenario_of, built_of, group_mask):
        f.cache_clear()


def recording_of(task: Task) -> Recording:
    """What ``task``'s run records: everything if ``keep_all``, else only what its outcomes
    read (the global series, and :data:`GROUP_COLUMNS` when it names a group)."""
    if task.keep_all:
        return FULL
    return lean(GROUP_COLUMNS if task.group else ())


def _run_built(built: Built, spawn_key: tuple[int, ...], record: Recording) -> Trajectory:
    return _scenario_run.run_built(built, spawn_key, None, False, record).trajectory


# ---------------------------------------------------------------------------- outcomes
def _growth(end: float, start: float, steps: int) -> float:
    """Annualised growth rate from ``start`` to ``end`` over ``steps`` months."""
    if start <= 0 or end <= 0:
        return float("nan")
    return float((end / start) ** (12.0 / steps) - 1.0)


def run_outcomes(
    traj: Trajectory, gdp0: np.ndarray, mask: np.ndarray | None = None
) -> dict[str, float]:
    """One run's summary row (see ``docs/experiments.md`` for each column).

    World: every global column as its mean over the last year (the last 12 steps, or all
    of a shorter run); ``<column>_total`` run totals; ``fdi_last_year``; ``gdp_growth``
    (annualised world GDP growth). Group (when ``mask`` is given):

    * ``group_security``: mean effective security of the group's countries, last year;
    * ``group_trust_in``: mean trust the other countries place in them, last year;
    * ``group_links``: share of the other countries each shares intelligence with at the
      horizon (sharing links, M3), averaged over the group;
    * ``group_collaboration``: ``(group_trust_in + group_links) / 2``;
    * ``group_coexistence``: harmonic mean of group security and collaboration;
    * ``group_growth``: annualised growth of the group's GDP; ``group_freedom``: mean
      freedom, last year; ``group_incidents_suffered``: successful incidents against the
      group over the run; ``group_damage_share``: annualised damage over GDP, last year.
    """
    g, c = traj.global_, traj.countries
    steps = len(g["security"])
    last = slice(max(0, steps - 12), steps)
    out = {col: float(g[col][last].mean()) for col in GLOBAL_COLUMNS}
    out.update({f"{col}_total": float(g[col].sum()) for col in TOTALS})
    out["fdi_last_year"] = float(g["fdi"][last].sum())
    out["gdp_growth"] = _growth(float(g["world_gdp"][-1]), float(np.sum(gdp0)), steps)
    if mask is not None:
        n = mask.size
        links = traj.final.partners > 0
        share = links.sum(axis=1) / max(n - 1, 1)
        security = float(c["security"][last][:, mask].mean())
        trust_in = float(c["trust_in"][last][:, mask].mean())
        link_share = float(share[mask].mean())
        collab = 0.5 * (trust_in + link_share)
        gdp_last = c["gdp"][last][:, mask].sum(axis=1)
        out.update(
            {
                "group_security": security,
                "group_trust_in": trust_in,
                "group_links": link_share,
                "group_collaboration": collab,
                "group_coexistence": coexistence(security, collab),
                "group_growth": _growth(
                    float(c["gdp"][-1][mask].sum()), float(np.sum(gdp0[mask])), steps
                ),
                "group_freedom": float(c["freedom"][last][:, mask].mean()),
                "group_incidents_suffered": float(c["incidents_suffered"][:, mask].sum()),
                "group_damage_share": float(
                    12.0 * c["damage"][last][:, mask].sum(axis=1).mean() / max(gdp_last.mean(), 1.0)
                ),
            }
        )
    return out


def execute(task: Task) -> RunOutput:
    """Run one task: build (cached), apply its lever settings, simulate, summarise."""
    t0 = perf_counter()
    base = (task.scenario, task.name, task.years, task.seed, task.countries)
    built = built_of(*base, task.params)
    if task.levers:
        masks = [group_mask(*base, grp) for _, grp, _ in task.levers]
        levers = apply_levers(
            built.levers,
            masks,
            [lv for lv, _, _ in task.levers],
            [float(v) for _, _, v in task.levers],
        )
        built = replace(built, levers=levers)
    traj = _run_built(built, task.spawn_key, recording_of(task))
    mask = group_mask(*base, task.group) if task.group else None
    summary = run_outcomes(traj, built.gdp, mask)
    summary.update({label: float(v) for label, v in task.factors})
    steps = (
        {col: np.asarray(traj.global_[col], dtype=np.float64) for col in STEP_COLUMNS}
        if task.steps
        else None
    )
    kept = traj if task.keep_all else None
    return RunOutput(
        task.run, task.point, task.replicate, steps, summary, perf_counter() - t0, kept
    )
