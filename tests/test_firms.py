"""M13 firms and public-private consortia (:mod:`netpolitik.engine.firms`): mechanism
tests (all **verification**)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from netpolitik.engine import firms
from netpolitik.engine.clubs import make_clubs
from netpolitik.engine.investment import allocate, pool
from netpolitik.engine.simulator import start
from netpolitik.engine.state import SECTORS, evolve
from netpolitik.engine.synthetic import uniform_setting
from netpolitik.params import Params
from netpolitik.policy import LEVERS, lever_index

FIN = SECTORS.index("finance")


def state(n=4, members=None, clubs=None, levers=0.5, gdp=None):
    setting = uniform_setting(n)
    if clubs is not None:
        setting = replace(setting, clubs=clubs)
    gdp = np.linspace(4e12, 1e12, n) if gdp is None else gdp
    return start(setting, np.full((n, len(LEVERS)), levers), gdp, Params(), members)


def test_homes_fall_back_to_the_same_gdp_rank():
    """Verification: without the home ISO3, a firm's home is the country of the same GDP
    rank among LARGEST_2010 (USA -> largest, CHN -> second, ...)."""
    s = state(n=8)
    ranks = [firms.LARGEST_2010.index(f.home) for f in firms.FIRMS]
    assert list(firms.homes(s)) == ranks  # GDP falls with the index


def test_firms_prefer_secure_credible_hosts():
    """Verification: raising one host's security raises every firm's wanted share there;
    raising the home's trust in it raises the share of every firm based elsewhere."""
    s = state()
    base = firms.wanted(s, Params(), np.zeros((len(firms.FIRMS), 0), bool))
    none = np.zeros((len(firms.FIRMS), 0), bool)
    secure = firms.wanted(evolve(s, security=s.security + np.array([0, 0, 0.3, 0])), Params(), none)
    trust = s.trust.copy()
    trust[:, 2] = 0.9
    credible = firms.wanted(evolve(s, trust=trust), Params(), none)
    away = firms.homes(s) != 2
    assert (secure[:, 2] > base[:, 2]).all() and (credible[away, 2] > base[away, 2]).all()
    np.testing.assert_allclose(credible[~away, 2], base[~away, 2])
    np.testing.assert_allclose(base.sum(axis=1), 1.0)


def test_moves_take_years():
    """Verification: with the wanted location fixed, a firm closes 1 - (1 - 1/36)^12 of
    its gap in a year (switching costs)."""
    p = Params()
    s = firms.step(state(), p, np.random.default_rng(0))
    target = s.firm_location.copy()
    moved = np.zeros_like(target)
    moved[:, 0] = 1.0  # every firm wholly in country 0
    s = evolve(s, firm_location=moved)
    for _ in range(12):
        s = firms.step(s, p, np.random.default_rng(0))
    closed = (s.firm_location - moved) / (target - moved)
    np.testing.assert_allclose(closed[:, 1:], 1 - (1 - 1 / 36) ** 12, rtol=1e-9)


def test_investment_totals_stay_calibrated():
    """Verification: firms placing a share of the pool keep the totals of M7's pool; a
    share of 0 returns the state itself."""
    s = firms.step(state(), Params(), np.random.default_rng(0))
    s = evolve(s, investment=allocate(s, Params()))
    assert firms.invest(s, Params(), np.random.default_rng(0)) is s
    p = Params(firm_fdi_share=0.5)
    out = firms.invest(s, p, np.random.default_rng(0))
    np.testing.assert_allclose(out.investment.sum(axis=0), pool(s, p))
    assert not np.allclose(out.investment, s.investment)


def consortium_state(offense: float):
    p = Params()
    members = np.array([[True], [True], [False], [False]])
    clubs = make_clubs(
        ["PP"],
        ["sector_consortium"],
        p,
        {"PP": {"sector": FIN, "sector_cut": 0.2, "public_private": True}},
        initial=members,
    )
    s = state(members=members, clubs=clubs, levers=0.8)
    levers = s.levers.copy()
    levers[:, lever_index("offense")] = offense
    return evolve(s, levers=levers, protection=np.zeros((4, len(SECTORS))))


def test_finance_firms_join_a_transparent_restrained_consortium():
    """Verification: with transparent rules (oversight, disclosure 0.8) and offense 0.2,
    the two finance firms join; the members' finance protection rises by
    firm_patch_gain (all of the sector's firms are in); co-members' trust rises. With
    offense 0.8 no firm joins and nothing changes."""
    p = Params()
    good = firms.step(consortium_state(0.2), p, np.random.default_rng(0))
    joined = good.firm_members[:, 0]
    assert list(joined) == [f.sector == FIN for f in firms.FIRMS]
    np.testing.assert_allclose(good.protection[:2, FIN], p.firm_patch_gain)
    np.testing.assert_allclose(good.protection[2:, FIN], 0.0)
    before = consortium_state(0.2).trust
    assert good.trust[0, 1] > before[0, 1] and good.trust[0, 2] == before[0, 2]
    bad_in = consortium_state(0.8)
    bad = firms.step(bad_in, p, np.random.default_rng(0))
    assert not bad.firm_members.any() and bad.trust is bad_in.trust
    assert bad.protection is bad_in.protection


def test_partial_participation_scales_the_patch_gain():
    """Verification: q firms of the sector in -> cut firm_patch_gain * q."""
    s = consortium_state(0.2)
    member = np.zeros((len(firms.FIRMS), 1), bool)
    member[[f.sector == FIN for f in firms.FIRMS].index(True), 0] = True
    protection, _ = firms.boosted(s, Params(), member)
    assert protection[0, FIN] == pytest.approx(Params().firm_patch_gain / 2)
