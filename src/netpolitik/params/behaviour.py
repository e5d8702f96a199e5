"""Parameters of M1 trust as a learned belief, M5 attribution and M6 responses, and the
payoffs of the security levers (intelligence from offense, detection from surveillance,
exposure cut by data restriction).

Trust is a belief held in log-odds ("logit") units: ``trust = 1 / (1 + exp(-L))``. A term
of ``x`` logit moves trust of 0.5 by about ``x / 4``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from netpolitik.params.core import param

_KYDD = "Kydd (2005), Trust and Mistrust in International Relations (trust as a belief)"
_BUCHANAN = "Buchanan (2016), The Cybersecurity Dilemma"
_RID = "Rid & Buchanan (2015), Attributing cyber attacks"
_VM = "Valeriano & Maness (2015), Cyber War versus Cyber Realities (restrained responses)"


class TrustParams(BaseModel):
    """M1 trust: priors from 2010 ties, updates from observed behaviour, bounded contagion."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    # --- priors (the anchor beliefs regress to) -------------------------------------------
    trust_base: float = param(
        0.45,
        "trust [0,1]",
        "assumption",
        "Prior trust between two states with no ties, no rivalry and no history.",
        0.001,
        0.999,
    )
    trust_rate: float = param(
        0.03,
        "1/month",
        "assumption (a belief gap halves in about 23 months)",
        "Share of the log-odds gap between a belief and its tie-based anchor closed each "
        "month: evidence fades unless renewed.",
        0,
        1,
    )
    trust_w_membership: float = param(
        1.0,
        "logit per unit shared-membership score",
        "§Diplomatic (organisations); assumption",
        "Prior weight of shared organisations, score 1 - exp(-shared / 2).",
        0,
        10,
    )
    trust_w_alliance: float = param(
        0.8,
        "logit",
        "§Defense Alliances; assumption",
        "Prior weight of a shared defense pact.",
        0,
        10,
    )
    trust_w_trade: float = param(
        0.3,
        "logit",
        "§Diplomatic (trade agreements); assumption",
        "Prior weight of a live trade agreement (common trade bloc).",
        0,
        10,
    )
    trust_w_rivalry: float = param(
        1.5,
        "logit",
        "Thompson & Dreyer (2012) strategic rivalries; assumption",
        "Prior trust lost between strategic rivals.",
        0,
        10,
    )
    trust_w_disputes: float = param(
        1.0,
        "logit",
        "COW dyadic MID 4.03 to 2010 (decayed, hostility-weighted); assumption",
        "Prior trust lost at a saturated militarised-dispute history "
        "(score 1 - exp(-disputes / trust_disputes_scale)).",
        0,
        10,
    )
    trust_disputes_scale: float = param(
        2.0,
        "dispute score",
        "assumption",
        "Dispute score at which the dispute term reaches 63% of its weight.",
        0.01,
        100,
    )
    trust_w_history: float = param(
        1.0,
        "logit",
        "DCID 2000-2010 and CFR 2005-2010 operations (decayed); assumption",
        "Prior trust lost in a state with a saturated record of operations against the "
        "truster (score 1 - exp(-operations)).",
        0,
        10,
    )

    # --- observed posture (evidence per month) --------------------------------------------
    trust_w_disclosure: float = param(
        0.02,
        "logit/month per unit disclosure",
        f"§Diplomatic; {_KYDD}: disclosure is a costly signal",
        "Monthly evidence of benign intent from the trustee's vulnerability "
        "disclosure, relative to 0.5.",
        0,
        1,
    )
    trust_w_threat: float = param(
        0.02,
        "logit/month per unit capability x offense",
        f"{_BUCHANAN}: dual-use capabilities read as threats",
        "Monthly evidence of hostile intent from the trustee's "
        "capability x offense (the security dilemma).",
        0,
        1,
    )
    trust_threat_rival: float = param(
        1.0,
        "multiplier",
        f"{_BUCHANAN}; assumption",
        "Extra weight of the threat term between strategic rivals (1 = double).",
        0,
        10,
    )
    trust_w_surveillance: float = param(
        0.015,
        "logit/month per unit unchecked surveillance",
        "§Personal Freedoms, "
        "§Defense Alliances ('overly invasive digital intelligence-gathering measures might "
        "also be seen as potential espionage tools'); assumption",
        "Monthly evidence against a trustee with blanket surveillance and no oversight, "
        "times the truster's regime score (liberal partners mind most).",
        0,
        1,
    )
    trust_w_restriction: float = param(
        0.005,
        "logit/month per unit data restriction",
        "§Landscape (firewalls 'at odds with "
        "businesses and organizations looking for a freer exchange'); assumption",
        "Monthly evidence against a trustee that restricts data flows.",
        0,
        1,
    )
    trust_w_cooperation: float = param(
        0.03,
        "logit/month per shared link",
        "Axelrod (1984); §Defense Alliances; assumption",
        "Monthly evidence from mutual cooperation on a sharing link, times "
        "the smaller of the two sharing levers.",
        0,
        1,
    )
    trust_w_reciprocity: float = param(
        0.04,
        "logit/month per unit sharing gap",
        "Gordon, Loeb & Lucyshyn (2003) free riding; Axelrod (1984) reciprocity; assumption",
        "Monthly evidence from a partner that shares more (+) or less (-, free riding) "
        "than the truster on their link.",
        0,
        1,
    )
    trust_w_sanction: float = param(
        0.03,
        "logit/month",
        "§Diplomatic; assumption",
        "Monthly evidence against each other while either of two states sanctions the other.",
        0,
        1,
    )

    # --- events (jumps) -------------------------------------------------------------------
    trust_drop_victim: float = param(
        0.25,
        "logit per DCID severity point",
        "§Diplomatic; assumption",
        "Victim's belief shift against the state it attributes an operation to.",
        0,
        5,
    )
    trust_drop_public: float = param(
        0.015,
        "logit per DCID severity point",
        "§Diplomatic; assumption",
        "Every other state's belief shift against the culprit of a public attribution.",
        0,
        5,
    )
    trust_contagion: float = param(
        0.15,
        "logit per DCID severity point",
        "§Diplomatic (reputational contagion); assumption",
        "Extra shift of a third party against the culprit, times its "
        "normalised tie to the victim (ties sum to 1 over its partners: bounded, "
        "independent of N).",
        0,
        5,
    )
    joint_attribution_rate: float = param(
        0.2,
        "probability per link at full security",
        "§Defense Alliances ('joint efforts'); assumption",
        "Chance a sharing partner corroborates a victim's public attribution, "
        "times the link's weight and the partner's security.",
        0,
        1,
    )
    trust_joint_gain: float = param(
        0.2,
        "logit",
        "§Defense Alliances ('joint efforts'); assumption",
        "Belief gain between two states that attribute an operation jointly.",
        0,
        5,
    )


class AttributionParams(BaseModel):
    """M5 attribution: technical lag, false flags, and the political choice to go public."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    false_flag_rate: float = param(
        0.15,
        "probability at capability 1",
        f"{_RID}: false flags; assumption",
        "Chance that a technical attribution names the wrong state, times the true "
        "attacker's capability; the wrong state is drawn among the victim's distrusted, "
        "capable suspects.",
        0,
        1,
    )
    public_bias: float = param(
        -0.2,
        "logit",
        f"{_RID}: going public is a political decision; calibrated",
        "Log-odds of publicly attributing a severity-3 operation to a neutral state.",
        -20,
        20,
    )
    public_severity: float = param(
        0.5,
        "logit per severity point",
        f"{_RID}; assumption",
        "Rise of the log-odds of going public per severity point above 3.",
        0,
        10,
    )
    public_trust: float = param(
        2.0,
        "logit per unit trust",
        f"{_RID}; assumption",
        "Fall of the log-odds of going public per unit of the victim's trust in the "
        "culprit above 0.5 (friends are named less).",
        0,
        20,
    )
    public_dependence: float = param(
        3.0,
        "logit per unit dependence",
        "§Diplomatic; Baliga, Bueno de Mesquita & Wolitzky (2020); assumption",
        "Fall of the log-odds of going public per unit of the victim's economic dependence "
        "on the culprit (trade agreement x culprit's share of the pair's GDP).",
        0,
        20,
    )
    public_leverage: float = param(
        1.5,
        "logit per unit leverage",
        "assumption (coercive leverage of offense)",
        "Fall of the log-odds of going public per unit of the culprit's capability x "
        "offense above the victim's.",
        0,
        20,
    )


class ResponseParams(BaseModel):
    """M6 responses: a menu chosen by a multinomial logit, and sanctions that end."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    response_denounce: float = param(
        -0.6,
        "logit",
        f"{_VM}; assumption",
        "Score of denouncing a severity-3 operation (restraint scores 0).",
        -20,
        20,
    )
    response_indict: float = param(
        -3.0,
        "logit",
        f"{_VM}; assumption",
        "Score of an indictment of a severity-3 operation by a state of legal clarity 0.5.",
        -20,
        20,
    )
    response_sanction: float = param(
        -2.4,
        "logit",
        f"{_VM}; §Diplomatic; assumption",
        "Score of sanctions for a severity-3 operation by a neutral, independent victim.",
        -20,
        20,
    )
    response_counter: float = param(
        -4.0,
        "logit",
        f"{_VM} (escalation is rare); assumption",
        "Score of a counter-operation for a severity-3 operation by a victim with "
        "capability x offense 0.",
        -20,
        20,
    )
    response_severity: float = param(
        0.6,
        "logit per severity point",
        f"{_VM} (responses are proportionate); assumption",
        "Rise of every non-restraint score per severity point above 3.",
        0,
        10,
    )
    response_legal: float = param(
        3.0,
        "logit per unit legal clarity",
        "assumption (indictments need courts)",
        "Rise of the indictment score per unit of the victim's legal clarity above 0.5.",
        0,
        20,
    )
    response_capacity: float = param(
        2.5,
        "logit per unit capability x offense",
        "assumption",
        "Rise of the counter-operation score per unit of the victim's capability x offense.",
        0,
        20,
    )
    response_rivalry: float = param(
        1.0,
        "logit",
        "Thompson & Dreyer (2012); assumption",
        "Rise of the sanction and counter-operation scores between rivals.",
        0,
        20,
    )
    response_dependence: float = param(
        3.0,
        "logit per unit dependence",
        "§Diplomatic; assumption",
        "Fall of the sanction score per unit of the victim's dependence on the culprit.",
        0,
        20,
    )
    response_denounce_shift: float = param(
        0.1,
        "logit per severity point",
        "assumption",
        "Extra shift of third parties against the culprit when the victim denounces, times "
        "their normalised tie to the victim.",
        0,
        5,
    )
    sanction_end_hazard: float = param(
        0.06,
        "1/month",
        "assumption (a sanction episode lasts about a year and a half beyond its minimum)",
        "Monthly chance a sanction past its minimum ends, times "
        "(1/2 + the sanctioner's trust in the target), capped at 1.",
        0,
        1,
    )
    sanction_min_months: float = param(
        12,
        "months",
        "assumption (cyber sanctions are reviewed yearly)",
        "Sanctions stay in force at least this long.",
        0,
        600,
    )
    sanctioned_trust_drop: float = param(
        0.4,
        "logit",
        "§Diplomatic; assumption",
        "Target's belief shift against a state that sanctions it.",
        0,
        5,
    )


class PayoffParams(BaseModel):
    """What the security levers pay: intelligence, detection, exposure cuts."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    offense_intel: float = param(
        0.25,
        "security share at capability x offense 1",
        f"{_BUCHANAN} (intrusions made for intelligence); assumption",
        "Share of exposure an attacker closes with the "
        "intelligence of its own operations (raises its security and detection).",
        0,
        1,
    )
    surveillance_detection: float = param(
        0.15,
        "security share at full surveillance",
        "§Personal Freedoms ('capacity to address severe cyber threats'); assumption",
        "Share of exposure closed by domestic monitoring (raises security and detection).",
        0,
        1,
    )
    restriction_shield: float = param(
        0.3,
        "share of success probability",
        "§Landscape ('broad internet firewalls to limit external influence'); assumption",
        "Cut of foreign state operations' success probability at full data restriction.",
        0,
        1,
    )
    sharing_leak: float = param(
        0.1,
        "security share",
        "§Defense Alliances (misusing shared intelligence); assumption",
        "Security a full sharer loses to leaks through insecure partners "
        "(times its sharing and its partners' mean insecurity).",
        0,
        1,
    )
    sharing_free_ride: float = param(
        0.5,
        "share",
        "Gordon, Loeb & Lucyshyn (2003); assumption",
        "Share of a pooling club's intelligence a member receives even when it shares "
        "nothing (the temptation to free-ride).",
        0,
        1,
    )
    attack_history_weight: float = param(
        1.0,
        "relative rate per unit decayed operation",
        "assumption (persistence of who "
        "attacks whom in DCID 2000-2010 and CFR 2005-2010; too few incidents before 2006 to "
        "fit it without the years the validation scores)",
        "Rise of a dyad's attack rate per unit of its decayed record of operations.",
        0,
        100,
    )
