"""The experiment store: catalogue, atomic chunks, orphan clean-up, resume bookkeeping."""

from __future__ import annotations

import errno
from pathlib import Path
from unittest import mock

import pandas as pd
import pytest

from netpolitik.errors import InputError
from netpolitik.store.experiments import ExperimentStore, experiment_id

RUNS = [{"run": k, "point": k // 2, "seed": str(k), "params": {"x": k / 10}} for k in range(6)]


def _frames(runs):
    steps = pd.DataFrame(
        [{"run": r, "step": s, "security": r + s / 10} for r in runs for s in (1, 2)]
    )
    return steps, pd.DataFrame({"run": runs, "security": [float(r) for r in runs]})


def test_same_spec_same_experiment_and_resume(tmp_path: Path):
    with ExperimentStore(tmp_path) as store:
        exp = store.open_experiment("ensemble", "baseline", {"runs": 6}, RUNS)
        store.write_chunk(exp, *_frames([0, 1, 2]))
    with ExperimentStore(tmp_path) as store:
        again = store.open_experiment("ensemble", "baseline", {"runs": 6}, RUNS)
        assert again == exp
        assert store.pending(exp) == [3, 4, 5]
        store.write_chunk(exp, *_frames([3, 4, 5]))
        assert store.pending(exp) == []
        steps, summary = store.steps(exp), store.summary(exp)
    assert list(summary["run"]) == list(range(6))
    assert len(steps) == 12 and not steps.duplicated(["run", "step"]).any()
    assert experiment_id("ensemble", "baseline", {"runs": 7}) != exp


def test_orphan_chunk_from_a_crash_is_quarantined_not_deleted(tmp_path: Path):
    """Verification: uncommitted chunk files leave chunks/ for quarantine/, intact."""
    with ExperimentStore(tmp_path) as store:
        exp = store.open_experiment("ensemble", "baseline", {}, RUNS)
        store.write_chunk(exp, *_frames([0]))
    orphan = tmp_path / "chunks" / exp / "cdeadbeef.steps.parquet"
    _frames([1])[0].to_parquet(orphan)  # a file written, but never committed
    (tmp_path / "chunks" / exp / ".c0123abcd.summary.parquet.tmp").write_bytes(b"half")
    with ExperimentStore(tmp_path) as store:
        assert not orphan.exists()
        assert not list((tmp_path / "chunks" / exp).glob(".*"))
        kept = tmp_path / "quarantine" / exp
        assert (kept / "c0123abcd.summary.parquet.tmp").read_bytes() == b"half"
        assert len(pd.read_parquet(kept / "cdeadbeef.steps.parquet")) == 2
        assert store.pending(exp) == [1, 2, 3, 4, 5]
        assert list(store.summary(exp)["run"]) == [0]


def test_full_disk_leaves_earlier_results_intact(tmp_path: Path):
    with ExperimentStore(tmp_path) as store:
        exp = store.open_experiment("ensemble", "baseline", {}, RUNS)
        store.write_chunk(exp, *_frames([0, 1]))
        full = OSError(errno.ENOSPC, "No space left on device")
        with mock.patch.object(pd.DataFrame, "to_parquet", side_effect=full):
            with pytest.raises(InputError, match="No space left on device.*resume"):
                store.write_chunk(exp, *_frames([2, 3]))
        assert store.pending(exp) == [2, 3, 4, 5]
        assert list(store.summary(exp)["run"]) == [0, 1]
    assert not [p for p in (tmp_path / "chunks" / exp).iterdir() if p.name.startswith(".")]


def test_unknown_experiment_and_unwritable_folder(tmp_path: Path):
    with ExperimentStore(tmp_path) as store:
        with pytest.raises(InputError, match="experiment 'nope': not in"):
            store.experiment("nope")
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(InputError, match="--store: cannot create"):
        ExperimentStore(blocker / "sub")
