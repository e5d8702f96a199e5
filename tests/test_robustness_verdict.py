"""Robustness of the verdict over the assumptions: ranges, designs, indices, shares, CLI."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from netpolitik.cli import main
from netpolitik.errors import InputError
from netpolitik.experiment import load, robustness
from netpolitik.experiment.assumptions import (
    _bounds,
    assumption_names,
    assumptions,
    plausible_range,
)
from netpolitik.experiment.robustness import evaluate, shares
from netpolitik.params import Params

SUB = "USA,GBR,DEU,EST,RUS,CHN"
#: quantum_drop only acts in a quantum shock, which the baseline does not have.
INERT, MATTERS = "quantum_drop", "trust_base"
SMALL = dict(
    trajectories=2,
    samples=2,
    top=2,
    mixes=2,
    seeds=2,
    years=1,
    countries=SUB,
    only=["trust_rate", INERT, MATTERS],
    workers=1,
)


def test_every_scalar_assumption_is_screened():
    """Verification: the screened set is every float field whose source says
    "assumption", read from Params at run time (new ones are picked up)."""
    expected = [
        r["name"]
        for r in Params.table()
        if "assumption" in r["source"].lower()
        and Params.model_fields[r["name"]].annotation is float
    ]
    assert assumption_names() == expected and len(expected) > 10
    factors = assumptions(Params())
    varied = [n for n in expected if np.ptp(plausible_range(getattr(Params(), n), *_bounds(n))) > 0]
    assert [f.name for f in factors] == varied and len(varied) >= len(expected) - 2
    for f in factors:
        lo, hi = _bounds(f.name)
        assert f.low < f.high and (lo is None or f.low >= lo) and (hi is None or f.high <= hi)
        assert f.low <= getattr(Params(), f.name) <= f.high


def test_plausible_ranges():
    """Verification: x [0.5, 2] clipped; shares near their upper bound scale the gap."""
    assert plausible_range(0.05, 0, 1) == (0.025, 0.1)
    assert plausible_range(0.8, 0, 1) == (0.6, 0.9)
    assert plausible_range(0.99, 0, 0.9999) == (0.9801, 0.99495)
    assert plausible_range(12, 1, 600) == (6, 24)
    assert plausible_range(1.5, 1.01, 10) == (1.01, 3.0)
    assert plausible_range(-2.0, -10, 10) == (-4.0, -1.0)
    assert plausible_range(0.0, 0, 1) == (0.0, 0.1)


def test_bad_names_and_ranges_are_refused():
    with pytest.raises(InputError, match="--only trust_w_similarity: not a scalar"):
        assumptions(Params(), ["trust_w_similarity"])  # sourced from the essay
    with pytest.raises(InputError, match="--range trust_rate=0.5:2.0: outside"):
        assumptions(Params(), ["trust_rate"], {"trust_rate": (0.5, 2.0)})
    assert [
        (f.low, f.high) for f in assumptions(Params(), ["trust_rate"], {"trust_rate": (0.01, 0.2)})
    ] == [(0.01, 0.2)]


def test_shares_sum_to_one_and_evaluate_classifies_each_point():
    """Verification on a hand-made summary: point 0 gains on both, point 1 on neither."""
    rows = []
    for k, gain in enumerate((0.05, 0.0)):
        for m in range(3):
            for r in range(4):
                noise = 0.001 * ((r * 7 + m) % 3)
                rows.append(
                    {
                        "point": 3 * k + m,
                        "replicate": r,
                        "group_security": 0.5 + (gain if m else 0) + noise,
                        "group_collaboration": 0.4 + (gain if m else 0) + noise,
                    }
                )
    scores, classes = evaluate(
        pd.DataFrame(rows), 0, 2, 2, ["group_security", "group_collaboration"]
    )
    assert classes == ["both", "neither"]
    assert scores[0] == pytest.approx(0.05, abs=0.002) and abs(scores[1]) < 0.002
    table = shares({"a": classes, "b": ["tradeoff"] * 3})
    assert table.groupby("sample")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert table.set_index(["sample", "class"]).loc[("a", "both"), "share"] == 0.5


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[dict[str, pd.DataFrame], Path]:
    store = tmp_path_factory.mktemp("robust")
    return robustness("baseline", "sharing,offense", "NATO", store=store, **SMALL), store


def test_inert_assumption_has_no_effect_and_one_that_matters_ranks_above(small):
    """Verification: a parameter outside the model's path (no quantum shock) gets
    mu* = 0; trust_base, which sets trust and so collaboration, ranks above it."""
    out, _ = small
    mu = out["morris"].query("index == 'mu_star'").set_index("parameter")["value"]
    assert mu[INERT] == pytest.approx(0.0, abs=1e-12)
    assert mu[MATTERS] > mu[INERT] and mu[MATTERS] > 1e-6
    assert INERT not in set(out["sobol"]["parameter"])  # only mu* > 0 go on to Sobol'
    assert {"S1", "ST"} == set(out["sobol"]["index"])


def test_outputs_are_consistent_and_stored(small):
    out, store = small
    pts = out["points"]
    assert len(pts[pts["stage"] == "morris"]) == 2 * (3 + 1)
    assert len(pts[pts["stage"] == "sobol"]) == 2 * (2 + 2)
    assert set(pts["class"]) <= {"both", "tradeoff", "neither"}
    s = out["shares"]
    assert s.groupby("sample")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    counts = pts.groupby("stage")["class"].value_counts()
    for _, r in s.iterrows():
        assert r["points"] == counts.get((r["sample"], r["class"]), 0)
    sobol_pts = pts[pts["stage"] == "sobol"]
    assert (sobol_pts[INERT] == Params().quantum_drop).all()  # held at its value
    summary = load(out["shares"].attrs["experiment"], store)
    assert len(summary) == len(pts) * (2 + 1) * 2  # every point x (baseline + mixes) x seeds
    assert "robustness" in out["shares"].attrs["experiment"]


def test_same_seed_same_result_and_resume(small, tmp_path: Path):
    """Same seed = identical results in a fresh store; the same command again resumes."""
    out, store = small
    again = robustness("baseline", "sharing,offense", "NATO", store=tmp_path, **SMALL)
    pd.testing.assert_frame_equal(again["points"], out["points"])
    pd.testing.assert_frame_equal(again["morris"], out["morris"])
    n = len(load(out["shares"].attrs["experiment"], store))
    robustness("baseline", "sharing,offense", "NATO", store=store, **SMALL)
    assert len(load(out["shares"].attrs["experiment"], store)) == n
    other = robustness(
        "baseline", "sharing,offense", "NATO", store=tmp_path, **{**SMALL, "seed": 5}
    )
    assert not np.allclose(other["points"]["trust_rate"], out["points"]["trust_rate"])


def test_cli_prints_tables_and_writes_csv(tmp_path: Path, capsys):
    args = [
        "robustness",
        "baseline",
        "--levers",
        "sharing,offense",
        "--for",
        "NATO",
        "--trajectories",
        "2",
        "--samples",
        "2",
        "--top",
        "1",
        "--mixes",
        "2",
        "--seeds",
        "2",
        "--years",
        "1",
        "--countries",
        SUB,
        "--only",
        f"{INERT},{MATTERS}",
        "--store",
        str(tmp_path / "st"),
        "--workers",
        "1",
    ]
    assert main([*args, "--out", str(tmp_path / "tables")]) == 0
    out = capsys.readouterr().out
    for needle in (
        "Share of the plausible parameter space",
        "Morris screening",
        "Sobol' indices",
        "robustness:",
        "trade-off",
    ):
        assert needle in out, needle
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == [
        "morris.csv",
        "points.csv",
        "ranges.csv",
        "shares.csv",
        "sobol.csv",
    ]
    assert main([*args, "--out", str(tmp_path / "tables")]) == 2  # refuses to overwrite
    assert "--out" in capsys.readouterr().err
    assert (
        main([*args[:-4], "--only", "trust_rate", "--range", "trust_rate=2:3", "--workers", "1"])
        == 2
    )
    err = capsys.readouterr().err
    assert err.startswith("error: --range trust_rate") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--trajectories", "1"),
        ("--samples", "3"),
        ("--seeds", "1"),
        ("--mixes", "0"),
        ("--top", "0"),
        ("--levers", "nope"),
        ("--for", "ATLANTIS"),
        ("--scope", "planet"),
        ("--only", "trust_w_similarity"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(tmp_path: Path, capsys, option, value):
    args = {"--levers": "sharing", "--for": "NATO", option: value}
    argv = [
        "robustness",
        "baseline",
        *(x for kv in args.items() for x in kv),
        "--countries",
        "USA,GBR,RUS",
        "--store",
        str(tmp_path / "st"),
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {option}") and err.count("\n") == 1, err
    assert not (tmp_path / "st").exists()
