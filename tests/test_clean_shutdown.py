"""Verification: a killed coordinator leaves no orphaned workers or forkserver.

An ensemble on a 2-worker process pool is killed (SIGKILL, then SIGTERM) once its workers
run; every process it started must be gone within a generous bound (the workers notice
their coordinator is gone within about a second). Only "gone within the bound" is
asserted, never a duration.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses /proc")

BOUND = 60.0  # seconds: a hang bound, not a timing claim


def children(pid: int) -> set[int]:
    """Every descendant of ``pid`` now (from /proc)."""
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, pp in parent.items() if pp in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_killed_coordinator_leaves_no_orphans(tmp_path, sig):
    command = [
        sys.executable,
        "-m",
        "netpolitik.cli",
        "ensemble",
        "baseline",
        "--runs",
        "400",
        "--years",
        "5",
        "--countries",
        "USA,RUS,EST,CHN,DEU",
        "--workers",
        "2",
        "--chunk-size",
        "2",
        "--store",
        str(tmp_path / "s"),
        "--no-report",
        "--quiet",
    ]
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + BOUND * 2
    started: set[int] = set()
    while time.monotonic() < deadline and proc.poll() is None:
        started |= children(proc.pid)
        if len(started) >= 4 and list((tmp_path / "s").glob("chunks/*/*.summary.parquet")):
            break  # forkserver, resource tracker and two workers, and runs are finishing
        time.sleep(0.05)
    assert proc.poll() is None and len(started) >= 3, "the pool never started"
    started |= children(proc.pid)
    os.kill(proc.pid, sig)
    proc.wait(timeout=BOUND)
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline and any(alive(p) for p in started):
        time.sleep(0.1)
    assert not [p for p in started if alive(p)], "orphans left behind"
    assert proc.stdout.read() == b""  # stdout closed by every process: a pipe ends
