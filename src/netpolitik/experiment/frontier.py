"""The security-collaboration frontier: objectives, Pareto set and the verdict.

Objectives (all maximised; each candidate is the mean over the same ``seeds`` runs):

=============  =========================================  ===============================
objective      ``scope="group"`` (``--for GROUP``)        ``scope="world"``
=============  =========================================  ===============================
security       ``group_security``: mean effective          ``security``: world security,
               security of the group's countries, last     1 - damage share / scale, last
               year                                        year
collaboration  ``group_collaboration``: mean of the trust  ``collaboration``: mean trust
               others place in the group (``trust_in``)    between all countries, last
               and its share of sharing links (M3)         year
growth         ``group_growth``: annualised GDP growth     ``gdp_growth``: world GDP
freedom        ``group_freedom``: mean freedom, last year  ``mean_freedom``
=============  =========================================  ===============================

The verdict compares candidates with the baseline (the scenario's own levers) run on the
same seeds, so differences are paired; a gain counts only when its 95% interval excludes
zero. Its class (:data:`CLASSES`) is machine-readable:

* ``"both"`` -- some mix raises security and collaboration, both clearly;
* ``"tradeoff"`` -- no mix raises both clearly, but some mix raises one of them clearly;
* ``"neither"`` -- no mix raises either clearly.

:func:`classify` computes the class from paired differences ``(mixes, seeds, 2)`` and
:func:`bootstrap` its uncertainty: the share of seed resamples (the same resample for
every mix, so pairing is kept) that give each class, and percentile intervals of the mean
differences. :func:`check_points` picks the mixes a frontier search re-runs on fresh seeds
before it classifies (so the candidates' selection on the search seeds does not bias the
verdict).

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"security": [0.2, 0.5, 0.4], "collaboration": [0.9, 0.6, 0.3]})
>>> pareto_mask(df[["security", "collaboration"]].to_numpy()).tolist()
[True, True, False]
>>> d = np.array([[[0.10, 0.05], [0.15, 0.10], [0.125, 0.075]]])  # 1 mix, 3 seeds
>>> classify(d), classify(-d), classify(d * [1, -1])
('both', 'neither', 'tradeoff')
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netpolitik.errors import InputError
from netpolitik.stats import pareto_mask, t_interval

#: Verdict classes, in order: both can be high, a trade-off, neither can be raised.
CLASSES = ("both", "tradeoff", "neither")
#: A gain is clear when its paired interval's lower end exceeds this: half a point on the
#: [0, 1] objectives, so that a statistically detectable but negligible change (e.g. +0.001
#: of security on many seeds) does not count as a gain (assumption).
TOLERANCE = 0.005
#: Resamples of the seeds in :func:`bootstrap`.
RESAMPLES = 1000
OBJECTIVES = ("security", "collaboration")
THIRD = ("growth", "freedom")
SCOPES = ("group", "world")
_COLUMNS = {
    "group": {
        "security": "group_security",
        "collaboration": "group_collaboration",
        "growth": "group_growth",
        "freedom": "group_freedom",
    },
    "world": {
        "security": "security",
        "collaboration": "collaboration",
        "growth": "gdp_growth",
        "freedom": "mean_freedom",
    },
}


def objective_columns(scope: str, third: str | None = None) -> dict[str, str]:
    """Objective name -> summary column, for ``scope`` and an optional third objective."""
    if scope not in SCOPES:
        raise InputError(f"--scope: unknown scope {scope!r} (allowed: {', '.join(SCOPES)})")
    if third is not None and third not in THIRD:
        raise InputError(f"--third: unknown objective {third!r} (allowed: {', '.join(THIRD)})")
    names = [*OBJECTIVES, *([third] if third else [])]
    return {n: _COLUMNS[scope][n] for n in names}


def candidate_table(
    summary: pd.DataFrame,
    levers: Sequence[str],
    objectives: dict[str, str],
    baseline_point: int = 0,
) -> pd.DataFrame:
    """Per candidate point: lever values, each objective's mean over seeds and its paired
    difference from the baseline point with a 95% interval (``<obj>_diff``,
    ``<obj>_diff_lower``, ``<obj>_diff_upper``). The baseline row has ``baseline=True``."""
    cols = list(objectives.values())
    base = summary[summary["point"] == baseline_point].set_index("replicate")[cols]
    rows = []
    for point, part in summary.groupby("point", sort=True):
        part = part.set_index("replicate")
        row = {"point": int(point), "baseline": point == baseline_point, "seeds": len(part)}
        for lv in levers:
            row[lv] = (
                float(part[lv].iloc[0]) if lv in part and point != baseline_point else float("nan")
            )
        for name, col in objectives.items():
            row[name] = float(part[col].mean())
            diff = (part[col] - base[col].reindex(part.index)).dropna().to_numpy()
            lo, hi = t_interval(
                np.array([diff.mean() if diff.size else np.nan]),
                np.array([diff.std(ddof=1) if diff.size > 1 else np.nan]),
                np.array([diff.size]),
            )
            row[f"{name}_diff"] = float(diff.mean()) if diff.size else float("nan")
            row[f"{name}_diff_lower"], row[f"{name}_diff_upper"] = float(lo[0]), float(hi[0])
        rows.append(row)
    return pd.DataFrame(rows)


def pareto_set(table: pd.DataFrame, objectives: Sequence[str]) -> pd.DataFrame:
    """The non-dominated candidates (baseline excluded), sorted by security."""
    cands = table[~table["baseline"]]
    mask = pareto_mask(cands[list(objectives)].to_numpy())
    return cands[mask].sort_values(list(objectives)[0]).reset_index(drop=True)


def _lower(diffs: np.ndarray, axis: int) -> np.ndarray:
    """Lower end of the paired 95% Student-t interval of the mean along ``axis``."""
    n = diffs.shape[axis]
    mean = diffs.mean(axis=axis)
    sd = diffs.std(axis=axis, ddof=1) if n > 1 else np.full_like(mean, np.nan)
    lo, _ = t_interval(mean, sd, np.full(mean.shape, n))
    return lo


def _codes(lower: np.ndarray) -> np.ndarray:
    """Class codes (index into :data:`CLASSES`) from lower bounds ``(..., mixes, 2)``."""
    clear = np.isfinite(lower) & (lower > TOLERANCE)
    both = clear.all(axis=-1).any(axis=-1)
    one = clear.any(axis=(-1, -2))
    return np.where(both, 0, np.where(one, 1, 2))


def classify(diffs: np.ndarray) -> str:
    """The verdict class of paired differences from the baseline.

    Parameters
    ----------
    diffs : array ``(mixes, seeds, 2)``: per mix and common seed, the mix's security and
        collaboration minus the baseline's on the same seed.

    Returns
    -------
    str
        ``"both"`` if a mix's 95% intervals exclude zero upwards on both objectives,
        ``"tradeoff"`` if some mix's do on one, else ``"neither"``.
    """
    d = np.asarray(diffs, dtype=float)
    return CLASSES[int(_codes(_lower(d, axis=1)))]


def score(diffs: np.ndarray) -> float:
    """Continuous verdict score: max over mixes of min(mean d_security, mean
    d_collaboration); positive when some mix gains on both."""
    mean = np.asarray(diffs, dtype=float).mean(axis=1)
    return float(mean.min(axis=1).max())


def bootstrap(
    diffs: np.ndarray, seed: int, resamples: int = RESAMPLES
) -> tuple[dict[str, float], np.ndarray]:
    """Uncertainty of the verdict over the seeds: resample the seeds with replacement
    (the same resample for every mix) and classify each resample.

    Returns
    -------
    shares : share of resamples giving each class of :data:`CLASSES` (sums to 1).
    intervals : ``(mixes, 2, 2)`` 2.5% and 97.5% percentiles of each mix's mean security
        and collaboration difference over the resamples.
    """
    d = np.asarray(diffs, dtype=float)
    n = d.shape[1]
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0xB007,)))
    idx = rng.integers(0, n, size=(resamples, n))
    sample = d[:, idx, :]  # (mixes, resamples, seeds, 2)
    codes = _codes(np.moveaxis(_lower(sample, axis=2), 0, 1))  # (resamples,)
    shares = {c: float(np.mean(codes == k)) for k, c in enumerate(CLASSES)}
    means = sample.mean(axis=2)
    intervals = np.moveaxis(np.percentile(means, [2.5, 97.5], axis=1), 0, -1)
    return shares, intervals


def check_points(table: pd.DataFrame) -> list[int]:
    """The candidates a search re-runs on fresh seeds: the best on both (highest
    min(d_security, d_collaboration)), the most secure and the most collaborative."""
    cands = table[~table["baseline"]]
    if cands.empty:
        return []
    both = cands[["security_diff", "collaboration_diff"]].min(axis=1)
    picks = [both.idxmax(), cands["security_diff"].idxmax(), cands["collaboration_diff"].idxmax()]
    return list(dict.fromkeys(int(cands.loc[i, "point"]) for i in picks))


def verdict_class(table: pd.DataFrame) -> str:
    """The class of :func:`candidate_table` output (as :func:`classify`)."""
    cands = table[~table["baseline"]]
    S, C = OBJECTIVES
    if any(_clear(r, S) and _clear(r, C) for _, r in cands.iterrows()):
        return "both"
    if any(_clear(r, S) or _clear(r, C) for _, r in cands.iterrows()):
        return "tradeoff"
    return "neither"


def _mix(row: pd.Series, levers: Sequence[str]) -> str:
    return ", ".join(f"{lv}≈{row[lv]:.2f}" for lv in levers)


def _clear(row: pd.Series, name: str) -> bool:
    lo = row[f"{name}_diff_lower"]
    return bool(np.isfinite(lo) and lo > TOLERANCE)


def verdict(
    table: pd.DataFrame,
    levers: Sequence[str],
    who: str,
    third: str | None = None,
    search: pd.DataFrame | None = None,
) -> str:
    """Plain-language answer: can security and collaboration both be high, and where must
    one be traded for the other?

    ``table`` is :func:`candidate_table`'s output; it decides the class (the first
    sentence). ``search`` (default: ``table``) is the table whose Pareto front describes
    the shape of the trade-off (a frontier passes the whole search there and the mixes
    re-run on fresh seeds as ``table``).
    """
    S, C = OBJECTIVES
    base = table[table["baseline"]].iloc[0]
    cands = table[~table["baseline"]]
    if cands.empty:
        return "No candidates were evaluated."
    seeds = int(base["seeds"])
    search = table if search is None else search
    front = pareto_set(search, [S, C])
    both = cands[[_clear(r, S) and _clear(r, C) for _, r in cands.iterrows()]]
    parts: list[str] = []
    base_txt = f"(baseline: security {base[S]:.3f}, collaboration {base[C]:.3f})"
    if len(both):
        coexist = 2 * both[S] * both[C] / (both[S] + both[C])
        best = both.loc[coexist.idxmax()]
        parts.append(
            f"Both can be high: at {_mix(best, levers)} {who} reaches security "
            f"{best[S]:.3f} and collaboration {best[C]:.3f}, above the baseline "
            f"({base[S]:.3f}, {base[C]:.3f}) on both (paired 95% intervals over "
            f"{seeds} seeds exclude zero)."
        )
        lead = "Beyond that point they trade off"
    else:
        gain_s = any(_clear(r, S) for _, r in cands.iterrows())
        gain_c = any(_clear(r, C) for _, r in cands.iterrows())
        if gain_s and gain_c:
            why = "some mixes raise security and others collaboration, but none both"
        elif gain_s or gain_c:
            which = S if gain_s else C
            why = f"only {which} can be raised clearly"
        else:
            why = "no mix moves either clearly"
        lead_in = "They trade off" if gain_s or gain_c else "Neither can be raised"
        parts.append(
            f"{lead_in}: no mix of {', '.join(levers)} lifts {who} clearly "
            f"above the baseline on both {base_txt}; {why}."
        )
        lead = "Along the front"
        best = None
    if len(front) >= 2:
        top_s, top_c = front.iloc[-1], front.iloc[0]
        d_s, d_c = top_s[S] - top_c[S], top_c[C] - top_s[C]
        others = search[~search["baseline"]]
        noise_s = np.nanmedian((others[f"{S}_diff_upper"] - others[f"{S}_diff_lower"]) / 2)
        noise_c = np.nanmedian((others[f"{C}_diff_upper"] - others[f"{C}_diff_lower"]) / 2)
        if d_s > (noise_s if np.isfinite(noise_s) else 0) or d_c > (
            noise_c if np.isfinite(noise_c) else 0
        ):
            moved = sorted(levers, key=lambda lv: -abs(top_s[lv] - top_c[lv]))
            through = [
                f"{lv} {top_c[lv]:.2f} -> {top_s[lv]:.2f}"
                for lv in moved[:2]
                if abs(top_s[lv] - top_c[lv]) >= 0.1
            ]
            rate = d_c / d_s if d_s > 0 else float("inf")
            cost = (
                f"each +0.01 of security costs about {0.01 * rate:.3f} of collaboration"
                if np.isfinite(rate)
                else "collaboration falls at no gain in security"
            )
            parts.append(
                f"{lead}: from the most collaborative mix on the front (security "
                f"{top_c[S]:.3f}, collaboration {top_c[C]:.3f}) to the most secure "
                f"(security {top_s[S]:.3f}, collaboration {top_s[C]:.3f}), {cost}"
                + (f"; the trade runs through {' and '.join(through)}" if through else "")
                + "."
            )
        else:
            parts.append(
                "The front is within the seeds' noise: no real trade-off among the mixes searched."
            )
    else:
        parts.append("No trade-off among the mixes searched: one mix is best on both.")
    if third is not None:
        ref = best if best is not None else front.iloc[len(front) // 2]
        parts.append(f"{third.capitalize()} there: {ref[third]:.3f} (baseline {base[third]:.3f}).")
    return " ".join(parts)


def paired_diffs(
    summary: pd.DataFrame, points: Sequence[int], columns: Sequence[str], baseline_point: int = 0
) -> np.ndarray:
    """``(len(points), seeds, len(columns))`` differences of each point from the baseline
    on the replicates both ran (common random numbers)."""
    base = summary[summary["point"] == baseline_point].set_index("replicate")[list(columns)]
    out = []
    for point in points:
        part = summary[summary["point"] == point].set_index("replicate")[list(columns)]
        common = part.index.intersection(base.index).sort_values()
        out.append((part.loc[common] - base.loc[common]).to_numpy(float))
    size = min((len(x) for x in out), default=0)
    return np.stack([x[:size] for x in out]) if out else np.zeros((0, 0, len(columns)))


def assess(
    summary: pd.DataFrame, levers: Sequence[str], objectives: dict[str, str], seeds: int, seed: int
) -> dict:
    """A frontier's search and check, from its summary rows (levers named plainly).

    Replicates ``0..seeds-1`` are the search; higher replicates are the check of
    :func:`check_points` on fresh seeds. The class comes from the check (or, when an
    experiment has none, from every searched candidate).

    Returns
    -------
    dict
        ``search`` and ``check`` candidate tables, ``class``, ``shares`` (bootstrap share
        of each class) and ``checked`` (per checked mix: its levers, paired mean
        differences, their t and bootstrap 95% intervals).
    """
    cols = [objectives[o] for o in OBJECTIVES]
    search = candidate_table(summary[summary["replicate"] < seeds], levers, objectives)
    rows = summary[summary["replicate"] >= seeds]
    checked = sorted(set(rows["point"]) - {0}) if (rows["point"] == 0).any() else []
    check = candidate_table(rows, levers, objectives) if checked else search
    points = checked or [int(p) for p in search.loc[~search["baseline"], "point"]]
    source = rows if checked else summary[summary["replicate"] < seeds]
    diffs = paired_diffs(source, points, cols)
    shares, boot = bootstrap(diffs, seed) if diffs.size else ({}, np.zeros((0, 2, 2)))
    records = []
    for k, point in enumerate(points if checked else []):
        row = check[check["point"] == point].iloc[0]
        rec = {"point": int(point), **{lv: float(row[lv]) for lv in levers}}
        for j, name in enumerate(OBJECTIVES):
            rec.update(
                {
                    f"{name}_diff": float(row[f"{name}_diff"]),
                    f"{name}_diff_lower": float(row[f"{name}_diff_lower"]),
                    f"{name}_diff_upper": float(row[f"{name}_diff_upper"]),
                    f"{name}_boot_lower": float(boot[k, j, 0]),
                    f"{name}_boot_upper": float(boot[k, j, 1]),
                }
            )
        records.append(rec)
    klass = classify(diffs) if diffs.size else "neither"
    return {
        "search": search,
        "check": check,
        "class": klass,
        "shares": shares,
        "checked": records,
        "check_seeds": int(diffs.shape[1]) if diffs.size else 0,
    }
