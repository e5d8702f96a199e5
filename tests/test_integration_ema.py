"""The EMA Workbench model of a scenario: uncertainties, levers and outcomes; experiments
under the sequential and the multiprocessing evaluator; PRIM on the result (verification)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from ema_workbench import MultiprocessingEvaluator, SequentialEvaluator
    from ema_workbench.analysis import prim

from netpolitik.experiment.assumptions import assumption_names
from netpolitik.integrations.ema import GROUP_OUTCOMES, OUTCOMES, ema_model

SMALL = dict(years=1, countries="USA,RUS,EST,CHN")
FEW = ["trust_rate", "attack_rate", "sharing_benefit", "detection_base"]


@pytest.fixture(scope="module")
def model():
    few = [n for n in FEW if n in assumption_names()] or assumption_names()[:4]
    return ema_model(
        "baseline", ["sharing@USA", "offense@RUS=0:0.5"], group="USA", only=few, **SMALL
    )


def test_model_has_assumptions_levers_and_outcomes():
    full = ema_model("baseline", ["sharing@USA"], **SMALL)
    assert sorted(full.uncertainties.keys()) == sorted(assumption_names())
    for u in full.uncertainties:
        assert u.lower_bound < u.upper_bound
    assert list(full.levers.keys()) == ["sharing@USA"]
    assert list(full.outcomes.keys()) == list(OUTCOMES)


def test_sequential_and_multiprocessing_give_the_same_runs(model):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with SequentialEvaluator(model) as ev:
            x, out = ev.perform_experiments(scenarios=6, policies=2)
        with MultiprocessingEvaluator(model, n_processes=2) as ev:
            x2, out2 = ev.perform_experiments(scenarios=4, policies=1)
    assert len(x) == 12 and len(x2) == 4
    assert set(out) == set(OUTCOMES + GROUP_OUTCOMES)
    assert np.all((out["coexistence"] >= 0) & (out["coexistence"] <= 1))
    assert np.ptp(out["coexistence"]) > 0  # the uncertainties move the outcome
    row = x2.iloc[0]
    names = list(model.uncertainties.keys()) + list(model.levers.keys())
    again = model.function(**{n: float(row[n]) for n in names})
    assert again["coexistence"] == out2["coexistence"][0]  # same experiment, same run


def test_prim_finds_a_box_where_coexistence_is_low(model):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with SequentialEvaluator(model) as ev:
            x, out = ev.perform_experiments(scenarios=24)
        y = out["coexistence"] < np.median(out["coexistence"])
        found = prim.Prim(x[list(model.uncertainties.keys())], y, threshold=0.6)
        box = found.find_box()
    trajectory = box.peeling_trajectory
    assert len(trajectory) > 1
    assert trajectory["density"].iloc[-1] >= trajectory["density"].iloc[0]
