"""M14 joint research (:mod:`netpolitik.engine.research`) and M15 consortium success
(:mod:`netpolitik.engine.spread`): mechanism tests (all **verification**)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from netpolitik.engine import research, spread
from netpolitik.engine.clubs import make_clubs
from netpolitik.engine.simulator import start
from netpolitik.engine.state import SECTORS, evolve
from netpolitik.engine.synthetic import uniform_setting
from netpolitik.params import Params
from netpolitik.policy import LEVERS, lever_index


def pair(trust: float = 0.9, offense: float = 0.0, n: int = 2):
    s = start(uniform_setting(n), np.full((n, len(LEVERS)), 0.5), np.full(n, 1e12), Params())
    levers = s.levers.copy()
    levers[:, lever_index("offense")] = [0.0, offense, *([0.0] * (n - 2))]
    t = np.full((n, n), trust)
    np.fill_diagonal(t, 1.0)
    return evolve(s, trust=t, levers=levers)


ON = Params(research_rate=0.5)


def test_off_returns_the_state():
    """Verification: research_rate 0 -> the state itself."""
    s = pair()
    assert research.step(s, Params(), np.random.default_rng(0)) is s


def test_projects_follow_protection_and_trust():
    """Verification: the target rises with security and with trust above the floor and is
    0 at or below it; a month closes rate x the gap."""
    s = pair()
    t = research.target(s, ON)[0, 1]
    assert t > 0 and research.target(pair(0.5), ON)[0, 1] == 0
    assert research.target(evolve(s, security=s.security + 0.2), ON)[0, 1] > t
    assert research.target(pair(0.95), ON)[0, 1] > t
    out = research.step(s, ON, np.random.default_rng(0))
    assert out.projects[0, 1] == pytest.approx(0.5 * t) == out.projects[1, 0]


def test_research_builds_capability_and_exposes_ip_to_offense():
    """Verification: both partners gain capability; the partner with offense takes IP:
    the victim loses p * theft of GDP, the thief gains p * s * theft."""
    p = ON
    s = research.step(pair(offense=0.8), p, np.random.default_rng(0))
    s0 = pair(offense=0.8)
    assert (s.capability > s0.capability).all()
    theft = research.theft(s0, p, s.projects)
    assert theft[0, 1] > 0 and theft[1, 0] == 0  # country 0 has no offense
    d = p.damage_persistence
    assert s.gdp[0] == pytest.approx(s0.gdp[0] - d * theft[0, 1])
    assert s.gdp[1] == pytest.approx(s0.gdp[1] + d * p.ip_theft_share * theft[0, 1])
    assert s.research_theft[0] == pytest.approx(theft[0, 1])
    more = research.theft(pair(offense=1.0), p, s.projects)[0, 1]
    assert more == pytest.approx(theft[0, 1] / 0.8)


def test_projects_leave_after_an_attributed_operation():
    """Verification: a public attribution of 1 against 0 ends their projects at once."""
    s = research.step(pair(), ON, np.random.default_rng(0))
    f = replace(s.flows, attributed_attacker=np.array([1]), attributed_target=np.array([0]))
    out = research.step(evolve(s, flows=f), ON, np.random.default_rng(0))
    assert s.projects[0, 1] > 0 and out.projects[0, 1] == out.projects[1, 0] == 0


def test_success_measures_members_sector_share_against_non_members():
    """Verification: members' sector share of damage half the non-members' -> 0.5."""
    avg = np.array([[1.0, 10.0, 2.0, 10.0], [0.0, 1.0, 1.0, 1.0]])
    np.testing.assert_allclose(spread.success(avg), [0.5, 0.0])


def inspired(cut: float, n: int = 4):
    p = Params()
    members = np.zeros((n, 2), bool)
    members[:2, 0] = True
    fin, ind = SECTORS.index("finance"), SECTORS.index("industry")
    clubs = make_clubs(
        ["A", "B"],
        ["sector_consortium"] * 2,
        p,
        {"A": {"sector": fin, "sector_cut": 0.3}, "B": {"sector": ind, "inspired_by": "A"}},
        initial=members,
    )
    setting = replace(uniform_setting(n), clubs=clubs)
    s = start(setting, np.full((n, len(LEVERS)), 0.5), np.full(n, 1e12), p, members)
    damage = np.ones((n, len(SECTORS)))
    damage[:2, fin] = 1.0 - cut  # members lose less in finance
    return evolve(s, flows=replace(s.flows, sector_damage=damage))


def test_a_successful_consortium_inspires_the_next_with_its_members():
    """Verification: success above the threshold with spread rate 1 -> B forms at once
    with A's members; below the threshold (base rate 0) nothing forms and no random
    number is drawn."""
    s = inspired(cut=0.6)
    out = spread.step(s, Params(consortium_spread_rate=1.0), np.random.default_rng(0))
    assert (out.members[:, 1] == s.members[:, 0]).all() and out.accessions[:2, 1].all()
    rng = np.random.default_rng(0)
    before = rng.bit_generator.state
    out = spread.step(inspired(cut=0.05), Params(consortium_spread_rate=1.0), rng)
    assert not out.members[:, 1].any() and rng.bit_generator.state == before


def test_formation_chance_is_the_spread_rate():
    """Verification: with rate 0.2 and success, the waiting time is geometric: the share of
    400 seeds forming in the first month is 0.2 within 3 standard errors."""
    s, p = inspired(cut=0.6), Params(consortium_spread_rate=0.2)
    formed = [spread.step(s, p, np.random.default_rng(k)).members[:, 1].any() for k in range(400)]
    assert abs(np.mean(formed) - 0.2) < 3 * np.sqrt(0.2 * 0.8 / 400)
