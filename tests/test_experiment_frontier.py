"""The frontier: Pareto sets, paired comparison with the baseline, the verdict, NSGA-II."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netpolitik.cli import main
from netpolitik.errors import InputError
from netpolitik.experiment import frontier, load
from netpolitik.experiment.frontier import (
    bootstrap,
    candidate_table,
    check_points,
    classify,
    objective_columns,
    pareto_mask,
    pareto_set,
    score,
    verdict,
    verdict_class,
)

SUB = "USA,GBR,DEU,EST,RUS,CHN,IRN,BRA"


def test_pareto_mask():
    v = np.array([[1, 1], [2, 0], [0, 2], [0.5, 0.5], [1, 1], [2, 0.5]])
    assert pareto_mask(v).tolist() == [True, False, True, False, True, True]
    v3 = np.array([[1, 1, 0], [1, 1, 1], [0, 0, 5]])
    assert pareto_mask(v3).tolist() == [False, True, True]


def _summary(
    points: dict[int, tuple[float, float, float, float]], seeds: int = 4, noise: float = 0.001
) -> pd.DataFrame:
    """Summary rows: point -> (sharing, offense, security, collaboration), small seed noise
    shared by all points (common random numbers)."""
    rng = np.random.default_rng(0)
    eps = rng.normal(0, noise, size=(seeds, 2))
    rows = []
    for p, (sh, off, sec, col) in points.items():
        for r in range(seeds):
            rows.append(
                {
                    "point": p,
                    "replicate": r,
                    "sharing": sh,
                    "offense": off,
                    "group_security": sec + eps[r, 0],
                    "group_collaboration": col + eps[r, 1],
                }
            )
    return pd.DataFrame(rows)


OBJ = objective_columns("group")


def test_verdict_both_high():
    table = candidate_table(
        _summary(
            {
                0: (0.5, 0.5, 0.70, 0.50),
                1: (0.9, 0.1, 0.80, 0.62),
                2: (0.6, 0.9, 0.85, 0.40),
                3: (0.2, 0.2, 0.60, 0.55),
            }
        ),
        ["sharing", "offense"],
        OBJ,
    )
    assert table.loc[table["point"] == 1, "security_diff_lower"].iloc[0] > 0
    front = pareto_set(table, ["security", "collaboration"])
    assert list(front["point"]) == [1, 2]  # 3 is dominated by 1
    text = verdict(table, ["sharing", "offense"], "NATO")
    assert text.startswith(
        "Both can be high: at sharing≈0.90, offense≈0.10 NATO reaches "
        "security 0.800 and collaboration 0.620"
    )
    assert "above the baseline (0.700, 0.500)" in text
    assert "each +0.01 of security costs about 0.044 of collaboration" in text
    assert "offense 0.10 -> 0.90" in text


def test_verdict_trade_off():
    table = candidate_table(
        _summary({0: (0.5, 0.5, 0.70, 0.50), 1: (0.9, 0.1, 0.60, 0.62), 2: (0.6, 0.9, 0.85, 0.40)}),
        ["sharing", "offense"],
        OBJ,
    )
    text = verdict(table, ["sharing", "offense"], "NATO")
    assert text.startswith(
        "They trade off: no mix of sharing, offense lifts NATO clearly above the baseline on both"
    )
    assert "some mixes raise security and others collaboration, but none both" in text
    assert "Along the front" in text
    assert verdict_class(table) == "tradeoff"


def test_verdict_neither_when_nothing_moves_clearly():
    """Verification: mixes within the seeds' noise of the baseline give "neither"."""
    table = candidate_table(
        _summary({0: (0.5, 0.5, 0.70, 0.50), 1: (0.9, 0.1, 0.70, 0.50), 2: (0.6, 0.9, 0.69, 0.49)}),
        ["sharing", "offense"],
        OBJ,
    )
    assert verdict_class(table) == "neither"
    assert verdict(table, ["sharing", "offense"], "NATO").startswith("Neither can be raised")


def test_classify_matches_the_table_classes_and_scores():
    """Verification: the array classifier agrees with the table's verdict class."""
    rng = np.random.default_rng(3)
    noise = rng.normal(0, 0.01, size=(1, 8, 2))
    both = np.array([[[0.05, 0.04]]]) + noise
    assert classify(both) == "both"
    assert classify(both * [1, -1]) == "tradeoff"
    assert classify(noise) == "neither"
    assert classify(np.concatenate([noise, both * [-1, 1]])) == "tradeoff"
    assert score(both) == pytest.approx(float(both.mean(axis=1).min()))
    assert classify(np.zeros((2, 5, 2)) + 1e-15) == "neither"  # rounding is no gain


def test_bootstrap_shares_and_intervals():
    """Verification: shares sum to 1; a clear gain is "both" in nearly every resample; an
    effect at the edge of detection splits the resamples; intervals cover the mean."""
    rng = np.random.default_rng(0)
    clear = np.array([[[0.05, 0.05]]]) + rng.normal(0, 0.01, size=(1, 16, 2))
    shares, iv = bootstrap(clear, seed=1)
    assert sum(shares.values()) == pytest.approx(1.0) and shares["both"] > 0.99
    assert iv.shape == (1, 2, 2)
    mean = clear.mean(axis=1)[0]
    assert (iv[0, :, 0] < mean).all() and (mean < iv[0, :, 1]).all()
    edge = np.array([[[0.006, 0.05]]]) + rng.normal(0, 0.012, size=(1, 16, 2))
    shares, _ = bootstrap(edge, seed=1)
    assert 0.1 < shares["both"] < 0.9 and shares["neither"] < 0.05
    assert bootstrap(clear, seed=1)[0] == bootstrap(clear, seed=1)[0]  # seeded


def test_check_points_pick_the_best_on_both_and_each_extreme():
    table = candidate_table(
        _summary(
            {
                0: (0.5, 0.5, 0.70, 0.50),
                1: (0.9, 0.1, 0.75, 0.55),
                2: (0.6, 0.9, 0.90, 0.40),
                3: (0.2, 0.2, 0.60, 0.70),
            }
        ),
        ["sharing", "offense"],
        OBJ,
    )
    assert check_points(table) == [1, 2, 3]


def test_verdict_single_best_mix_and_third_objective():
    obj = objective_columns("group", "growth")
    s = _summary({0: (0.5, 0.5, 0.70, 0.50), 1: (0.9, 0.1, 0.80, 0.62), 2: (0.8, 0.2, 0.75, 0.55)})
    s["group_growth"] = 0.02 + 0.001 * s["point"]
    table = candidate_table(s, ["sharing", "offense"], obj)
    text = verdict(table, ["sharing", "offense"], "the EU", third="growth")
    assert "one mix is best on both" in text and "Growth there: 0.021 (baseline 0.020)" in text


def test_objectives_validated():
    assert objective_columns("world", "freedom") == {
        "security": "security",
        "collaboration": "collaboration",
        "freedom": "mean_freedom",
    }
    with pytest.raises(InputError, match="allowed: group, world"):
        objective_columns("planet")
    with pytest.raises(InputError, match="allowed: growth, freedom"):
        objective_columns("group", "wealth")


def test_search_is_seeded_paired_and_non_dominated(tmp_path: Path):
    front = frontier(
        "baseline",
        "sharing,offense",
        "NATO",
        seeds=2,
        check_seeds=3,
        population=6,
        generations=2,
        years=1,
        countries=SUB,
        store=tmp_path,
        workers=1,
    )
    exp = front.attrs["experiment"]
    summary = load(exp, tmp_path)
    search = summary[summary["replicate"] < 2]
    assert front.attrs["candidates"] == 12 and len(search) == (12 + 1) * 2
    # every candidate and the baseline ran on the same two seeds
    assert (search.groupby("point")["replicate"].apply(sorted) == pd.Series([[0, 1]] * 13)).all()
    # the check re-ran the baseline and at most three mixes on three fresh seeds
    check = summary[summary["replicate"] >= 2]
    checked = [c["point"] for c in front.attrs["checked"]]
    assert sorted(set(check["point"])) == sorted([0, *checked]) and len(checked) <= 3
    assert (
        check.groupby("point")["replicate"].apply(sorted)
        == pd.Series([[2, 3, 4]] * (len(checked) + 1), index=sorted([0, *checked]))
    ).all()
    assert front.attrs["verdict_class"] in ("both", "tradeoff", "neither")
    assert sum(front.attrs["verdict_shares"].values()) == pytest.approx(1.0)
    for c in front.attrs["checked"]:
        assert c["security_diff_lower"] <= c["security_diff"] <= c["security_diff_upper"]
    again = frontier(
        "baseline",
        "sharing,offense",
        "NATO",
        seeds=2,
        check_seeds=3,
        population=6,
        generations=2,
        years=1,
        countries=SUB,
        store=tmp_path,
        workers=1,
    )  # resumes: nothing new runs, same answer
    assert len(load(exp, tmp_path)) == len(summary)
    assert again.attrs["verdict"] == front.attrs["verdict"]
    pts = front[["security", "collaboration"]].to_numpy()
    assert pareto_mask(pts).all()
    assert ((front[["sharing", "offense"]] >= 0) & (front[["sharing", "offense"]] <= 1)).all().all()
    assert set(front.attrs["baseline"]) == {"security", "collaboration"}
    v = front.attrs["verdict"]
    assert v.startswith(("Both can be high", "They trade off")) and "NATO" in v


def test_cli_prints_the_pareto_set_and_verdict(tmp_path: Path, capsys):
    code = main(
        [
            "frontier",
            "baseline",
            "--levers",
            "sharing,offense",
            "--for",
            "USA",
            "--scope",
            "world",
            "--third",
            "freedom",
            "--seeds",
            "2",
            "--check-seeds",
            "3",
            "--population",
            "4",
            "--generations",
            "2",
            "--years",
            "1",
            "--countries",
            SUB,
            "--store",
            str(tmp_path),
            "--workers",
            "1",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    for needle in (
        "Pareto set",
        "baseline",
        "freedom",
        "verdict:",
        "report:",
        "verdict class:",
        "bootstrap over",
        "checked on",
    ):
        assert needle in out, needle
    code = main(
        [
            "frontier",
            "baseline",
            "--levers",
            "sharing",
            "--for",
            "ASEAN",
            "--countries",
            SUB,
            "--store",
            str(tmp_path),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "ASEAN" in err


def test_verdict_class_is_the_same_for_another_base_seed(tmp_path: Path):
    """Validation of the verdict's stability: the same small frontier from two base seeds
    (different search and check seeds) gives the same class."""
    classes = []
    for seed in (0, 1):
        front = frontier(
            "baseline",
            "defense,sharing",
            "EST",
            seeds=2,
            check_seeds=12,
            population=6,
            generations=2,
            years=1,
            seed=seed,
            countries=SUB,
            store=tmp_path,
            workers=1,
        )
        classes.append(front.attrs["verdict_class"])
        assert sum(front.attrs["verdict_shares"].values()) == pytest.approx(1.0)
        assert front.attrs["check_seeds"] == 12
    assert classes[0] == classes[1]
