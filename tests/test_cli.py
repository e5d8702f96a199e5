"""CLI smoke tests: run end to end, read the Parquet outputs back, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from cli_support import cli

from netpolitik.cli import main
from netpolitik.policy import LEVERS

SMALL = "USA,CHN,RUS,EST,DEU,IRN,ISR,PRK,KOR,JPN,IND,PAK,GBR,FRA,UKR,GEO"


def _process(*args: str) -> subprocess.CompletedProcess:
    """A real ``python -m netpolitik.cli`` process (only where the process itself matters)."""
    return subprocess.run(
        [sys.executable, "-m", "netpolitik.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_run_writes_contract_tables(tmp_path: Path):
    out = tmp_path / "run"
    assert (
        main(
            [
                "run",
                "--years",
                "2",
                "--seed",
                "4",
                "--out",
                str(out),
                "--quiet",
                "--countries",
                SMALL,
            ]
        )
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text())
    for key in ("netpolitik_version", "seed", "start", "steps", "parameters", "data_provenance"):
        assert key in manifest
    assert manifest["seed"] == 4 and manifest["steps"] == 24
    g = pd.read_parquet(out / "global.parquet")
    assert len(g) == 24
    assert {
        "step",
        "date",
        "security",
        "collaboration",
        "incidents",
        "successful",
        "attributed",
        "sanctions",
    } <= set(g.columns)
    c = pd.read_parquet(out / "countries.parquet")
    assert len(c) == 24 * 16
    assert {
        "step",
        "iso3",
        *LEVERS,
        "security",
        "openness",
        "freedom",
        "gdp",
        "incidents_suffered",
        "incidents_caused",
    } <= set(c.columns)
    d = pd.read_parquet(out / "dyads.parquet")
    assert {"attacker", "target", "incidents", "successful", "attributed", "damage"} <= set(
        d.columns
    )
    assert set(d["attacker"]) <= set(SMALL.split(","))
    assert not list(tmp_path.glob(".run.*")), "temporary folder left behind"


def test_run_prints_summary(tmp_path: Path):
    res = _process("run", "--years", "1", "--out", str(tmp_path / "r"), "--countries", SMALL)
    assert res.returncode == 0, res.stderr
    assert "security" in res.stdout and "top attackers" in res.stdout
    assert "outputs:" in res.stdout


@pytest.mark.parametrize(
    "args, needle",
    [
        (["run", "--years", "-3"], "--years"),
        (["run", "--countries", "USA,XXX"], "XXX"),
        (["run", "--years", "abc"], "years"),
        (["world", "--country", "ZZZ"], "ZZZ"),
    ],
)
def test_bad_input_gives_one_line_and_exit_2(tmp_path: Path, args, needle):
    res = cli(*args, *(["--out", str(tmp_path / "o")] if args[0] == "run" else []))
    assert res.returncode == 2
    lines = [line for line in res.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, res.stderr
    assert needle in lines[0] and "Traceback" not in res.stderr
    assert not (tmp_path / "o").exists()


def test_a_real_process_refuses_bad_input_in_one_line(tmp_path: Path):
    res = _process("run", "--years", "abc", "--out", str(tmp_path / "o"))
    assert res.returncode == 2 and "Traceback" not in res.stderr
    assert res.stderr.strip().startswith("error: ") and len(res.stderr.splitlines()) == 1
    assert not (tmp_path / "o").exists()


def test_unwritable_out_is_refused_before_running(tmp_path: Path):
    a_file = tmp_path / "file"
    a_file.write_text("keep me")
    res = cli("run", "--years", "1", "--out", str(a_file / "sub"), "--countries", SMALL)
    assert res.returncode == 2 and "--out" in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1
    assert a_file.read_text() == "keep me"


def test_existing_results_are_not_overwritten(tmp_path: Path):
    out = tmp_path / "r"
    assert main(["run", "--years", "1", "--out", str(out), "-q", "--countries", SMALL]) == 0
    before = (out / "global.parquet").read_bytes()
    res = cli("run", "--years", "1", "--seed", "9", "--out", str(out), "--countries", SMALL)
    assert res.returncode == 2 and "--overwrite" in res.stderr
    assert (out / "global.parquet").read_bytes() == before


def test_world_formats():
    res = cli("world", "--country", "EST", "--format", "csv")
    assert res.returncode == 0
    frame = pd.read_csv(__import__("io").StringIO(res.stdout))
    assert list(frame["iso3"]) == ["EST"]
    res = cli("world", "--country", "EST", "--format", "json")
    assert json.loads(res.stdout)[0]["iso3"] == "EST"


def test_overwrite_replaces_only_run_folders(tmp_path: Path):
    other = tmp_path / "notes"
    other.mkdir()
    (other / "thesis.txt").write_text("precious")
    res = cli("run", "--years", "1", "--out", str(other), "--overwrite", "--countries", SMALL)
    assert res.returncode == 2 and "not a run folder" in res.stderr
    assert (other / "thesis.txt").read_text() == "precious"


def test_run_summary_shows_coexistence_and_whose_damage(tmp_path: Path, monkeypatch):
    """Verification: the summary prints the coexistence score and keeps state-operation
    damage (dyads) apart from all incident damage (state operations and crime)."""
    from netpolitik.cli.summary import headline
    from netpolitik.scenario import simulate_world

    monkeypatch.setenv("COLUMNS", "200")  # headers unwrapped
    res = cli("run", "--years", "1", "--out", str(tmp_path / "r"), "--countries", SMALL)
    assert res.returncode == 0, res.stderr
    assert "coexistence" in res.stdout
    assert "damage: state ops" in res.stdout and "damage: all incidents" in res.stdout
    assert "damage, state operations, US$ bn" in res.stdout
    result = simulate_world(SMALL.split(","), years=1, seed=0)
    h = headline(result)
    g = result.frames["global"].tail(12)
    assert h["coexistence: harmonic mean of the two (last year)"] == pytest.approx(
        g["coexistence"].mean()
    )
    state = h["damage, state operations, US$ bn (total)"]
    every = h["damage, all incidents, US$ bn (total)"]
    assert state == pytest.approx(result.frames["dyads"]["damage"].sum() / 1e9)
    assert 0 <= state < every  # crime adds damage on top of state operations


def test_run_baseline_prints_the_paired_change_with_intervals(tmp_path: Path):
    """Verification: ``run --baseline`` prints the same table as ``compare baseline X`` on
    the same seeds (paired differences and their 95% intervals)."""
    args = ["--years", "0.5", "--countries", "USA,CHN,RUS,EST,DEU", "--seed", "3"]
    res = cli(
        "run",
        "open_alliance",
        *args,
        "--out",
        str(tmp_path / "r"),
        "--baseline",
        "--baseline-runs",
        "3",
    )
    assert res.returncode == 0, res.stderr
    assert "change against the baseline: A = baseline, B = open_alliance; 3 paired" in (
        " ".join(res.stdout.split())
    )
    same = cli(
        "compare",
        "baseline",
        "open_alliance",
        *args,
        "--runs",
        "3",
        "--report",
        str(tmp_path / "c.html"),
    )
    assert same.returncode == 0, same.stderr
    row = next(line for line in same.stdout.splitlines() if "collaboration" in line)
    assert row in res.stdout and "95% interval" in res.stdout


def test_run_baseline_needs_two_runs_and_writes_nothing(tmp_path: Path):
    res = cli(
        "run",
        "--years",
        "0.5",
        "--out",
        str(tmp_path / "r"),
        "--baseline",
        "--baseline-runs",
        "1",
        "--countries",
        SMALL,
    )
    assert res.returncode == 2 and "--baseline-runs" in res.stderr and "1" in res.stderr
    assert not (tmp_path / "r").exists()
