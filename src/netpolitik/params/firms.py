"""Parameters of firms as actors (placement, consortia) and of joint research.

Firms place a share ``firm_fdi_share`` of each FDI pool; it is 0 by default, so the
baseline's investment flows are those of M7 unchanged. Joint research is off
(``research_rate`` 0) unless a scenario turns it on.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from netpolitik.params.core import param

_BUSINESS = "§Business"


class FirmParams(BaseModel):
    """Representative multinational firms (:mod:`netpolitik.engine.firms`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    firm_fdi_share: float = param(
        0.0,
        "share of each FDI pool",
        f"{_BUSINESS}; 0 = the baseline (M7's logit allocation unchanged)",
        "Share of each sector group's FDI pool placed by the representative firms (the "
        "rest by M7's logit share); totals stay those of the calibrated pool.",
        0,
        1,
    )
    firm_switching_months: float = param(
        36.0,
        "months",
        f"{_BUSINESS} (relocation takes years: switching costs); assumption",
        "A firm closes 1/this of the gap between where its assets are and where it "
        "wants them each month.",
        1,
        600,
    )
    firm_home_bias: float = param(
        1.0,
        "log attractiveness",
        "assumption (home bias of multinationals' assets)",
        "Extra log attractiveness of a firm's home country.",
        0,
        20,
    )
    firm_w_credibility: float = param(
        1.0,
        "log attractiveness per unit trust",
        f"{_BUSINESS} ('mergers, acquisitions, and collaborative projects frequently hinge "
        "on a partner's cybersecurity credibility'); assumption",
        "Weight of the home government's trust in a host (the partner's cyber "
        "credibility in M&A and joint ventures).",
        0,
        20,
    )
    firm_w_consortium: float = param(
        0.5,
        "log attractiveness",
        f"{_BUSINESS} (consortia work alongside government agencies); assumption",
        "Extra log attractiveness of a host that is a member of a consortium the firm belongs to.",
        0,
        20,
    )
    firm_join_clarity: float = param(
        0.5,
        "legal clarity [0,1]",
        f"{_BUSINESS} ('when governments uphold transparent regulations'); assumption",
        "Members' mean legal clarity (oversight, disclosure, regime) a firm needs to join "
        "a public-private consortium.",
        0,
        1,
    )
    firm_join_max_offense: float = param(
        0.5,
        "offense [0,1]",
        f"{_BUSINESS} ('prohibit malicious activities'); assumption",
        "Members' mean offense above which a firm does not join (or leaves) a "
        "public-private consortium.",
        0,
        1,
    )
    firm_join_presence: float = param(
        0.05,
        "share of the firm's assets",
        "assumption",
        "Share of its assets a firm must hold in a consortium's member states to join it.",
        0,
        1,
    )
    firm_patch_gain: float = param(
        0.3,
        "share",
        f"{_BUSINESS} ('identify system vulnerabilities'); assumption",
        "Share of the remaining incident success in the consortium's sector that the "
        "firms' vulnerability work removes when every firm of that sector has joined.",
        0,
        1,
    )
    firm_consortium_trust: float = param(
        0.05,
        "1/year",
        "§Case Study (the shared platform builds trust); assumption",
        "Share of the gap to full trust that co-members of a consortium with firms close "
        "each year.",
        0,
        1,
    )


class ResearchParams(BaseModel):
    """Joint research projects and the IP they expose (:mod:`netpolitik.engine.research`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    research_rate: float = param(
        0.0,
        "1/month",
        f"{_BUSINESS} ('international ventures related to research and development thrive "
        "in regions with strong cyber protections'); 0 = off in the baseline",
        "Share of the gap between a pair's joint-research intensity and its target closed "
        "each month.",
        0,
        1,
    )
    research_trust_floor: float = param(
        0.5,
        "trust",
        "assumption (0.5 = neutral trust)",
        "Mutual trust above which a pair starts joint research.",
        0,
        0.99,
    )
    research_capability_gain: float = param(
        0.05,
        "capability per year",
        f"{_BUSINESS} ('fresh infusions of capital and talent'); assumption",
        "Capability a country gains a year from joint research at intensity 1 (times its "
        "gap to 1).",
        0,
        1,
    )
    research_ip_value: float = param(
        0.01,
        "share of GDP per year",
        f"{_BUSINESS} ('high-value projects'); assumption (order of business R&D, about "
        "1-2% of GDP in OECD countries, OECD MSTI 2010)",
        "Value of the intellectual property a country puts into joint research at total "
        "intensity 1.",
        0,
        0.5,
    )
    research_exposure: float = param(
        0.5,
        "share per year",
        "§Business (protecting intellectual property); assumption",
        "Share of the exposed IP value a partner at full offense and capability takes a "
        "year from an unprotected (security 0) partner.",
        0,
        1,
    )
