"""Verification: every input path answers bad values with one ``error:`` line.

Huge integers, out-of-range dates, over-long seeds and text where numbers belong are
refused at the schema (no text-to-number coercion in ``params``) and at the CLI.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from netpolitik.cli import main
from netpolitik.errors import ScenarioError
from netpolitik.scenario.schema import parse_scenario

TINY = "USA,RUS,EST"


@pytest.mark.parametrize(
    "text, needles",
    [
        (
            "events:\n  - {kind: ai_wave, step: 9223372036854775808}",
            ["events[0].step", "out of range", "12000"],
        ),
        ("start: 9999-12", ["start", "'9999-12'", "1900-01 to 2200-12"]),
        ("events:\n  - {kind: ai_wave, date: 0001-01}", ["events[0].date", "out of range"]),
        ("seed: " + "9" * 5000, ["5000 digits", "too long", "at most 40"]),
        ("params: {trust_rate: '0.1'}", ["params", "trust_rate", "'0.1'", "without quotes"]),
        ("params: {trust_rate: true}", ["params", "trust_rate", "True"]),
        ("params: {state_sector_mix: [0.2, '0.2']}", ["params", "state_sector_mix"]),
    ],
)
def test_schema_refuses_in_one_line(text, needles):
    with pytest.raises(ScenarioError) as info:
        parse_scenario("name: demo\n" + text)
    (line,) = info.value.problems
    for needle in needles:
        assert needle in line, (needle, line)
    assert len(line) < 300


def test_params_numbers_and_lists_of_numbers_still_pass():
    s = parse_scenario(
        "name: d\nparams: {trust_rate: 0.1, state_sector_mix: [0.2, 0.2, 0.2, 0.2, 0.2]}"
    )
    assert s.params["trust_rate"] == 0.1 and len(s.params["state_sector_mix"]) == 5


def _error(argv: list[str]) -> str:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    lines = err.getvalue().strip().splitlines()
    assert code == 2 and len(lines) == 1 and lines[0].startswith("error: "), err.getvalue()
    assert "Traceback" not in err.getvalue()
    return lines[0]


@pytest.mark.parametrize(
    "body, needle",
    [
        ("events:\n  - {kind: ai_wave, step: 9223372036854775808}", "events[0].step"),
        ("start: 9999-12", "start"),
        ("seed: " + "7" * 5000, "too long"),
        ("params: {trust_rate: '0.1'}", "trust_rate"),
    ],
)
def test_cli_refuses_bad_scenarios_in_one_line(tmp_path: Path, body, needle):
    path = tmp_path / "s.yaml"
    path.write_text("name: demo\n" + body + "\n")
    line = _error(["run", str(path), "--countries", TINY, "--out", str(tmp_path / "o"), "--quiet"])
    assert needle in line and not (tmp_path / "o").exists()


def test_cli_shortens_a_5000_digit_seed():
    line = _error(["run", "--seed", "9" * 5000, "--countries", TINY, "--quiet"])
    assert "--seed" in line and "5,000 characters" in line and len(line) < 400
