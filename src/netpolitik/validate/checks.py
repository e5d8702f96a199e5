"""Validity checks that need no external file: published results and the shipped calibration.

Each check is a function returning a :class:`CheckResult` ``(name, passed, figure,
reference)``; :data:`CHECKS` lists them in the order ``netpolitik validate`` prints them and
:func:`run_checks` runs them all into one table. A check that raises is reported as failed
with the error as its figure, so one broken check never hides the others.

The checks and their references are documented in ``docs/validation.md``.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

import numpy as np
import pandas as pd

from netpolitik.alliances.landscape import align
from netpolitik.errors import InputError
from netpolitik.models.sharing_game import gtft_forgiveness, long_run_payoffs
from netpolitik.models.timing import (
    RAND_MEAN_LIFETIME_YEARS,
    optimal_threshold,
    persistence_from_lifetime,
    use_rate,
    value_iteration,
)
from netpolitik.validate.moments import INCIDENT_MOMENTS, load_targets, model_moments

__all__ = ["CHECKS", "COLUMNS", "CheckResult", "calibration_ensemble", "run_checks"]

COLUMNS = ("name", "passed", "figure", "reference")

AXELROD_ILIEV = "Axelrod & Iliev 2014, PNAS 111:1298"
RAND = "Ablon & Bogart 2017, RAND RR-1751"
IPD_NOISE = "Nowak & Sigmund 1993, Nature 364:56; noisy IPD convention"
MOLANDER = "Molander 1985, JCR 29:611; Nowak & Sigmund 1992"
AXELROD_BENNETT = "Axelrod & Bennett 1993, BJPS 23:211"
DCID = "DCID 2.0, 2000-2010 (calibration_targets.json)"

#: Calibration ensemble: seeds, horizon (years) and start of the simulated decade.
CALIBRATION_RUNS, CALIBRATION_YEARS, CALIBRATION_START = 5, 10, "2010-01"
#: Tolerances of the calibration checks.
RATE_FACTOR, SHARE_TOLERANCE = 2.0, 0.12


class CheckResult(NamedTuple):
    """One row of the validation table."""

    name: str
    passed: bool
    figure: str
    reference: str


# --- exploit timing (Axelrod & Iliev 2014) --------------------------------------------------

_TIMING_GRID = {
    "stealth": (0.0, 0.1, 0.5, 0.9),
    "persistence": (0.1, 0.5, 0.9, float(persistence_from_lifetime(RAND_MEAN_LIFETIME_YEARS))),
    "discount": (0.5, 0.9, 0.99),
}


def check_timing_closed_form() -> CheckResult:
    """Closed-form ``(T*, V*)`` equals value iteration of the Bellman equation on a grid."""
    worst = 0.0
    points = list(itertools.product(*_TIMING_GRID.values()))
    for s, p, w in points:
        t_num, v_num = value_iteration(s, p, w)
        t_cf, v_cf = optimal_threshold(s, p, w)
        worst = max(worst, abs(t_num - t_cf), abs(v_num - v_cf))
    return CheckResult(
        "timing: closed-form T*, V* = value iteration",
        worst < 1e-6,
        f"max |diff| {worst:.1e} over {len(points)} (S, P, w) points (tol 1e-6)",
        AXELROD_ILIEV,
    )


def check_timing_statics() -> CheckResult:
    """T* rises with persistence and patience, falls with stealth (interior, S < P)."""
    axis = np.linspace(0.05, 0.95, 19)
    s, p, w = np.meshgrid(axis, axis, axis, indexing="ij")
    t = np.asarray(1.0 - use_rate(s, p, w))
    interior = s < p  # holding pays only here; elsewhere T* = 0
    # Consecutive grid points along each axis, both inside the interior.
    d_stealth = np.diff(t, axis=0)[interior[1:] & interior[:-1]]
    d_persist = np.diff(t, axis=1)[interior[:, 1:] & interior[:, :-1]]
    d_patience = np.diff(t, axis=2)[interior[:, :, 1:] & interior[:, :, :-1]]
    zero_outside = bool(np.all(t[~interior] == 0.0))
    ok = {
        "dT/dP > 0": bool(np.all(d_persist > 0)),
        "dT/dw > 0": bool(np.all(d_patience > 0)),
        "dT/dS < 0": bool(np.all(d_stealth < 0)),
        "T* = 0 if S >= P": zero_outside,
    }
    pairs = d_stealth.size + d_persist.size + d_patience.size
    figure = ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in ok.items())
    return CheckResult(
        "timing: comparative statics of T*",
        all(ok.values()),
        f"{figure} ({pairs} grid steps)",
        AXELROD_ILIEV,
    )


def check_persistence() -> CheckResult:
    """Monthly persistence from RAND's 6.9-year mean zero-day lifetime."""
    p = float(persistence_from_lifetime(RAND_MEAN_LIFETIME_YEARS))
    expected = 1.0 - 1.0 / (RAND_MEAN_LIFETIME_YEARS * 12.0)
    lifetime = 1.0 / (1.0 - p) / 12.0
    return CheckResult(
        "timing: persistence from 6.9-year lifetime",
        abs(p - expected) < 1e-12 and abs(lifetime - RAND_MEAN_LIFETIME_YEARS) < 1e-9,
        f"P = {p:.6f}/month (1 - 1/82.8); mean lifetime {lifetime:.2f} years",
        RAND,
    )


# --- intelligence sharing (noisy iterated prisoner's dilemma) -------------------------------


def check_tft() -> CheckResult:
    """TFT vs TFT earns (R + S + T + P)/4 = 2.25 under any implementation noise."""
    values = {eps: long_run_payoffs("TFT", "TFT", eps=eps)[0] for eps in (0.01, 0.1)}
    figure = ", ".join(f"{v:.4f} at eps={e:g}" for e, v in values.items())
    return CheckResult(
        "sharing: TFT vs TFT = 2.25",
        all(abs(v - 2.25) < 1e-9 for v in values.values()),
        f"{figure} (expected 2.25)",
        IPD_NOISE,
    )


def check_wsls() -> CheckResult:
    """WSLS vs WSLS earns 2.9511 per round at eps = 0.01."""
    value = long_run_payoffs("WSLS", "WSLS", eps=0.01)[0]
    return CheckResult(
        "sharing: WSLS vs WSLS = 2.9511 (eps 0.01)",
        round(value, 4) == 2.9511,
        f"{value:.6f} (expected 2.9511)",
        IPD_NOISE,
    )


def check_gtft() -> CheckResult:
    """Optimal GTFT forgiveness is 1/3 for payoffs (3, 0, 5, 1)."""
    q = gtft_forgiveness()
    return CheckResult(
        "sharing: GTFT forgiveness = 1/3",
        abs(q - 1.0 / 3.0) < 1e-12,
        f"q = {q:.6f} for (R,S,T,P) = (3,0,5,1)",
        MOLANDER,
    )


# --- landscape theory of aggregation ----------------------------------------------------------


def _landscape_instance(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Random landscape: lognormal sizes, symmetric propensities uniform in [-1, 1]."""
    upper = np.triu(rng.uniform(-1.0, 1.0, size=(n, n)), 1)
    return rng.lognormal(size=n), upper + upper.T


def check_landscape_heuristic(instances: int = 100, seed: int = 0) -> CheckResult:
    """The heuristic finds the exact global minimum on >= 95% of random instances N <= 16."""
    rng = np.random.default_rng(seed)
    found, sizes_seen = 0, []
    for k in range(instances):
        n = int(rng.integers(4, 17))
        sizes, prop = _landscape_instance(n, rng)
        exact = align(sizes, prop, mode="exact").energy
        heuristic = align(sizes, prop, mode="heuristic", seed=k).energy
        found += heuristic <= exact + 1e-9 * max(1.0, abs(exact))
        sizes_seen.append(n)
    share = found / instances
    return CheckResult(
        "landscape: heuristic finds global minimum",
        share >= 0.95,
        f"{found}/{instances} = {share:.0%} of random instances, N = "
        f"{min(sizes_seen)}-{max(sizes_seen)} (need >= 95%)",
        AXELROD_BENNETT,
    )


def check_landscape_speed(n: int = 20, limit: float = 1.0) -> CheckResult:
    """Exact enumeration of all local minima at N = 20 takes under a second."""
    sizes, prop = _landscape_instance(n, np.random.default_rng(0))
    align(sizes[:4], prop[:4, :4], mode="exact")  # warm up (imports, caches)
    start = time.perf_counter()
    result = align(sizes, prop, mode="exact")
    seconds = time.perf_counter() - start
    return CheckResult(
        f"landscape: exact at N={n} in < {limit:g} s",
        seconds < limit,
        f"{seconds * 1e3:.0f} ms wall time, 2^{n - 1} configurations, "
        f"{len(result.local_minima or [])} local minima",
        AXELROD_BENNETT,
    )


# --- calibration to DCID 2000-2010 --------------------------------------------------------------


@lru_cache(maxsize=4)
def calibration_ensemble(
    runs: int = CALIBRATION_RUNS, years: int = CALIBRATION_YEARS
) -> dict[str, float]:
    """Incident moments of the mean attributed-operations matrix of ``runs`` seeds.

    The whole world is simulated from January 2010 for ``years`` years with seeds
    ``0 .. runs-1`` and default parameters; cached, so the four calibration checks share
    one ensemble.
    """
    from netpolitik.scenario import simulate_world  # the engine is heavy: import lazily
    from netpolitik.world import load_world

    world = load_world()
    order = list(world.countries["iso3"])
    total = np.zeros((len(order), len(order)))
    for seed in range(runs):
        traj = simulate_world(years=years, seed=seed, start=CALIBRATION_START).trajectory
        index = [list(traj.iso3).index(code) for code in order]
        total += np.asarray(traj.dyads["attributed"], dtype=float)[np.ix_(index, index)]
    return model_moments(total / runs, world, years=years)


_LABELS = {
    "per_decade": "attributed incidents per decade",
    "top3_attacker_share": "top-3 attacker share",
    "rival_share": "share on rival dyads",
    "rich_target_share": "share against 10 largest economies",
}


def _calibration_check(key: str) -> Callable[[], CheckResult]:
    def check() -> CheckResult:
        model = calibration_ensemble()[key]
        target = load_targets()[key]
        name = f"calibration: {_LABELS[key]}"
        where = f"{CALIBRATION_RUNS} runs x {CALIBRATION_YEARS} years"
        if key == "per_decade":
            ratio = model / target
            passed = 1.0 / RATE_FACTOR <= ratio <= RATE_FACTOR
            figure = f"model {model:.1f} vs DCID {target:.1f} (x{ratio:.2f}; need within x2)"
        else:
            diff = model - target
            passed = abs(diff) <= SHARE_TOLERANCE
            figure = f"model {model:.3f} vs DCID {target:.3f} ({diff:+.3f}; need <= 0.12)"
        return CheckResult(name, bool(passed), f"{figure}, {where}", DCID)

    check.__name__ = f"check_calibration_{key}"
    check.__doc__ = f"Simulated {_LABELS[key]} matches DCID 2000-2010."
    return check


#: Every check, in table order.
CHECKS: tuple[Callable[[], CheckResult], ...] = (
    check_timing_closed_form,
    check_timing_statics,
    check_persistence,
    check_tft,
    check_wsls,
    check_gtft,
    check_landscape_heuristic,
    check_landscape_speed,
    *(_calibration_check(key) for key in INCIDENT_MOMENTS),
)


def _run_one(check: Callable[[], CheckResult]) -> CheckResult:
    try:
        return CheckResult(*check())
    except Exception as exc:  # noqa: BLE001 - a broken check is a failed row, not a crash
        name = (check.__doc__ or check.__name__).strip().splitlines()[0]
        return CheckResult(check.__name__, False, f"error: {type(exc).__name__}: {exc}", name)


def run_checks(
    checks: Sequence[Callable[[], CheckResult]] | None = None,
    on_check: Callable[[CheckResult], None] | None = None,
) -> pd.DataFrame:
    """Run every check (or ``checks``) and return the table.

    Parameters
    ----------
    checks : sequence of callables, optional
        Checks to run; default :data:`CHECKS`.
    on_check : callable, optional
        Called with each :class:`CheckResult` as it finishes (e.g. to drive a progress bar).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS` (``passed`` is bool), one row per check, in order.
    """
    selected = CHECKS if checks is None else tuple(checks)
    if not selected:
        raise InputError("checks: no checks given; pass at least one or leave the default")
    rows = []
    for check in selected:
        result = _run_one(check)
        rows.append(result)
        if on_check is not None:
            on_check(result)
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype({"passed": bool})
