"""Lean experiment runs: they record only what the outcomes need, and the outcomes match.

Verification tests: the recording spec (``netpolitik.engine.record.Recording``) threaded
from an experiment task through ``simulate`` to the recorder.
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from netpolitik.engine.record import FULL, GLOBAL_COLUMNS, Trajectory, lean
from netpolitik.engine.simulator import simulate
from netpolitik.engine.synthetic import synthetic_setting
from netpolitik.experiment.api import plan
from netpolitik.experiment.tasks import GROUP_COLUMNS, execute, recording_of

COUNTRIES = "USA,RUS,CHN,EST,DEU,GBR,FRA,IRN,ISR,UKR"


@pytest.fixture(scope="module")
def baseline_plan():
    return plan("baseline", years=1, countries=COUNTRIES)


def recorded_bytes(traj: Trajectory) -> int:
    """Bytes of every array the trajectory recorded (its final state excluded)."""
    arrays = [*traj.global_.values(), *traj.countries.values(), *traj.dyads.values()]
    arrays += [a for a in (traj.members, traj.sanction_lengths) if a is not None]
    return sum(np.asarray(a).nbytes for a in arrays)


def test_lean_and_full_runs_give_the_same_outcomes(baseline_plan):
    """Verification: same seed, lean or keep-all, the same summary row and step series."""
    lean_out = execute(baseline_plan.task(3, 0, 3, group="NATO"))
    full_out = execute(baseline_plan.task(3, 0, 3, group="NATO", keep_all=True))
    assert lean_out.trajectory is None and full_out.trajectory is not None
    assert lean_out.summary.keys() == full_out.summary.keys()
    assert any(k.startswith("group_") for k in lean_out.summary)
    for key, value in full_out.summary.items():
        assert lean_out.summary[key] == pytest.approx(value, rel=0, abs=0, nan_ok=True), key
    for col in GLOBAL_COLUMNS:
        np.testing.assert_array_equal(lean_out.steps[col], full_out.steps[col])
    # the full run really kept everything
    traj = full_out.trajectory
    assert traj.members is not None and traj.dyads and traj.dyads["incidents"].shape == (10, 10)


def test_a_lean_run_records_no_country_or_dyad_history(baseline_plan):
    """Verification: without a group only the global series are recorded; with one, only
    the group's columns."""
    assert recording_of(baseline_plan.task(0, 0, 0, keep_all=True)) == FULL
    assert recording_of(baseline_plan.task(0, 0, 0)).countries == ()
    assert recording_of(baseline_plan.task(0, 0, 0, group="EU")).countries == GROUP_COLUMNS
    setting, levers, gdp = synthetic_setting(30, seed=0)
    traj = simulate(setting, levers, gdp, steps=6, seed=1, record=lean(("security",)))
    assert set(traj.countries) == {"security"} and traj.countries["security"].shape == (6, 30)
    assert traj.dyads == {} and traj.members is None
    full = simulate(setting, levers, gdp, steps=6, seed=1)
    np.testing.assert_array_equal(traj.countries["security"], full.countries["security"])
    for col in GLOBAL_COLUMNS:
        np.testing.assert_array_equal(traj.global_[col], full.global_[col])


def test_lean_record_does_not_grow_with_the_square_of_countries():
    """Verification: a lean record is global series plus the named (steps, N) columns; a
    full record also holds five (N, N) dyad totals, so it grows with N squared."""
    steps = 4
    sizes = {}
    for n in (20, 80):
        setting, levers, gdp = synthetic_setting(n, seed=0)
        lean_traj = simulate(setting, levers, gdp, steps=steps, seed=0, record=lean(GROUP_COLUMNS))
        full_traj = simulate(setting, levers, gdp, steps=steps, seed=0)
        sizes[n] = (recorded_bytes(lean_traj), recorded_bytes(full_traj))
        sanctions = lean_traj.sanction_lengths.nbytes
        expected = 8 * steps * (len(GLOBAL_COLUMNS) + len(GROUP_COLUMNS) * n) + sanctions
        assert sizes[n][0] == expected
        assert sizes[n][1] >= 5 * 8 * n * n
    # lean grows linearly (x4 in N -> under x4 in bytes); full grows faster than x4
    assert sizes[80][0] / sizes[20][0] < 4.0 < sizes[80][1] / sizes[20][1]


def _peak_of(p, runs: int) -> int:
    """tracemalloc peak of ``runs`` lean runs executed one after another, as a worker does."""
    execute(p.task(0, 0, 0, group="NATO"))  # build and cache the scenario first
    tracemalloc.start()
    try:
        for k in range(runs):
            out = execute(p.task(k, 0, k, group="NATO"))
            del out
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_workers_peak_memory_is_flat_in_the_number_of_runs():
    """Verification: a worker's traced peak over 16 lean runs of 40 countries is that of 4
    runs (within 15%: the peak is one run's working state, ~0.3 MiB, not a sum of runs)."""
    from benchmarks.equivalence import SUBSET

    p = plan("baseline", years=1, countries=",".join(SUBSET))
    few, many = _peak_of(p, 4), _peak_of(p, 16)
    assert many <= 1.15 * few
