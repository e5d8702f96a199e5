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

The verdict compares every candidate with the baseline (the scenario's own levers) run on
the same seeds, so differences are paired; a gain counts only when its 95% interval
excludes zero.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"security": [0.2, 0.5, 0.4], "collaboration": [0.9, 0.6, 0.3]})
>>> pareto_mask(df[["security", "collaboration"]].to_numpy()).tolist()
[True, True, False]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from netpolitik.errors import InputError
from netpolitik.experiment.analysis import t_interval

OBJECTIVES = ("security", "collaboration")
THIRD = ("growth", "freedom")
SCOPES = ("group", "world")
_COLUMNS = {
    "group": {"security": "group_security", "collaboration": "group_collaboration",
              "growth": "group_growth", "freedom": "group_freedom"},
    "world": {"security": "security", "collaboration": "collaboration",
              "growth": "gdp_growth", "freedom": "mean_freedom"},
}


def objective_columns(scope: str, third: str | None = None) -> dict[str, str]:
    """Objective name -> summary column, for ``scope`` and an optional third objective."""
    if scope not in SCOPES:
        raise InputError(f"--scope: unknown scope {scope!r} (allowed: {', '.join(SCOPES)})")
    if third is not None and third not in THIRD:
        raise InputError(f"--third: unknown objective {third!r} (allowed: "
                         f"{', '.join(THIRD)})")
    names = [*OBJECTIVES, *([third] if third else [])]
    return {n: _COLUMNS[scope][n] for n in names}


def pareto_mask(values: np.ndarray) -> np.ndarray:
    """True for the rows of ``values`` (all columns maximised) no other row dominates."""
    v = np.asarray(values, dtype=float)
    keep = np.ones(len(v), dtype=bool)
    for i in range(len(v)):
        better_eq = np.all(v >= v[i], axis=1)
        strictly = np.any(v > v[i], axis=1)
        if np.any(better_eq & strictly):
            keep[i] = False
    return keep


def candidate_table(summary: pd.DataFrame, levers: Sequence[str],
                    objectives: dict[str, str], baseline_point: int = 0) -> pd.DataFrame:
    """Per candidate point: lever values, each objective's mean over seeds and its paired
    difference from the baseline point with a 95% interval (``<obj>_diff``,
    ``<obj>_diff_lower``, ``<obj>_diff_upper``). The baseline row has ``baseline=True``."""
    cols = list(objectives.values())
    base = summary[summary["point"] == baseline_point].set_index("replicate")[cols]
    rows = []
    for point, part in summary.groupby("point", sort=True):
        part = part.set_index("replicate")
        row = {"point": int(point), "baseline": point == baseline_point,
               "seeds": len(part)}
        for lv in levers:
            row[lv] = float(part[lv].iloc[0]) if lv in part and point != baseline_point \
                else float("nan")
        for name, col in objectives.items():
            row[name] = float(part[col].mean())
            diff = (part[col] - base[col].reindex(part.index)).dropna().to_numpy()
            lo, hi = t_interval(np.array([diff.mean() if diff.size else np.nan]),
                                np.array([diff.std(ddof=1) if diff.size > 1 else np.nan]),
                                np.array([diff.size]))
            row[f"{name}_diff"] = float(diff.mean()) if diff.size else float("nan")
            row[f"{name}_diff_lower"], row[f"{name}_diff_upper"] = float(lo[0]), float(hi[0])
        rows.append(row)
    return pd.DataFrame(rows)


def pareto_set(table: pd.DataFrame, objectives: Sequence[str]) -> pd.DataFrame:
    """The non-dominated candidates (baseline excluded), sorted by security."""
    cands = table[~table["baseline"]]
    mask = pareto_mask(cands[list(objectives)].to_numpy())
    return cands[mask].sort_values(list(objectives)[0]).reset_index(drop=True)


def _mix(row: pd.Series, levers: Sequence[str]) -> str:
    return ", ".join(f"{lv}≈{row[lv]:.2f}" for lv in levers)


def _clear(row: pd.Series, name: str) -> bool:
    lo = row[f"{name}_diff_lower"]
    return bool(np.isfinite(lo) and lo > 0)


def verdict(table: pd.DataFrame, levers: Sequence[str], who: str,
            third: str | None = None) -> str:
    """Plain-language answer: can security and collaboration both be high, and where must
    one be traded for the other? ``table`` is :func:`candidate_table`'s output."""
    S, C = OBJECTIVES
    base = table[table["baseline"]].iloc[0]
    cands = table[~table["baseline"]]
    if cands.empty:
        return "No candidates were evaluated."
    seeds = int(base["seeds"])
    front = pareto_set(table, [S, C])
    both = cands[[_clear(r, S) and _clear(r, C) for _, r in cands.iterrows()]]
    parts: list[str] = []
    base_txt = f"(baseline: security {base[S]:.3f}, collaboration {base[C]:.3f})"
    if len(both):
        coexist = 2 * both[S] * both[C] / (both[S] + both[C])
        best = both.loc[coexist.idxmax()]
        parts.append(f"Both can be high: at {_mix(best, levers)} {who} reaches security "
                     f"{best[S]:.3f} and collaboration {best[C]:.3f}, above the baseline "
                     f"({base[S]:.3f}, {base[C]:.3f}) on both (paired 95% intervals over "
                     f"{seeds} seeds exclude zero).")
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
        parts.append(f"They trade off: no mix of {', '.join(levers)} lifts {who} clearly "
                     f"above the baseline on both {base_txt}; {why}.")
        lead = "Along the front"
        best = None
    if len(front) >= 2:
        top_s, top_c = front.iloc[-1], front.iloc[0]
        d_s, d_c = top_s[S] - top_c[S], top_c[C] - top_s[C]
        noise_s = np.nanmedian((cands[f"{S}_diff_upper"] - cands[f"{S}_diff_lower"]) / 2)
        noise_c = np.nanmedian((cands[f"{C}_diff_upper"] - cands[f"{C}_diff_lower"]) / 2)
        if d_s > (noise_s if np.isfinite(noise_s) else 0) or \
                d_c > (noise_c if np.isfinite(noise_c) else 0):
            moved = sorted(levers, key=lambda lv: -abs(top_s[lv] - top_c[lv]))
            through = [f"{lv} {top_c[lv]:.2f} -> {top_s[lv]:.2f}" for lv in moved[:2]
                       if abs(top_s[lv] - top_c[lv]) >= 0.1]
            rate = d_c / d_s if d_s > 0 else float("inf")
            cost = f"each +0.01 of security costs about {0.01 * rate:.3f} of collaboration" \
                if np.isfinite(rate) else "collaboration falls at no gain in security"
            parts.append(
                f"{lead}: from the most collaborative mix on the front (security "
                f"{top_c[S]:.3f}, collaboration {top_c[C]:.3f}) to the most secure "
                f"(security {top_s[S]:.3f}, collaboration {top_s[C]:.3f}), {cost}"
                + (f"; the trade runs through {' and '.join(through)}" if through else "")
                + ".")
        else:
            parts.append("The front is within the seeds' noise: no real trade-off among "
                         "the mixes searched.")
    else:
        parts.append("No trade-off among the mixes searched: one mix is best on both.")
    if third is not None:
        ref = best if best is not None else front.iloc[len(front) // 2]
        parts.append(f"{third.capitalize()} there: {ref[third]:.3f} (baseline "
                     f"{base[third]:.3f}).")
    return " ".join(parts)
