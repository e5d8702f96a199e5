"""``benchmarks/run.py --quick`` runs end to end and prints every ratio."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import mesa  # noqa: F401 - `make test` installs the bench extra; fail loudly without it

ROOT = Path(__file__).resolve().parents[1]


def test_quick_run_prints_every_ratio(tmp_path):
    out = tmp_path / "results.json"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=900,  # bounds a hang only: speed is what the script measures, not a test
        cwd=ROOT,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout
    number = r"[0-9]+(?:\.[0-9]+)?"
    for pattern in (
        rf"ratio vs Mesa N=50: {number}x faster",
        rf"ratio vs Mesa N=19[45]: {number}x faster",
        rf"scaling exponent N=195\.\.\d+: -?{number}",
        rf"full month vs fused-kernel floor: {number}x",
        rf"core month vs fused-kernel floor: {number}x",
        rf"time per month: N=195 {number} ms",
        rf"ensemble \d+ runs x {number} years, 2 workers: {number} s wall "
        rf"\(load {number}\); dask/pool ratio {number}x",
        rf"report\.html 19[45] countries x {number} years: {number} s",
        rf"memory one run: \+-?{number} MiB RSS \(traced {number} MiB\); R=\d+ runs:.*lean",
        rf"start: netpolitik --help {number}x `import numpy` \(--version {number}x\)",
    ):
        assert re.search(pattern, text), f"missing {pattern!r} in:\n{text}"
    results = json.loads(out.read_text())
    machine = results["machine"]
    assert machine["cores"] >= 1 and machine["cpu_model"] and machine["cpu_family"]
    assert machine["cpu"].startswith(machine["cpu_model"])
    assert "run.py" in results["command"] and "--quick" in results["command"]
    assert {r["n"] for r in results["vs_mesa"]} in ({50, 195}, {50, 194})
    assert all(r["ratio"] > 0 for r in results["vs_mesa"])  # a measured ratio, not a speed claim
