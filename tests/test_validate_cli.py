"""`netpolitik validate` (every check passes), the DCID hindcast command and `landscape`."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import netpolitik.validate.checks as checks_module
import netpolitik.validate.engine_hindcast as hindcast_module
from netpolitik.cli import main
from netpolitik.validate.checks import CHECKS, COLUMNS, CheckResult, run_checks
from netpolitik.validate.engine_hindcast import engine_predictor

FIXTURE = Path(__file__).parent / "fixtures" / "dcid_synthetic.csv"


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rich wraps at 80 columns when not on a terminal; keep each row on one line."""
    monkeypatch.setenv("COLUMNS", "400")


def one_line_error(capsys: pytest.CaptureFixture[str], *needles: str) -> str:
    err = capsys.readouterr().err.strip()
    assert err.startswith("error: ") and "\n" not in err, err
    assert "Traceback" not in err
    for needle in needles:
        assert needle in err, err
    return err


# --- netpolitik validate ---------------------------------------------------------------------


def test_validate_prints_every_check_and_all_pass(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-patterns"]) == 0
    out = capsys.readouterr().out
    table = run_checks()  # the calibration ensemble is cached: cheap the second time
    assert list(table.columns) == list(COLUMNS) and len(table) == len(CHECKS) >= 12
    assert table["passed"].all(), table.loc[~table["passed"], ["name", "figure"]].to_string()
    for name in table["name"]:
        assert name in out
    assert "2.951092" in out and "ms wall time" in out and "model 0." in out
    assert out.count("PASS") == len(CHECKS) and "FAIL" not in out
    assert f"{len(CHECKS)}/{len(CHECKS)} checks passed" in out
    for reference in ("Axelrod & Iliev 2014", "Axelrod & Bennett 1993", "RAND", "DCID"):
        assert reference in out


def test_validate_exits_1_when_a_check_fails(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def fails() -> CheckResult:
        return CheckResult("always fails", False, "0 != 1", "none")

    def broken() -> CheckResult:
        """Broken check."""
        raise RuntimeError("boom")

    monkeypatch.setattr(checks_module, "CHECKS", (CHECKS[3], fails, broken))
    assert main(["validate", "--no-patterns"]) == 1
    out = capsys.readouterr().out
    assert "always fails" in out and "FAIL" in out and "boom" in out
    assert "1/3 checks passed" in out


# --- netpolitik validate hindcast ------------------------------------------------------------


def test_hindcast_on_synthetic_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "validate",
            "hindcast",
            "--dcid",
            str(FIXTURE),
            "--runs",
            "2",
            "--years",
            "10",
            "--from",
            "2010",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "2010-2019: 21 DCID incidents" in out
    for header in ("Spearman", "AUC", "top-10 overlap", "initiator TVD"):
        assert header in out
    rows = [
        line
        for line in out.splitlines()
        if line.startswith("│") and line.split("│")[1].strip() != "predictor"
    ]
    assert [row.split("│")[1].split()[0] for row in rows] == ["model", "persistence", "gravity"]
    assert "mean of 2 runs" in out


def test_engine_predictor_maps_iso3_to_cow() -> None:
    counts, codes, gdp = engine_predictor(runs=1, seed=3)(2010, 1)
    assert counts.shape == (len(codes), len(codes)) == (gdp.size, gdp.size)
    assert {"USA", "RUS", "CHN", "UKG", "ROK", "GMY"} <= set(codes)
    assert (counts >= 0).all() and (gdp > 0).all()


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--dcid", "missing.csv"], ["missing.csv", "file not found"]),
        (["--dcid", "WRONG"], ["missing column(s)", "initiator"]),
        (["--dcid", str(FIXTURE), "--runs", "0"], ["--runs"]),
        (["--dcid", str(FIXTURE), "--from", "2040"], ["no incidents in 2040-2049"]),
        (["--dcid", "BADROW"], ["row 4:", "initiator 740", "--drop-invalid"]),
        ([], ["--dcid"]),
    ],
)
def test_hindcast_bad_input_is_one_line(
    args: list[str], needles: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "wrong.csv"
    pd.DataFrame({"a": [1, 2], "b": [3, 4]}).to_csv(wrong, index=False)
    raw = pd.read_csv(FIXTURE)
    raw.loc[2, "initiator"] = 740  # neither StateA nor StateB
    bad_row = tmp_path / "bad_row.csv"
    raw.drop(columns=["Dyadpair"]).to_csv(bad_row, index=False)
    paths = {"WRONG": str(wrong), "BADROW": str(bad_row)}
    args = [paths.get(a, a) for a in args]
    assert main(["validate", "hindcast", *args]) == 2
    one_line_error(capsys, *needles)


def test_hindcast_drop_invalid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = pd.read_csv(FIXTURE).drop(columns=["Dyadpair"])
    raw.loc[2, "initiator"] = 740
    bad_row = tmp_path / "bad_row.csv"
    raw.to_csv(bad_row, index=False)
    assert (
        main(
            [
                "validate",
                "hindcast",
                "--dcid",
                str(bad_row),
                "--runs",
                "1",
                "--from",
                "2005",
                "--years",
                "5",
                "--drop-invalid",
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    assert "dropped 1 bad rows" in captured.err and "initiator 740" in captured.err
    assert "2005-2009: 8 DCID incidents" in captured.out
    assert "approximation" in captured.out  # the world is the 2010 world


# --- netpolitik validate: patterns -----------------------------------------------------------

CFR_FIXTURE = Path(__file__).parent / "fixtures" / "cfr_synthetic.csv"
RAW_CALIBRATION = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "calibration"


@pytest.mark.skipif(not RAW_CALIBRATION.is_dir(), reason="../shared/data/calibration absent")
def test_validate_prints_folds_and_patterns(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Verification: the patterns section has every fold and every target, each with the
    model's score and interval, the baselines and a verdict; patterns never set the exit
    code (one cheap check keeps this test short)."""
    monkeypatch.setattr(checks_module, "CHECKS", (CHECKS[3],))
    assert main(["validate", "--seeds", "2"]) == 0
    out = capsys.readouterr().out
    for needle in (
        "fold 1: fit 2000-2005, score 2006-2010",
        "fold 2: fit 2000-2007, score 2008-2010",
        "fold 1 calibration",
        "persistence",
        "gravity",
        "single-seed scores",
    ):
        assert needle in out, needle
    targets = [
        "directed-dyad incident ranking (fold 1)",
        "directed-dyad incident ranking (fold 2)",
        "initiator shares (fold 1)",
        "target shares (fold 1)",
        "severity distribution (fold 1)",
        "alliance membership 2005 -> 2010",
        "GDP growth ranking 2010-2019",
        "attributed incidents followed by a public response",
    ]
    rows = [line for line in out.splitlines() if line.startswith("│")]
    for target in targets:
        row = next(r for r in rows if target in r)
        assert any(v in row for v in ("PASS", "FAIL", "n/a")), row
    assert "scored patterns pass" in out
    assert "Dyad ranking (Spearman)" in out and "Dyad ranking (AUC)" in out


def test_validate_patterns_without_raw_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setattr(checks_module, "CHECKS", (CHECKS[3],))
    assert main(["validate", "--seeds", "1", "--calibration-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "patterns: not scored" in out and "dcid_directed_incidents_2000_2010.csv" in out


def test_validate_bad_seeds_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--seeds", "0"]) == 2
    one_line_error(capsys, "--seeds", "use 20")


# --- netpolitik validate hindcast --cfr ------------------------------------------------------


def test_hindcast_cfr_on_synthetic_fixture(capsys: pytest.CaptureFixture[str]) -> None:
    """Verification: the CFR export is scored on initiator and target shares."""
    code = main(
        [
            "validate",
            "hindcast",
            "--cfr",
            str(CFR_FIXTURE),
            "--runs",
            "1",
            "--from",
            "2006",
            "--years",
            "5",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert "2006-2010: 7 CFR operations (4 in" in out
    assert "initiator TVD" in out and "target TVD" in out
    rows = [
        line
        for line in out.splitlines()
        if line.startswith("│") and line.split("│")[1].strip() != "predictor"
    ]
    assert [row.split("│")[1].split()[0] for row in rows] == ["model", "persistence", "gravity"]
    assert "observed top initiators: CHN 0.33, RUS 0.33" in out
    assert "1 operation(s) with no recognised sponsor or target" in out


def test_cfr_shares_by_hand() -> None:
    """Verification: each operation weighs 1, split over sponsors and over targets."""
    from netpolitik.validate.cfr import observed_shares, read_cfr
    from netpolitik.world import load_world

    world = load_world()
    cfr = read_cfr(CFR_FIXTURE)
    cfr = cfr[(cfr["year"] >= 2006) & (cfr["year"] <= 2010)]
    sent, hit, skipped = observed_shares(cfr, world)
    assert sent["CHN"] == pytest.approx(2 / 6) and sent["ISR"] == pytest.approx(0.5 / 6)
    assert hit["USA"] == pytest.approx(1.5 / 5)  # Google/Yahoo 1, half of operation H
    assert skipped == 1 and sent.sum() == pytest.approx(1.0)


def test_hindcast_dcid_and_cfr_simulate_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    calls: list[tuple[int, int]] = []

    def fake_predictor(**_: object):
        from netpolitik.world import load_world

        world = load_world()
        codes = list(world.countries["cow_code"])

        def predict(start: int, years: int):
            calls.append((start, years))
            n = len(codes)
            return np.ones((n, n)), codes, world.countries["gdp"].to_numpy()

        return predict

    monkeypatch.setattr(hindcast_module, "engine_predictor", fake_predictor)
    assert (
        main(
            [
                "validate",
                "hindcast",
                "--dcid",
                str(FIXTURE),
                "--cfr",
                str(CFR_FIXTURE),
                "--from",
                "2006",
                "--years",
                "5",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert calls == [(2006, 5)]
    assert "DCID incidents" in out and "CFR operations" in out


@pytest.mark.parametrize(
    ("edit", "needles"),
    [
        ({"date": "2010-02-30"}, ["row 2:", "'2010-02-30' is not a real calendar date"]),
        ({"date": "2012.7"}, ["row 2:", "not a real calendar date"]),
        ({"date": "today"}, ["row 2:", "'today'"]),
        ("drop", ["lacks column(s) victims"]),
    ],
)
def test_hindcast_cfr_bad_input_is_one_line(
    edit, needles: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = pd.read_csv(CFR_FIXTURE, dtype=str, keep_default_na=False)
    if edit == "drop":
        table = table.drop(columns=["victims"])
    else:
        for column, value in edit.items():
            table.loc[0, column] = value
    path = tmp_path / "cfr.csv"
    table.to_csv(path, index=False)
    assert main(["validate", "hindcast", "--cfr", str(path), "--runs", "1"]) == 2
    one_line_error(capsys, "--cfr", *needles)


# --- netpolitik landscape --------------------------------------------------------------------


def write_landscape(tmp_path: Path, matrix_rows: list[str] | None = None) -> tuple[Path, Path]:
    """Six actors in two obvious blocs: A, B, C like each other and dislike X, Y, Z."""
    actors = ["A", "B", "C", "X", "Y", "Z"]
    sizes = tmp_path / "sizes.csv"
    sizes.write_text("actor,size\n" + "".join(f"{a},{k + 1}\n" for k, a in enumerate(actors)))
    if matrix_rows is None:
        order = ["Z", "A", "Y", "B", "X", "C"]  # any order: read by name
        matrix_rows = ["," + ",".join(order)]
        for r in order:
            cells = [
                "0" if r == c else ("1" if (r in "ABC") == (c in "ABC") else "-1") for c in order
            ]
            matrix_rows.append(",".join([r, *cells]))
    matrix = tmp_path / "matrix.csv"
    matrix.write_text("\n".join(matrix_rows) + "\n")
    return sizes, matrix


@pytest.mark.parametrize("mode", ["auto", "exact", "heuristic"])
def test_landscape_two_blocs(mode: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sizes, matrix = write_landscape(tmp_path)
    assert (
        main(["landscape", "--sizes", str(sizes), "--propensity", str(matrix), "--mode", mode]) == 0
    )
    out = capsys.readouterr().out
    assert "Side 1 (3): A, B, C" in out and "Side 2 (3): X, Y, Z" in out
    # energy: every cross-bloc pair is apart, sum of -s_i s_j = -(1+2+3)(4+5+6)
    assert "energy -90" in out
    assert ("Local minima" in out) == (mode != "heuristic")
    if mode != "heuristic":
        assert "1. energy -90: A, B, C | X, Y, Z" in out


@pytest.mark.parametrize(
    ("rows", "args", "needles"),
    [
        ([",A,B", "A,0,1", "B,1,0"], [], ["actor names differ"]),
        ([",A,B,C,X,Y,Z", *[f"{r},0,1,1,1,1,1" for r in "ABCXYZ"]], [], ["symmetric"]),
        (
            [",A,B,C,X,Y,Z", *[f"{r},0,0,0,0,0,{'x' if r == 'C' else 0}" for r in "ABCXYZ"]],
            [],
            ["'x' is not a finite number"],
        ),
        (None, ["--mode", "magic"], ["magic"]),
        (None, ["--sizes", "nowhere.csv"], ["nowhere.csv", "not found"]),
    ],
)
def test_landscape_bad_input_is_one_line(
    rows: list[str] | None,
    args: list[str],
    needles: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sizes, matrix = write_landscape(tmp_path, rows)
    assert main(["landscape", "--sizes", str(sizes), "--propensity", str(matrix), *args]) == 2
    one_line_error(capsys, *needles)
