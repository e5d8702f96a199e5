"""The dashboard's server side: input checks against the scenario schema, runs, app."""

from __future__ import annotations

import json

import pytest

from netpolitik.cli import main
from netpolitik.dashboard import check_address, create_app
from netpolitik.dashboard.app import VERDICT_COLOURS, _empty, essay_figures, headline_rows
from netpolitik.dashboard.changes import BETTER, verdict
from netpolitik.dashboard.runs import (
    MAX_RUNS,
    Runner,
    check_config,
    target_levers,
    target_members,
    target_options,
)
from netpolitik.engine.firms import FIRMS
from netpolitik.errors import InputError, ScenarioError
from netpolitik.policy import LEVERS

GOOD = {
    "scenario": "baseline",
    "target": "club:NATO",
    "levers": {"offense": 1.0},
    "years": 1,
    "seed": 0,
    "runs": 1,
}


def test_config_sets_the_targets_levers_through_the_schema():
    cfg = check_config(GOOD)
    group = cfg.variant.levers.groups[-1]
    assert group.select.club == "NATO" and group.set.offense == 1.0
    assert cfg.baseline.levers.groups == []
    assert cfg.variant.years == 1 and cfg.variant.runs == 1
    one = check_config({**GOOD, "target": "country:EST", "levers": {"sharing": 0.2}})
    assert one.variant.levers.countries["EST"].sharing == 0.2
    every = check_config({**GOOD, "target": "all:all"})
    assert every.variant.levers.groups[-1].select == "all"


@pytest.mark.parametrize(
    "change, needle",
    [
        ({"scenario": "nope"}, "scenario: unknown built-in"),
        ({"scenario": None}, "scenario: unknown built-in"),
        ({"target": "EST"}, "target: expected 'kind:value'"),
        ({"target": "planet:Mars"}, "target: unknown kind"),
        ({"levers": {"sharing": 1.5}}, "out of range (got 1.5; allowed [0, 1])"),
        ({"levers": {"sharing": "0.5"}}, "levers.sharing: expected a number"),
        ({"levers": {"sharing": float("nan")}}, "sharing"),
        ({"levers": {"trust": 0.5}}, "levers.trust: unknown lever"),
        ({"levers": [0.5]}, "levers: expected a mapping"),
        ({"years": -1}, "years: out of range"),
        ({"years": 0}, "years: out of range"),
        ({"years": 500}, "years: out of range for the dashboard"),
        ({"years": "10"}, "years: expected a number"),
        ({"runs": 0}, "runs: out of range"),
        ({"runs": MAX_RUNS + 1}, "runs: out of range for the dashboard"),
        ({"runs": 1.5}, "runs"),
        ({"seed": -2}, "seed: out of range"),
        ({"seed": True}, "seed: expected a number"),
    ],
)
def test_config_rejects_bad_input(change, needle):
    with pytest.raises(ScenarioError) as info:
        check_config({**GOOD, **change})
    assert needle in str(info.value)


def test_unknown_club_or_country_is_reported_when_the_run_starts():
    runner = Runner()
    with pytest.raises(ScenarioError, match="unknown club"):
        runner.start({**GOOD, "target": "club:NOPE"})
    with pytest.raises(ScenarioError, match="unknown ISO3 code"):
        runner.start({**GOOD, "target": "country:XXX"})


def test_runner_runs_variant_and_baseline_with_progress():
    runner = Runner()
    job = runner.start({**GOOD, "runs": 2})
    assert job.total == 2 * 2 * 12
    runner.wait(job.id, timeout=120)
    assert job.status == "done", job.error
    assert job.done == job.total
    out = runner.result(job.result)
    assert len(out.variant["global"]) == 12 and len(out.baseline["global"]) == 12
    assert set(out.members) >= {"USA", "DEU", "EST"}
    assert out.variant["global"]["incidents"].sum() != out.baseline["global"]["incidents"].sum()
    rows = {r["label"]: r for r in out.changes}
    for r in rows.values():  # paired change with its interval
        assert r["lo"] <= r["change"] <= r["hi"], r
        assert r["change"] == pytest.approx(r["run"] - r["baseline"])
    shown = [[str(td.children) for td in tr.children] for tr in headline_rows(out)[1:]]
    counts = [row for row in shown if rows[row[0]]["count"]]
    assert counts and all("." not in cell for row in counts for cell in row[1:4]), counts
    assert all(row[4].startswith("[") for row in shown)
    dispersion, firms, _consortia = essay_figures(out)  # M12, M13 figures
    assert [t.name for t in dispersion.data] == ["this run", "baseline"]
    assert len(firms.data) >= len(FIRMS)  # each firm's largest hosts
    again = runner.start({**GOOD, "runs": 2, "levers": {"offense": 0.0}})
    assert again.total == 2 * 12  # the baseline is cached
    runner.wait(again.id, timeout=120)
    assert again.status == "done"


def test_targets_and_their_levers():
    values = [o["value"] for o in target_options()]
    assert {"all:all", "club:NATO", "country:EST", "regime:liberal", "region:Europe"} <= set(values)
    assert target_members("baseline", "country:EST") == ["EST"]
    assert "EST" in target_members("baseline", "region:Europe")
    levers = target_levers("baseline", "country:EST")
    assert set(levers) == set(LEVERS) and all(0 <= v <= 1 for v in levers.values())


def test_app_layout_has_the_controls():
    app = create_app()
    text = str(app.layout())
    for needle in (
        "scenario",
        "target",
        "lever-sharing",
        "years",
        "runs",
        "seed",
        "run",
        "progress-box",
        "global-graph",
        "harmonisation-graph",
        "firms-graph",
        "firm-consortia-graph",
        "download-button",
        "compare-graph",
    ):
        assert f"'{needle}'" in text or f'"{needle}"' in text, needle
    client = app.server.test_client()
    assert client.get("/").status_code == 200


def test_placeholder_figure_is_valid_and_the_same_unchecked():
    fast = _empty("Keep two results as A and B", 400)
    checked = _empty("Keep two results as A and B", 400, validate=True)
    assert json.loads(fast.to_json()) == json.loads(checked.to_json())
    assert checked.layout.annotations[0].text == "Keep two results as A and B"
    assert checked.layout.xaxis.visible is False and checked.layout.height == 400


def test_address_checks(capsys):
    check_address("127.0.0.1", 8050)
    assert capsys.readouterr().err == ""
    check_address("0.0.0.0", 8050)
    assert "warning: serving on 0.0.0.0" in capsys.readouterr().err
    with pytest.raises(InputError, match="--port"):
        check_address("127.0.0.1", 70000)


def test_cli_dashboard_bad_port_is_one_line(capsys):
    assert main(["dashboard", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --port") and err.count("\n") == 1


def test_a_change_is_coloured_by_whether_it_is_better_not_by_its_sign():
    """Verification: fewer state operations (a fall) is better, green; lower security is
    worse, red; a change whose interval includes 0 is grey."""
    assert BETTER["state operations successful"] == -1 and BETTER["security (last year)"] == 1
    fewer = verdict(-4.0, -6.0, -2.0, BETTER["state operations successful"])
    less_secure = verdict(-0.02, -0.03, -0.01, BETTER["security (last year)"])
    unsure = verdict(5.0, -1.0, 11.0, BETTER["state operations successful"])
    assert (fewer, less_secure, unsure) == ("better", "worse", "unclear")
    assert VERDICT_COLOURS["better"] != VERDICT_COLOURS["worse"] != VERDICT_COLOURS["unclear"]
    assert set(BETTER.values()) <= {-1, 0, 1}


def test_horizon_error_names_the_allowed_range():
    """A number outside the page's input range arrives as None: the error still says what
    is allowed."""
    for years in (None, 500):
        with pytest.raises(ScenarioError, match=r"years: .*\(0, 50\]"):
            check_config({**GOOD, "years": years})
