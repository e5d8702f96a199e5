"""Report benchmark: CPU time of writing a run's report and an ensemble report.

Run from the repository root::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_report.py
    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_report.py --quick  # 12 countries

Runs the baseline scenario over the whole world (``--years``, default 0.5) into a temporary
run folder, as ``netpolitik run baseline`` does, and two ensembles (baseline and
firewall_world, ``--runs`` each, 1 year, no tables), then prints the CPU time (user + sys
of this process) of :func:`~netpolitik.report.write_report` and
:func:`~netpolitik.report.write_ensemble_report`: the first call in the process (lazy
imports and Plotly's first figure included, as in one CLI command) and the median of
``--repeat`` more calls.

``--html-json YEARS`` is the figure of ``benchmarks/run.py``: the wall and CPU time of
writing ``report.html`` for a whole-world baseline run of ``YEARS`` years (first call in
this fresh process, so lazy imports count, then the median of ``--repeat`` more), as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

SMALL = ["USA", "CHN", "RUS", "EST", "DEU", "IRN", "ISR", "PRK", "KOR", "JPN", "GBR", "FRA"]


def cpu(call: Callable[[], object], repeat: int) -> tuple[float, float]:
    """CPU seconds of the first ``call`` and the median of ``repeat`` more."""
    times = []
    for _ in range(repeat + 1):
        start = time.process_time()
        call()
        times.append(time.process_time() - start)
    return times[0], statistics.median(times[1:])


def whole_world_html(years: float, repeat: int, countries: list[str] | None = None) -> dict:
    """Wall and CPU seconds of ``write_report`` for one baseline run: first call and again."""
    from netpolitik.report import network_frame, write_report
    from netpolitik.scenario import load_builtin, run_scenario
    from netpolitik.store.run_output import write_run

    result = run_scenario(load_builtin("baseline"), years=years, countries=countries)
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_run(
            Path(tmp) / "run",
            {**result.frames, "network": network_frame(result.trajectory)},
            result.manifest,
        )
        for _ in range(repeat + 1):
            w0, c0 = time.perf_counter(), time.process_time()
            path = write_report(folder)
            walls.append(time.perf_counter() - w0)
            cpus.append(time.process_time() - c0)
        size = Path(path).stat().st_size
    return {
        "years": years,
        "countries": len(result.manifest["countries"]),
        "first_wall_s": walls[0],
        "first_cpu_s": cpus[0],
        "again_wall_s": statistics.median(walls[1:]),
        "again_cpu_s": statistics.median(cpus[1:]),
        "html_mib": size / 2**20,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=float, default=0.5)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="12 countries, 2 runs")
    parser.add_argument("--html-json", type=float, metavar="YEARS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.html_json is not None:
        res = whole_world_html(args.html_json, args.repeat, SMALL if args.quick else None)
        print(json.dumps(res))
        return
    countries = SMALL if args.quick else None
    runs = 2 if args.quick else args.runs

    from netpolitik.report import network_frame, write_ensemble_report, write_report
    from netpolitik.scenario import ensemble, load_builtin, run_scenario
    from netpolitik.scenario.compare import compare_ensembles
    from netpolitik.store.run_output import write_run

    result = run_scenario(load_builtin("baseline"), years=args.years, countries=countries)
    a = ensemble(load_builtin("baseline"), runs, years=1, countries=countries, tables=False)
    b = ensemble(load_builtin("firewall_world"), runs, years=1, countries=countries, tables=False)
    diff = compare_ensembles(a, b)
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_run(
            Path(tmp) / "run",
            {**result.frames, "network": network_frame(result.trajectory)},
            result.manifest,
        )
        first, again = cpu(lambda: write_report(folder), args.repeat)
        print(
            f"write_report: first {first:.3f} s CPU, again {again:.3f} s "
            f"({len(result.frames['countries']['iso3'].unique())} countries, "
            f"{args.years:g} years)"
        )
        first, again = cpu(
            lambda: write_ensemble_report(
                Path(tmp) / "ensemble.html", {"baseline": a, "firewall_world": b}, diff
            ),
            args.repeat,
        )
        print(
            f"write_ensemble_report: first {first:.3f} s CPU, again {again:.3f} s "
            f"({runs} + {runs} runs, 1 year)"
        )


if __name__ == "__main__":
    main()
