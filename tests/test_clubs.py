"""M2 clubs: criteria, probation and exclusion, misconduct, admission, sector protection."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from engine_states import uniform_state

from netpolitik.engine import clubs
from netpolitik.engine.simulator import make_rng
from netpolitik.engine.state import SECTORS


def club_state(n=5, members=(0, 1, 2), kind="defense_pact", params=None, **rules):
    """A uniform world with one club whose members are ``members``."""
    from netpolitik.params import Params

    params = params or Params()
    initial = np.zeros((n, 1), bool)
    initial[list(members), 0] = True
    spec = clubs.make_clubs(["PACT"], [kind], params, {"PACT": rules}, initial)
    base = uniform_state(n)
    state = replace(base, setting=replace(base.setting, clubs=spec), members=initial.copy(),
                    strikes=np.zeros((n, 1), np.int64))
    return state


def run(state, params, months):
    rng = make_rng(0)
    for _ in range(months):
        state = replace(clubs.step(state, params, rng), step=state.step + 1)
    return state


def test_member_below_criteria_is_excluded_after_grace(params):
    state = club_state(min_security=0.9)  # uniform security 0.5 < 0.9: all on probation
    grace = int(params.club_grace_months)
    on_probation = run(state, params, grace)
    assert on_probation.members[[0, 1, 2], 0].all()
    assert (on_probation.strikes[[0, 1, 2], 0] == grace).all()
    expelled = run(state, params, grace + 1)
    assert not expelled.members.any()


def test_meeting_criteria_again_clears_strikes(params):
    state = run(club_state(min_security=0.9), params, 3)
    relaxed = replace(state, security=np.ones(5))
    assert (run(relaxed, params, 1).strikes == 0).all()


def test_misconduct_against_a_fellow_member_excludes_at_once(params):
    state = club_state()
    sev = int(params.club_exclusion_severity)
    f = replace(state.flows, attributed_attacker=np.array([0]),
                attributed_target=np.array([1]), attributed_severity=np.array([sev]))
    out = clubs.step(replace(state, flows=f), params, make_rng(0))
    assert not out.members[0, 0] and out.members[1, 0] and out.members[2, 0]
    assert out.trust[1, 0] < state.trust[1, 0] - 0.9 * params.club_exclusion_trust
    mild = replace(f, attributed_severity=np.array([sev - 1]))
    assert clubs.step(replace(state, flows=mild), params, make_rng(0)).members[0, 0]
    outsider = replace(f, attributed_attacker=np.array([3]))  # non-member attacker
    assert clubs.step(replace(state, flows=outsider), params, make_rng(0)).members[:3].all()


def test_admission_needs_criteria_and_mutual_trust(params):
    months = int(params.club_review_months)
    trusted = replace(club_state(min_trust=0.5), trust=np.full((5, 5), 0.8))
    assert run(trusted, params, months).members[3:, 0].all()
    distrusted = replace(club_state(min_trust=0.5), trust=np.full((5, 5), 0.3))
    assert not run(distrusted, params, months).members[3:, 0].any()
    failing = replace(club_state(min_trust=0.5, min_security=0.9), trust=np.full((5, 5), 0.8),
                      security=np.array([1, 1, 1, 0.5, 1.0]))
    admitted = run(failing, params, months).members[:, 0]
    assert admitted[4] and not admitted[3]


def test_sector_consortium_protects_members_sector(params):
    transport = SECTORS.index("transport")
    state = club_state(kind="sector_consortium", sector=transport, sector_cut=0.5)
    out = clubs.step(state, params, make_rng(0))
    assert np.allclose(out.protection[[0, 1, 2], transport], 0.5)
    assert np.all(out.protection[3:] == 0)
    assert np.all(np.delete(out.protection, transport, axis=1) == 0)
