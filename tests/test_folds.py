"""Rolling-origin folds on the raw 2000-2010 records (skipped when ../shared is absent)."""

from __future__ import annotations

import numpy as np
import pytest

from netpolitik.params import Params
from netpolitik.validate import records as R
from netpolitik.world import load_world

pytestmark = pytest.mark.skipif(
    not all((R.calibration_dir() / f).is_file() for f in R.FILES.values()),
    reason="raw calibration files (../shared/data/calibration) are absent",
)


@pytest.fixture(scope="module")
def world():
    return load_world()


@pytest.fixture(scope="module")
def records(world):
    return R.load_records(world)


def test_fold_world_at_2010_is_the_shipped_world(world, records) -> None:
    """Verification: the fold rebuild with every year reproduces the shipped offense,
    capability and history (to the tables' rounding)."""
    again = R.fold_world(world, records, 2010)
    for col in ("offense", "capability"):
        assert np.abs(again.countries[col] - world.countries[col]).max() <= 2e-4, col
    assert np.allclose(again.operations_matrix(), world.operations_matrix(), atol=1e-4)
    assert np.allclose(again.disputes_matrix(), world.disputes_matrix(), atol=1e-4)


def test_fold_world_sees_only_its_fit_years(world, records) -> None:
    """Verification: a fold fitted to 2005 knows nothing of 2006-2010: Russia's 2008
    operations against Georgia and the 2010 US/Israeli operation are absent, and offense
    follows the shorter record."""
    fold = R.fold_world(world, records, 2005)
    ops = fold.operations_matrix()
    i = {c: world.index_of(c) for c in ("RUS", "GEO", "ISR", "IRN", "CHN", "USA")}
    assert ops[i["RUS"], i["GEO"]] == 0 and world.operations_matrix()[i["RUS"], i["GEO"]] > 0
    assert ops[i["ISR"], i["IRN"]] == 0
    assert ops[i["CHN"], i["USA"]] > 0
    assert (R.between(records.dcid, 2006, 2010).shape[0]) > 0
    row = fold.countries.set_index("iso3")["offense"]
    assert row["USA"] < world.countries.set_index("iso3").loc["USA", "offense"]
    assert row.idxmax() == "CHN"


def test_fold_params_rescale_attack_rate_to_fit_years(records) -> None:
    """Verification: attack_rate x (fit-year DCID rate / calibrated 2000-2010 rate)."""
    base = Params()
    fitted = R.fold_params(base, records, 2000, 2005)
    rate = len(R.between(records.dcid, 2000, 2005)) / 6
    target = R.load_targets()["per_decade"] / 10
    assert fitted.attack_rate == pytest.approx(base.attack_rate * rate / target)
    assert fitted.attack_rate < base.attack_rate  # 2000-2005 was quieter than the decade


def test_observer_does_not_change_the_run() -> None:
    """Verification: the validation observer leaves a run identical to simulate_world's."""
    from netpolitik.scenario import simulate_world
    from netpolitik.validate.ensemble import run_one

    codes = ["CHN", "EST", "IRN", "ISR", "RUS", "USA"]
    rec = run_one(load_world(codes), Params(), 2010, 24, seed=4)
    traj = simulate_world(codes, years=2, seed=4).trajectory
    assert np.array_equal(rec.attributed, traj.dyads["attributed"])
    assert rec.severities.size == int(traj.dyads["attributed"].sum())
    assert rec.responded.shape == rec.severities.shape
