"""Crash safety: SIGKILL an ensemble part-way, re-run the same command, and the stored
results equal an uninterrupted run's, row for row. An interrupted frontier search resumes
to the same front."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import Future
from pathlib import Path

import pandas as pd
import pytest

from netpolitik.experiment import ensemble, frontier, load
from netpolitik.experiment.executors import InlineExecutor
from netpolitik.store.experiments import ExperimentStore

SUB = "USA,GBR,DEU,EST,RUS,CHN,IRN,BRA"
RUNS = 40


def _command(store: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "netpolitik.cli",
        "ensemble",
        "baseline",
        "--runs",
        str(RUNS),
        "--years",
        "2",
        "--countries",
        SUB,
        "--store",
        str(store),
        "--chunk-size",
        "2",
        "--no-report",
        "--quiet",
        *extra,
    ]


def test_sigkill_then_rerun_equals_an_uninterrupted_run(tmp_path: Path):
    store, ref = tmp_path / "killed", tmp_path / "ref"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    proc = subprocess.Popen(
        _command(store, "--workers", "1"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(store.glob("chunks/*/*.summary.parquet"))) >= 3:
            break
        time.sleep(0.005)
    assert proc.poll() is None, "the ensemble finished before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)

    with ExperimentStore(store) as st:  # opening removes any uncommitted chunk
        exp = st.experiments()["id"].iloc[0]
        done, total = st.counts(exp)
        assert 2 <= done < total == RUNS
        committed = len(st.paths(exp, "summary"))
    assert len(list(store.glob("chunks/*/*.summary.parquet"))) == committed
    assert not list(store.glob("chunks/*/.*"))

    res = subprocess.run(
        _command(store, "--workers", "2"), env=env, capture_output=True, text=True, timeout=300
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == exp

    uninterrupted = ensemble(
        "baseline", runs=RUNS, years=2, countries=SUB, store=ref, workers=1, chunk_size=7
    )
    assert uninterrupted.attrs["experiment"] == exp
    for table in ("steps", "summary"):
        a, b = load(exp, store, table), load(exp, ref, table)
        assert len(a) == (RUNS * 24 if table == "steps" else RUNS)
        assert not a.duplicated(["run", "step"] if table == "steps" else ["run"]).any()
        pd.testing.assert_frame_equal(a, b)
    runs = load(exp, store, "runs")
    assert (runs["status"] == "done").all() and list(runs["run"]) == list(range(RUNS))


class Interrupt(InlineExecutor):
    """In-process executor that is 'killed' (KeyboardInterrupt) after ``limit`` runs."""

    def __init__(self, limit: int) -> None:
        self.limit, self.count = limit, 0

    def submit(self, fn, /, *args, **kwargs) -> Future:
        self.count += 1
        if self.count > self.limit:
            raise KeyboardInterrupt
        return super().submit(fn, *args, **kwargs)


def test_interrupted_frontier_resumes_to_the_same_front(tmp_path: Path):
    kw = dict(
        seeds=2, population=4, generations=3, years=1, countries="USA,RUS,EST,CHN", chunk_size=3
    )
    with pytest.raises(KeyboardInterrupt):
        frontier(
            "baseline", "sharing,offense", "USA", store=tmp_path / "a", executor=Interrupt(13), **kw
        )
    with ExperimentStore(tmp_path / "a") as st:
        exp = st.experiments()["id"].iloc[0]
        assert 0 < st.counts(exp)[0] < 26
    resumed = frontier("baseline", "sharing,offense", "USA", store=tmp_path / "a", workers=1, **kw)
    fresh = frontier("baseline", "sharing,offense", "USA", store=tmp_path / "b", workers=1, **kw)
    pd.testing.assert_frame_equal(resumed, fresh)
    assert resumed.attrs["verdict"] == fresh.attrs["verdict"]
    pd.testing.assert_frame_equal(load(exp, tmp_path / "a"), load(exp, tmp_path / "b"))


def _default_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_ctrl_c_keeps_finished_runs_and_stops_the_workers(tmp_path: Path):
    store = tmp_path / "s"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    cmd = _command(store, "--workers", "2")
    cmd[cmd.index(str(RUNS))] = "4000"  # far more than can finish before the interrupt
    proc = subprocess.Popen(
        cmd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # as in a terminal: a shell's background job inherits SIGINT ignored, and so
        # would the command, which would then run all 4,000 runs
        preexec_fn=_default_interrupt,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if len(list(store.glob("chunks/*/*.summary.parquet"))) >= 2:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the ensemble finished before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal signals the whole group
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted; every finished run is stored" in err and "Traceback" not in err
    with ExperimentStore(store) as st:
        exp = st.experiments()["id"].iloc[0]
        done, total = st.counts(exp)
    assert 4 <= done < total == 4000
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # no worker left behind
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        left = subprocess.run(
            ["ps", "-o", "pid,stat,args", "-g", str(proc.pid)], capture_output=True, text=True
        ).stdout
        pytest.fail(f"processes left in the group:\n{left}")
