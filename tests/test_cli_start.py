"""Starting the CLI is cheap: ``--version`` and every ``--help`` import no data, store,
report or engine stack; each command imports what it needs when it runs."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Packages a start without a command must not import (top-level names).
HEAVY = ("pandas", "scipy", "duckdb", "plotly", "dash", "pyarrow", "numba")
#: netpolitik modules that pull in the engine or the heavy packages above.
HEAVY_OWN = (
    "netpolitik.engine",
    "netpolitik.scenario",
    "netpolitik.experiment",
    "netpolitik.store",
    "netpolitik.report",
    "netpolitik.world",
)


def _heavy(modules: list[str]) -> list[str]:
    """The modules of ``modules`` that a start without a command must not import."""
    return sorted(m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY_OWN))


def _imported(*args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run ``python -X importtime -m netpolitik.cli ARGS``; its result and every module
    it imported."""
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "netpolitik.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    modules = [
        line.rsplit("|", 1)[1].strip()
        for line in proc.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    ]
    return proc, modules


@pytest.mark.parametrize("args, needle", [(["--version"], "netpolitik "), (["--help"], "Usage")])
def test_version_and_help_import_nothing_heavy(args: list[str], needle: str) -> None:
    proc, modules = _imported(*args)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert needle in proc.stdout
    assert "netpolitik.cli" in modules  # importtime saw the CLI start
    assert _heavy(modules) == []


#: Prints, as its last line, the heavy modules imported by ``--help`` of every command.
EVERY_HELP = """
import json, sys
import typer.main
from netpolitik.cli import app, main

def paths(group, prefix):
    for name, command in group.commands.items():
        yield [*prefix, name]
        if hasattr(command, "commands"):
            yield from paths(command, [*prefix, name])

every = list(paths(typer.main.get_command(app), []))
codes = {" ".join(p): main([*p, "--help"]) for p in every}
print(json.dumps({"codes": codes, "modules": sorted(sys.modules)}))
"""


def test_every_command_help_imports_nothing_heavy() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", EVERY_HELP], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert {"run", "compare", "ensemble", "frontier", "results sql", "validate hindcast"} <= set(
        found["codes"]
    )
    assert set(found["codes"].values()) == {0}, found["codes"]
    assert _heavy(found["modules"]) == []


def test_bad_input_is_still_one_line_in_a_real_process(tmp_path) -> None:
    missing = str(tmp_path / "missing.csv")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "netpolitik.cli",
            "landscape",
            "--sizes",
            missing,
            "--propensity",
            missing,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error: ") and proc.stderr.count("\n") == 1, proc.stderr
    assert "missing.csv" in proc.stderr


def test_frontier_check_seeds_default_is_the_api_default() -> None:
    """``frontier --check-seeds`` repeats the API's default so that --help stays light."""
    from netpolitik.cli.experiment import CHECK_SEEDS
    from netpolitik.experiment.api import CHECK_SEEDS as API_CHECK_SEEDS

    assert CHECK_SEEDS == API_CHECK_SEEDS
