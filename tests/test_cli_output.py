"""Output a person can read (verification): vertical one-country table, --format on every
table command with CSV when piped, --version, "did you mean" for names."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from cli_support import cli

from netpolitik import __version__
from netpolitik.cli.output import Format, resolve
from netpolitik.params import Params
from netpolitik.world import load_world


def test_version():
    res = cli("--version")
    assert res.returncode == 0 and res.stdout.strip() == f"netpolitik {__version__}"


def test_one_country_is_a_vertical_key_value_table(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    res = cli("world", "--country", "EST", "--format", "table")
    assert res.returncode == 0, res.stderr
    rows = {
        line.split("│")[1].strip(): line.split("│")[2].strip()
        for line in res.stdout.splitlines()
        if line.count("│") == 3
    }
    assert rows["iso3"] == "EST" and rows["name"] == "Estonia"
    assert rows["population"] == "1,299,000" and rows["region"] == "Europe"
    assert len(rows) >= 20  # every column on its own line, none cut to "Es…"
    assert "…" not in res.stdout


def test_table_commands_write_csv_when_piped():
    assert resolve(Format.auto, terminal=True) is Format.table
    assert resolve(Format.auto, terminal=False) is Format.csv
    for argv, key in ((["world"], "iso3"), (["params"], "name"), (["scenarios"], "name")):
        res = cli(*argv)  # captured stdout is not a terminal
        assert res.returncode == 0, res.stderr
        frame = pd.read_csv(io.StringIO(res.stdout))
        assert key in frame.columns and len(frame) > 5, argv
    world = pd.read_csv(io.StringIO(cli("world").stdout))
    assert len(world) == len(load_world().countries)
    params = pd.read_csv(io.StringIO(cli("params").stdout))
    assert list(params["name"]) == list(Params.model_fields)
    assert {"default", "unit", "source", "meaning"} <= set(params.columns)


def test_params_json_and_table():
    records = json.loads(cli("params", "--format", "json").stdout)
    assert {r["name"] for r in records} == set(Params.model_fields)
    one = json.loads(cli("params", "--name", "trust_rate", "-f", "json").stdout)
    assert [r["name"] for r in one] == ["trust_rate"] and one[0]["default"] == Params().trust_rate
    text = cli("params", "--format", "table").stdout
    for name in Params.model_fields:  # each name whole, at the start of its own line
        assert any(line.startswith(f"{name} = ") for line in text.splitlines()), name


@pytest.mark.parametrize(
    "argv, suggestion",
    [
        (["run", "basline"], "'baseline'"),
        (["world", "--country", "ESTT"], "'EST'"),
        (["run", "--countries", "USA,DEUU", "--years", "0.1"], "'DEU'"),
        (["params", "--name", "trust_rat"], "'trust_rate'"),
        (["sweep", "baseline", "--param", "trust_rat=0:1"], "'trust_rate'"),
    ],
)
def test_did_you_mean(tmp_path, argv, suggestion):
    res = cli(*argv)
    assert res.returncode == 2
    line = res.stderr.strip().splitlines()[0]
    assert line.startswith("error: ") and f"did you mean {suggestion}" in line, line


def test_did_you_mean_a_club_and_a_parameter_in_a_scenario(tmp_path):
    path = tmp_path / "s.yaml"
    path.write_text(
        "name: s\ncountries: [USA, EST]\nparams: {trust_rat: 0.1}\n"
        "levers:\n  groups:\n    - select: {club: NATTO}\n      set: {sharing: 1}\n"
    )
    res = cli("scenarios", "check", str(path))
    assert res.returncode == 2
    assert "did you mean 'NATO'" in res.stderr and "trust_rate" in res.stderr
