"""Statistical equivalence of the engine and the Mesa reference on the core rules.

Both implementations run the same world (a 40-country subset of the real world, see
:data:`SUBSET`) with the same :class:`~netpolitik.params.Params` for the same number of
months, over many seeds each (disjoint seed sets: the two never share a random stream).
For each outcome of :data:`METRICS` the ensemble means must agree within a Welch-type bound::

    |mean_engine - mean_mesa| <= z * sqrt(se_engine^2 + se_mesa^2)

with ``z = 3.317``: a 99% bound *simultaneous* over the eleven outcomes (Bonferroni,
``z = Phi^-1(1 - 0.01 / 22)``). Why not 95% or 99% per outcome: many outcomes are compared
at once, so a correct implementation would fail some outcome in a large share of seed sets
(with the earlier eight outcomes: 30% at 95% per outcome and 8% at 99% per outcome, against
1% with the simultaneous bound, measured with ``--null``: the engine against itself). That
keeps the check stable across seed sets; a real rule difference still fails it by far
(``--control``). The table marks outcomes beyond the per-outcome 95% (``*``) and 99%
(``**``) bounds as well.

The outcomes cover every core rule: operations and their success (M4, security),
attributions public, private and false (M5: lag, going public, false flags), the chosen
counter-operations and the sanctions in force (M6 menu, sanction ends), trust at the end
(M1 priors and posture, M6 belief shifts) and damage and crime (M4, economy).

``attack_rate`` is raised tenfold (:data:`ATTACK_RATE_SCALE`): at the calibrated rate the
subset sees about 28 state operations, 3.5 public attributions, 0.3 sanctions in force and
0.4 counter-operations in 24 months, too few for the attribution and response rules to be
compared meaningfully.

Run ``OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/equivalence.py`` (``--offsets``
picks the seed sets, default 0,1,2; ``--control`` also runs Mesa with a 10% error in
``attack_rate``, with no reputational contagion and with no false flags, which the check
must reject; ``--null``
measures the false-alarm rate of the bound on the engine against itself).
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from statistics import NormalDist

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.mesa_reference import CyberPoliticsModel  # noqa: E402
from netpolitik.engine.setup import from_world  # noqa: E402
from netpolitik.engine.simulator import CORE, simulate  # noqa: E402
from netpolitik.params import Params  # noqa: E402
from netpolitik.world import load_world  # noqa: E402

#: 40 states: every party to a cyber-relevant rivalry in the data plus major economies.
SUBSET: tuple[str, ...] = (
    "USA",
    "CHN",
    "RUS",
    "IRN",
    "ISR",
    "PRK",
    "KOR",
    "JPN",
    "IND",
    "PAK",
    "EST",
    "GEO",
    "UKR",
    "TWN",
    "VNM",
    "AFG",
    "CUB",
    "SYR",
    "SAU",
    "TUR",
    "GRC",
    "ARM",
    "AZE",
    "DZA",
    "MAR",
    "GBR",
    "FRA",
    "DEU",
    "CAN",
    "AUS",
    "BRA",
    "ITA",
    "ESP",
    "NLD",
    "SWE",
    "POL",
    "SGP",
    "MYS",
    "EGY",
    "NGA",
)
ATTACK_RATE_SCALE = 10.0

#: outcome -> description; each is one number per run.
METRICS: dict[str, str] = {
    "attempts": "state operations attempted, run total",
    "successful": "state operations successful, run total",
    "attributed": "public attributions, run total",
    "private": "attributions kept private, run total",
    "false_flags": "public attributions naming the wrong state, run total",
    "counter_operations": "counter-operations chosen in response, run total",
    "trust_end": "mean off-diagonal trust at the last month",
    "sanctions_end": "sanctions in force at the last month",
    "damage_share": "damage as a share of world GDP (annualised), mean over months",
    "crime_attempts": "criminal incidents attempted, run total",
    "crime_successful": "criminal incidents successful, run total",
}
#: outcome -> (series of the engine's ``global_``, of the Mesa model's ``history``, how a
#: run's series becomes one number)
SERIES: dict[str, tuple[str, str, str]] = {
    "attempts": ("incidents", "attempts", "sum"),
    "successful": ("successful", "successful", "sum"),
    "attributed": ("attributed", "attributed", "sum"),
    "private": ("private_attributions", "private", "sum"),
    "false_flags": ("false_attributions", "false_flags", "sum"),
    "counter_operations": ("counter_operations", "counter_operations", "sum"),
    "trust_end": ("mean_trust", "mean_trust", "last"),
    "sanctions_end": ("sanctions", "sanctions", "last"),
    "damage_share": ("damage_share", "damage_share", "mean"),
    "crime_attempts": ("crime_incidents", "crime_attempts", "sum"),
    "crime_successful": ("crime_successful", "crime_successful", "sum"),
}


#: simultaneous 99% bound over the outcomes (Bonferroni): 3.317 for eleven outcomes
Z = NormalDist().inv_cdf(1 - 0.01 / (2 * len(METRICS)))


def world(codes: tuple[str, ...] = SUBSET):
    """(setting, levers, gdp) of a real-world subset, growing at ``base_growth`` (the
    reference implements one world growth rate, not per-country trends)."""
    setting, levers, gdp = from_world(load_world(list(codes)))
    return replace(setting, growth_trend=None), levers, gdp


def equivalence_params(scale: float = ATTACK_RATE_SCALE, **overrides) -> Params:
    """Default parameters with ``attack_rate`` times ``scale`` (and any ``overrides``).

    The reference has no persistent damage, no growth of the digital economy and no growth
    from trade agreements: those terms are switched off (``damage_persistence``,
    ``internet_diffusion``, ``crime_tool_growth``, ``trade_growth_gain`` = 0)."""
    base = Params()
    static = {
        "damage_persistence": 0.0,
        "internet_diffusion": 0.0,
        "crime_tool_growth": 0.0,
        "trade_growth_gain": 0.0,
    }
    return base.with_overrides({"attack_rate": base.attack_rate * scale, **static, **overrides})


_REDUCE = {"sum": np.sum, "last": lambda x: x[-1], "mean": np.mean}


def _summary(series, which: int) -> list[float]:
    """One run's outcomes, in the order of :data:`METRICS`, from its recorded series
    (``which`` 0 = engine column names, 1 = Mesa history names)."""
    out = []
    for name in METRICS:
        key, how = SERIES[name][which], SERIES[name][2]
        out.append(float(_REDUCE[how](np.asarray(series[key], dtype=float))))
    return out


def engine_runs(setting, levers, gdp, params: Params, steps: int, seeds) -> np.ndarray:
    """``(runs, len(METRICS))`` outcomes of the engine (core rules) for each seed."""
    return np.array(
        [
            _summary(
                simulate(
                    setting,
                    levers,
                    gdp,
                    steps=steps,
                    seed=int(seed),
                    params=params,
                    mechanisms=CORE,
                ).global_,
                0,
            )
            for seed in seeds
        ]
    )


def mesa_runs(setting, levers, gdp, params: Params, steps: int, seeds) -> np.ndarray:
    """``(runs, len(METRICS))`` outcomes of the Mesa reference for each seed."""
    rows = []
    for seed in seeds:
        model = CyberPoliticsModel(setting, levers, gdp, params, seed=int(seed))
        model.run(steps)
        rows.append(_summary(model.history, 1))
    return np.array(rows)


@dataclass
class Comparison:
    """One outcome's ensemble means, standard errors, z-score and verdict."""

    metric: str
    engine_mean: float
    engine_se: float
    mesa_mean: float
    mesa_se: float
    z: float
    bound: float
    ok: bool


def compare(a: np.ndarray, b: np.ndarray, z: float = Z) -> list[Comparison]:
    """Welch-type comparison of the column means of ``a`` (engine) and ``b`` (Mesa)."""
    out = []
    for k, name in enumerate(METRICS):
        ma, mb = float(a[:, k].mean()), float(b[:, k].mean())
        sa = float(a[:, k].std(ddof=1) / math.sqrt(len(a)))
        sb = float(b[:, k].std(ddof=1) / math.sqrt(len(b)))
        se = math.hypot(sa, sb)
        score = (mb - ma) / se if se > 0 else (0.0 if ma == mb else math.inf)
        out.append(Comparison(name, ma, sa, mb, sb, score, z * se, abs(mb - ma) <= z * se))
    return out


def seed_sets(offset: int, n_engine: int, n_mesa: int) -> tuple[range, range]:
    """Disjoint engine and Mesa seeds for seed set ``offset``."""
    base = 1_000_000 * offset
    return range(base, base + n_engine), range(base + 500_000, base + 500_000 + n_mesa)


def check(
    offset: int = 0,
    steps: int = 24,
    n_engine: int = 600,
    n_mesa: int = 150,
    z: float = Z,
    mesa_overrides: dict | None = None,
) -> list[Comparison]:
    """Run both implementations on seed set ``offset`` and compare every outcome.

    ``mesa_overrides`` changes the Mesa model's parameters only (negative controls).
    """
    setting, levers, gdp = world()
    params = equivalence_params()
    e_seeds, m_seeds = seed_sets(offset, n_engine, n_mesa)
    a = engine_runs(setting, levers, gdp, params, steps, e_seeds)
    m_params = params.with_overrides(mesa_overrides) if mesa_overrides else params
    b = mesa_runs(setting, levers, gdp, m_params, steps, m_seeds)
    return compare(a, b, z)


def false_alarms(
    pool_runs: int = 5000,
    splits: int = 4000,
    steps: int = 24,
    n_a: int = 600,
    n_b: int = 150,
    zs: tuple[float, ...] = (1.96, 2.576, Z),
) -> dict[float, float]:
    """Calibration: how often the check fails a *correct* implementation.

    Runs the engine ``pool_runs`` times, then compares ``splits`` random disjoint pairs of
    seed sets of ``n_a`` and ``n_b`` runs drawn from that pool (engine against itself).
    Returns, for each bound ``z``, the share of pairs in which some outcome fails.
    """
    setting, levers, gdp = world()
    pool = engine_runs(
        setting, levers, gdp, equivalence_params(), steps, range(7_000_000, 7_000_000 + pool_runs)
    )
    rng = np.random.default_rng(0)
    fails = dict.fromkeys(zs, 0)
    for _ in range(splits):
        idx = rng.permutation(pool_runs)
        a, b = pool[idx[:n_a]], pool[idx[n_a : n_a + n_b]]
        for z in zs:
            fails[z] += any(not r.ok for r in compare(a, b, z))
    return {z: k / splits for z, k in fails.items()}


def table(rows: list[Comparison]) -> str:
    """The comparison as a text table."""
    lines = [
        f"{'metric':16s} {'engine':>12s} {'±se':>9s} {'mesa':>12s} {'±se':>9s} {'z':>6s}  verdict"
    ]
    for r in rows:
        mark = "**" if abs(r.z) > 2.576 else "*" if abs(r.z) > 1.96 else ""
        lines.append(
            f"{r.metric:16s} {r.engine_mean:12.5g} {r.engine_se:9.3g} "
            f"{r.mesa_mean:12.5g} {r.mesa_se:9.3g} {r.z:6.2f}{mark:2s} "
            f"{'agree' if r.ok else 'DIFFER'}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--offsets", default="0,1,2", help="comma-separated seed-set offsets")
    ap.add_argument("--steps", type=int, default=24)
    ap.add_argument("--engine-seeds", type=int, default=600)
    ap.add_argument("--mesa-seeds", type=int, default=150)
    ap.add_argument("--z", type=float, default=Z)
    ap.add_argument(
        "--control", action="store_true", help="also run negative controls the check must reject"
    )
    ap.add_argument(
        "--null",
        action="store_true",
        help="also measure the false-alarm rate (engine against itself)",
    )
    ap.add_argument("--json", type=Path, help="write the results here")
    args = ap.parse_args(argv)
    runs = [(f"offset {k}", int(k), None) for k in args.offsets.split(",")]
    if args.control:
        base = equivalence_params()
        runs += [
            ("control: mesa attack_rate +10%", 0, {"attack_rate": base.attack_rate * 1.1}),
            ("control: mesa trust_contagion 0", 0, {"trust_contagion": 0.0}),
            ("control: mesa false_flag_rate 0", 0, {"false_flag_rate": 0.0}),
        ]
    print(
        f"world: {len(SUBSET)} countries, {args.steps} months, attack_rate x"
        f"{ATTACK_RATE_SCALE:g}; {args.engine_seeds} engine seeds vs {args.mesa_seeds} "
        f"Mesa seeds; bound |diff| <= {args.z:.3f} * sqrt(se_e^2 + se_m^2) "
        f"(* / ** beyond the per-outcome 95% / 99% bound)"
    )
    results, all_ok = {}, True
    for label, offset, overrides in runs:
        t0 = time.perf_counter()
        rows = check(offset, args.steps, args.engine_seeds, args.mesa_seeds, args.z, overrides)
        ok = all(r.ok for r in rows)
        if overrides is None:
            all_ok &= ok
        print(f"\n[{label}] {'PASS' if ok else 'FAIL'} ({time.perf_counter() - t0:.1f} s)")
        print(table(rows))
        results[label] = {"pass": ok, "rows": [r.__dict__ for r in rows]}
    if args.null:
        rates = false_alarms(
            steps=args.steps, n_a=args.engine_seeds, n_b=args.mesa_seeds, zs=(1.96, 2.576, args.z)
        )
        print("\n[null: engine against itself, 4000 disjoint seed-set pairs from 5000 runs]")
        for z, rate in rates.items():
            print(f"   bound z={z:.3f}: some outcome fails in {rate:.1%} of seed sets")
        results["null"] = {str(z): rate for z, rate in rates.items()}
    if args.json:
        args.json.write_text(
            json.dumps({"command": " ".join(sys.argv), "results": results}, indent=2)
        )
    return 0 if all_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
