"""The dashboard's model, free of Dash: checking a configuration against the scenario
schema, running it (and its baseline) in a background thread with progress, and keeping
the results.

A *configuration* is what the page sends: a built-in scenario, a target (a country or a
group), lever values for the target, a horizon, a base seed and a number of runs. Every
field is checked on the server: the scenario schema
(:class:`~netpolitik.scenario.schema.Scenario`) validates the scenario with the target's
levers set, and :func:`~netpolitik.scenario.run.prepare` resolves it against the world,
so the dashboard accepts exactly what a scenario file would, plus the dashboard's own
limits (:data:`MAX_YEARS`, :data:`MAX_RUNS`).

Examples
--------
>>> cfg = check_config({"scenario": "baseline", "target": "country:EST",
...                     "levers": {"sharing": 0.9}, "years": 1, "seed": 0, "runs": 1})
>>> cfg.variant.levers.countries["EST"].sharing
0.9
>>> try:
...     check_config({"scenario": "baseline", "target": "country:EST",
...                   "levers": {"sharing": 1.5}, "years": 1, "seed": 0, "runs": 1})
... except ScenarioError as exc:
...     print(exc.problems[0])
levers.countries.EST.sharing: out of range (got 1.5; allowed [0, 1])
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import yaml
from pydantic import ValidationError

from netpolitik.dashboard.changes import change_rows, light
from netpolitik.dashboard.memory import (
    MAX_BASELINES,
    MEMORY_BUDGET,
    Baseline,
    check_budget,
    run_bytes,
)
from netpolitik.dashboard.memory import (
    nbytes as _nbytes,
)
from netpolitik.errors import InputError, ScenarioError
from netpolitik.policy import LEVERS
from netpolitik.scenario import Scenario, builtin_names, load_builtin, parse_scenario
from netpolitik.scenario.run import RunResult, prepare, run_built
from netpolitik.scenario.schema import problems_of

#: The dashboard's own limits (a scenario file may ask for more from the CLI).
MAX_YEARS = 50
MAX_RUNS = 10
MAX_SEED = 2**32 - 1
#: Kinds of target: one country, or a group as in a scenario's ``select``.
TARGET_KINDS = ("country", "club", "region", "subregion", "regime", "all")
#: Finished results kept in memory: always the last KEEP_RESULTS, and up to KEEP_MAX while
#: their tables take less than KEEP_BYTES (the oldest already shown is dropped first).
KEEP_RESULTS = 12
KEEP_MAX = 64
KEEP_BYTES = 256 * 2**20
#: Configurations simulated at once; more wait for a free slot (bounds CPU and memory).
WORKERS = 4
#: Configurations running or waiting at once; more are refused until one finishes.
MAX_PENDING = 64


@dataclass(frozen=True)
class Config:
    """A checked configuration: the scenario with and without the target's levers."""

    scenario: str
    target: str
    levers: dict[str, float]
    years: float
    seed: int
    runs: int
    variant: Scenario
    baseline: Scenario

    @property
    def label(self) -> str:
        changes = ", ".join(f"{k}={v:g}" for k, v in self.levers.items()) or "no change"
        return (
            f"{self.scenario}: {self.target} {changes}; {self.years:g} y, "
            f"{self.runs} run{'s' * (self.runs > 1)} from seed {self.seed}"
        )

    def key(self) -> tuple:
        return (self.scenario, self.years, self.seed, self.runs)


def parse_target(target: Any) -> tuple[str, str]:
    """``"kind:value"`` -> ``(kind, value)``; kinds are :data:`TARGET_KINDS`."""
    if not isinstance(target, str) or ":" not in target:
        raise ScenarioError(
            [
                f"target: expected 'kind:value' (got {target!r}; kinds: "
                f"{', '.join(TARGET_KINDS)}), e.g. 'country:EST'"
            ]
        )
    kind, value = target.split(":", 1)
    if kind not in TARGET_KINDS or not value or len(value) > 100:
        raise ScenarioError(
            [
                f"target: unknown kind or empty value (got {target!r}; kinds: "
                f"{', '.join(TARGET_KINDS)})"
            ]
        )
    return kind, value


#: The range each number field of the page allows (the browser sends no value, None,
#: for a number outside its input's range, so the message must name the range itself).
RANGES = {"years": f"(0, {MAX_YEARS}]", "runs": f"[1, {MAX_RUNS}]", "seed": "[0, 2**32 - 1]"}


def _number(name: str, value: Any, problems: list[str]) -> Any:
    """Numbers only: text, booleans and missing values are refused before the schema.

    >>> problems = []
    >>> _number("years", None, problems), problems
    (None, ['years: expected a number in (0, 50] (got none: empty or out of range)'])
    """
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        allowed = RANGES.get(name.split(".")[0], "[0, 1]")
        got = "none: empty or out of range" if value is None else repr(value)
        problems.append(f"{name}: expected a number in {allowed} (got {got})")
        return None
    return value


def check_config(raw: Mapping[str, Any]) -> Config:
    """Validate everything the page sent; raise :class:`~netpolitik.errors.ScenarioError`
    listing every problem, one line each."""
    if not isinstance(raw, Mapping):
        raise ScenarioError(["configuration: expected a mapping"])
    problems: list[str] = []
    name = raw.get("scenario")
    if not isinstance(name, str) or name not in builtin_names():
        raise ScenarioError(
            [f"scenario: unknown built-in (got {name!r}; allowed: {', '.join(builtin_names())})"]
        )
    kind, value = parse_target(raw.get("target"))
    levers = raw.get("levers") or {}
    if not isinstance(levers, Mapping):
        raise ScenarioError([f"levers: expected a mapping of lever values (got {levers!r})"])
    for lever in levers:
        if lever not in LEVERS:
            problems.append(f"levers.{lever}: unknown lever (allowed: {', '.join(LEVERS)})")
    levers = {k: _number(f"levers.{k}", v, problems) for k, v in levers.items() if k in LEVERS}
    years = _number("years", raw.get("years"), problems)
    seed = _number("seed", raw.get("seed"), problems)
    runs = _number("runs", raw.get("runs"), problems)
    if years is not None and years > MAX_YEARS:
        problems.append(
            f"years: out of range for the dashboard (got {years!r}; allowed "
            f"(0, {MAX_YEARS}]; use `netpolitik run` for longer horizons)"
        )
    if runs is not None and runs > MAX_RUNS:
        problems.append(
            f"runs: out of range for the dashboard (got {runs!r}; allowed [1, {MAX_RUNS}])"
        )
    if seed is not None and seed > MAX_SEED:
        problems.append(f"seed: out of range (got {seed!r}; allowed [0, {MAX_SEED}])")
    if problems:
        raise ScenarioError(problems)
    base = load_builtin(name).model_dump(mode="json", exclude_none=True)
    base.update(years=years, seed=seed, runs=runs)
    variant = _with_levers(base, kind, value, levers)
    scn_variant = _validated(variant)
    scn_base = _validated(base)
    return Config(
        name,
        f"{kind}:{value}",
        {k: float(v) for k, v in levers.items()},
        float(years),
        int(seed),
        int(runs),
        scn_variant,
        scn_base,
    )


def _validated(data: dict) -> Scenario:
    """The scenario schema's verdict on ``data``, read back as YAML text exactly as a
    scenario file would be (so the run's manifest records that text)."""
    try:
        Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_of(exc)) from None
    return parse_scenario(yaml.safe_dump(data, sort_keys=False), where="dashboard")


def _with_levers(base: dict, kind: str, value: str, levers: Mapping[str, Any]) -> dict:
    data = {**base, "levers": dict(base.get("levers") or {})}
    if not levers:
        return data
    lv = data["levers"]
    if kind == "country":
        countries = dict(lv.get("countries") or {})
        countries[value] = {**countries.get(value, {}), **levers}
        lv["countries"] = countries
    else:
        select: Any = "all" if kind == "all" else {kind: value}
        lv["groups"] = [*(lv.get("groups") or []), {"select": select, "set": dict(levers)}]
    return data


# ------------------------------------------------------------------------ lookups
@lru_cache(maxsize=1)
def target_options() -> list[dict[str, str]]:
    """Dropdown options: every country, club, region, sub-region and regime class."""
    from netpolitik.world import load_world

    world = load_world(None)
    table = world.countries
    opts = [{"label": "every country", "value": "all:all"}]
    opts += [
        {"label": f"{r} (regime class)", "value": f"regime:{r}"}
        for r in ("liberal", "hybrid", "authoritarian")
    ]
    opts += [{"label": f"{c} (club)", "value": f"club:{c}"} for c in world.organisations()]
    opts += [
        {"label": f"{r} (region)", "value": f"region:{r}"}
        for r in sorted(table["region"].dropna().unique())
    ]
    opts += [
        {"label": f"{r} (sub-region)", "value": f"subregion:{r}"}
        for r in sorted(table["subregion"].dropna().unique())
    ]
    opts += [
        {"label": f"{n} ({c})", "value": f"country:{c}"}
        for c, n in sorted(zip(table["iso3"], table["name"], strict=True), key=lambda p: p[1])
    ]
    return opts


@lru_cache(maxsize=16)
def _built(name: str):
    return prepare(load_builtin(name), years=1.0 / 12)


def target_members(scenario: str, target: str) -> list[str]:
    """ISO3 codes of ``target`` in ``scenario``'s world (resolved as the scenario
    builder resolves a ``select``)."""
    from netpolitik.scenario.build import Resolver
    from netpolitik.scenario.schema import Selector
    from netpolitik.world import load_world

    kind, value = parse_target(target)
    built = _built(scenario)
    codes = list(built.setting.iso3)
    if kind == "all":
        return codes
    if kind == "country":
        return [value] if value in codes else []
    problems: list[str] = []
    res = Resolver(load_world().countries, built.world, int(built.start[:4]), problems, [])
    mask = res.select("target", Selector.model_validate({kind: value}))
    if problems:
        raise ScenarioError(problems)
    return [c for c, m in zip(codes, mask, strict=True) if m]


def target_levers(scenario: str, target: str) -> dict[str, float]:
    """The target's mean levers at the start of ``scenario`` (what the sliders show)."""
    built = _built(scenario)
    members = set(target_members(scenario, target))
    mask = np.array([c in members for c in built.setting.iso3])
    if not mask.any():
        return {k: 0.5 for k in LEVERS}
    mean = built.levers[mask].mean(axis=0)
    return {k: round(float(v), 3) for k, v in zip(LEVERS, mean, strict=True)}


# ------------------------------------------------------------------------ running
def mean_frames(results: list[RunResult]) -> dict[str, pd.DataFrame]:
    """Global and countries tables averaged over runs (by step, and step x country)."""
    glob = pd.concat([r.frames["global"] for r in results])
    g = glob.groupby("step", as_index=False).mean(numeric_only=True)
    g.insert(1, "date", results[0].frames["global"]["date"].to_numpy())
    c = pd.concat([r.frames["countries"] for r in results])
    first = results[0].frames["countries"]
    cm = c.groupby(["step", "iso3"], as_index=False, sort=False).mean(numeric_only=True)
    cm = first[["step", "date", "iso3"]].merge(cm, on=["step", "iso3"], how="left")
    return {"global": g, "countries": cm}


@dataclass
class Outcome:
    """A finished configuration: averaged tables of the variant and its baseline, and
    the first run of each (for the downloadable report)."""

    id: str
    config: Config
    variant: dict[str, pd.DataFrame]
    baseline: dict[str, pd.DataFrame]
    first: RunResult
    first_baseline: RunResult
    members: list[str]
    seconds: float
    shown: bool = False  # handed to a page at least once (evicted before unshown ones)
    nbytes: int = 0  # memory of its tables (estimate)
    changes: list[dict] = field(default_factory=list)  # dashboard.changes.change_rows


@dataclass
class Job:
    id: str
    config: Config
    total: int
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    status: str = "running"  # running, done, error
    error: str = ""
    result: str = ""

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


class Runner:
    """Runs configurations in background threads; keeps jobs, results and cached
    baselines within one memory budget (:data:`MEMORY_BUDGET`). Thread-safe."""

    def __init__(self, workers: int = WORKERS, budget: float = MEMORY_BUDGET) -> None:
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max(1, int(workers)))
        self.budget = check_budget(budget)
        self.jobs: dict[str, Job] = {}
        self.results: OrderedDict[str, Outcome] = OrderedDict()
        self._baselines: OrderedDict[tuple, Baseline] = OrderedDict()
        self._reserved: dict[str, int] = {}

    def used(self) -> int:
        """Bytes held: cached baselines, kept results and what running jobs reserved."""
        return (
            sum(b.nbytes for b in self._baselines.values())
            + sum(o.nbytes for o in self.results.values())
            + sum(self._reserved.values())
        )

    def _evict_baselines(self, need: int, keep: tuple | None = None) -> None:
        """Drop least recently used baselines (never ``keep``) until ``need`` more bytes
        fit in the budget, and at most :data:`MAX_BASELINES` stay."""
        for key in list(self._baselines):
            fits = self.used() + need <= self.budget
            if fits and len(self._baselines) <= MAX_BASELINES:
                return
            if key != keep:
                del self._baselines[key]

    def start(self, raw: Mapping[str, Any]) -> Job:
        """Check ``raw`` (raises ScenarioError/InputError) and start running it; refuse it
        as busy when it would not fit in the memory budget."""
        config = check_config(raw)
        built = prepare(config.variant)  # resolves codes, clubs, regions: errors now
        members = target_members(config.scenario, config.target)
        with self._lock:
            cached = self._baselines.get(config.key())
            if cached is not None:
                self._baselines.move_to_end(config.key())  # recently used
        base_built = None if cached is not None else prepare(config.baseline)
        runs = config.runs * (1 if cached is not None else 2)
        total = built.steps * runs
        need = runs * run_bytes(built.steps, len(built.setting.iso3))
        job = Job(uuid.uuid4().hex[:12], config, total)
        with self._lock:
            pending = sum(j.status == "running" for j in self.jobs.values())
            if pending >= MAX_PENDING:
                raise InputError(
                    f"dashboard: busy ({pending} runs running or waiting, at "
                    f"most {MAX_PENDING}); run again when one has finished"
                )
            self._evict_baselines(need, keep=config.key())
            if self.used() + need > self.budget:
                raise InputError(
                    f"dashboard: busy: this run needs about {need / 2**20:,.0f} MiB and "
                    f"{self.used() / 2**20:,.0f} MiB of the {self.budget / 2**20:,.0f} MiB "
                    f"memory budget are in use ({pending} running); run again when one has "
                    "finished, or choose fewer years or runs"
                )
            self._reserved[job.id] = need
            self.jobs[job.id] = job
            for old in list(self.jobs)[:-50]:
                if self.jobs[old].status != "running":
                    del self.jobs[old]
        thread = threading.Thread(
            target=self._run,
            name=f"netpolitik-{job.id}",
            args=(job, built, base_built, cached, members),
            daemon=True,
        )
        thread.start()
        return job

    def _tick(self, job: Job) -> None:
        job.done += 1

    def _run(self, job: Job, built, base_built, cached, members) -> None:
        with self._slots:  # at most `workers` configurations simulate at once
            try:
                self._run_now(job, built, base_built, cached, members)
            finally:
                with self._lock:
                    self._reserved.pop(job.id, None)

    def _run_now(self, job: Job, built, base_built, cached, members) -> None:
        try:
            started = time.monotonic()
            variant = [
                run_built(built, (k,), lambda _s: self._tick(job)) for k in range(job.config.runs)
            ]
            if cached is None:
                runs = [
                    run_built(base_built, (k,), lambda _s: self._tick(job))
                    for k in range(job.config.runs)
                ]
                cached = Baseline(mean_frames(runs), runs[0], [light(r) for r in runs])
                cached.nbytes = _nbytes(cached)
                del runs
            outcome = Outcome(
                job.id,
                job.config,
                mean_frames(variant),
                cached.mean,
                variant[0],
                cached.first,
                members,
                time.monotonic() - started,
            )
            outcome.changes = change_rows(variant, cached.runs, members)
            outcome.nbytes = _nbytes(outcome)
            del variant
            with self._lock:
                self._reserved.pop(job.id, None)
                self._baselines[job.config.key()] = cached
                self._baselines.move_to_end(job.config.key())
                self.results[job.id] = outcome
                self._evict_baselines(0)
                while self._over_budget():
                    # drop the oldest result already shown, so that many users finishing
                    # at once still each get theirs; else the oldest
                    shown = next((k for k, o in self.results.items() if o.shown), None)
                    self.results.pop(shown if shown is not None else next(iter(self.results)))
            job.result, job.status = job.id, "done"
        except (InputError, ValueError) as exc:
            job.error, job.status = str(exc), "error"
        except Exception as exc:  # noqa: BLE001  (shown to the user, not a traceback)
            job.error, job.status = f"run failed: {type(exc).__name__}: {exc}", "error"

    def _over_budget(self) -> bool:
        n = len(self.results)
        if n > 1 and self.used() > self.budget:
            return True
        return n > KEEP_RESULTS and (
            n > KEEP_MAX or sum(o.nbytes for o in self.results.values()) > KEEP_BYTES
        )

    def job(self, job_id: Any) -> Job | None:
        return self.jobs.get(job_id) if isinstance(job_id, str) else None

    def result(self, result_id: Any) -> Outcome | None:
        out = self.results.get(result_id) if isinstance(result_id, str) else None
        if out is not None:
            out.shown = True
        return out

    def wait(self, job_id: str, timeout: float = 600) -> Job:
        """Block until the job ends (for scripts and tests)."""
        end = time.monotonic() + timeout
        job = self.jobs[job_id]
        while job.status == "running" and time.monotonic() < end:
            time.sleep(0.02)
        return job


__all__ = [
    "Config",
    "Job",
    "Outcome",
    "Runner",
    "check_config",
    "mean_frames",
    "target_levers",
    "target_members",
    "target_options",
]
