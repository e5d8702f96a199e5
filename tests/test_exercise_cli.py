"""``netpolitik exercise``: new, play, log, report; bad input exits 2 with one line.
Verification tests."""

from __future__ import annotations

import re

import pytest
from cli_support import cli, refused

SCRIPT = """
turns:
  - turn: 1
    decisions:
      EST: {levers: {defense: 0.2}, share: [USA]}
      CHN: {levers: {offense: 0.2}}
    injects:
      - {kind: attributed_breach, countries: [EST], values: {attacker: RUS, severity: 7}}
  - turn: 2
    decisions:
      USA: {sanction: [RUS]}
"""


def _new(db: str):
    """``exercise new`` of the three-seat, two-turn baseline exercise at ``db``."""
    return cli("exercise", "new", "baseline", "--seats", "USA,CHN,EST", "--turns", "2", "--db", db)


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    d = tmp_path_factory.mktemp("cli")
    r = _new(str(d / "e.sqlite"))
    assert r.returncode == 0, r.stderr
    (d / "d.yaml").write_text(SCRIPT)
    r = cli("exercise", "play", str(d / "e.sqlite"), "--decisions", str(d / "d.yaml"))
    assert r.returncode == 0, r.stderr
    return d, r.stdout


def test_new_prints_one_code_per_seat_and_the_facilitator(tmp_path):
    r = cli(
        "exercise",
        "new",
        "baseline",
        "--seats",
        "USA,CHN,RUS,EST,IND",
        "--turns",
        "8",
        "--db",
        str(tmp_path / "x.sqlite"),
    )
    assert r.returncode == 0, r.stderr
    codes = re.findall(r"^\s+(seat \w{3}|facilitator)\s+(\S+)$", r.stdout, re.M)
    assert [c[0] for c in codes] == [
        "seat USA",
        "seat CHN",
        "seat RUS",
        "seat EST",
        "seat IND",
        "facilitator",
    ]
    assert len({c[1] for c in codes}) == 6


def test_play_log_and_replay_give_identical_states(played, tmp_path):
    """Verification: the written log replayed on a new file gives the same turn digests."""
    d, out = played
    assert "2 of 2 turns played" in out
    assert (
        cli("exercise", "log", str(d / "e.sqlite"), "--out", str(tmp_path / "log.yaml")).returncode
        == 0
    )
    _new(str(tmp_path / "f.sqlite"))
    again = cli(
        "exercise", "play", str(tmp_path / "f.sqlite"), "--decisions", str(tmp_path / "log.yaml")
    )
    digests = re.findall(r"state (\w+)", out)
    assert len(digests) == 2 and re.findall(r"state (\w+)", again.stdout) == digests


def test_report_renders_every_section(played, tmp_path):
    d, _ = played
    r = cli("exercise", "report", str(d / "e.sqlite"), "--out", str(tmp_path / "rep"))
    assert r.returncode == 0, r.stderr
    text = (tmp_path / "rep" / "exercise-report.html").read_text()
    for needle in (
        "id='timeline'",
        "id='indicators'",
        "id='fog'",
        "id='counterfactual'",
        "EST did not know",
    ):
        assert needle in text
    assert (tmp_path / "rep" / "manifest.json").is_file()


def test_bad_input_exits_2_with_one_line(played, tmp_path):
    d, _ = played
    refused(
        ["exercise", "new", "baseline", "--seats", "USA,XXX", "--db", str(tmp_path / "a.sqlite")],
        "seats[1]",
        "XXX",
    )
    refused(
        [
            "exercise",
            "new",
            "baseline",
            "--seats",
            "USA",
            "--turns",
            "0",
            "--db",
            str(tmp_path / "a.sqlite"),
        ],
        "turns",
    )
    refused(
        ["exercise", "new", "nosuch", "--seats", "USA", "--db", str(tmp_path / "a.sqlite")],
        "nosuch",
    )
    refused(
        ["exercise", "new", "baseline", "--seats", "USA", "--db", str(d / "e.sqlite")],
        "--db",
        "exists",
    )
    assert not (tmp_path / "a.sqlite").exists()
    (tmp_path / "junk.sqlite").write_text("not a database")
    refused(
        ["exercise", "play", str(tmp_path / "junk.sqlite"), "--decisions", str(d / "d.yaml")],
        "not a netpolitik exercise file",
    )
    (tmp_path / "bad.yaml").write_text(
        "turns: [{turn: 1, decisions: {EST: {levers: {defense: 0.9}}}}]"
    )
    cli(
        "exercise",
        "new",
        "baseline",
        "--seats",
        "EST",
        "--turns",
        "1",
        "--db",
        str(tmp_path / "b.sqlite"),
    )
    refused(
        ["exercise", "play", str(tmp_path / "b.sqlite"), "--decisions", str(tmp_path / "bad.yaml")],
        "turns[1].decisions.EST: levers.defense",
        "0.9",
    )
    (tmp_path / "broken.yaml").write_text("turns: [")
    refused(
        [
            "exercise",
            "play",
            str(tmp_path / "b.sqlite"),
            "--decisions",
            str(tmp_path / "broken.yaml"),
        ],
        "not valid YAML",
    )
    refused(["exercise", "serve", str(d / "e.sqlite"), "--port", "0"], "--port")
