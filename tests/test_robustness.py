"""Numerical robustness of the full model: long runs, extreme levers, tiny worlds,
saturated clubs, stacked shocks, and property tests over random lever settings."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netpolitik.engine.record import Trajectory
from netpolitik.engine.setup import from_world
from netpolitik.engine.simulator import simulate
from netpolitik.engine.state import Event
from netpolitik.engine.synthetic import synthetic_setting
from netpolitik.errors import InputError
from netpolitik.world import load_world

BOUNDED = (
    "security",
    "openness",
    "freedom",
    "legal_clarity",
    "capability",
    "trust_in",
    "trust_out",
    "pooled",
    "readiness",
)
GLOBAL_BOUNDED = (
    "security",
    "collaboration",
    "coexistence",
    "mean_freedom",
    "sharing_density",
    "ai_boost",
)


def assert_sane(traj: Trajectory) -> None:
    """Finite everywhere; indices in [0, 1]; levers in [0, 1]; GDP positive."""
    for name, values in {**traj.global_, **traj.countries}.items():
        assert np.isfinite(values).all(), name
    for name in BOUNDED:
        v = traj.countries[name]
        assert v.min() >= 0 and v.max() <= 1, name
    for name in GLOBAL_BOUNDED:
        v = traj.global_[name]
        assert v.min() >= 0 and v.max() <= 1, name
    assert traj.final.levers.min() >= 0 and traj.final.levers.max() <= 1
    t = traj.final.trust
    assert t.min() >= 0 and t.max() <= 1
    assert (traj.countries["gdp"] > 0).all()


@pytest.fixture(scope="module")
def world():
    return from_world(load_world())


def test_two_hundred_years(world):
    setting, levers, gdp = world
    assert_sane(simulate(setting, levers, gdp, steps=2400, seed=3))


@pytest.mark.parametrize("fill", ["zeros", "ones", "random_extremes"])
def test_extreme_levers(world, fill):
    setting, levers, gdp = world
    rng = np.random.default_rng(7)
    extreme = {
        "zeros": np.zeros_like(levers),
        "ones": np.ones_like(levers),
        "random_extremes": rng.integers(0, 2, levers.shape).astype(float),
    }[fill]
    assert_sane(simulate(setting, extreme, gdp, steps=240, seed=1))


def test_two_country_world_runs_one_country_world_is_refused():
    setting, levers, gdp = from_world(load_world(["USA", "CHN"]))
    assert_sane(simulate(setting, levers, gdp, steps=120, seed=0))
    one, lv, g = from_world(load_world(["EST"]))
    with pytest.raises(InputError, match="at least 2"):
        simulate(one, lv, g, steps=12)


def test_every_country_in_every_club(world):
    setting, levers, gdp = world
    clubs = setting.clubs
    everyone = replace(clubs, initial=np.ones((setting.n, clubs.k), dtype=bool))
    traj = simulate(replace(setting, clubs=everyone), levers, gdp, steps=120, seed=2)
    assert_sane(traj)
    assert traj.global_["sharing_density"].max() > 0.9  # every pair pools


def test_shocks_stacked_at_the_same_step(world):
    setting, levers, gdp = world
    usa = setting.iso3.index("USA")
    events = (
        Event("quantum_break", 13, (), {"drop": 1.0}),
        Event("ai_wave", 13, (), {"boost": 1.0, "ramp": 1, "duration": 24}),
        Event("ai_wave", 13, (), {"boost": 1.0, "ramp": 1, "duration": 24}),
        Event("attributed_breach", 13, (), {"attacker": usa, "severity": 10}),
        Event("policy_change", 13, (), {"offense": 1.0, "surveillance": 1.0}),
    )
    traj = simulate(replace(setting, events=events), levers, gdp, steps=60, seed=4)
    assert_sane(traj)
    assert traj.global_["ai_boost"][12] == 1.0
    # a severity-10 breach of every state: restraint is rare, many answer with sanctions
    g = traj.global_
    answered = (
        g["denunciations"][12]
        + g["indictments"][12]
        + g["sanctions_imposed"][12]
        + g["counter_operations"][12]
    )
    assert answered > 0.8 * (setting.n - 1)
    assert g["sanctions"][12] > 10


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    levers=st.lists(st.floats(0, 1), min_size=6 * 8, max_size=6 * 8),
    seed=st.integers(0, 2**32 - 1),
    adaptation=st.sampled_from(["off", "local", "imitation"]),
)
def test_any_levers_keep_indices_in_range(levers, seed, adaptation):
    setting, _, gdp = synthetic_setting(6, seed=seed % 1000)
    setting = replace(setting, adaptation=adaptation)
    traj = simulate(setting, np.array(levers).reshape(6, 8), gdp, steps=36, seed=seed)
    assert_sane(traj)
