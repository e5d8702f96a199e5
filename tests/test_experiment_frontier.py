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
    candidate_table,
    objective_columns,
    pareto_mask,
    pareto_set,
    verdict,
)

SUB = "USA,GBR,DEU,EST,RUS,CHN,IRN,BRA"


def test_pareto_mask():
    v = np.array([[1, 1], [2, 0], [0, 2], [0.5, 0.5], [1, 1], [2, 0.5]])
    assert pareto_mask(v).tolist() == [True, False, True, False, True, True]
    v3 = np.array([[1, 1, 0], [1, 1, 1], [0, 0, 5]])
    assert pareto_mask(v3).tolist() == [False, True, True]


def _summary(points: dict[int, tuple[float, float, float, float]], seeds: int = 4,
             noise: float = 0.001) -> pd.DataFrame:
    """Summary rows: point -> (sharing, offense, security, collaboration), small seed noise
    shared by all points (common random numbers)."""
    rng = np.random.default_rng(0)
    eps = rng.normal(0, noise, size=(seeds, 2))
    rows = []
    for p, (sh, off, sec, col) in points.items():
        for r in range(seeds):
            rows.append({"point": p, "replicate": r, "sharing": sh, "offense": off,
                         "group_security": sec + eps[r, 0], "group_collaboration":
                         col + eps[r, 1]})
    return pd.DataFrame(rows)


OBJ = objective_columns("group")


def test_verdict_both_high():
    table = candidate_table(_summary({0: (0.5, 0.5, 0.70, 0.50), 1: (0.9, 0.1, 0.80, 0.62),
                                      2: (0.6, 0.9, 0.85, 0.40), 3: (0.2, 0.2, 0.60, 0.55)}),
                            ["sharing", "offense"], OBJ)
    assert table.loc[table["point"] == 1, "security_diff_lower"].iloc[0] > 0
    front = pareto_set(table, ["security", "collaboration"])
    assert list(front["point"]) == [1, 2]  # 3 is dominated by 1
    text = verdict(table, ["sharing", "offense"], "NATO")
    assert text.startswith("Both can be high: at sharing≈0.90, offense≈0.10 NATO reaches "
                           "security 0.800 and collaboration 0.620")
    assert "above the baseline (0.700, 0.500)" in text
    assert "each +0.01 of security costs about 0.044 of collaboration" in text
    assert "offense 0.10 -> 0.90" in text


def test_verdict_trade_off():
    table = candidate_table(_summary({0: (0.5, 0.5, 0.70, 0.50), 1: (0.9, 0.1, 0.60, 0.62),
                                      2: (0.6, 0.9, 0.85, 0.40)}),
                            ["sharing", "offense"], OBJ)
    text = verdict(table, ["sharing", "offense"], "NATO")
    assert text.startswith("They trade off: no mix of sharing, offense lifts NATO clearly "
                           "above the baseline on both")
    assert "some mixes raise security and others collaboration, but none both" in text
    assert "Along the front" in text


def test_verdict_single_best_mix_and_third_objective():
    obj = objective_columns("group", "growth")
    s = _summary({0: (0.5, 0.5, 0.70, 0.50), 1: (0.9, 0.1, 0.80, 0.62),
                  2: (0.8, 0.2, 0.75, 0.55)})
    s["group_growth"] = 0.02 + 0.001 * s["point"]
    table = candidate_table(s, ["sharing", "offense"], obj)
    text = verdict(table, ["sharing", "offense"], "the EU", third="growth")
    assert "one mix is best on both" in text and "Growth there: 0.021 (baseline 0.020)" in text


def test_objectives_validated():
    assert objective_columns("world", "freedom") == {
        "security": "security", "collaboration": "collaboration", "freedom": "mean_freedom"}
    with pytest.raises(InputError, match="allowed: group, world"):
        objective_columns("planet")
    with pytest.raises(InputError, match="allowed: growth, freedom"):
        objective_columns("group", "wealth")


def test_search_is_seeded_paired_and_non_dominated(tmp_path: Path):
    front = frontier("baseline", "sharing,offense", "NATO", seeds=2, population=6,
                     generations=2, years=1, countries=SUB, store=tmp_path, workers=1)
    exp = front.attrs["experiment"]
    summary = load(exp, tmp_path)
    assert front.attrs["candidates"] == 12 and len(summary) == (12 + 1) * 2
    # every candidate and the baseline ran on the same two seeds
    assert (summary.groupby("point")["replicate"].apply(list) == pd.Series(
        [[0, 1]] * 13)).all()
    pts = front[["security", "collaboration"]].to_numpy()
    assert pareto_mask(pts).all()
    assert ((front[["sharing", "offense"]] >= 0) & (front[["sharing", "offense"]] <= 1)
            ).all().all()
    assert set(front.attrs["baseline"]) == {"security", "collaboration"}
    v = front.attrs["verdict"]
    assert v.startswith(("Both can be high", "They trade off")) and "NATO" in v


def test_cli_prints_the_pareto_set_and_verdict(tmp_path: Path, capsys):
    code = main(["frontier", "baseline", "--levers", "sharing,offense", "--for", "USA",
                 "--scope", "world", "--third", "freedom", "--seeds", "2", "--population",
                 "4", "--generations", "2", "--years", "1", "--countries", SUB,
                 "--store", str(tmp_path), "--workers", "1"])
    out = capsys.readouterr().out
    assert code == 0
    for needle in ("Pareto set", "baseline", "freedom", "verdict:", "report:"):
        assert needle in out, needle
    code = main(["frontier", "baseline", "--levers", "sharing", "--for", "ASEAN",
                 "--countries", SUB, "--store", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "ASEAN" in err
