"""M12 norm diffusion and club norms (:mod:`netpolitik.engine.norms`): mechanism tests
(all **verification**: the code does what the documented rule says)."""

from __future__ import annotations

import numpy as np
import pytest

from netpolitik.engine import norms
from netpolitik.engine.clubs import make_clubs
from netpolitik.engine.simulator import start
from netpolitik.engine.state import evolve
from netpolitik.engine.synthetic import uniform_setting
from netpolitik.params import Params
from netpolitik.policy import LEVERS, lever_index

OFF = lever_index("offense")


def world(levers, trust, gdp=None, members=None, regime=0.5, clubs=None):
    n = len(levers)
    setting = uniform_setting(n, regime=regime)
    if clubs is not None:
        from dataclasses import replace

        setting = replace(setting, clubs=clubs)
    gdp = np.full(n, 1e12) if gdp is None else np.asarray(gdp, float)
    state = start(setting, np.asarray(levers, float), gdp, Params(), members)
    return evolve(state, trust=np.asarray(trust, float))


def test_off_returns_the_state_and_draws_nothing():
    """Verification: rate 0 and no norms -> the same object, the generator untouched."""
    s = world([[0.0] * 8, [1.0] * 8], [[1, 0.9], [0.9, 1]])
    rng = np.random.default_rng(3)
    before = rng.bit_generator.state
    assert norms.step(s, Params(), rng) is s
    assert rng.bit_generator.state == before


def test_drift_toward_a_trusted_partner_only():
    """Verification: A trusts B (0.9 > floor) and closes rate x gap; B distrusts A and
    stays."""
    s = world([[0.0] * 8, [1.0] * 8], [[1, 0.9], [0.3, 1]])
    out = norms.step(s, Params(norm_diffusion_rate=0.1), np.random.default_rng(0))
    np.testing.assert_allclose(out.levers[0], 0.1)
    np.testing.assert_allclose(out.levers[1], 1.0)


def test_club_peers_and_large_economies_pull_harder():
    """Verification: with equal trust, a club peer weighs (1 + c) and a partner k times
    larger k^e as much."""
    trust = [[1, 0.9, 0.9], [0.5, 1, 0.5], [0.5, 0.5, 1]]
    levers = [[0.5] * 8, [1.0] * 8, [0.0] * 8]
    p = Params(norm_diffusion_rate=1.0)
    members = np.array([[True], [True], [False]])
    clubs = make_clubs(["C"], ["political"], p, initial=members)
    club = norms.step(world(levers, trust, members=members, clubs=clubs), p, None)  # type: ignore[arg-type]
    np.testing.assert_allclose(club.levers[0], 2 / 3)  # weights 2 : 1
    big = norms.step(world(levers, trust, gdp=[1e12, 4e12, 1e12]), p, None)  # type: ignore[arg-type]
    # influence ~ (gdp / mean)^0.5: weights 2 : 1 again
    np.testing.assert_allclose(big.levers[0], 2 / 3)


def norm_club(enforcement: float = 1.0):
    p = Params()
    members = np.array([[True], [True], [False]])
    clubs = make_clubs(
        ["NORM"],
        ["cybercrime_treaty"],
        p,
        {"NORM": {"norms": {"offense": (0.0, 0.3)}, "norm_enforcement": enforcement}},
        initial=members,
    )
    return clubs, members


def test_members_comply_by_regime_trust_and_cost():
    """Verification: a member at offense 0.8 moves toward the norm's 0.3 by
    r e (1 - w_r + w_r regime) trust (1 - w_c gap) gap; non-members do not move; a
    liberal member moves more than an authoritarian one."""
    clubs, members = norm_club()
    levers = np.full((3, len(LEVERS)), 0.5)
    levers[:, OFF] = 0.8
    trust = np.full((3, 3), 0.8)
    p = Params()
    moved = {}
    for regime in (0.0, 1.0):
        s = world(levers, trust, members=members, clubs=clubs, regime=regime)
        out = norms.step(s, p, np.random.default_rng(0))
        moved[regime] = 0.8 - out.levers[0, OFF]
        assert out.levers[2, OFF] == 0.8  # not a member
        np.testing.assert_allclose(np.delete(out.levers[0], OFF), 0.5)  # no norm on others
    r, wr, wc = p.norm_compliance_rate, p.norm_regime_weight, p.norm_cost_weight
    expected = r * 1.0 * (1 - wr + wr * 1.0) * 0.8 * (1 - wc * 0.5) * 0.5
    assert moved[1.0] == pytest.approx(expected)
    assert moved[0.0] == pytest.approx(expected * (1 - wr))


def test_weak_enforcement_and_large_asks_comply_less():
    """Verification: compliance scales with enforcement; a larger gap is closed by a
    smaller share (the cost term)."""
    clubs_hi, members = norm_club(1.0)
    clubs_lo, _ = norm_club(0.2)
    trust = np.full((3, 3), 0.8)
    share = {}
    for name, clubs in (("hi", clubs_hi), ("lo", clubs_lo)):
        for start_off in (0.5, 0.9):
            levers = np.full((3, len(LEVERS)), 0.5)
            levers[:, OFF] = start_off
            out = norms.step(world(levers, trust, members=members, clubs=clubs), Params(), None)  # type: ignore[arg-type]
            share[name, start_off] = (start_off - out.levers[0, OFF]) / (start_off - 0.3)
    assert share["lo", 0.5] == pytest.approx(0.2 * share["hi", 0.5])
    assert share["hi", 0.9] < share["hi", 0.5]


def test_dispersion_is_zero_for_identical_levers_and_falls_with_diffusion():
    """Verification: dispersion(identical) = 0; one month of diffusion among mutually
    trusting states lowers it by the rate (two states: exactly (1 - 2 rho))."""
    assert norms.dispersion(np.full((5, 8), 0.3)) == 0
    s = world([[0.0] * 8, [1.0] * 8], [[1, 0.9], [0.9, 1]])
    out = norms.step(s, Params(norm_diffusion_rate=0.1), None)  # type: ignore[arg-type]
    assert norms.dispersion(out.levers) == pytest.approx(0.8 * norms.dispersion(s.levers))
