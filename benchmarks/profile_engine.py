"""Where the engine's time goes: per mechanism, per function, and what-if measurements.

Run from the repository root::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/profile_engine.py [--quick] [--out F]

Prints (and writes to ``--out``, default ``benchmarks/profile.txt``):

1. median milliseconds per month of each core mechanism and of the recorder, for the real
   world (N=195) and a synthetic world of N=1000;
2. cProfile of the 195-country 10-year run (``simulate``, core rules) and of 10 months at
   N=1000, top functions by own time;
3. what-if timings of the suggested optimisations, measured on the same states with code
   written here (``src/`` is not changed): the trust target with the static terms cached
   and fused, in float64 and float32; contagion with the full N x N product vs the
   attributed attackers' columns only; one Poisson draw per pair vs one total plus a
   categorical split (the engine may already use some of these: each row says what it
   compares).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from netpolitik.engine import incidents, responses, trust  # noqa: E402
from netpolitik.engine.record import Recorder  # noqa: E402
from netpolitik.engine.setup import from_world  # noqa: E402
from netpolitik.engine.simulator import CORE, advance, make_rng, simulate, start  # noqa: E402
from netpolitik.engine.synthetic import synthetic_setting  # noqa: E402
from netpolitik.params import Params  # noqa: E402
from netpolitik.policy import lever, openness, similarity, unchecked_surveillance  # noqa: E402
from netpolitik.world import load_world  # noqa: E402


def world(n: int):
    """The real world (195) or a synthetic world of ``n``."""
    return from_world(load_world()) if n == 195 else synthetic_setting(n, seed=0)


def warm_state(n: int, months: int, params: Params):
    """A state after ``months`` months (so queues and sanctions are populated)."""
    setting, levers, gdp = world(n)
    state = start(setting, levers, gdp, params)
    rng = make_rng(0)
    for _ in range(months):
        state = advance(state, params, rng, CORE)
    return state, rng


def ms(fn, repeats: int) -> float:
    """Median milliseconds of ``fn()``."""
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return 1e3 * statistics.median(times)


def make_recorder(setting, steps: int) -> Recorder:
    """A recorder for ``steps`` months (its signature gained the club count over time)."""
    try:
        return Recorder(setting.n, steps, setting.clubs.k)
    except TypeError:
        return Recorder(setting.n, steps)


def per_mechanism(n: int, months: int, params: Params) -> list[tuple[str, float]]:
    """Median ms per month of each core mechanism (and the recorder) over ``months``."""
    state, rng = warm_state(n, 2, params)
    times: dict[str, list[float]] = {name: [] for name, _ in CORE}
    times["recorder"] = []
    recorder = make_recorder(state.setting, months)
    for k in range(months):
        for name, mech in CORE:
            t0 = time.perf_counter()
            state = mech(state, params, rng)
            times[name].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        recorder.record(k, state, params)
        times["recorder"].append(time.perf_counter() - t0)
    return [(name, 1e3 * statistics.median(t)) for name, t in times.items()]


def profile(fn, top: int) -> str:
    """cProfile of ``fn()``: the ``top`` functions by own time."""
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    text = buf.getvalue()
    keep = text[text.index("ncalls") - 2 :] if "ncalls" in text else text
    return "\n".join(
        line.rstrip().replace(str(ROOT) + "/", "") for line in keep.splitlines() if line.strip()
    )


# --- what-if: the suggested optimisations, written here and timed ------------------------
def static_target(state, params: Params, dtype=np.float64) -> np.ndarray:
    """Terms of the trust target that change only with levers or memberships."""
    s, lv = state.setting, state.levers
    return (
        params.trust_base
        + params.trust_w_similarity * (similarity(lv) - 0.5)
        + params.trust_w_membership * (1.0 - np.exp(-trust.shared_memberships(state) / 2.0))
        - params.trust_w_rivalry * s.rivalry
    ).astype(dtype)


def fused_target(static: np.ndarray, state, params: Params) -> np.ndarray:
    """The trust target from cached static terms: the per-month terms only, in place."""
    s, lv = state.setting, state.levers
    dt = static.dtype
    judge = (1.0 + params.trust_liberal_amplifier * (s.regime - 0.5)).astype(dt)
    harm = (
        params.trust_w_offense * lever(lv, "offense")
        + params.trust_w_surveillance * unchecked_surveillance(lv)
    ).astype(dt)
    toward = (
        params.trust_w_openness * (openness(lv) - 0.5)
        + params.trust_w_disclosure * (lever(lv, "disclosure") - 0.5)
    ).astype(dt)
    t = np.multiply.outer(-judge, harm)
    t += static
    t += toward[None, :]
    if state.sanctions.any():
        both = (state.sanctions > 0) | (state.sanctions.T > 0)
        t -= dt.type(params.trust_w_sanction) * both
    np.clip(t, 0.0, 1.0, out=t)
    np.fill_diagonal(t, 1.0)
    return t


def trust_step_fused(static, trust_arr, state, params: Params) -> np.ndarray:
    """One trust month with the fused target, updating ``trust_arr`` in place."""
    t = fused_target(static, state, params)
    t -= trust_arr
    t *= t.dtype.type(params.trust_rate)
    trust_arr += t
    np.clip(trust_arr, 0.0, 1.0, out=trust_arr)
    return trust_arr


def dense_drop(trust_arr: np.ndarray, drop: np.ndarray, contagion: float) -> np.ndarray:
    """Reputational contagion with the full ``(N, N) @ (N, N)`` product."""
    partners = trust_arr.copy()
    np.fill_diagonal(partners, 0.0)
    out = np.clip(trust_arr - drop - contagion * (partners @ drop), 0.0, 1.0)
    np.fill_diagonal(out, 1.0)
    return out


def sparse_drop(
    trust_arr: np.ndarray, drop: np.ndarray, cols: np.ndarray, contagion: float
) -> np.ndarray:
    """:func:`netpolitik.engine.trust.apply_drop` computing only the attributed columns."""
    out = trust_arr.copy()
    partners = trust_arr.copy()
    np.fill_diagonal(partners, 0.0)
    sub = drop[:, cols]
    out[:, cols] = np.clip(trust_arr[:, cols] - sub - contagion * (partners @ sub), 0.0, 1.0)
    np.fill_diagonal(out, 1.0)
    return out


def sparse_poisson(rng: np.random.Generator, rate: np.ndarray) -> np.ndarray:
    """Poisson counts of every pair, drawn as one total and a categorical split (same law)."""
    flat = rate.ravel()
    total = flat.sum()
    counts = np.zeros(flat.size, dtype=np.int64)
    k = rng.poisson(total)
    if k:
        cum = np.cumsum(flat)
        idx = np.searchsorted(cum, rng.random(k) * cum[-1], side="right")
        np.add.at(counts, np.minimum(idx, flat.size - 1), 1)
    return counts.reshape(rate.shape)


def what_if(n: int, params: Params, repeats: int) -> list[tuple[str, float, float]]:
    """(change, current ms, alternative ms) per suggested optimisation at size ``n``."""
    state, rng = warm_state(n, 3, params)
    rows = []
    # trust month: current vs cached static terms (float64, float32)
    cur = ms(lambda: trust.step(state, params, rng), repeats)
    static64 = static_target(state, params)
    t64 = state.trust.copy()
    fused64 = ms(lambda: trust_step_fused(static64, t64, state, params), repeats)
    static32 = static_target(state, params, np.float32)
    t32 = state.trust.astype(np.float32)
    fused32 = ms(lambda: trust_step_fused(static32, t32, state, params), repeats)
    err = float(
        np.abs(
            trust_step_fused(static64, state.trust.copy(), state, params)
            - trust.step(state, params, rng).trust
        ).max()
    )
    rows.append((f"trust month: cache static terms + fuse (max diff {err:.0e})", cur, fused64))
    rows.append(("trust month: ... and float32", cur, fused32))
    rows.append(
        ("  of which similarity(levers)", ms(lambda: similarity(state.levers), repeats), 0.0)
    )
    # contagion: full matmul vs attributed columns (typical month: a few attackers)
    k_att = 3
    att = np.argsort(-lever(state.levers, "offense"))[:k_att]
    drop = np.zeros((n, n))
    drop[:, att] = 0.01
    np.fill_diagonal(drop, 0.0)
    full = ms(lambda: dense_drop(state.trust, drop, params.trust_contagion), repeats)
    part = ms(lambda: sparse_drop(state.trust, drop, att, params.trust_contagion), repeats)
    diff = float(
        np.abs(
            dense_drop(state.trust, drop, params.trust_contagion)
            - sparse_drop(state.trust, drop, att, params.trust_contagion)
        ).max()
    )
    rows.append(
        (
            f"contagion, {k_att} attackers: N x N matmul -> columns only (max diff {diff:.0e})",
            full,
            part,
        )
    )
    rows.append(
        (
            "  engine's apply_drop as it is now",
            ms(lambda: trust.apply_drop(state.trust, drop, params.trust_contagion), repeats),
            0.0,
        )
    )
    # incidents: Poisson of all pairs vs total + categorical
    rate = incidents.attack_rate(state, params)
    rows.append(
        (
            "  attack_rate(state) (N x N rates)",
            ms(lambda: incidents.attack_rate(state, params), repeats),
            0.0,
        )
    )
    rows.append(
        (
            "Poisson: one draw per pair -> total + categorical split",
            ms(lambda: rng.poisson(rate), repeats),
            ms(lambda: sparse_poisson(rng, rate), repeats),
        )
    )
    rows.append(
        (
            "whole month (advance, core rules)",
            ms(lambda: advance(state, params, rng, CORE), repeats),
            0.0,
        )
    )
    rows.append(
        (
            "responses month (this state's attributions)",
            ms(lambda: responses.step(state, params, rng), repeats),
            0.0,
        )
    )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="profile the engine's core rules")
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "profile.txt")
    args = ap.parse_args(argv)
    params = Params()
    sizes = (195, 1000) if not args.quick else (195, 300)
    months = 20 if not args.quick else 3
    repeats = 9 if not args.quick else 3
    out: list[str] = []

    def say(text: str = "") -> None:
        print(text)
        out.append(text)

    say("1. median ms per month, by mechanism")
    for n in sizes:
        rows = per_mechanism(n, months, params)
        total = sum(t for _, t in rows)
        say(f"   N={n}: total {total:.2f} ms")
        for name, t in rows:
            say(f"     {name:12s} {t:9.3f} ms  {100 * t / total:5.1f}%")
    say()
    setting, levers, gdp = world(195)
    say("2a. cProfile: real world N=195, 120 months, core rules (simulate)")
    say(
        profile(
            lambda: simulate(
                setting,
                levers,
                gdp,
                steps=120 if not args.quick else 12,
                seed=0,
                params=params,
                mechanisms=CORE,
            ),
            18,
        )
    )
    big = sizes[-1]
    s2, l2, g2 = world(big)
    say(f"\n2b. cProfile: synthetic N={big}, 10 months, core rules (simulate)")
    say(
        profile(
            lambda: simulate(
                s2,
                l2,
                g2,
                steps=10 if not args.quick else 2,
                seed=0,
                params=params,
                mechanisms=CORE,
            ),
            18,
        )
    )
    say()
    say("3. what-if timings (ms): current engine code vs the suggested change")
    for n in sizes:
        say(f"   N={n}")
        for name, cur, alt in what_if(n, params, repeats):
            if alt:
                say(f"     {name:58s} {cur:9.3f} -> {alt:9.3f}  ({cur / alt:5.1f}x)")
            else:
                say(f"     {name:58s} {cur:9.3f}")
    args.out.write_text("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
