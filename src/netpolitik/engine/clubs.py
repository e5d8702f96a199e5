"""M2 Organisations: clubs with entry criteria, duties, penalties and exclusion.

Source: essay §Diplomatic ("international organisations ... increasingly incorporate cyber
readiness into their membership criteria ... failure to meet these guidelines or evidence
of cyber misconduct may result in penalties or exclusion"), §Defense Alliances, §Case Study
(the rail threat-sharing and anti-fraud consortia).

Each club has criteria (:class:`~netpolitik.engine.state.Clubs`): minimum effective
security, minimum ``sharing`` (the duty to share threat intelligence), maximum ``offense``,
and the members' mean trust an applicant needs. Every month:

* a member below any criterion gets a strike (probation); after ``club_grace_months``
  consecutive strikes it is excluded; meeting the criteria again clears its strikes;
* a member attributed an operation of severity >= ``club_exclusion_severity`` against a
  fellow member is excluded at once;
* remaining members lose ``club_exclusion_trust`` of their trust in anyone they exclude;
* a non-member *qualifies* for a club when it lies in the club's treaty area
  (``clubs.eligible``, :mod:`netpolitik.engine.treaties`), seeks it (neutral states of 2010,
  ``setting.neutral``, never seek a defense pact, and no one seeks a second one), meets the
  criteria, trusts the members and is trusted by them (mean trust at least ``min_trust``
  both ways), and no member vetoes it (every member's trust in it at least
  ``club_veto_trust``: any one member can block);
* a qualifying country is a candidate; ``candidacy`` counts its months of continuous
  qualification and resets to 0 when it stops qualifying; at every ``club_review_months``
  review, candidates with ``candidacy >= club_accession_months`` are admitted (at most one
  defense pact per country: the longest candidacy wins);
* ``accessions`` and ``exits`` record this step's admissions and exclusions;
* sector consortia protect their members' sector: ``protection[i, s]`` is the largest
  ``sector_cut`` among i's consortia for sector s (used by M4).

Real organisations (``memberships.csv``) seed the clubs; :func:`rules_for_kind` gives their
default criteria by kind.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine import trust as trust_mech
from netpolitik.engine.state import SECTORS, Clubs, State, evolve
from netpolitik.params import Params
from netpolitik.policy import LEVERS, lever, lever_index

CLOSED = 2.0  # a min_trust no mean trust reaches: the club admits no one


def rules_for_kind(kind: str, params: Params) -> dict[str, float | bool]:
    """Default criteria of a real organisation of ``kind`` (see ``docs/model.md``).

    Defense pacts and threat-sharing clubs pool intelligence and require security, sharing
    and restraint; cybercrime treaties are open to states with some security; trade blocs,
    political unions and economic forums have no cyber criteria and admit no one here
    (their enlargement follows geography and politics, not the model).
    """
    none = {
        "min_security": 0.0,
        "min_sharing": 0.0,
        "max_offense": 1.0,
        "min_trust": CLOSED,
        "pools": False,
    }
    if kind == "defense_pact":
        return {
            "min_security": params.club_defense_security,
            "min_sharing": params.club_sharing_min,
            "max_offense": params.club_defense_offense,
            "min_trust": params.club_admission_trust,
            "pools": True,
        }
    if kind == "threat_sharing":
        return {**none, "min_sharing": params.club_sharing_min, "pools": True}
    if kind == "cybercrime_treaty":
        return {**none, "min_security": 0.3, "min_trust": params.club_admission_trust}
    return none


def make_clubs(
    names: list[str],
    kinds: list[str],
    params: Params,
    overrides: dict[str, dict] | None = None,
    initial: np.ndarray | None = None,
) -> Clubs:
    """Club rules for real organisations (by kind) plus per-club ``overrides``; ``initial``
    is the ``(N, K)`` starting membership."""
    overrides = overrides or {}
    rows = [
        {**rules_for_kind(kind, params), "sector": -1, "sector_cut": 0.0, **overrides.get(name, {})}
        for name, kind in zip(names, kinds, strict=True)
    ]
    col = lambda key, dtype=float: np.array([r[key] for r in rows], dtype=dtype)  # noqa: E731
    return Clubs(
        names=tuple(names),
        kinds=tuple(kinds),
        min_security=col("min_security"),
        min_sharing=col("min_sharing"),
        max_offense=col("max_offense"),
        min_trust=col("min_trust"),
        pools=col("pools", bool),
        sector=col("sector", np.int64),
        sector_cut=col("sector_cut"),
        initial=initial,
        **essay_rules(list(names), rows),
    )


def essay_rules(names: list[str], rows: list[dict]) -> dict[str, np.ndarray]:
    """The optional club arrays of norms, public-private consortia and inspiration
    (:class:`~netpolitik.engine.state.Clubs`) from the rows' ``norms`` (lever name ->
    ``(low, high)``), ``norm_enforcement``, ``public_private`` and ``inspired_by`` (a club
    name); ``None`` where no club uses them."""
    out: dict[str, np.ndarray] = {}
    if any(r.get("norms") for r in rows):
        low, high = np.zeros((len(rows), len(LEVERS))), np.ones((len(rows), len(LEVERS)))
        for k, r in enumerate(rows):
            for name, (lo, hi) in (r.get("norms") or {}).items():
                low[k, lever_index(name)], high[k, lever_index(name)] = lo, hi
        out["norm_low"], out["norm_high"] = low, high
        out["norm_enforcement"] = np.array([float(r.get("norm_enforcement", 0.0)) for r in rows])
    if any(r.get("public_private") for r in rows):
        out["public_private"] = np.array([bool(r.get("public_private")) for r in rows])
    if any(r.get("inspired_by") for r in rows):
        out["inspired_by"] = np.array(
            [names.index(r["inspired_by"]) if r.get("inspired_by") else -1 for r in rows],
            dtype=np.int64,
        )
    return out


def meets_criteria(state: State) -> np.ndarray:
    """``(N, K)`` True where a country meets a club's security, sharing and offense rules."""
    c = state.setting.clubs
    return (
        (state.security[:, None] >= c.min_security[None, :])
        & (lever(state.levers, "sharing")[:, None] >= c.min_sharing[None, :])
        & (lever(state.levers, "offense")[:, None] <= c.max_offense[None, :])
    )


#: Club kinds whose members are bound by cyber conduct rules: only these exclude a member
#: for misconduct (forums, trade blocs and political unions have no cyber rules).
CONDUCT_KINDS: tuple[str, ...] = ("defense_pact", "threat_sharing", "sector_consortium")


def misconduct(state: State, params: Params) -> np.ndarray:
    """``(N, K)`` True where a member of a club with cyber conduct rules
    (:data:`CONDUCT_KINDS`) was attributed a severe operation on a fellow member."""
    f, members = state.flows, state.members
    severe = f.attributed_severity >= params.club_exclusion_severity
    a, t = f.attributed_attacker[severe], f.attributed_target[severe]
    out = np.zeros_like(members)
    if a.size:
        bound = np.array([k in CONDUCT_KINDS for k in state.setting.clubs.kinds], dtype=bool)
        both = members[a] & members[t] & bound[None, :]  # (incidents, K)
        np.logical_or.at(out, a, both)
    return out


def qualifying(state: State, meets: np.ndarray, params: Params) -> np.ndarray:
    """``(N, K)`` True for non-members that qualify for admission this month.

    Eligible (treaty area), seeking (no neutral state in a defense pact, one pact at most),
    meeting the criteria, mutually trusted (mean trust >= ``min_trust`` both ways) and not
    vetoed (no member trusts the applicant less than ``club_veto_trust``).
    """
    members = state.members.astype(float)
    size = np.maximum(members.sum(axis=0), 1.0)
    trusted = (state.trust.T @ members) / size  # [i, k]: mean trust of k's members in i
    trusting = (state.trust @ members) / size  # [i, k]: i's mean trust in k's members
    vetoed = ((state.trust.T < params.club_veto_trust).astype(float) @ members) > 0
    s, c = state.setting, state.setting.clubs
    pact = np.array([kind == "defense_pact" for kind in c.kinds], dtype=bool)
    in_pact = (state.members & pact[None, :]).any(axis=1)
    neutral = np.zeros(s.n, bool) if s.neutral is None else np.asarray(s.neutral, bool)
    seeks = ~(pact[None, :] & (in_pact | neutral)[:, None])
    eligible = np.ones_like(meets) if c.eligible is None else c.eligible
    ok = (trusted >= c.min_trust[None, :]) & (trusting >= c.min_trust[None, :]) & ~vetoed
    return ~state.members & eligible & seeks & meets & ok & (members.sum(axis=0) > 0)[None, :]


def one_pact(admitted: np.ndarray, candidacy: np.ndarray, kinds: tuple[str, ...]) -> np.ndarray:
    """``admitted`` with at most one defense pact per country (the longest candidacy)."""
    pact = np.array([kind == "defense_pact" for kind in kinds], dtype=bool)
    both = (admitted & pact[None, :]).sum(axis=1) > 1
    if not both.any():
        return admitted
    out = admitted.copy()
    for i in np.flatnonzero(both):
        cols = np.flatnonzero(admitted[i] & pact)
        keep = cols[np.argmax(candidacy[i, cols])]
        out[i, cols[cols != keep]] = False
    return out


def protection(state: State, members: np.ndarray) -> np.ndarray:
    """``(N, S)`` incident-success cut by sector from sector-consortium memberships."""
    c = state.setting.clubs
    out = np.zeros((state.setting.n, len(SECTORS)))
    for k in np.flatnonzero(c.sector >= 0):
        out[:, c.sector[k]] = np.maximum(out[:, c.sector[k]], members[:, k] * c.sector_cut[k])
    return out


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Strikes, exclusions, candidacies, admissions and sector protection for this month."""
    c = state.setting.clubs
    if c.k == 0:
        return state
    meets = meets_criteria(state)
    strikes = np.where(state.members & ~meets, state.strikes + 1, 0)
    expelled = state.members & ((strikes > params.club_grace_months) | misconduct(state, params))
    # the same array object while membership is unchanged (trust caches its terms on it)
    members = state.members & ~expelled if expelled.any() else state.members
    qualifies = qualifying(evolve(state, members=members), meets, params)
    previous = state.candidacy
    if previous is None or previous.shape != strikes.shape:  # clubs replaced mid-run
        previous = np.zeros_like(strikes)
    candidacy = np.where(qualifies, previous + 1, 0)
    admitted = np.zeros_like(members)
    if (state.step + 1) % int(params.club_review_months) == 0:
        admitted = one_pact(
            qualifies & (candidacy >= params.club_accession_months), candidacy, c.kinds
        )
        if admitted.any():
            members = members | admitted
        candidacy = np.where(admitted, 0, candidacy)
    trust = state.trust
    if expelled.any():
        drop = params.club_exclusion_trust * (members.astype(float) @ expelled.T.astype(float))
        trust = trust_mech.apply_drop(trust, np.minimum(drop, 1.0), 0.0)
    return evolve(
        state,
        members=members,
        strikes=np.where(members, strikes, 0),
        trust=trust,
        protection=protection(state, members),
        candidacy=candidacy,
        accessions=admitted,
        exits=expelled,
    )
