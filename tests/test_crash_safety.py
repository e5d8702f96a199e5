"""Crash safety at scale and when the disk fails.

* An ensemble of 200 runs is SIGKILLed twice part-way, restarted, and its store equals
  an uninterrupted run's: identical ``steps``/``summary`` rows, every run done once, no
  stray chunk files, the catalogue opens after each kill. (``test_experiment_resume.py``
  covers the small case and the frontier search.)
* A full disk (``OSError(ENOSPC)`` injected) while a run folder is written, and an
  unwritable output folder: one ``error:`` line, exit code 2, earlier results intact, no
  half-written folder left behind. The same for the experiment store through the CLI,
  which then resumes to the uninterrupted result.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest

from netpolitik.cli import main
from netpolitik.store.experiments import ExperimentStore

COUNTRIES = "USA,GBR,DEU,EST,RUS,CHN,IRN,BRA"
RUNS = 200
FULL = OSError(errno.ENOSPC, "No space left on device")


def ensemble_command(store: Path, workers: int, chunk: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "netpolitik.cli",
        "ensemble",
        "baseline",
        "--runs",
        str(RUNS),
        "--years",
        "1",
        "--countries",
        COUNTRIES,
        "--store",
        str(store),
        "--chunk-size",
        str(chunk),
        "--workers",
        str(workers),
        "--no-report",
        "--quiet",
    ]


ENV = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}


def committed_files(store: Path) -> int:
    return len(list(store.glob("chunks/*/*.summary.parquet")))


def kill_after(store: Path, chunks: int, command: list[str]) -> None:
    """Start ``command``, SIGKILL it once ``chunks`` chunk files exist (more than before)."""
    before = committed_files(store)
    proc = subprocess.Popen(command, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if committed_files(store) >= before + chunks:
            break
        time.sleep(0.002)
    assert proc.poll() is None, (
        "the ensemble finished before it could be killed: " + proc.stderr.read().decode()[-500:]
    )
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    proc.stderr.close()


def check_store(store: Path) -> tuple[str, int]:
    """The catalogue opens; chunk files on disk are exactly the committed ones."""
    with ExperimentStore(store) as st:  # opening removes any uncommitted chunk
        (exp,) = st.experiments()["id"]
        done, total = st.counts(exp)
        assert total == RUNS
        committed = {Path(p).name for p in st.paths(exp, "summary")}
        committed |= {Path(p).name for p in st.paths(exp, "steps")}
        runs = st.runs(exp)
        assert (runs["status"] == "done").sum() == done
        assert set(runs.loc[runs["status"] == "done", "chunk"]) <= {
            n.split(".")[0] for n in committed
        }
    on_disk = {p.name for p in store.glob("chunks/*/*")}
    assert on_disk == committed, on_disk ^ committed
    return exp, done


def test_sigkilled_200_run_ensemble_resumes_to_the_uninterrupted_result(tmp_path: Path):
    store, ref = tmp_path / "killed", tmp_path / "reference"
    kill_after(store, 5, ensemble_command(store, workers=1, chunk=4))
    exp, first = check_store(store)
    assert 16 <= first < RUNS  # 5 chunk files of 4 runs; the last may be uncommitted

    kill_after(store, 10, ensemble_command(store, workers=1, chunk=4))  # a second time
    again, second = check_store(store)
    assert again == exp and first + 36 <= second < RUNS

    res = subprocess.run(
        ensemble_command(store, workers=2, chunk=4),
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == exp
    ref_run = subprocess.run(
        ensemble_command(ref, workers=2, chunk=64),
        env=ENV,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert ref_run.returncode == 0, ref_run.stderr
    assert ref_run.stdout.strip() == exp

    assert check_store(store) == (exp, RUNS)
    with ExperimentStore(store) as a, ExperimentStore(ref) as b:
        steps, summary = a.steps(exp), a.summary(exp)
        assert len(steps) == RUNS * 12 and len(summary) == RUNS
        assert not steps.duplicated(["run", "step"]).any()
        assert list(summary["run"]) == list(range(RUNS))
        pd.testing.assert_frame_equal(steps, b.steps(exp))
        pd.testing.assert_frame_equal(summary, b.summary(exp))
        ra, rb = a.runs(exp), b.runs(exp)
        assert list(ra["run"]) == list(range(RUNS)) and (ra["status"] == "done").all()
        pd.testing.assert_frame_equal(ra.drop(columns="chunk"), rb.drop(columns="chunk"))
        assert a.experiment(exp)["spec"] == b.experiment(exp)["spec"]


# ------------------------------------------------------------------------- in process
SMALL = ["--years", "0.25", "--countries", "USA,EST,RUS"]


def call(argv: list[str]) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    return code, err.getvalue()


def one_error_line(code: int, err: str, *needles: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), (code, err)
    assert "Traceback" not in err
    for needle in needles:
        assert needle in lines[0], (needle, err)


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


@pytest.fixture
def earlier_run(tmp_path: Path) -> Path:
    out = tmp_path / "runs" / "earlier"
    assert call(["run", *SMALL, "--out", str(out), "--quiet"])[0] == 0
    return out


@pytest.mark.parametrize("target", ["pandas.DataFrame.to_parquet", "pathlib.Path.write_text"])
@pytest.mark.parametrize("where", ["earlier", "fresh"])
def test_full_disk_while_writing_a_run_folder(earlier_run: Path, target: str, where: str):
    parent = earlier_run.parent
    before = snapshot(parent)
    out = earlier_run if where == "earlier" else parent / "fresh"
    with mock.patch(target, side_effect=FULL):
        one_error_line(
            *call(["run", *SMALL, "--out", str(out), "--overwrite", "--quiet"]),
            "--out",
            str(out),
            "No space left on device",
        )
    assert snapshot(parent) == before  # earlier run intact, nothing half-written left


def test_full_disk_at_the_final_rename_keeps_the_earlier_run(earlier_run: Path):
    before = snapshot(earlier_run.parent)
    with mock.patch("os.replace", side_effect=FULL):
        one_error_line(
            *call(["run", *SMALL, "--out", str(earlier_run), "--overwrite", "--quiet"]), "--out"
        )
    assert snapshot(earlier_run.parent) == before


@pytest.mark.parametrize("error", [FULL, PermissionError(errno.EACCES, "Permission denied")])
def test_failing_temporary_folder_is_one_line(earlier_run: Path, error: OSError):
    with mock.patch("tempfile.mkdtemp", side_effect=error):
        one_error_line(
            *call(["run", *SMALL, "--out", str(earlier_run.parent / "new"), "--quiet"]), "--out"
        )


def test_full_disk_in_the_experiment_store_then_resume(tmp_path: Path):
    """ENOSPC after three chunks: one line; the three chunks stay; re-running resumes."""
    store, ref = tmp_path / "store", tmp_path / "ref"
    argv = [
        "ensemble",
        "baseline",
        "--runs",
        "24",
        *SMALL,
        "--workers",
        "1",
        "--chunk-size",
        "4",
        "--no-report",
        "--quiet",
    ]
    real = pd.DataFrame.to_parquet
    calls = {"n": 0}

    def fills_up(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > 6:  # two files per chunk
            raise FULL
        return real(self, *args, **kwargs)

    with mock.patch.object(pd.DataFrame, "to_parquet", fills_up):
        one_error_line(
            *call([*argv, "--store", str(store)]), "--store", "No space left on device", "resume"
        )
    with ExperimentStore(store) as st:
        (exp,) = st.experiments()["id"]
        assert st.counts(exp) == (12, 24)
        assert list(st.summary(exp)["run"]) == list(range(12))
    assert not [p for p in store.rglob("*") if p.name.startswith(".")]
    assert call([*argv, "--store", str(store)])[0] == 0
    assert call([*argv, "--store", str(ref), "--chunk-size", "64"])[0] == 0
    with ExperimentStore(store) as a, ExperimentStore(ref) as b:
        pd.testing.assert_frame_equal(a.steps(exp), b.steps(exp))
        pd.testing.assert_frame_equal(a.summary(exp), b.summary(exp))


# ------------------------------------------------------------------- unwritable folders
def test_unwritable_output_folder_as_the_checks_see_it(tmp_path: Path):
    """The same as the OS reports it to any user, root included (``os.access`` False)."""
    folder = tmp_path / "locked"
    folder.mkdir()
    real = os.access

    def access(path, mode, *args, **kwargs):
        inside = Path(path).resolve().is_relative_to(folder.resolve())
        return False if inside and mode & os.W_OK else real(path, mode, *args, **kwargs)

    with mock.patch("os.access", access):
        one_error_line(
            *call(["run", *SMALL, "--out", str(folder / "out"), "--quiet"]),
            "--out",
            "choose a writable folder",
        )
        one_error_line(
            *call(
                [
                    "ensemble",
                    "--runs",
                    "2",
                    *SMALL,
                    "--store",
                    str(folder / "store"),
                    "--quiet",
                    "--no-report",
                ]
            ),
            "--store",
            "choose a writable folder",
        )
    assert not (folder / "out").exists()
