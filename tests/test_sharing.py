"""M3 intelligence sharing: links, pooling, misuse and its consequences."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from test_clubs import club_state

from netpolitik.engine import security, sharing
from netpolitik.engine.simulator import make_rng
from netpolitik.models.sharing_game import sharing_persistence
from netpolitik.policy import lever_index


def _set(state, lever, values):
    levers = state.levers.copy()
    levers[:, lever_index(lever)] = values
    return replace(state, levers=levers)


def test_club_members_share_and_pool(params):
    state = _set(club_state(), "sharing", 0.8)
    links = sharing.links(state, params)
    assert links[0, 1] > 0 and links[1, 2] > 0 and links[0, 3] == 0  # 3 is outside
    out = sharing.step(state, params, make_rng(0))
    assert np.all(out.pooled[:3] > 0) and np.all(out.pooled[3:] == 0)
    sec_before = security.effective(state, params)
    sec_after = security.effective(out, params)
    assert np.all(sec_after[:3] > sec_before[:3] + 0.02)
    assert np.allclose(sec_after[3:], sec_before[3:])


def test_pooling_grows_with_partners_sharing(params):
    low = sharing.step(_set(club_state(), "sharing", 0.3), params, make_rng(0)).pooled[0]
    high = sharing.step(_set(club_state(), "sharing", 0.9), params, make_rng(0)).pooled[0]
    assert high > 2 * low


def test_bilateral_links_need_mutual_trust_and_willingness(params):
    state = _set(club_state(members=()), "sharing", 0.9)
    trusting = replace(state, trust=np.full((5, 5), 0.9))
    assert sharing.links(trusting, params).sum() > 0
    one_way = trusting.trust.copy()
    one_way[1, 0] = 0.1
    links = sharing.links(replace(trusting, trust=one_way), params)
    assert links[0, 1] == 0 and links[1, 0] == 0 and links[0, 2] > 0
    unwilling = _set(trusting, "sharing", 0.2)
    assert sharing.links(unwilling, params).sum() == 0


def test_link_weight_follows_the_noisy_sharing_game(params):
    state = _set(club_state(), "sharing", 0.8)
    democracies = replace(state, setting=replace(state.setting, regime=np.ones(5)))
    autocracies = replace(state, setting=replace(state.setting, regime=np.zeros(5)))
    eps = params.sharing_noise
    assert np.isclose(sharing.links(democracies, params)[0, 1], sharing_persistence("GTFT", eps))
    assert np.isclose(sharing.links(autocracies, params)[0, 1], sharing_persistence("TFT", eps))
    assert sharing.links(democracies, params)[0, 1] > sharing.links(autocracies, params)[0, 1]


def test_misuse_costs_trust_and_sovereign_sharing(params):
    p = params.with_overrides({"misuse_rate": 1.0, "misuse_detection": 1.0})
    state = _set(_set(club_state(), "sharing", 0.8), "offense", 1.0)
    regime = np.array([0.2, 0.9, 0.9, 0.9, 0.9])
    state = replace(
        state,
        security=np.ones(5),
        setting=replace(state.setting, regime=regime, adaptation="local"),
    )
    fixed = replace(state, setting=replace(state.setting, adaptation="off"))
    frozen = sharing.step(fixed, p, make_rng(0))
    assert frozen.flows.misuse.any()
    assert np.array_equal(frozen.levers, fixed.levers)  # with adaptation off levers stay
    caught = 0
    for seed in range(20):
        out = sharing.step(state, p, make_rng(seed))
        caught += out.flows.misuse.sum()
        if out.flows.misuse[0].any():
            assert out.levers[0, lever_index("sharing")] < 0.8  # sovereignty-minded cuts
            j = int(np.flatnonzero(out.flows.misuse[0])[0])
            assert out.trust[0, j] < state.trust[0, j]
        if out.flows.misuse[1].any():
            assert out.levers[1, lever_index("sharing")] == 0.8  # liberal keeps sharing
    assert caught > 20


def test_no_misuse_from_restrained_partners(params):
    p = params.with_overrides({"misuse_rate": 1.0, "misuse_detection": 1.0})
    state = _set(_set(_set(club_state(), "sharing", 0.8), "offense", 0.0), "surveillance", 0.0)
    assert not sharing.step(state, p, make_rng(1)).flows.misuse.any()


def test_club_links_follow_a_new_membership_array(params):
    """Pooling-club links are reused while ``state.members`` is the same array and
    recomputed when a step returns a new one (verification of the cache)."""
    from netpolitik.engine.setup import from_world
    from netpolitik.engine.simulator import start
    from netpolitik.world import load_world

    setting, levers, gdp = from_world(load_world(["USA", "GBR", "DEU", "FRA"]))
    state = start(setting, levers, gdp, params)
    club = sharing.club_links(state)
    assert sharing.club_links(state) is club and club[0, 1]
    alone = replace(state, members=np.zeros_like(state.members))
    assert not sharing.club_links(alone).any()
    assert sharing.pair_weights(state, params) is sharing.pair_weights(state, params)
