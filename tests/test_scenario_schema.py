"""Scenario files: schema, safe loading, one-line errors per problem, built-ins, CLI."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from netpolitik.cli import main
from netpolitik.engine.shocks import EVENT_KINDS as ENGINE_EVENT_KINDS
from netpolitik.engine.state import CLUB_KINDS, SECTORS
from netpolitik.errors import InputError, ScenarioError
from netpolitik.policy import lever_index
from netpolitik.scenario import (
    builtin_names,
    ensemble,
    load_builtin,
    load_file,
    parse_scenario,
    run_scenario,
    to_yaml,
)
from netpolitik.scenario.build import build, month_step, regime_class, step_month
from netpolitik.scenario.compare import compare_ensembles
from netpolitik.scenario.schema import EVENT_KINDS, MAX_BYTES

SMALL = ["USA", "RUS", "EST", "DEU", "FRA", "CHN", "JPN", "KOR", "SGP", "NGA"]
BUILTINS = [
    "baseline",
    "firewall_world",
    "open_alliance",
    "breach_sanctions",
    "eu_rail_consortium",
    "asia_antifraud_consortium",
    "capacity_building",
    "quantum_break",
    "ai_wave",
    "security_dilemma",
    "public_private_consortium",
    "norm_convergence",
    "rd_hub_race",
]


def _write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _errors(capsys, args: list[str]) -> list[str]:
    """Run the CLI, assert exit code 2, return the stderr lines (all must be errors)."""
    assert main(args) == 2
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert lines and all(line.startswith("error: ") for line in lines), lines
    return lines


# ------------------------------------------------------------------------- built-ins
def test_builtins_load_and_cite_the_essay():
    assert builtin_names() == BUILTINS
    # the project's shared folder sits beside the repository (as in CI)
    essay = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_18ab8d2e02ec8c66.txt"
    text = " ".join(essay.read_text(encoding="utf-8").split()) if essay.exists() else None
    for name in BUILTINS:
        s = load_builtin(name)
        assert s.name == name
        assert s.description and s.expected and s.essay is not None
        if text is not None:  # the quoted passage is the essay's own words
            for part in s.essay.passage.split("[...]"):
                if part.strip():
                    assert " ".join(part.split()) in text, (name, part)
            assert s.essay.section.split(":")[0] in text


@pytest.mark.parametrize("name", BUILTINS)
def test_each_builtin_builds(name):
    built = build(load_builtin(name), years=1, countries=None)
    assert built.setting.n > 150 and built.steps == 12
    assert np.all((built.levers >= 0) & (built.levers <= 1))


def test_event_kinds_match_the_engine():
    assert set(EVENT_KINDS) == set(ENGINE_EVENT_KINDS)


# --------------------------------------------------------------------------- building
def test_levers_by_regime_group_and_country():
    s = parse_scenario("""
name: t
countries: [USA, RUS, EST, CHN, SGP]
levers:
  defaults:
    all: {aid: 0.1}
    liberal: {sharing: 0.9}
    authoritarian: {data_restriction: 0.95}
  groups:
    - select: {club: NATO}
      set: {defense: 0.8}
  countries:
    EST: {sharing: 0.2}
""")
    b = build(s)
    iso = list(b.setting.iso3)
    classes = regime_class(b.setting.regime)
    lev = lambda code, name: b.levers[iso.index(code), lever_index(name)]  # noqa: E731
    assert np.allclose(b.levers[:, lever_index("aid")], 0.1)
    for code, cls in zip(iso, classes, strict=True):
        if cls == "liberal" and code != "EST":
            assert lev(code, "sharing") == 0.9
        if cls == "authoritarian":
            assert lev(code, "data_restriction") == 0.95
    assert lev("EST", "sharing") == 0.2  # country beats regime default
    assert lev("USA", "defense") == 0.8 and lev("EST", "defense") == 0.8
    assert lev("CHN", "defense") != 0.8


def test_regime_cutoffs():
    assert list(regime_class(np.array([0.7, 0.69, 0.4, 0.39]))) == [
        "liberal",
        "hybrid",
        "hybrid",
        "authoritarian",
    ]


def test_new_club_existing_club_and_events():
    s = parse_scenario("""
name: t
countries: {region: Europe}
start: 2010-01
years: 2
clubs:
  - name: RAIL
    kind: sector_consortium
    members: {club: EU, exclude: [GBR]}
    sector: transport
    sector_cut: 0.4
    pools: true
    criteria: {min_sharing: 0.3, min_trust: closed}
  - name: NATO
    criteria: {min_security: 0.2}
events:
  - {kind: quantum_break, date: 2011-03, values: {drop: 0.3}}
  - {kind: attributed_breach, step: 5, countries: [EST], values: {attacker: RUS, severity: 7}}
  - {kind: policy_change, date: 2010-06, countries: {club: RAIL}, values: {sharing: 0.9}}
  - {kind: ai_wave, date: 2015-01}
""")
    b = build(s)
    c = b.setting.clubs
    k = c.names.index("RAIL")
    assert c.kinds[k] == "sector_consortium" and c.sector[k] == SECTORS.index("transport")
    assert c.sector_cut[k] == 0.4 and c.pools[k] and c.min_trust[k] > 1
    iso = list(b.setting.iso3)
    assert c.initial[iso.index("DEU"), k] and not c.initial[iso.index("GBR"), k]
    assert c.min_security[c.names.index("NATO")] == 0.2
    kinds = [(e.kind, e.step) for e in b.setting.events]
    assert kinds == [("attributed_breach", 5), ("policy_change", 6), ("quantum_break", 15)]
    breach = b.setting.events[0]
    assert breach.values == {"attacker": iso.index("RUS"), "severity": 7}
    assert breach.countries == (iso.index("EST"),)
    assert any("ai_wave at 2015-01 is after" in n for n in b.notes)
    assert set(b.setting.iso3) <= set(load_file_world_region("Europe"))


def load_file_world_region(region: str) -> list[str]:
    from netpolitik.world import load_world

    c = load_world().countries
    return list(c[c["region"] == region]["iso3"])


def test_dates_and_steps():
    assert month_step("2010-01", "2010-01") == 1
    assert month_step("2010-01", "2015-01") == 61
    assert step_month("2010-01", 61) == "2015-01"
    s = parse_scenario("name: t\nstart: 2012-06-01\nevents: [{kind: ai_wave, date: 2013-01-15}]")
    assert s.start == "2012-06" and s.events[0].date == "2013-01"


def test_adaptation_on_off_and_params():
    s = parse_scenario("name: t\nadaptation: off\nparams: {trust_rate: 0.1}\ncountries: [USA, EST]")
    assert s.adaptation == "off"
    assert parse_scenario("name: t\nadaptation: on").adaptation == "local"
    b = build(s)
    assert b.params.trust_rate == 0.1 and b.setting.adaptation == "off"
    assert (
        build(
            parse_scenario("name: t\nadaptation: imitation\ncountries: [USA, EST]")
        ).setting.adaptation
        == "imitation"
    )


# ------------------------------------------------------------------ errors: one per line
BAD_CASES = [
    ("countries: [USA, XXX]", ["countries[1]: unknown ISO3 code", "'XXX'", "EST"]),
    (
        "levers: {countries: {USA: {sharing: 1.7}}}",
        ["levers.countries.USA.sharing: out of range (got 1.7; allowed [0, 1])"],
    ),
    (
        "levers: {groups: [{select: {club: NATOO}, set: {aid: 0.5}}]}",
        ["levers.groups[0].select.club: unknown club (got 'NATOO'; allowed:", "NATO"],
    ),
    (
        "clubs: [{name: RAILWAYS, criteria: {min_sharing: 0.5}}]",
        ["clubs[0].name: unknown club (got 'RAILWAYS'", "NATO", "give 'kind'"],
    ),
    ("colour: blue", ["colour: unknown field (allowed: name, description"]),
    (
        "levers: {defaults: {liberl: {aid: 0.5}}}",
        ["levers.defaults.liberl: unknown field (allowed: all, liberal, hybrid, authoritarian)"],
    ),
    (
        "levers: {defaults: {liberal: {defence: 0.5}}}",
        ["levers.defaults.liberal.defence: unknown field (allowed: surveillance, oversight,"],
    ),
    (
        "events: [{kind: quake, date: 2015-01}]",
        ["events[0].kind: unknown (got 'quake'; allowed: quantum_break, ai_wave,"],
    ),
    (
        "events: [{kind: ai_wave, date: 2015-13}]",
        ["events[0].date: bad format (got '2015-13'; allowed YYYY-MM"],
    ),
    (
        "events: [{kind: ai_wave, date: 2005-01}]",
        ["events[0].date: before the start (got '2005-01'; allowed 2010-01 to"],
    ),
    ("events: [{kind: ai_wave}]", ["events[0]: give exactly one of 'date'"]),
    (
        "events: [{kind: attributed_breach, date: 2012-01, values: {attacker: ZZZ}}]",
        ["events[0].values.attacker: unknown ISO3 code (got 'ZZZ'"],
    ),
    (
        "clubs: [{name: X, kind: club, members: all}]",
        ["clubs[0].kind: not allowed (got 'club'; allowed: " + ", ".join(CLUB_KINDS)],
    ),
    (
        "clubs: [{name: X, kind: sector_consortium, members: all, sector: rail}]",
        ["clubs[0].sector: not allowed (got 'rail'; allowed: " + ", ".join(SECTORS)],
    ),
    ("params: {trust_rat: 0.1}", ["params.trust_rat: unknown parameter", "trust_rate"]),
    ("params: {trust_rate: 3}", ["params.trust_rate: bad value (got 3; allowed [0, 1]"]),
    ("years: -2", ["years: out of range (got -2; allowed (0, 1000])"]),
    (
        "countries: {region: Eurasia}",
        [
            "countries.region: unknown region (got 'Eurasia'; allowed: Africa, Americas, Asia, "
            "Europe, Oceania)"
        ],
    ),
    (
        "adaptation: sometimes",
        ["adaptation: not allowed (got 'sometimes'; allowed: off, local, imitation)"],
    ),
]


@pytest.mark.parametrize("body, needles", BAD_CASES)
def test_bad_scenario_gives_one_line_with_path_and_allowed(tmp_path, capsys, body, needles):
    path = _write(tmp_path, f"name: bad\n{body}\n")
    lines = _errors(capsys, ["run", str(path), "--out", str(tmp_path / "out"), "-q"])
    assert len(lines) == 1, lines
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    assert not (tmp_path / "out").exists()


def test_every_problem_is_reported(tmp_path, capsys):
    path = _write(
        tmp_path,
        """name: bad
countries: [USA, XXX, GER]
levers:
  groups: [{select: {club: NATOO, region: Eurasia}, set: {aid: 0.5}}]
  countries: {QQQ: {defense: 0.2}}
clubs: [{name: RAIL, criteria: {min_sharing: 0.4}}]
params: {trust_rat: 0.1}
""",
    )
    lines = _errors(capsys, ["run", str(path), "-q", "--out", str(tmp_path / "o")])
    paths = [line.split(": ")[1] for line in lines]
    assert paths == [
        "params.trust_rat",
        "countries[1]",
        "countries[2]",
        "clubs[0].name",
        "levers.groups[0].select.club",
        "levers.groups[0].select.region",
        "levers.countries.QQQ",
    ]
    with pytest.raises(ScenarioError) as exc:
        build(load_file(path))
    assert len(exc.value.problems) == 7 and str(exc.value).count("\n") == 6
    assert isinstance(exc.value, InputError)


@pytest.mark.parametrize(
    "text, needle",
    [
        ("name: x\nyears: [1\n", "malformed YAML at line"),
        (
            "!!python/object/apply:os.system [echo hacked]\n",
            "python/object/apply:os.system' is not allowed",
        ),
        ("name: !!python/name:os.system x\n", "is not allowed"),
        ("name: a\nname: b\n", "duplicate key 'name' (first on line 1)"),
        ("- name: a\n", "top level must be a mapping"),
        ("", "empty file"),
        ("name: x\n\tyears: 2\n", "malformed YAML"),
    ],
)
def test_malformed_and_unsafe_yaml(tmp_path, capsys, text, needle):
    path = _write(tmp_path, text)
    lines = _errors(capsys, ["run", str(path), "-q", "--out", str(tmp_path / "o")])
    assert len(lines) == 1 and needle in lines[0], lines
    assert str(path) in lines[0]


def test_unsafe_yaml_is_never_executed(tmp_path):
    marker = tmp_path / "hacked"
    path = _write(tmp_path, f"!!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ScenarioError):
        load_file(path)
    assert not marker.exists()


def test_non_utf8_big_and_missing_files(tmp_path, capsys):
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("name: caf\xe9\n".encode("latin-1"))
    assert "not UTF-8" in _errors(capsys, ["run", str(latin), "-q"])[0]
    big = _write(tmp_path, "name: big\n" + "#" * (MAX_BYTES + 1) + "\n", "big.yaml")
    assert "file too large" in _errors(capsys, ["run", str(big), "-q"])[0]
    assert "no such file" in _errors(capsys, ["run", str(tmp_path / "nope.yaml"), "-q"])[0]
    assert (
        "unknown built-in (got 'nope'; allowed: baseline,"
        in _errors(capsys, ["run", "nope", "-q"])[0]
    )


def test_cli_options_still_validated(tmp_path, capsys):
    assert "--years" in _errors(capsys, ["run", "baseline", "--years", "-3"])[0]
    assert "--seed" in _errors(capsys, ["run", "--seed", "-1"])[0]
    assert (
        "XXX"
        in _errors(capsys, ["run", "--countries", "USA,XXX", "-q", "--out", str(tmp_path / "o")])[0]
    )


# --------------------------------------------------------------- show, edit, run, compare
def test_show_roundtrips_and_a_hand_edited_copy_runs(tmp_path, capsys):
    assert main(["scenarios", "show", "eu_rail_consortium"]) == 0
    text = capsys.readouterr().out
    assert yaml.safe_load(text)["name"] == "eu_rail_consortium"
    assert parse_scenario(text).model_dump() == load_builtin("eu_rail_consortium").model_dump()
    edited = text.replace("name: eu_rail_consortium", "name: my_rail").replace(
        "sector_cut: 0.5", "sector_cut: 0.8"
    )
    path = _write(tmp_path, edited, "my_rail.yaml")
    out = tmp_path / "run"
    assert (
        main(
            [
                "run",
                str(path),
                "--years",
                "1",
                "--seed",
                "3",
                "--out",
                str(out),
                "-q",
                "--countries",
                ",".join(SMALL),
            ]
        )
        == 0
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"] == "my_rail" and manifest["seed"] == 3
    assert "sector_cut: 0.8" in manifest["scenario_yaml"]
    assert manifest["steps"] == 12 and sorted(manifest["countries"]) == sorted(SMALL)
    clubs = pd.read_parquet(out / "clubs.parquet")
    assert set(clubs[clubs["club"] == "EU_RAIL"]["iso3"]) >= {"DEU", "EST", "FRA"}


def test_dumped_scenario_roundtrips():
    for name in BUILTINS:
        s = load_builtin(name)
        again = parse_scenario(to_yaml(s))
        assert again.model_dump() == s.model_dump(), name


def test_scenarios_list_and_check(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    for name in BUILTINS:
        assert name in out
    assert main(["scenarios", "check", "quantum_break"]) == 0
    assert "ok: quantum_break" in capsys.readouterr().out
    assert main(["scenarios", "show", "nope"]) == 2
    assert "allowed: baseline" in capsys.readouterr().err


@pytest.mark.parametrize("name", BUILTINS)
def test_every_builtin_runs_from_the_cli(tmp_path, name):
    out = tmp_path / name
    assert main(["run", name, "--years", "0.5", "--out", str(out), "-q"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["scenario"] == name and manifest["steps"] == 6


def test_run_default_is_baseline_and_notes_dropped_events(tmp_path, capsys):
    out = tmp_path / "b"
    assert main(["run", "--years", "1", "--out", str(out), "-q", "--countries", "USA,EST"]) == 0
    assert json.loads((out / "manifest.json").read_text())["scenario"] == "baseline"
    assert (
        main(
            [
                "run",
                "breach_sanctions",
                "--years",
                "1",
                "--out",
                str(tmp_path / "c"),
                "-q",
                "--countries",
                "USA,EST",
            ]
        )
        == 0
    )
    assert "note: events[0]: attacker RUS is not simulated" in capsys.readouterr().err


def test_same_seed_same_result_and_spawned_ensemble():
    s = load_builtin("quantum_break")
    a = run_scenario(s, seed=5, years=1, countries=SMALL)
    b = run_scenario(s, seed=5, years=1, countries=SMALL)
    assert a.frames["global"].equals(b.frames["global"])
    runs = ensemble(s, 3, seed=5, years=1, countries=SMALL, tables=False)
    assert [r.manifest["spawn_key"] for r in runs] == [[0], [1], [2]]
    series = [r.trajectory.global_["crime_incidents"] for r in runs]
    assert not np.array_equal(series[0], series[1])


def test_compare_pairs_seeds_and_prints_intervals(capsys, tmp_path):
    base = ensemble(load_builtin("baseline"), 4, years=1, countries=SMALL, tables=False)
    same = compare_ensembles(base, base)
    assert (same["diff"] == 0).all()
    report = tmp_path / "compare.html"
    assert (
        main(
            [
                "compare",
                "baseline",
                "open_alliance",
                "--runs",
                "4",
                "--years",
                "1",
                "--countries",
                ",".join(SMALL),
                "--report",
                str(report),
            ]
        )
        == 0
    )
    assert report.stat().st_size > 100_000  # self-contained: plotly.js inlined
    out = capsys.readouterr().out
    for label in (
        "security",
        "collaboration",
        "coexistence",
        "sharing-network density",
        "95% interval",
        "A = baseline, B = open_alliance",
    ):
        assert label in out
    assert main(["compare", "baseline", "nope"]) == 2
    assert main(["compare", "baseline", "baseline", "--runs", "0"]) == 2
