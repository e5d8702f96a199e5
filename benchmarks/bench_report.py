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
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=float, default=0.5)
    parser.add_argument("--runs", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="12 countries, 2 runs")
    args = parser.parse_args()
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
