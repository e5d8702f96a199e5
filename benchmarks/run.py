"""netpolitik's performance evidence, every figure a ratio measured in this one run.

Run from the repository root (after any change to the engine, rerun and update the README's
Performance table and ``docs/performance.md`` from the printed summary)::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/run.py            # ~10-15 minutes
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/run.py --quick    # smoke run, ~1 min

In-process times (sections 1-3) are CPU time of this process, medians: the code is
single-threaded, and on a shared machine wall time mostly measures the other jobs. The
ensemble is wall time (and its processes' CPU), the start child CPU, the report both.
Figures are printed as tables and a summary; the results, the machine (read from
``/proc/cpuinfo`` and ``/proc/loadavg`` at run time) and the exact command go to
``benchmarks/results.json`` (``--out`` to change; ``--quick`` writes
``benchmarks/results-quick.json``). Sections (``docs/performance.md`` explains each):

1. **vs Mesa**: one 10-year run (120 months, core rules) of the engine against the fair
   Mesa reference (``benchmarks/mesa_reference``, static pair terms precomputed) at N=50 (a
   real-world subset) and N=195 (the real world), interleaved repeats.
2. **fused-kernel floor**: a full month and a core month of the baseline's whole world
   against one fused pass that moves the same bytes (:mod:`benchmarks.fused_floor`).
3. **scaling**: time of one month (``advance`` with the core rules) on synthetic worlds of
   N=195, 1000, 5000 and the log-log slope of time against N.
4. **ensemble**: ``netpolitik ensemble baseline --runs 1000 --years 10 --workers 2`` on the
   process pool and on a Dask LocalCluster of 2 workers, and their ratio
   (:mod:`benchmarks.ensemble_cli`).
5. **start**: CPU time of ``netpolitik --help`` and ``--version`` against ``python -c
   "import numpy"``, fresh interpreters, interleaved (:mod:`benchmarks.cli_start`).
6. **report**: writing ``report.html`` for a whole-world 10-year run, in a fresh process.
7. **memory**: peak resident memory and traced (tracemalloc) peak of one 10-year run and
   of R runs kept in memory (full and lean recordings), each in a fresh subprocess.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.cli_start import cli_start  # noqa: E402
from benchmarks.cli_start import lines as cli_start_lines  # noqa: E402
from benchmarks.ensemble_cli import ensembles  # noqa: E402
from benchmarks.ensemble_cli import lines as ensemble_lines  # noqa: E402
from benchmarks.equivalence import SUBSET  # noqa: E402
from benchmarks.fused_floor import CLOCK, fused_floor  # noqa: E402
from benchmarks.fused_floor import lines as floor_lines  # noqa: E402
from benchmarks.mesa_reference import CyberPoliticsModel  # noqa: E402
from netpolitik.engine.record import lean  # noqa: E402
from netpolitik.engine.setup import from_world  # noqa: E402
from netpolitik.engine.simulator import CORE, advance, make_rng, simulate, start  # noqa: E402
from netpolitik.engine.synthetic import synthetic_setting  # noqa: E402
from netpolitik.params import Params  # noqa: E402
from netpolitik.world import load_world  # noqa: E402

#: N=50: the equivalence subset and the ten next largest economies.
SUBSET_50: tuple[str, ...] = (
    *SUBSET,
    "CHE",
    "MEX",
    "IDN",
    "ZAF",
    "ARG",
    "NOR",
    "BEL",
    "AUT",
    "THA",
    "PHL",
)
YEARS_10 = 120
MiB = 2.0**20

FULL = {
    "repeats": 3,
    "mesa_repeats": 2,
    "mesa_steps": {50: 120, 195: 36},
    "sizes": (195, 1000, 5000),
    "size_steps": {10: 40, 195: 40, 1000: 10, 5000: 2},
    "replications": 30,
    "floor_months": 40,
    "floor_repeats": 300,
    "ensemble_runs": 1000,
    "ensemble_years": 10,
    "ensemble_workers": 2,
    "report_years": 10,
    "report_repeats": 3,
    "start_repeats": 7,
}
QUICK = {
    "repeats": 2,
    "mesa_repeats": 1,
    "mesa_steps": {50: 4, 195: 2},
    "sizes": (195, 390),
    "size_steps": {10: 3, 195: 3, 390: 3},
    "replications": 4,
    "floor_months": 3,
    "floor_repeats": 5,
    "ensemble_runs": 4,
    "ensemble_years": 0.5,
    "ensemble_workers": 2,
    "report_years": 0.5,
    "report_repeats": 1,
    "start_repeats": 1,
}


# --- helpers -------------------------------------------------------------------------------
def real_world(n: int):
    """(setting, levers, gdp): the whole real world (195) or the 50-country subset."""
    return from_world(load_world(None if n == 195 else list(SUBSET_50)))


def median_time(fn, repeats: int) -> float:
    """Median CPU time (:data:`~benchmarks.fused_floor.CLOCK`) of ``fn()`` over ``repeats``
    calls."""
    times = []
    for _ in range(repeats):
        gc.collect()
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    return statistics.median(times)


def cpuinfo() -> dict:
    """The first processor of ``/proc/cpuinfo``, read now: model name, vendor, family,
    model, stepping, and whether it runs under a hypervisor; ``cpu`` sums them up."""
    fields: dict[str, str] = {}
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if not line.strip():
            break  # the end of the first processor's block
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    out = {
        "cpu_model": fields.get("model name", "unknown"),
        "cpu_vendor": fields.get("vendor_id", ""),
        "cpu_family": fields.get("cpu family", ""),
        "cpu_model_number": fields.get("model", ""),
        "cpu_stepping": fields.get("stepping", ""),
        "virtualised": "hypervisor" in fields.get("flags", "").split(),
    }
    out["cpu"] = (
        f"{out['cpu_model']} (family {out['cpu_family']}, model {out['cpu_model_number']}, "
        f"stepping {out['cpu_stepping']}{'; virtual machine' if out['virtualised'] else ''})"
    )
    return out


def machine() -> dict:
    """Cores, CPU model, caches, memory, load and library versions of this machine."""
    info: dict = {"cores": os.cpu_count(), "cpu_model": platform.processor() or "unknown"}
    try:
        info.update(cpuinfo())
        caches = {}
        for idx in sorted(Path("/sys/devices/system/cpu/cpu0/cache").glob("index*")):
            level, kind = (idx / "level").read_text().strip(), (idx / "type").read_text().strip()
            caches[f"L{level}{'d' if kind == 'Data' else 'i' if kind == 'Instruction' else ''}"] = (
                (idx / "size").read_text().strip()
            )
        info["caches_per_core_or_shared"] = caches
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gib"] = round(int(line.split()[1]) / 2**20, 1)
        info["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    import mesa

    info.update(
        python=platform.python_version(),
        numpy=np.__version__,
        mesa=mesa.__version__,
        platform=platform.platform(),
        OPENBLAS_NUM_THREADS=os.environ.get("OPENBLAS_NUM_THREADS"),
    )
    return info


def command() -> str:
    """The exact command line of this run, with the thread setting in force."""
    env = " ".join(
        f"{k}={os.environ[k]}"
        for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
        if k in os.environ
    )
    exe = os.path.relpath(sys.executable, Path.cwd()) if sys.executable else "python"
    argv = [exe, *sys.argv]
    return (env + " " if env else "") + " ".join(shlex.quote(a) for a in argv)


# --- 1. vs Mesa ----------------------------------------------------------------------------
def vs_mesa(n: int, cfg: dict) -> dict:
    """Engine vs Mesa reference per month on the real world of ``n`` countries."""
    setting, levers, gdp = real_world(n)
    params = Params()
    mesa_steps = cfg["mesa_steps"][n]
    engine_t, mesa_t = [], []
    # warm both (imports, caches), then interleave repeats so load hits both alike
    simulate(setting, levers, gdp, steps=2, seed=0, params=params, mechanisms=CORE)
    CyberPoliticsModel(setting, levers, gdp, params, seed=0).run(1)
    for r in range(max(cfg["repeats"], cfg["mesa_repeats"])):
        if r < cfg["repeats"]:
            engine_t.append(
                median_time(
                    lambda r=r: simulate(
                        setting, levers, gdp, steps=YEARS_10, seed=r, params=params, mechanisms=CORE
                    ),
                    1,
                )
            )
        if r < cfg["mesa_repeats"]:
            mesa_t.append(
                median_time(
                    lambda r=r: CyberPoliticsModel(setting, levers, gdp, params, seed=r).run(
                        mesa_steps
                    ),
                    1,
                )
            )
    e_run, m_run = statistics.median(engine_t), statistics.median(mesa_t)
    e_step, m_step = e_run / YEARS_10, m_run / mesa_steps
    return {
        "n": setting.n,
        "engine_months": YEARS_10,
        "mesa_months": mesa_steps,
        "engine_run_s": e_run,
        "engine_step_ms": 1e3 * e_step,
        "mesa_run_s": m_run,
        "mesa_step_ms": 1e3 * m_step,
        "mesa_10y_s": m_step * YEARS_10,
        "mesa_10y_projected": mesa_steps != YEARS_10,
        "ratio": m_step / e_step,
        "ratio_best": (min(mesa_t) / mesa_steps) / (min(engine_t) / YEARS_10),
        "engine_times_s": engine_t,
        "mesa_times_s": mesa_t,
    }


# --- 3. scaling ----------------------------------------------------------------------------
def step_time(n: int, steps: int, params: Params) -> dict:
    """Median time of one month (core rules) on a synthetic world of ``n`` countries."""
    setting, levers, gdp = synthetic_setting(n, seed=0)
    state = start(setting, levers, gdp, params)
    rng = make_rng(0)
    state = advance(state, params, rng, CORE)  # warm-up month
    times = []
    gc.collect()
    for _ in range(steps):  # no gc.collect() in between: it would evict the caches
        t0 = CLOCK()
        state = advance(state, params, rng, CORE)
        times.append(CLOCK() - t0)
    return {"n": n, "step_ms": 1e3 * statistics.median(times), "times_ms": [1e3 * t for t in times]}


def scaling(cfg: dict) -> dict:
    """Time per month against N and the fitted log-log exponent."""
    params = Params()
    rows = [step_time(n, cfg["size_steps"][n], params) for n in cfg["sizes"]]
    logn = np.log([r["n"] for r in rows])
    logt = np.log([r["step_ms"] for r in rows])
    slope = float(np.polyfit(logn, logt, 1)[0])
    local = [float((logt[k + 1] - logt[k]) / (logn[k + 1] - logn[k])) for k in range(len(rows) - 1)]
    # a month of 10 countries: the fixed cost of calling the mechanisms (not in the fit)
    overhead = step_time(10, cfg["size_steps"][10], params)
    return {
        "rows": rows,
        "exponent": slope,
        "local_exponents": local,
        "overhead_n10_ms": overhead["step_ms"],
    }


# --- 7. memory -----------------------------------------------------------------------------
def _status_kib(field: str) -> int:
    """A ``/proc/self/status`` memory field (``VmRSS``, ``VmHWM``) in KiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # fallback: KiB on Linux


def _child(mode: str, steps: int, replications: int) -> dict:
    """One memory measurement in this fresh process: peak RSS and traced peak of the runs.

    After loading the world, the kernel's peak-RSS mark is reset (``/proc/self/clear_refs``)
    so ``VmHWM`` is the peak during the runs; ``ru_maxrss`` is not used as it carries the
    parent's peak across ``exec``. The runs are then repeated under ``tracemalloc``, whose
    peak counts the bytes allocated by Python objects and NumPy arrays during them.
    """
    import tracemalloc

    setting, levers, gdp = real_world(195)
    params = Params()

    def runs() -> list:
        kept = []
        for r in range(replications):
            if mode in ("engine", "lean"):
                record = lean() if mode == "lean" else None
                kept.append(
                    simulate(
                        setting,
                        levers,
                        gdp,
                        steps=steps,
                        seed=r,
                        params=params,
                        mechanisms=CORE,
                        **({"record": record} if record else {}),
                    )
                )
            else:
                model = CyberPoliticsModel(setting, levers, gdp, params, seed=r)
                model.run(steps)
                kept.append(model)
        return kept

    gc.collect()
    base = _status_kib("VmRSS")
    try:
        Path("/proc/self/clear_refs").write_text("5")
        reset = True
    except OSError:
        reset = False
    kept = runs()
    hwm = _status_kib("VmHWM")
    del kept
    gc.collect()
    tracemalloc.start()
    held = runs()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    del held
    return {
        "mode": mode,
        "steps": steps,
        "replications": replications,
        "rss_before_mib": base / 1024,
        "peak_rss_mib": hwm / 1024,
        "peak_rss_increase_mib": (hwm - base) / 1024,
        "hwm_reset": reset,
        "traced_peak_mib": peak / MiB,
    }


def measure_child(mode: str, steps: int, replications: int) -> dict:
    """One :func:`_child` in a subprocess (fresh interpreter, so peaks are its own)."""
    out = subprocess.run(
        [sys.executable, __file__, "--child", json.dumps([mode, steps, replications])],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def memory(cfg: dict, quick: bool) -> dict:
    """Peak memory of one 10-year run and of R runs kept, engine (and Mesa for scale)."""
    steps = 12 if quick else YEARS_10
    r_count = cfg["replications"]
    res = {}
    for key, mode, st, reps in (
        ("engine_1", "engine", steps, 1),
        ("engine_R", "engine", steps, r_count),
        ("lean_R", "lean", steps, r_count),
        ("mesa_1", "mesa", cfg["mesa_steps"][195], 1),
    ):
        res[key] = measure_child(mode, st, reps)
    return res


# --- 6. report ---------------------------------------------------------------------------
def report_html(years: float, repeats: int) -> dict:
    """``report.html`` of a whole-world run, timed in a fresh process (bench_report.py)."""
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "bench_report.py"),
            "--html-json",
            str(years),
            "--repeat",
            str(repeats),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --- printed tables ------------------------------------------------------------------------
def report(results: dict) -> str:
    """The results as a printed table and the summary lines of every ratio."""
    lines = []
    m = results["machine"]
    lines.append(
        f"machine: {m['cores']} cores, {m.get('cpu', m['cpu_model'])}, python {m['python']}, "
        f"numpy {m['numpy']}, mesa {m['mesa']}, load {m.get('load_average_at_start')}"
    )
    lines.append("")
    lines.append(
        "1. netpolitik vs Mesa reference (core rules, real world, per month; medians, "
        "and the ratio of the fastest repeats)"
    )
    lines.append(
        f"   {'N':>5} {'engine ms':>10} {'mesa ms':>10} {'engine 10y s':>13} "
        f"{'mesa 10y s':>11} {'ratio':>8} {'best-of':>8}"
    )
    for row in results["vs_mesa"]:
        proj = "*" if row["mesa_10y_projected"] else " "
        lines.append(
            f"   {row['n']:5d} {row['engine_step_ms']:10.3f} {row['mesa_step_ms']:10.2f} "
            f"{row['engine_run_s']:13.3f} {row['mesa_10y_s']:10.2f}{proj} "
            f"{row['ratio']:7.0f}x {row['ratio_best']:7.0f}x"
        )
    if any(row["mesa_10y_projected"] for row in results["vs_mesa"]):
        lines.append("   * projected from a shorter Mesa run (per-month time x 120)")
    lines.append("")
    lines.extend(floor_lines(results["fused_floor"]))
    lines.append("")
    sc = results["scaling"]
    lines.append("3. scaling (synthetic worlds, one month of the core rules)")
    for row in sc["rows"]:
        lines.append(f"   N={row['n']:5d}  {row['step_ms']:10.2f} ms/month")
    lines.append(
        f"   local exponents: {', '.join(f'{x:.2f}' for x in sc['local_exponents'])}; "
        f"fixed cost (N=10): {sc['overhead_n10_ms']:.2f} ms/month"
    )
    lines.append("")
    if "ensemble" in results:
        lines.extend(ensemble_lines(results["ensemble"]))
    lines.append("")
    lines.extend(cli_start_lines(results["cli_start"]))
    lines.append("")
    rp = results["report"]
    lines.append(
        f"6. report.html, {rp['countries']} countries, {rp['years']:g} years (fresh process): "
        f"first {rp['first_wall_s']:.2f} s wall ({rp['first_cpu_s']:.2f} s CPU), again "
        f"{rp['again_wall_s']:.2f} s ({rp['again_cpu_s']:.2f} s CPU); {rp['html_mib']:.1f} MiB"
    )
    lines.append("")
    mem = results.get("memory", {})  # absent when a merged run did not measure it
    lines.append("7. peak memory (fresh subprocess each; increase over the loaded world)")
    for key, row in mem.items():
        lines.append(
            f"   {key:9s} {row['replications']:3d} run(s) x {row['steps']:3d} months: "
            f"peak RSS {row['peak_rss_mib']:7.1f} MiB "
            f"(+{row['peak_rss_increase_mib']:.1f}), "
            f"traced peak {row['traced_peak_mib']:8.2f} MiB"
        )
    lines.append("")
    lines.append("summary")
    lines.append(
        f"   machine: {m.get('cpu', m['cpu_model'])}, {m['cores']} cores; load average "
        f"{m.get('load_average_at_start')} at the start, {m.get('load_average_at_end')} at the end"
    )
    for row in results["vs_mesa"]:
        lines.append(f"   ratio vs Mesa N={row['n']}: {row['ratio']:.0f}x faster per month")
    lines.append(
        f"   scaling exponent N={sc['rows'][0]['n']}..{sc['rows'][-1]['n']}: {sc['exponent']:.2f}"
    )
    for name, row in results["fused_floor"]["rows"].items():
        lines.append(
            f"   {name} month vs fused-kernel floor: {row['ratio']:.1f}x "
            f"({row['month_ms']:.2f} ms vs {row['floor_ms']:.3f} ms)"
        )
    lines.append(
        "   time per month: " + ", ".join(f"N={r['n']} {r['step_ms']:.1f} ms" for r in sc["rows"])
    )
    en = results.get("ensemble")
    if en:
        lines.append(
            f"   ensemble {en['pool']['runs']} runs x {en['pool']['years']:g} years, "
            f"{en['pool']['workers']} workers: {en['pool']['wall_s']:.1f} s wall "
            f"(load {en['pool']['load_before']:.1f}); dask/pool ratio {en['dask_ratio']:.2f}x"
        )
    lines.append(
        f"   report.html {rp['countries']} countries x {rp['years']:g} years: "
        f"{rp['first_wall_s']:.2f} s (first call, wall)"
    )
    one, many = mem.get("engine_1"), mem.get("engine_R")
    lines.append(
        "   memory: not measured in this run"
        if one is None or many is None
        else f"   memory one run: +{one['peak_rss_increase_mib']:.1f} MiB RSS "
        f"(traced {one['traced_peak_mib']:.1f} MiB); "
        f"R={many['replications']} runs: +{many['peak_rss_increase_mib']:.1f} MiB RSS "
        f"(traced {many['traced_peak_mib']:.1f} MiB, "
        f"{many['traced_peak_mib'] / many['replications']:.2f} MiB per run); lean "
        f"{mem['lean_R']['traced_peak_mib'] / many['replications']:.3f} MiB per run"
    )
    cs = results["cli_start"]
    lines.append(
        f"   start: netpolitik --help {cs['help_ratio']:.1f}x `import numpy` "
        f"(--version {cs['version_ratio']:.1f}x)"
    )
    return "\n".join(lines)


def merge(parts: list[dict]) -> dict:
    """One results dict from runs of different ``--sections`` (later parts win); each
    part's command, machine and load are kept under ``parts``."""
    merged: dict = {"parts": []}
    for part in parts:
        merged.update(part)
        merged["parts"].append({k: part.get(k) for k in ("command", "machine", "seconds")})
    loads = [p["machine"].get("load_average_at_start") for p in parts]
    ends = [p["machine"].get("load_average_at_end") for p in parts]
    merged["machine"] = {
        **parts[0]["machine"],
        "load_average_at_start": loads[0],
        "load_average_at_end": ends[-1],
    }
    merged["command"] = " ; ".join(p["command"] for p in parts)
    return merged


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="netpolitik performance benchmarks")
    ap.add_argument("--quick", action="store_true", help="smoke run: tiny sizes, seconds")
    ap.add_argument("--out", type=Path, help="results JSON (default benchmarks/results.json)")
    ap.add_argument("--ensemble-runs", type=int, help="runs of the ensemble (default 1000)")
    ap.add_argument(
        "--dask-runs", type=int, help="runs of the Dask-vs-pool ensemble (default: the same)"
    )
    ap.add_argument(
        "--sections", help="comma-separated sections to run (default all), e.g. ensemble"
    )
    ap.add_argument(
        "--print",
        nargs="+",
        type=Path,
        dest="show",
        metavar="JSON",
        help="print the tables of saved results (parts merged in order; --out writes them)",
    )
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.show:
        merged = merge([json.loads(p.read_text()) for p in args.show])
        print(report(merged))
        if args.out:
            args.out.write_text(json.dumps(merged, indent=2) + "\n")
        return 0
    if args.child:
        print(json.dumps(_child(*json.loads(args.child))))
        return 0
    cfg = QUICK if args.quick else FULL
    out = args.out or ROOT / "benchmarks" / ("results-quick.json" if args.quick else "results.json")
    t0 = time.perf_counter()
    results = {
        "command": command(),
        "quick": args.quick,
        "machine": machine(),
        "config": {
            k: v if not isinstance(v, dict) else {str(a): b for a, b in v.items()}
            for k, v in cfg.items()
        },
    }
    sections: dict[str, Callable[[], Any]] = {
        "vs_mesa": lambda: [vs_mesa(50, cfg), vs_mesa(195, cfg)],
        "fused_floor": lambda: fused_floor(cfg["floor_months"], cfg["floor_repeats"]),
        "scaling": lambda: scaling(cfg),
        "cli_start": lambda: cli_start(cfg["start_repeats"]),
        "report": lambda: report_html(cfg["report_years"], cfg["report_repeats"]),
        "memory": lambda: memory(cfg, args.quick),
        "ensemble": lambda: ensembles(
            args.ensemble_runs or cfg["ensemble_runs"],
            cfg["ensemble_years"],
            cfg["ensemble_workers"],
            args.dask_runs,
        ),
    }
    chosen = args.sections.split(",") if args.sections else list(sections)
    unknown = sorted(set(chosen) - set(sections))
    if unknown:
        ap.error(f"--sections: unknown {unknown}; choose from {', '.join(sections)}")
    for name in chosen:  # saved after each, so a long run keeps its part
        section = sections[name]
        print(f"[{time.perf_counter() - t0:6.0f} s] {name} ...", file=sys.stderr, flush=True)
        results[name] = section()
        results["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
        out.write_text(json.dumps(results, indent=2) + "\n")
    results["seconds"] = time.perf_counter() - t0
    if args.sections:  # a part of the run: its JSON only (merge it into the full results)
        print(json.dumps({k: results[k] for k in chosen}, indent=1))
        print(f"\nwrote {out} ({results['seconds']:.0f} s)")
        return 0
    print(report(results))
    print(f"\nwrote {out} ({results['seconds']:.0f} s)")
    out.write_text(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
