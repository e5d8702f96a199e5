"""Ensembles: seeds as the scenario layer spawns them, chunked streaming, executors, CLI."""

from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netpolitik.cli import main
from netpolitik.errors import InputError
from netpolitik.experiment import ensemble, horizon, load
from netpolitik.scenario import ensemble as scenario_ensemble
from netpolitik.scenario import load_builtin
from netpolitik.store.experiments import ExperimentStore

SUB = "USA,GBR,DEU,EST,RUS,CHN,IRN,BRA"


def _chunks(store: Path) -> list[Path]:
    return sorted(store.glob("chunks/*/*.summary.parquet"))


def test_runs_match_the_scenario_ensemble_and_intervals_cover_the_mean(tmp_path: Path):
    out = ensemble(
        "baseline", runs=5, years=1, countries=SUB, store=tmp_path, workers=1, chunk_size=2
    )
    exp = out.attrs["experiment"]
    assert len(_chunks(tmp_path)) == 3  # 2 + 2 + 1 runs
    steps = load(exp, tmp_path, "steps")
    assert len(steps) == 5 * 12 and not steps.duplicated(["run", "step"]).any()
    ref = scenario_ensemble(
        load_builtin("baseline"), 5, years=1, countries=SUB.split(","), tables=False
    )
    for k, r in enumerate(ref):
        mine = steps[steps["run"] == k]
        for col in ("security", "collaboration", "incidents", "damage"):
            np.testing.assert_array_equal(mine[col].to_numpy(), r.trajectory.global_[col])
    sec = out[out["metric"] == "security"]
    assert len(sec) == 12 and (sec["runs"] == 5).all()
    assert (sec["lower"] <= sec["mean"]).all() and (sec["mean"] <= sec["upper"]).all()
    np.testing.assert_allclose(
        sec["mean"].to_numpy(), steps.groupby("step")["security"].mean().to_numpy()
    )
    h = horizon(exp, tmp_path).set_index("outcome")
    assert h.loc["security", "p2_5"] <= h.loc["security", "mean"] <= h.loc["security", "p97_5"]
    assert h.loc["incidents_total", "runs"] == 5


def test_process_pool_gives_identical_rows_and_rerun_does_nothing(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    ea = ensemble(
        "baseline", runs=6, years=1, countries=SUB, store=a, workers=1, group="NATO"
    ).attrs["experiment"]
    eb = ensemble(
        "baseline", runs=6, years=1, countries=SUB, store=b, workers=2, chunk_size=4, group="NATO"
    ).attrs["experiment"]
    assert ea == eb
    pd.testing.assert_frame_equal(load(ea, a, "steps"), load(eb, b, "steps"))
    pd.testing.assert_frame_equal(load(ea, a), load(eb, b))
    assert "group_security" in load(ea, a).columns
    before = _chunks(b)
    again = ensemble("baseline", runs=6, years=1, countries=SUB, store=b, workers=2)
    assert again.attrs["experiment"] != eb  # no group: another experiment
    ensemble("baseline", runs=6, years=1, countries=SUB, store=b, workers=2, group="NATO")
    assert len(_chunks(b)) == len(before) + 1  # the new experiment's one chunk only


class TrackingExecutor(ThreadPoolExecutor):
    """A thread pool (any concurrent.futures.Executor will do) that records how many
    submitted runs were unfinished at once."""

    def __init__(self) -> None:
        super().__init__(max_workers=2)
        self.lock, self.outstanding, self.peak = threading.Lock(), 0, 0

    def submit(self, fn, /, *args, **kwargs):
        with self.lock:
            self.outstanding += 1
            self.peak = max(self.peak, self.outstanding)
        future = super().submit(fn, *args, **kwargs)
        future.add_done_callback(self._done)
        return future

    def _done(self, _):
        with self.lock:
            self.outstanding -= 1


def test_any_executor_and_bounded_in_flight(tmp_path: Path):
    with TrackingExecutor() as pool:
        out = ensemble(
            "baseline",
            runs=12,
            years=1,
            countries="USA,RUS,EST",
            store=tmp_path,
            executor=pool,
            chunk_size=5,
        )
    assert pool.peak <= 4  # 2 x 2 workers, whatever the number of runs
    assert (out["runs"] == 12).all()
    ref = ensemble(
        "baseline", runs=12, years=1, countries="USA,RUS,EST", store=tmp_path / "ref", workers=1
    )
    pd.testing.assert_frame_equal(
        load(out.attrs["experiment"], tmp_path, "steps"),
        load(ref.attrs["experiment"], tmp_path / "ref", "steps"),
    )


def test_cli_prints_intervals_over_time_and_at_the_horizon(tmp_path: Path, capsys):
    code = main(
        [
            "ensemble",
            "baseline",
            "--runs",
            "4",
            "--years",
            "2",
            "--countries",
            SUB,
            "--store",
            str(tmp_path),
            "--workers",
            "1",
            "--for",
            "NATO",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    for needle in (
        "Over time",
        "2010",
        "2011",
        "At the horizon",
        "security",
        "95% interval of the mean",
        "NATO security",
        "report:",
    ):
        assert needle in out, needle
    reports = list(tmp_path.glob("reports/*/report.html"))
    assert len(reports) == 1 and reports[0].stat().st_size > 10_000


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--runs", "0"], "--runs"),
        (["--workers", "0"], "--workers"),
        (["--chunk-size", "0"], "--chunk-size"),
        (["--for", "NATOO"], "did you mean 'NATO'"),
        (["--countries", "USA,XXX"], "XXX"),
        (["--dask", "nowhere"], "--dask"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, capsys, args, needle):
    code = main(
        [
            "ensemble",
            "baseline",
            "--years",
            "1",
            "--countries",
            "USA,RUS,EST",
            "--store",
            str(tmp_path / "s"),
            "--workers",
            "1",
            *args,
        ]
    )
    err = capsys.readouterr().err.strip()
    assert code == 2 and needle in err
    assert err.startswith("error:") and len(err.splitlines()) == 1


def test_a_busy_store_is_a_clear_error(tmp_path: Path):
    with ExperimentStore(tmp_path):
        res = subprocess.run(
            [
                sys.executable,
                "-c",
                "from netpolitik.store.experiments "
                f"import ExperimentStore; ExperimentStore({str(tmp_path)!r})",
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert res.returncode != 0 and "another netpolitik process" in res.stderr


def test_api_rejects_bad_runs(tmp_path: Path):
    with pytest.raises(InputError, match="--runs"):
        ensemble("baseline", runs=-1, years=1, countries="USA,RUS", store=tmp_path)
