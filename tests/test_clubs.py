"""M2 clubs: criteria, probation and exclusion, misconduct, admission, sector protection."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from engine_states import uniform_state

from netpolitik.engine import clubs
from netpolitik.engine.simulator import make_rng
from netpolitik.engine.state import SECTORS


def club_state(
    n=5, members=(0, 1, 2), kind="defense_pact", params=None, name="PACT", setting=None, **rules
):
    """A uniform world with one club whose members are ``members`` (``setting``: extra
    Setting fields such as regions or neutrality)."""
    from netpolitik.params import Params

    params = params or Params()
    initial = np.zeros((n, 1), bool)
    initial[list(members), 0] = True
    spec = clubs.make_clubs([name], [kind], params, {name: rules}, initial)
    base = uniform_state(n)
    state = replace(
        base,
        setting=replace(base.setting, clubs=spec, **(setting or {})),
        members=initial.copy(),
        strikes=np.zeros((n, 1), np.int64),
        candidacy=np.zeros((n, 1), np.int64),
    )
    return state


def quick(params, months=0):
    """``params`` with accession after ``months`` of candidacy."""
    return params.with_overrides({"club_accession_months": months})


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
    f = replace(
        state.flows,
        attributed_attacker=np.array([0]),
        attributed_target=np.array([1]),
        attributed_severity=np.array([sev]),
    )
    out = clubs.step(replace(state, flows=f), params, make_rng(0))
    assert not out.members[0, 0] and out.members[1, 0] and out.members[2, 0]
    assert out.trust[1, 0] < state.trust[1, 0] - 0.9 * params.club_exclusion_trust
    mild = replace(f, attributed_severity=np.array([sev - 1]))
    assert clubs.step(replace(state, flows=mild), params, make_rng(0)).members[0, 0]
    outsider = replace(f, attributed_attacker=np.array([3]))  # non-member attacker
    assert clubs.step(replace(state, flows=outsider), params, make_rng(0)).members[:3].all()


def test_forums_do_not_exclude_for_cyber_misconduct(params):
    """Verification: only clubs with cyber conduct rules exclude for misconduct."""
    state = club_state(kind="economic_forum")
    sev = int(params.club_exclusion_severity)
    f = replace(
        state.flows,
        attributed_attacker=np.array([0]),
        attributed_target=np.array([1]),
        attributed_severity=np.array([sev + 3]),
    )
    assert clubs.step(replace(state, flows=f), params, make_rng(0)).members[0, 0]


def test_admission_needs_criteria_and_mutual_trust(params):
    """Verification (no accession delay here: see test_accession_takes_years)."""
    params = quick(params)
    months = int(params.club_review_months)
    trusted = replace(club_state(min_trust=0.5), trust=np.full((5, 5), 0.8))
    assert run(trusted, params, months).members[3:, 0].all()
    distrusted = replace(club_state(min_trust=0.5), trust=np.full((5, 5), 0.3))
    assert not run(distrusted, params, months).members[3:, 0].any()
    failing = replace(
        club_state(min_trust=0.5, min_security=0.9),
        trust=np.full((5, 5), 0.8),
        security=np.array([1, 1, 1, 0.5, 1.0]),
    )
    admitted = run(failing, params, months).members[:, 0]
    assert admitted[4] and not admitted[3]


def test_sector_consortium_protects_members_sector(params):
    transport = SECTORS.index("transport")
    state = club_state(kind="sector_consortium", sector=transport, sector_cut=0.5)
    out = clubs.step(state, params, make_rng(0))
    assert np.allclose(out.protection[[0, 1, 2], transport], 0.5)
    assert np.all(out.protection[3:] == 0)
    assert np.all(np.delete(out.protection, transport, axis=1) == 0)


TRUSTED = np.full((5, 5), 0.8)


def test_accession_takes_years_of_continuous_qualification(params):
    """Verification: an applicant is a candidate for club_accession_months, then admitted at
    the next review; losing qualification restarts the clock."""
    need, review = int(params.club_accession_months), int(params.club_review_months)
    state = replace(club_state(min_trust=0.5), trust=TRUSTED)
    before = run(state, params, need - 1)
    assert not before.members[3:, 0].any() and (before.candidacy[3:, 0] == need - 1).all()
    after = run(state, params, need + review - need % review if need % review else need)
    assert after.members[3:, 0].all() and after.accessions[3:, 0].all()
    assert (after.candidacy[3:, 0] == 0).all()
    # a year without qualifying (trust collapses) restarts the candidacy
    halfway = run(state, params, need // 2)
    cold = run(replace(halfway, trust=np.full((5, 5), 0.3)), params, 1)
    assert (cold.candidacy[3:, 0] == 0).all()
    assert not run(replace(cold, trust=TRUSTED), params, need - 1).members[3:, 0].any()


def test_any_member_can_veto(params):
    """Verification: one member trusting the applicant below club_veto_trust blocks it,
    though the members' mean trust is high; above the threshold it is admitted."""
    p, months = quick(params), int(params.club_review_months)
    trust = TRUSTED.copy()
    trust[2, 3] = params.club_veto_trust - 0.01  # member 2 distrusts applicant 3
    state = replace(club_state(min_trust=0.5), trust=trust)
    assert (state.trust[:3, 3].mean()) > 0.5
    out = run(state, p, months)
    assert not out.members[3, 0] and out.members[4, 0]
    trust[2, 3] = params.club_veto_trust + 0.01
    assert run(replace(state, trust=trust), p, months).members[3, 0]


def test_no_admission_outside_the_treaty_area(params):
    """Verification: a club named NATO admits only European states (Art. 10) however
    trusted and qualified the applicant; its founding non-European members stay."""
    region = ("Americas", "Europe", "Europe", "Oceania", "Asia")
    subregion = (
        "Northern America",
        "Northern Europe",
        "Western Europe",
        "Australia and New Zealand",
        "Western Asia",
    )
    iso3 = ("USA", "NOR", "DEU", "AUS", "GEO")  # GEO: Council of Europe member, eligible
    state = club_state(
        members=(0, 1),
        name="NATO",
        min_trust=0.5,
        setting={"iso3": iso3, "region": region, "subregion": subregion},
    )
    eligible = state.setting.clubs.eligible[:, 0]
    assert eligible.tolist() == [True, True, True, False, True]
    out = run(replace(state, trust=TRUSTED), quick(params), int(params.club_review_months))
    assert out.members[:, 0].tolist() == [True, True, True, False, True]


def test_neutral_states_never_seek_a_defense_pact(params):
    """Verification: a neutral state never joins a defense pact; it may join other clubs."""
    iso3 = ("USA", "GBR", "FRA", "AUT", "POL")  # AUT: neutrality law of 1955
    for kind, joins in (("defense_pact", False), ("threat_sharing", True)):
        state = club_state(kind=kind, min_trust=0.5, setting={"iso3": iso3, "neutral": None})
        assert state.setting.neutral.tolist() == [False, False, False, True, False]
        out = run(replace(state, trust=TRUSTED), quick(params), 120)
        assert out.members[3, 0] == joins and out.members[4, 0]


def test_exits_and_accessions_are_recorded_per_step(params):
    """Verification: an exclusion shows in ``exits`` in its step only."""
    state = club_state(min_security=0.9)
    grace = int(params.club_grace_months)
    out = run(state, params, grace + 1)
    assert out.exits[[0, 1, 2], 0].all() and not out.accessions.any()
    assert not run(out, params, 1).exits.any()


def test_treaty_areas_of_real_organisations():
    """Verification of the treaty table on the real world."""
    from netpolitik.engine.setup import from_world
    from netpolitik.world import load_world

    setting = from_world(load_world())[0]
    c, iso = setting.clubs, setting.iso3
    ok = lambda club, code: bool(c.eligible[iso.index(code), c.names.index(club)])  # noqa: E731
    assert all(ok("NATO", code) for code in ("USA", "CAN", "SWE", "UKR", "GEO", "TUR"))
    assert not any(ok("NATO", code) for code in ("AUS", "NZL", "CHL", "JPN", "KAZ"))
    assert ok("EU", "TUR") and not ok("EU", "MAR")
    assert ok("ASEAN", "TLS") and not ok("ASEAN", "PNG")
    assert ok("AU", "MAR") and not ok("OAS", "ESP") and ok("MERCOSUR", "VEN")
    assert not ok("FIVE_EYES", "JPN") and ok("BUDAPEST", "JPN")
    assert setting.neutral[
        [iso.index(x) for x in ("AUT", "CHE", "IRL", "MLT", "CYP", "FIN", "SWE")]
    ].all()


def test_baseline_nato_stays_in_its_treaty_area():
    """Validation-style plausibility check (verification of the rule on the full model):
    in the baseline world (adaptation off), over 10 years on three seeds, NATO admits no
    state outside its treaty area and no neutral state joins a defense pact."""
    from netpolitik.engine.setup import from_world
    from netpolitik.engine.simulator import simulate
    from netpolitik.world import load_world

    setting, levers, gdp = from_world(load_world())
    c = setting.clubs
    nato = c.names.index("NATO")
    pacts = [k for k, kind in enumerate(c.kinds) if kind == "defense_pact"]
    for seed in (1, 2, 3):
        final = simulate(setting, levers, gdp, steps=120, seed=seed).final.members
        joined = final[:, nato] & ~c.initial[:, nato]
        assert not (joined & ~c.eligible[:, nato]).any(), seed
        assert not final[setting.neutral][:, pacts].any(), seed
