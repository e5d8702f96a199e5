"""Experiment factors: parsing NAME=LOW:HIGH and LEVER@GROUP, resolving groups, applying."""

from __future__ import annotations

import numpy as np
import pytest

from netpolitik.errors import InputError
from netpolitik.experiment.api import grid_design, lhs_design, parse_levers, plan
from netpolitik.experiment.factors import Factor, parse_factor, parse_factors, resolve_group
from netpolitik.experiment.tasks import Task, built_of, execute
from netpolitik.policy import lever_index
from netpolitik.scenario import load_builtin

SUB = "USA,GBR,DEU,EST,RUS,CHN,IRN,BRA"


@pytest.fixture(scope="module")
def small():
    return plan("baseline", years=1, countries=SUB)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("trust_rate=0.01:0.1", Factor("param", "trust_rate", 0.01, 0.1)),
        ("sharing@NATO=0:1", Factor("lever", "sharing", 0.0, 1.0, "NATO")),
        ("offense@CHN=0:1", Factor("lever", "offense", 0.0, 1.0, "CHN")),
        (
            "surveillance@authoritarian=0.2:0.9",
            Factor("lever", "surveillance", 0.2, 0.9, "authoritarian"),
        ),
        (" defense@all = 0 : 1 ", Factor("lever", "defense", 0.0, 1.0, "all")),
    ],
)
def test_parse_factor(text, expected):
    assert parse_factor(text) == expected


@pytest.mark.parametrize(
    "text, needle",
    [
        ("trust_rate", "expected NAME=LOW:HIGH"),
        ("trust_rat=0:1", "did you mean 'trust_rate'"),
        ("trust_rate=0.1:0.01", "LOW must not exceed HIGH"),
        ("trust_rate=a:1", "'a' is not a number"),
        ("trust_rate=0:1:2", "expected a range LOW:HIGH"),
        ("trust_rate=0:7", "outside the allowed range"),
        ("state_sector_mix=0:1", "not a single number"),
        ("sharing=0:1", "a lever needs a group"),
        ("sharin@NATO=0:1", "allowed: surveillance, oversight"),
        ("sharing@NATO=0:1.5", "levers lie in [0, 1]"),
        ("sharing@=0:1", "empty group"),
    ],
)
def test_bad_factor_is_one_line_naming_the_fix(text, needle):
    with pytest.raises(InputError) as err:
        parse_factor(text)
    assert needle in str(err.value) and "\n" not in str(err.value)


def test_factors_split_on_commas_and_refuse_duplicates():
    fs = parse_factors(["trust_rate=0.01:0.1,sharing@NATO=0:1", "offense@CHN=0:1"])
    assert [f.label for f in fs] == ["trust_rate", "sharing@NATO", "offense@CHN"]
    with pytest.raises(InputError, match="given twice"):
        parse_factors(["sharing@NATO=0:1", "sharing@NATO=0:0.5"])


def test_groups_resolve_with_the_scenario_resolver(small):
    codes = list(small.built.setting.iso3)
    members = lambda mask: sorted(np.array(codes)[mask])  # noqa: E731
    assert members(resolve_group(small.built, "NATO")) == ["DEU", "EST", "GBR", "USA"]
    assert members(resolve_group(small.built, "CHN")) == ["CHN"]
    assert members(resolve_group(small.built, "usa+chn")) == ["CHN", "USA"]
    assert resolve_group(small.built, "all").all()
    assert members(resolve_group(small.built, "Europe")) == ["DEU", "EST", "GBR", "RUS"]
    auth = members(resolve_group(small.built, "authoritarian"))
    assert "CHN" in auth and "USA" not in auth
    assert members(resolve_group(small.built, "Northern Europe")) == ["EST", "GBR"]


@pytest.mark.parametrize(
    "group, needle",
    [
        ("NATOO", "did you mean 'NATO'"),
        ("FRA", "not simulated"),
        ("ASEAN", "has no simulated country"),
        ("Atlantis", "allowed: all, liberal, hybrid, authoritarian"),
    ],
)
def test_bad_group(small, group, needle):
    with pytest.raises(InputError, match=needle):
        resolve_group(small.built, group, "--for")


def test_frontier_levers_parse():
    fs = parse_levers("sharing, offense=0:0.5", "NATO")
    assert [(f.name, f.low, f.high, f.group) for f in fs] == [
        ("sharing", 0.0, 1.0, "NATO"),
        ("offense", 0.0, 0.5, "NATO"),
    ]
    for bad, needle in (
        ("sharing,sharing", "twice"),
        ("shar", "unknown lever"),
        ("sharing=1:1", "LOW equals HIGH"),
        ("", "at least one"),
    ):
        with pytest.raises(InputError, match=needle):
            parse_levers(bad, "NATO")


def test_designs():
    fs = [
        Factor("param", "a", 0, 1),
        Factor("lever", "sharing", 0.2, 0.4, "all"),
        Factor("param", "b", 3, 3),
    ]
    grid = grid_design(fs, 3)
    assert grid.shape == (9, 3) and set(grid[:, 1]) == {0.2, 0.3, 0.4}
    assert set(grid[:, 2]) == {3.0}
    lhs = lhs_design(fs[:2], 10, seed=1)
    assert lhs.shape == (10, 2) and np.array_equal(lhs, lhs_design(fs[:2], 10, seed=1))
    assert (lhs[:, 1] >= 0.2).all() and (lhs[:, 1] <= 0.4).all()
    # Latin: one point in each tenth of every range
    assert sorted(np.floor(lhs[:, 0] * 10).astype(int)) == list(range(10))
    with pytest.raises(InputError, match="more than 1,000,000 points"):
        grid_design([Factor("param", str(k), 0, 1) for k in range(7)], 10)


def _task(**kw) -> Task:
    s = load_builtin("baseline")
    base = dict(
        scenario=s.source,
        name="baseline",
        years=2.0,
        seed=0,
        countries=tuple(SUB.split(",")),
        run=0,
        point=0,
        replicate=0,
    )
    return Task(**{**base, **kw})


def test_lever_settings_apply_to_the_group_only_and_change_outcomes():
    built = built_of(*(_task().scenario, "baseline", 2.0, 0, tuple(SUB.split(","))))
    i = lever_index("offense")
    codes = list(built.setting.iso3)
    hot = execute(_task(levers=(("offense", "all", 1.0),)))
    cold = execute(_task(levers=(("offense", "all", 0.0),)))
    assert hot.summary["incidents_total"] > cold.summary["incidents_total"]
    assert cold.summary["incidents_total"] == 0
    # the cached base scenario is untouched by a run's settings
    assert built.levers[codes.index("RUS"), i] not in (0.0, 1.0)


def test_parameter_overrides_rebuild_and_group_outcomes():
    b = built_of(
        _task().scenario, "baseline", 2.0, 0, tuple(SUB.split(",")), (("trust_rate", 0.09),)
    )
    assert b.params.trust_rate == 0.09
    out = execute(
        _task(params=(("trust_rate", 0.09),), group="NATO", factors=(("trust_rate", 0.09),))
    )
    s = out.summary
    assert s["trust_rate"] == 0.09
    for key in (
        "group_security",
        "group_trust_in",
        "group_links",
        "group_collaboration",
        "group_freedom",
    ):
        assert 0 <= s[key] <= 1, key
    assert s["group_collaboration"] == pytest.approx((s["group_trust_in"] + s["group_links"]) / 2)
    assert out.steps["security"].shape == (24,)
