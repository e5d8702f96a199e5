"""The README's Performance table from a ``benchmarks/run.py`` results file.

Run from the repository root after ``benchmarks/run.py``, and paste the output over the
table in the README's Performance section::

    .venv/bin/python benchmarks/table.py                 # benchmarks/results.json
    .venv/bin/python benchmarks/table.py results.json    # another results file
    .venv/bin/python benchmarks/table.py --write         # replace it in README and docs

``--write`` replaces the lines between ``<!-- latest-run`` and ``<!-- /latest-run -->`` in
``README.md`` and ``docs/performance.md``.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: The generated block in each file it is written to.
BLOCK = re.compile(r"(<!-- latest-run[^\n]*-->\n).*?(<!-- /latest-run -->)", re.S)
TARGETS = (ROOT / "README.md", ROOT / "docs" / "performance.md")


def _goal(met: bool, goal: str) -> str:
    return f"goal {goal} {'met' if met else '**not met**'}"


def rows(res: dict) -> list[str]:
    """The table's markdown lines: figure, measured result, goal."""
    m = res["machine"]
    out = [
        "| figure | measured (one run of `benchmarks/run.py`) | goal |",
        "|---|---|---|",
    ]
    for r in res["vs_mesa"]:
        goal = _goal(r["ratio"] >= 100, "≥ 100×") if r["n"] >= 194 else "—"
        out.append(
            f"| core rules vs the fair Mesa reference, N = {r['n']}, per month | "
            f"{r['engine_step_ms']:.2f} ms vs {r['mesa_step_ms']:.1f} ms: "
            f"**{r['ratio']:.0f}×** | {goal} |"
        )
    for name, r in res["fused_floor"]["rows"].items():
        out.append(
            f"| {name} month (baseline, whole world) vs the fused-kernel floor (same "
            f"{r['read_mib'] + r['written_mib']:.1f} MiB in one pass) | "
            f"{r['month_ms']:.2f} ms vs {r['floor_ms']:.3f} ms: **{r['ratio']:.0f}×** | "
            f"{_goal(r['ratio'] <= 3, 'within 3×')} |"
        )
    en = res.get("ensemble")
    p, d = (en["pool"], en["dask"]) if en else ({}, {})
    out.append(
        f"| `netpolitik ensemble` {p['runs']:,} runs × {p['years']:g} years, whole world, "
        f"{p['workers']} workers | **{p['wall_s']:.0f} s** wall at load "
        f"{p['load_before']:.1f}-{p['load_after']:.1f} on {m['cores']} cores; largest "
        f"process {p['peak_rss_first_fifth_mib']:.0f} MiB after a fifth, "
        f"{p['peak_rss_mib']:.0f} MiB at the end; {p['cpu_per_run_s']:.2f} CPU s per run, "
        f"so about **{1000 * p['cpu_per_run_s'] / p['workers']:.0f} s** for 1,000 runs on an "
        f"idle machine | {_goal(1000 * p['cpu_per_run_s'] / p['workers'] < 60, '< 60 s idle')} |"
    ) if en else None
    sc = res["scaling"]
    months = ", ".join(f"{r['step_ms']:.1f} ms ({r['n']:,})" for r in sc["rows"])
    last = sc["rows"][-1]
    out.append(
        f"| time per month (core rules, synthetic worlds, N) | {months}; exponent "
        f"**{sc['exponent']:.2f}** | "
        f"{_goal(last['n'] >= 5000 and last['step_ms'] < 100, '< 100 ms at 5,000')} |"
    )
    cs = res["cli_start"]["cpu_s"]
    ratio = res["cli_start"]["help_ratio"]
    out.append(
        f'| `netpolitik --help` vs `python -c "import numpy"` (child CPU) | '
        f"{1e3 * cs['netpolitik --help']:.0f} ms vs {1e3 * cs['import numpy']:.0f} ms: "
        f"**{ratio:.1f}×** | {_goal(ratio <= 3, '≤ 3×')} |"
    )
    rp = res["report"]
    met = rp["first_wall_s"] < 1
    verdict = _goal(met, "< 1 s")
    if not met and rp["first_cpu_s"] < 1:
        verdict = "goal < 1 s met in CPU time, not in wall time on the loaded machine"
    out.append(
        f"| `report.html`, {rp['countries']} countries, {rp['years']:g} years (fresh "
        f"process, first call) | **{rp['first_wall_s']:.2f} s** wall "
        f"({rp['first_cpu_s']:.2f} s CPU; again {rp['again_wall_s']:.2f} s) | "
        f"{verdict} |"
    )
    if en:
        out.append(
            f"| Dask LocalCluster ({d['workers']} workers) vs the process pool, same "
            f"ensemble | {d['wall_s']:.0f} s vs {en['pool_same']['wall_s']:.0f} s: "
            f"**{en['dask_ratio']:.2f}×** | small overhead |"
        )
    mem = res.get("memory")
    if not mem:
        return out
    full, lean = mem["engine_R"], mem["lean_R"]
    out.append(
        f"| memory per 10-year run kept (traced), full vs lean recording, "
        f"R = {full['replications']} | {full['traced_peak_mib'] / full['replications']:.1f} "
        f"MiB vs {lean['traced_peak_mib'] / lean['replications']:.2f} MiB | — |"
    )
    return out


def machine_line(res: dict) -> str:
    """The machine and load of the run, as read at run time."""
    m = res["machine"]
    start, end = m.get("load_average_at_start"), m.get("load_average_at_end")
    return (
        f"Machine (read from `/proc/cpuinfo` at run time): {m.get('cpu', m['cpu_model'])}, "
        f"{m['cores']} cores, L3 {m.get('caches_per_core_or_shared', {}).get('L3', '?')}, "
        f"{m.get('memory_gib', '?')} GiB; Python {m['python']}, NumPy {m['numpy']}, "
        f"Mesa {m['mesa']}. Load average (1, 5, 15 min) {start} at the start and {end} at "
        "the end: the machine was shared with other jobs."
    )


def write(text: str) -> None:
    """Replace the generated block of every target file by ``text``."""
    for target in TARGETS:
        old = target.read_text()
        new, count = BLOCK.subn(lambda m: m.group(1) + text + "\n" + m.group(2), old)
        if count != 1:
            raise SystemExit(f"{target}: expected one latest-run block, found {count}")
        target.write_text(new)


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--write"]
    path = Path(args[0]) if args else ROOT / "benchmarks" / "results.json"
    results = json.loads(path.read_text())
    text = machine_line(results) + "\n\n" + "\n".join(rows(results))
    if "--write" in sys.argv[1:]:
        write(text)
    print(text)
