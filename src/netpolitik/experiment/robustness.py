"""Robustness of the verdict over every assumption: Morris screening, then Sobol'.

The verdict ("can security and collaboration both be high?") is computed under one value
of each parameter. This module asks how it changes over the plausible range of every
parameter whose source is an assumption (``"assumption"`` in its ``source``; scalar
parameters only, found from :class:`~netpolitik.params.Params` at run time, so parameters
added later are included automatically).

Plausible ranges: :mod:`netpolitik.experiment.assumptions` (the scenario's value
``x [0.5, 2]`` clipped to the field's bounds; shares near their upper bound scale their
distance to it).

Verdict at one parameter point (:func:`evaluate`): a NSGA-II frontier per point is far too
expensive, so each point runs a fixed design -- the baseline (the scenario's levers) and
``mixes`` Latin-hypercube mixes of the chosen levers of the group, the same mixes at every
point -- on the same ``seeds`` common seeds. Per mix, the paired differences from the
baseline give

* the continuous score ``max over mixes of min(mean d_security, mean d_collaboration)``
  (positive: some mix gains on both), the outcome the Morris and Sobol' indices describe;
* the class (``both`` / ``tradeoff`` / ``neither``), from the paired 95% intervals exactly
  as the frontier's (:func:`netpolitik.experiment.frontier.classify`).

Stages: Morris elementary effects (``trajectories`` x (D + 1) points over all D
assumptions) rank them by ``mu*``; Sobol' (Saltelli, ``samples`` x (k + 2) points, first
and total order) on the ``top`` k with the largest ``mu*``, the others held at the
scenario's values. The share of the plausible space giving each class is counted over the
Sobol' sample (and, for reference, over the Morris sample, which moves every assumption).

"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netpolitik.errors import InputError
from netpolitik.experiment.assumptions import assumptions, range_table
from netpolitik.experiment.factors import Factor
from netpolitik.experiment.frontier import (
    CLASSES,
    OBJECTIVES,
    classify,
    objective_columns,
    paired_diffs,
    score,
)
from netpolitik.experiment.sensitivity import analyze, check, design, problem

#: Stages of the analysis, in the order they run.
STAGES = ("morris", "sobol")


def morris_design(factors: Sequence[Factor], trajectories: int, seed: int) -> np.ndarray:
    """Morris trajectories over ``factors`` (SALib, 4-level grid)."""
    return design("morris", factors, trajectories, seed)


def sobol_design(factors: Sequence[Factor], samples: int, seed: int) -> np.ndarray:
    """Saltelli sample of first and total order, ``samples (k + 2)`` points."""
    from SALib.sample import sobol

    check("sobol", factors, samples)
    return sobol.sample(problem(factors), samples, calc_second_order=False, seed=seed)


def evaluate(
    summary: pd.DataFrame, first: int, count: int, mixes: int, columns: Sequence[str]
) -> tuple[np.ndarray, list[str]]:
    """Scores and classes of parameter points ``first .. first+count-1``.

    Store point ``k (mixes + 1) + m`` is mix ``m`` (0: the baseline) at parameter point
    ``k``; every store point ran on the same replicates.
    """
    block = mixes + 1
    scores, classes = np.full(count, np.nan), []
    for k in range(first, first + count):
        part = summary[(summary["point"] >= k * block) & (summary["point"] < (k + 1) * block)]
        local = part.assign(point=part["point"] - k * block)
        diffs = paired_diffs(local, range(1, block), columns)
        if diffs.size == 0:
            raise InputError(
                f"robustness: parameter point {k} has no finished runs; re-run "
                "the same command to finish it"
            )
        scores[k - first] = score(diffs)
        classes.append(classify(diffs))
    return scores, classes


def indices(
    method: str, factors: Sequence[Factor], X: np.ndarray, scores: np.ndarray, seed: int
) -> pd.DataFrame:
    """Morris (``mu_star``, ``mu``, ``sigma``) or Sobol' (``S1``, ``ST``) indices of the
    score, ``parameter, index, value, lower, upper``; all zero when the score does not
    vary at all."""
    names = [f.name for f in factors]
    if np.ptp(scores) == 0:
        keys = ("mu_star", "mu", "sigma") if method == "morris" else ("S1", "ST")
        return pd.DataFrame(
            [
                {"parameter": n, "index": k, "value": 0.0, "lower": 0.0, "upper": 0.0}
                for k in keys
                for n in names
            ]
        )
    if method == "morris":
        out = analyze("morris", factors, X, scores, seed=seed)
        return out.drop(columns="conf")
    from SALib.analyze import sobol

    res = sobol.analyze(
        problem(factors),
        np.asarray(scores, dtype=float),
        calc_second_order=False,
        conf_level=0.95,
        print_to_console=False,
        seed=seed,
    )
    rows = [
        {
            "parameter": n,
            "index": key,
            "value": float(res[key][i]),
            "lower": float(res[key][i] - res[f"{key}_conf"][i]),
            "upper": float(res[key][i] + res[f"{key}_conf"][i]),
        }
        for key in ("S1", "ST")
        for i, n in enumerate(names)
    ]
    return pd.DataFrame(rows)


def top_factors(morris: pd.DataFrame, factors: Sequence[Factor], top: int) -> list[Factor]:
    """The ``top`` factors with the largest ``mu*`` (ties in declaration order); only
    those with ``mu* > 0``."""
    mu = morris[morris["index"] == "mu_star"].set_index("parameter")["value"]
    ranked = sorted(factors, key=lambda f: -float(mu.get(f.name, 0.0)))
    return [f for f in ranked[:top] if float(mu.get(f.name, 0.0)) > 0]


def shares(classes_by_sample: dict[str, list[str]]) -> pd.DataFrame:
    """Share of each sample's parameter points giving each verdict class (sums to 1 per
    sample), with a 95% Wilson interval (indicative: design points are not independent)."""
    rows = []
    for sample, classes in classes_by_sample.items():
        n = len(classes)
        for c in CLASSES:
            k = sum(x == c for x in classes)
            p, z = k / n if n else float("nan"), 1.959964
            half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
            mid = (p + z * z / (2 * n)) / (1 + z * z / n)
            rows.append(
                {
                    "sample": sample,
                    "class": c,
                    "points": k,
                    "share": p,
                    "lower": max(0.0, mid - half),
                    "upper": min(1.0, mid + half),
                }
            )
    return pd.DataFrame(rows)


def point_table(
    X: np.ndarray, factors: Sequence[Factor], scores: np.ndarray, classes: Sequence[str], stage: str
) -> pd.DataFrame:
    """One row per parameter point: stage, its values, score and class."""
    frame = pd.DataFrame(np.asarray(X, dtype=float), columns=[f.name for f in factors])
    frame.insert(0, "stage", stage)
    frame["score"] = scores
    frame["class"] = list(classes)
    return frame


def summary_text(share: pd.DataFrame, ranking: pd.DataFrame, who: str) -> str:
    """One sentence on the shares and the assumptions the verdict depends on most."""
    sample = "sobol" if (share["sample"] == "sobol").any() else "morris"
    part = share[share["sample"] == sample].set_index("class")["share"]
    names = {"both": "both can be high", "tradeoff": "a trade-off", "neither": "neither"}
    mu = ranking[ranking["index"] == "mu_star"].sort_values("value", ascending=False)
    lead = ", ".join(mu.loc[mu["value"] > 0, "parameter"].head(3)) or "none of them"
    return (
        f"Over the plausible range of the assumptions ({sample} sample), the verdict for "
        f"{who} is "
        + ", ".join(f"{names[c]} in {part.get(c, 0.0):.0%}" for c in CLASSES)
        + f" of the parameter space; it depends most on {lead}."
    )


# ------------------------------------------------------------------------------ runner
def _stage_runs(
    p,
    factors: list[Factor],
    levers: list[Factor],
    X: np.ndarray,
    mixes: np.ndarray,
    seeds: int,
    first: int,
) -> tuple[list[dict], dict]:
    """Catalogue rows and ``run -> (point, replicate, factors, values)`` of parameter
    points ``X`` (store points from ``first (mixes + 1)``)."""
    block = len(mixes) + 1
    rows, tasks = [], {}
    for k, theta in enumerate(X, start=first):
        for m in range(block):
            point = k * block + m
            fs = [*factors, *(levers if m else [])]
            values = [*map(float, theta), *(map(float, mixes[m - 1]) if m else [])]
            params = {f.label: v for f, v in zip(fs, values, strict=True)}
            for r in range(seeds):
                run = point * seeds + r
                rows.append({"run": run, "point": point, "seed": f"{p.seed}/{r}", "params": params})
                tasks[run] = (point, r, fs, values)
    return rows, tasks


def _prepare(
    scenario,
    levers,
    group,
    scope,
    trajectories,
    samples,
    top,
    mixes,
    seeds,
    options: dict,
    only,
    ranges,
) -> tuple:
    """Check every input and build the plan, the factors, both designs and the spec."""
    from netpolitik.experiment import api

    objective_columns(scope)
    for value, option, example in (
        (trajectories, "--trajectories", 3),
        (top, "--top", 4),
        (mixes, "--mixes", 8),
        (seeds, "--seeds", 4),
    ):
        api._positive(value, option, example)
    if seeds < 2:
        raise InputError("--seeds: 1 seed cannot give an interval; use at least 2, e.g. --seeds 4")
    if trajectories < 2:
        raise InputError(
            "--trajectories: Morris needs at least 2 trajectories; use e.g. --trajectories 3"
        )
    if isinstance(samples, bool) or not isinstance(samples, int) or samples < 2:
        raise InputError(f"--samples: {samples!r} is too small; use a power of 2, e.g. --samples 8")
    p = api.plan(scenario, **options)
    lever_factors = api.parse_levers(levers, group)
    api.resolve_group(p.built, group, "--for")
    factors = assumptions(p.built.params, only, ranges)
    X_m = morris_design(factors, trajectories, p.seed)
    check("sobol", factors[:1], samples)
    mix = api.lhs_design(lever_factors, mixes, p.seed)
    api.check_total(len(X_m) + samples * (top + 2), (mixes + 1) * seeds, "--trajectories")
    spec = {
        **p.spec(),
        "levers": [f.to_dict() for f in lever_factors],
        "group": group,
        "scope": scope,
        "factors": [f.to_dict() for f in factors],
        "trajectories": trajectories,
        "samples": samples,
        "top": top,
        "mixes": mixes,
        "seeds": seeds,
    }
    return p, lever_factors, factors, X_m, mix, spec


def robustness(
    scenario,
    levers: Sequence[str] | str,
    group: str,
    *,
    scope: str = "group",
    trajectories: int = 3,
    samples: int = 8,
    top: int = 4,
    mixes: int = 8,
    seeds: int = 4,
    years: float | None = 5,
    seed: int | None = None,
    countries: str | Sequence[str] | None = None,
    only: Sequence[str] | None = None,
    ranges: dict[str, tuple[float, float]] | None = None,
    store="results",
    workers: int | None = None,
    dask: str | None = None,
    executor=None,
    chunk_size: int = 64,
    progress: bool = False,
) -> dict[str, pd.DataFrame]:
    """Robustness of the verdict of ``group``'s ``levers`` over every assumption.

    Parameters
    ----------
    scenario : built-in name, YAML file or Scenario.
    levers : levers of the mixes, as for :func:`~netpolitik.experiment.frontier`.
    group : whose levers are mixed and whose outcomes count (``scope="group"``).
    scope : ``"group"`` or ``"world"`` objectives, as for the frontier.
    trajectories : Morris trajectories (``trajectories x (D + 1)`` parameter points).
    samples : Sobol' base sample N, a power of 2 (``N (k + 2)`` parameter points).
    top : k, the assumptions with the largest Morris ``mu*`` that Sobol' varies.
    mixes : Latin-hypercube lever mixes per parameter point (plus the baseline).
    seeds : common seeds per mix (children 0..seeds-1 at every point).
    years : horizon (default 5, for cost; None: the scenario's).
    only : screen only these assumptions.
    ranges : ``{name: (low, high)}`` overrides of the plausible ranges.

    Other Parameters
    ----------------
    seed, countries, store, workers, dask, executor, chunk_size, progress
        As for :func:`~netpolitik.experiment.ensemble`.

    Returns
    -------
    dict of pandas.DataFrame
        ``shares`` (sample, class, points, share, lower, upper), ``morris`` and ``sobol``
        (parameter, index, value, lower, upper), ``points`` (every parameter point: stage,
        values, score, class) and ``ranges`` (the plausible ranges). Each frame's
        ``attrs`` hold ``experiment`` and ``summary`` (one sentence).

    Examples
    --------
    >>> import tempfile
    >>> out = robustness("baseline", "defense,sharing", "EST", trajectories=2, samples=2,
    ...                  top=1, mixes=2, seeds=2, years=1, countries="USA,RUS,EST",
    ...                  only=["trust_rate", "quantum_drop"], store=tempfile.mkdtemp(),
    ...                  workers=1)
    >>> round(out["shares"].groupby("sample")["share"].sum().tolist()[0], 6)
    1.0
    """
    from netpolitik.experiment import api

    cols = [objective_columns(scope)[o] for o in OBJECTIVES]
    p, lever_factors, factors, X_m, mix, spec = _prepare(
        scenario,
        levers,
        group,
        scope,
        trajectories,
        samples,
        top,
        mixes,
        seeds,
        dict(years=years, seed=seed, countries=countries),
        only,
        ranges,
    )
    with api._session(
        store, workers, dask, executor, chunk_size, progress, f"robustness {p.name}"
    ) as s:
        rows, tasks = _stage_runs(p, factors, lever_factors, X_m, mix, seeds, 0)
        exp = s.store.open_experiment("robustness", p.name, spec, rows)

        def task_for(run: int):
            point, rep, fs, values = tasks[run]
            return p.task(run, point, rep, fs, values, group, False)

        s.run(exp, task_for, p.built.start, f"robustness {p.name}: Morris")
        m_scores, m_classes = evaluate(s.store.summary(exp), 0, len(X_m), mixes, cols)
        morris = indices("morris", factors, X_m, m_scores, p.seed)
        chosen = top_factors(morris, factors, top)
        frames = {"morris": morris, "ranges": range_table(p.built.params, factors)}
        points = [point_table(X_m, factors, m_scores, m_classes, "morris")]
        by_sample = {"morris": m_classes}
        if chosen:
            X_s = sobol_design(chosen, samples, p.seed)
            full = np.tile([float(getattr(p.built.params, f.name)) for f in factors], (len(X_s), 1))
            full[:, [factors.index(f) for f in chosen]] = X_s
            rows, more = _stage_runs(p, factors, lever_factors, full, mix, seeds, len(X_m))
            s.store.add_runs(exp, rows)
            tasks.update(more)
            s.run(exp, task_for, p.built.start, f"robustness {p.name}: Sobol'")
            sc, cl = evaluate(s.store.summary(exp), len(X_m), len(X_s), mixes, cols)
            frames["sobol"] = indices("sobol", chosen, X_s, sc, p.seed)
            points.append(point_table(full, factors, sc, cl, "sobol"))
            by_sample = {"sobol": cl, **by_sample}
        else:
            frames["sobol"] = pd.DataFrame(
                columns=["parameter", "index", "value", "lower", "upper"]
            )
        frames["points"] = pd.concat(points, ignore_index=True)
        frames["shares"] = shares(by_sample)
        text = summary_text(frames["shares"], morris, group)
        for frame in frames.values():
            frame.attrs.update({"experiment": exp, "store": str(s.store.folder), "summary": text})
        return {k: frames[k] for k in ("shares", "morris", "sobol", "points", "ranges")}
