"""Parameters of M2 clubs and M3 intelligence sharing."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from netpolitik.params.core import param


class ClubParams(BaseModel):
    """M2 organisations: admission, duties, penalties and exclusion."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    club_grace_months: float = param(
        12,
        "months",
        "§Diplomatic (penalties, then exclusion); assumption",
        "Months a member may stay below a club's criteria (on probation) before exclusion.",
        0,
        600,
    )
    club_review_months: float = param(
        12,
        "months",
        "assumption (yearly summits decide accessions)",
        "Clubs consider applications every this many months.",
        1,
        600,
    )
    club_exclusion_severity: float = param(
        5,
        "DCID severity",
        "§Diplomatic (evidence of cyber misconduct); assumption",
        "An attributed operation of at least this severity against a fellow member excludes "
        "the attacker at once.",
        1,
        11,
    )
    club_exclusion_trust: float = param(
        0.10,
        "trust",
        "assumption",
        "Trust the remaining members lose in a country they exclude.",
        0,
        1,
    )
    club_defense_security: float = param(
        0.45,
        "security [0,1]",
        "assumption; NATO-style minimum capabilities",
        "Default minimum effective security of defense pacts.",
        0,
        1,
    )
    club_defense_offense: float = param(
        0.9, "offense [0,1]", "assumption", "Default maximum offense of defense-pact members.", 0, 1
    )
    club_sharing_min: float = param(
        0.4,
        "sharing [0,1]",
        "§Diplomatic (sharing threat intelligence promptly)",
        "Default minimum sharing lever of threat-sharing clubs and defense pacts.",
        0,
        1,
    )
    club_admission_trust: float = param(
        0.55,
        "trust",
        "§Defense Alliances (a high level of mutual faith); assumption",
        "Default members' mean trust in an applicant needed for admission.",
        0,
        1,
    )
    club_veto_trust: float = param(
        0.35,
        "trust",
        "unanimity rules: North Atlantic Treaty art. 10 ('unanimous "
        "agreement'), TEU art. 49, Convention on Cybercrime art. 37 (e.g. Greece blocked "
        "Macedonia's NATO invitation, Bucharest 2008); threshold an assumption",
        "A member whose trust in an applicant is below this vetoes its admission.",
        0,
        1,
    )
    club_accession_months: float = param(
        60,
        "months",
        "NATO Membership Action Plan (1999) to accession (2004) for seven "
        "states, about 5 years; EU applications 1994-96 to accession 2004; assumption",
        "Months an applicant must qualify continuously (criteria met, trusted, no veto) "
        "before it is admitted at a review.",
        0,
        600,
    )


class SharingParams(BaseModel):
    """M3 intelligence sharing: pooling, the noisy sharing game, and misuse."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    sharing_pool_weight: float = param(
        0.5,
        "share",
        "§Defense Alliances (joint efforts more effective); assumption",
        "How much of its exposure a country closes with fully pooled intelligence.",
        0,
        1,
    )
    sharing_trust_threshold: float = param(
        0.55,
        "trust",
        "§Defense Alliances (mutual faith); assumption",
        "Mutual trust both sides need for a bilateral sharing link outside clubs.",
        0,
        1,
    )
    sharing_lever_threshold: float = param(
        0.5,
        "sharing [0,1]",
        "assumption",
        "Sharing lever both sides need for a bilateral link outside clubs.",
        0,
        1,
    )
    sharing_noise: float = param(
        0.02,
        "probability per month",
        "assumption; Nowak & Sigmund (1993) noise",
        "Implementation noise of the sharing game: a partner's intended share fails.",
        0,
        0.5,
    )
    misuse_rate: float = param(
        0.004,
        "probability per link-month",
        "§Defense Alliances (misusing shared intelligence); assumption",
        "Chance a partner at full offense and unchecked surveillance misuses shared "
        "intelligence in a month.",
        0,
        1,
    )
    misuse_detection: float = param(
        0.5,
        "probability",
        "assumption",
        "Chance a misuse is detected by the sharer (scaled by the sharer's security).",
        0,
        1,
    )
    misuse_trust_drop: float = param(
        0.08,
        "trust",
        "§Defense Alliances (tensions can rise); assumption",
        "Trust the sharer loses in a partner caught misusing its intelligence.",
        0,
        1,
    )
    sovereignty_cut: float = param(
        0.05,
        "sharing lever",
        "§Defense Alliances (sovereignty concerns); assumption",
        "Sharing lever a sovereignty-minded country (regime < 0.5) gives up after a "
        "detected misuse.",
        0,
        1,
    )
