"""Sweeps and sensitivity analysis: designs, common random numbers, indices, CLI."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from netpolitik.cli import main
from netpolitik.errors import InputError
from netpolitik.experiment import ensemble, load, sensitivity, sweep
from netpolitik.experiment.sensitivity import influence_verdict
from netpolitik.params import Params

SUB = "USA,GBR,DEU,EST,RUS,CHN,IRN,BRA"
TINY = "USA,RUS,EST"


def test_grid_sweep_points_replicates_and_direction(tmp_path: Path):
    out = sweep(
        "baseline",
        ["offense@all=0:1", "trust_rate=0.05:0.05"],
        samples=3,
        runs_per_point=2,
        years=1,
        countries=SUB,
        store=tmp_path,
        workers=1,
        group="NATO",
    )
    assert list(out["offense@all"]) == [0.0, 0.5, 1.0] and (out["trust_rate"] == 0.05).all()
    assert (out["runs"] == 2).all()
    assert out["incidents_total"].is_monotonic_increasing
    assert out.loc[0, "incidents_total"] == 0
    assert {"group_security", "group_collaboration_lower"} <= set(out.columns)
    summary = load(out.attrs["experiment"], tmp_path)
    assert list(summary["replicate"]) == [0, 1] * 3 and list(summary["point"]) == [0, 0, 1, 1, 2, 2]


def test_a_point_that_changes_nothing_reproduces_the_ensemble(tmp_path: Path):
    # trust_rate at its default: replicate k of the point is ensemble run k (same seeds)
    rate = Params().trust_rate
    out = sweep(
        "baseline",
        f"trust_rate={rate}:{rate}",
        runs_per_point=3,
        years=1,
        countries=TINY,
        store=tmp_path,
        workers=1,
    )
    ens = ensemble("baseline", runs=3, years=1, countries=TINY, store=tmp_path, workers=1)
    a = load(out.attrs["experiment"], tmp_path, "steps")
    b = load(ens.attrs["experiment"], tmp_path, "steps")
    cols = ["run", "step", "security", "collaboration", "incidents", "damage"]
    pd.testing.assert_frame_equal(a[cols], b[cols])


def test_lhs_sweep_and_cli(tmp_path: Path, capsys):
    code = main(
        [
            "sweep",
            "baseline",
            "--param",
            "sharing@NATO=0:1",
            "--param",
            "surveillance@authoritarian=0.2:0.9",
            "--design",
            "lhs",
            "--samples",
            "4",
            "--runs-per-point",
            "1",
            "--years",
            "1",
            "--countries",
            SUB,
            "--store",
            str(tmp_path),
            "--workers",
            "1",
            "--no-report",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    for needle in ("lhs", "4 points x 1 runs", "sharing@NATO", "highest coexistence"):
        assert needle in out, needle
    code = main(["sweep", "baseline", "--param", "sharing@NATOO=0:1", "--store", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "did you mean 'NATO'" in err and len(err.strip().splitlines()) == 1


def test_sweep_bad_input(tmp_path: Path):
    for kwargs, needle in (
        ({"design": "sobol"}, "--design"),
        ({"samples": 0}, "--samples"),
        ({"runs_per_point": 0}, "--runs-per-point"),
    ):
        with pytest.raises(InputError, match=needle):
            sweep("baseline", "trust_rate=0:0.1", store=tmp_path, **kwargs)
    with pytest.raises(InputError, match="at least one factor"):
        sweep("baseline", [], store=tmp_path)


def test_sobol_indices_and_reuse_for_another_outcome(tmp_path: Path):
    kw = dict(method="sobol", samples=4, years=1, countries=TINY, store=tmp_path, workers=1)
    idx = sensitivity(
        "baseline", ["offense@RUS=0:1", "quantum_drop=0.1:0.9"], outcome="collaboration", **kw
    )
    assert idx.attrs["points"] == 4 * (2 * 2 + 2)
    assert set(idx["index"]) == {"S1", "ST", "S2"}
    assert list(idx.loc[idx["index"] == "S2", "parameter"]) == ["offense@RUS x quantum_drop"]
    st = idx[idx["index"] == "ST"].set_index("parameter")["value"]
    # offense costs trust (the security dilemma); the quantum-break size does nothing in a
    # world without a quantum break
    assert st["offense@RUS"] > st["quantum_drop"]
    ok = idx.dropna(subset=["conf"])
    assert ((ok["lower"] <= ok["value"]) & (ok["value"] <= ok["upper"])).all()
    chunks = sorted(tmp_path.glob("chunks/*/*"))
    again = sensitivity(
        "baseline", ["offense@RUS=0:1", "quantum_drop=0.1:0.9"], outcome="coexistence", **kw
    )
    assert again.attrs["experiment"] == idx.attrs["experiment"]
    assert sorted(tmp_path.glob("chunks/*/*")) == chunks  # no new runs
    assert (again["outcome"] == "coexistence").all()


def test_morris_cli_and_errors(tmp_path: Path, capsys):
    code = main(
        [
            "sensitivity",
            "baseline",
            "--method",
            "morris",
            "--params",
            "offense@RUS=0:1,defense@all=0:1",
            "--samples",
            "3",
            "--outcome",
            "collaboration",
            "--years",
            "1",
            "--countries",
            TINY,
            "--store",
            str(tmp_path),
            "--workers",
            "1",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    for needle in ("Morris", "mu* (importance)", "defense@all", "influential", "report:"):
        assert needle in out, needle
    for args, needle in (
        (["--samples", "6"], "power of 2"),
        (["--outcome", "nope"], "allowed: security"),
        (["--outcome", "group_security"], "need --for"),
        (["--method", "fast"], "allowed: sobol, morris"),
    ):
        code = main(
            [
                "sensitivity",
                "baseline",
                "--params",
                "offense@RUS=0:1",
                "--countries",
                TINY,
                "--store",
                str(tmp_path),
                *args,
            ]
        )
        err = capsys.readouterr().err
        assert code == 2 and needle in err, (args, err)


def test_sensitivity_outcome_that_does_not_vary(tmp_path: Path):
    # no sanctions among three countries in one year, whatever the trust rate
    with pytest.raises(InputError, match="does not vary"):
        sensitivity(
            "baseline",
            ["trust_rate=0.01:0.1"],
            method="morris",
            samples=2,
            outcome="sanctions",
            years=1,
            countries=TINY,
            store=tmp_path,
            workers=1,
        )


def _indices(*rows: tuple[str, float, float, float]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"parameter": n, "index": "ST", "value": v, "lower": lo, "upper": hi}
            for n, v, lo, hi in rows
        ]
    )


def test_a_factor_is_named_influential_only_when_its_interval_excludes_0():
    """Verification: the largest index with an interval that includes 0 is not named; the
    largest one whose interval excludes 0 is."""
    wide = _indices(("offense@all", 0.615, -2.44, 3.67), ("trust_rate", 0.2, -0.1, 0.5))
    line = influence_verdict(wide, "sobol", "coexistence", samples=32)
    assert "offense@all" not in line and "trust_rate" not in line
    assert "too few" in line and "--samples 64" in line
    mixed = _indices(("offense@all", 0.615, -2.44, 3.67), ("trust_rate", 0.2, 0.05, 0.35))
    line = influence_verdict(mixed, "sobol", "coexistence", samples=32)
    assert line.startswith("most influential on coexistence: trust_rate (ST 0.2 [0.05, 0.35]")
    assert "offense@all" not in line
