"""Start-up cost of the command line: ``netpolitik --help`` against ``import numpy``.

Both are run as fresh interpreters, interleaved, and timed by the CPU time (user + sys) of
the child (``resource.getrusage(RUSAGE_CHILDREN)`` differences), so a busy machine
changes the ratio less than it changes wall time. The goal (docs/performance.md) is
``--help`` within 3x of importing NumPy.
"""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys

#: The commands compared: what a user types, and the floor of any NumPy program.
COMMANDS: dict[str, list[str]] = {
    "netpolitik --help": [sys.executable, "-m", "netpolitik.cli", "--help"],
    "netpolitik --version": [sys.executable, "-m", "netpolitik.cli", "--version"],
    "import numpy": [sys.executable, "-c", "import numpy"],
}


def _child_cpu(argv: list[str]) -> float:
    """CPU seconds (user + sys) of one run of ``argv`` as a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_start(repeats: int) -> dict:
    """Median child CPU seconds of each command over ``repeats`` interleaved rounds, and
    the ratios of ``--help`` and ``--version`` to ``import numpy``."""
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(repeats):
        for name, argv in COMMANDS.items():
            times[name].append(_child_cpu(argv))
    med = {name: statistics.median(ts) for name, ts in times.items()}
    floor = max(med["import numpy"], 1e-6)
    return {
        "cpu_s": med,
        "help_ratio": med["netpolitik --help"] / floor,
        "version_ratio": med["netpolitik --version"] / floor,
        "repeats": repeats,
    }


def lines(res: dict) -> list[str]:
    """The section's printed lines."""
    out = ["5. command-line start (fresh interpreter, child CPU user+sys, medians)"]
    for name, cpu in res["cpu_s"].items():
        out.append(f"   {name:22s} {cpu * 1000:8.0f} ms")
    return out
