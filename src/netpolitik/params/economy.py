"""Parameters of M7 investment, M8 economy and innovation, and M9 capacity building."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from netpolitik.params.core import param

_BUSINESS = "§Business"
_SS = " (security-sensitive sectors: aerospace, energy, finance)"
_DD = " (data-driven sectors: AI, blockchain, VR start-ups)"


class EconomyParams(BaseModel):
    """M7, M8, M9 parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    # --- M7 investment ------------------------------------------------------------------
    fdi_share: float = param(
        0.019, "share of world GDP per year",
        "UNCTAD World Investment Report 2011: global FDI inflows 2010 US$1.24 trn, about "
        "1.9% of world GDP",
        "Size of the global pool of foreign direct investment allocated each year.", 0, 0.5)
    security_sensitive_share: float = param(
        0.45, "share of the FDI pool", f"{_BUSINESS}; assumption",
        "Share of the FDI pool going to security-sensitive sectors (aerospace, energy, "
        "finance); the rest goes to data-driven start-ups (AI, blockchain, VR).", 0, 1)
    fdi_market_elasticity: float = param(
        1.0, "dimensionless", "assumption (gravity benchmark: FDI proportional to market "
        "size, all else equal)",
        "Elasticity of a country's attractiveness with its GDP (market size).", 0, 3)
    fdi_w_security_ss: float = param(
        2.0, "log attractiveness per unit security", f"{_BUSINESS} ('a proven track record "
        "in cyber defense can be a decisive factor'); assumption",
        "Weight of effective security" + _SS + ".", 0, 20)
    fdi_w_security_dd: float = param(
        0.5, "log attractiveness per unit security", f"{_BUSINESS} ('free yet secure flow "
        "of data'); assumption", "Weight of effective security" + _DD + ".", 0, 20)
    fdi_w_openness_ss: float = param(
        0.5, "log attractiveness per unit openness", f"{_BUSINESS}; assumption",
        "Weight of the openness index" + _SS + ".", 0, 20)
    fdi_w_openness_dd: float = param(
        2.0, "log attractiveness per unit openness", f"{_BUSINESS} (start-ups value free "
        "flow of data); assumption", "Weight of the openness index" + _DD + ".", 0, 20)
    fdi_w_legal_ss: float = param(
        1.0, "log attractiveness per unit legal clarity", f"{_BUSINESS} ('clear guidelines "
        "and transparent regulations'); assumption",
        "Weight of the legal-clarity index" + _SS + ".", 0, 20)
    fdi_w_legal_dd: float = param(
        1.0, "log attractiveness per unit legal clarity", f"{_BUSINESS} ('legal frameworks "
        "that guarantee ownership rights'); assumption",
        "Weight of the legal-clarity index" + _DD + ".", 0, 20)
    fdi_w_bureaucracy_ss: float = param(
        0.5, "log attractiveness per unit data_restriction", f"{_BUSINESS} ('needless "
        "bureaucratic barriers'); assumption",
        "Penalty of the data_restriction lever (localisation, licensing)" + _SS + ".", 0, 20)
    fdi_w_bureaucracy_dd: float = param(
        1.5, "log attractiveness per unit data_restriction", f"{_BUSINESS} ('complex "
        "licensing procedures for cloud-based services'); assumption",
        "Penalty of the data_restriction lever (localisation, licensing)" + _DD + ".", 0, 20)
    fdi_w_damage: float = param(
        0.5, "log attractiveness per damage_ref of recent damage", f"{_BUSINESS} ('the cost "
        "of dealing with cyber threats can be enormous'); assumption",
        "Penalty of recent incident damage, per fdi_damage_ref of annual GDP lost.", 0, 20)
    fdi_damage_ref: float = param(
        0.01, "share of GDP per year", "assumption (1% of GDP a year is a heavy cyber loss; "
        "world average about 0.8%, CSIS/McAfee 2018)",
        "Recent damage share that costs fdi_w_damage of log attractiveness.", 1e-6, 1)
    fdi_w_sanctions: float = param(
        2.0, "log attractiveness per share of world GDP sanctioning",
        "UNCTAD World Investment Report 2015: FDI into Russia fell about 70% in 2014 under "
        "sanctions by economies with about half of world GDP; assumption for the form",
        "Penalty of being sanctioned, per share of world GDP held by the sanctioners.", 0, 20)
    damage_half_life: float = param(
        12, "months", "assumption (investors remember about a year of incidents)",
        "Half-life of the moving average of annualised damage share (recent_damage).",
        0.1, 600)

    # --- M8 economy and innovation ------------------------------------------------------
    growth_per_investment: float = param(
        0.5, "growth per year per unit (FDI/GDP) above world",
        "order of magnitude of the FDI coefficient in growth regressions (Borensztein, De "
        "Gregorio & Lee 1998, J. Int. Econ. 45); assumption",
        "Extra annual GDP growth per unit of annual FDI inflow/GDP above the world rate.",
        0, 5)
    growth_per_innovation: float = param(
        0.01, "growth per year per unit innovation above world",
        "§Personal Freedoms ('stifling innovation'), §Business; assumption (1 pp a year "
        "between a fully open and a fully closed country)",
        "Extra annual GDP growth per unit of innovation (mean of openness and freedom) above "
        "the GDP-weighted world mean.", 0, 0.2)
    capability_growth: float = param(
        0.03, "1/year at innovation 1", "§Business (R&D hubs), §Personal Freedoms; "
        "assumption", "Share of the gap to full cyber capability closed per year, times "
        "innovation.", 0, 1)

    # --- M9 capacity building -----------------------------------------------------------
    aid_budget_share: float = param(
        0.00005, "share of GDP per year at aid lever 1",
        "§Harmonization; assumption: a small slice of ODA (OECD DAC donors give about 0.3% "
        "of GNI); gives about US$2bn a year worldwide with the 2010 levers",
        "Cyber capacity-building budget of a donor with the aid lever at 1.", 0, 0.05)
    aid_ref: float = param(
        0.0001, "share of recipient GDP per year", "assumption (calibration point: 0.01% "
        "of GDP a year of aid gives a stock of about 0.15, i.e. about +0.1 security, in 2-3 "
        "years)", "Aid intensity at which the saturating aid effect is at half strength.",
        1e-9, 1)
    aid_effect: float = param(
        0.01, "1/month at saturation", "§Harmonization ('subsidize cyber training or "
        "infrastructure'); assumption",
        "Share of the remaining capacity gap closed per month at saturating aid; the stock "
        "is bounded by aid_effect / (aid_effect + aid_decay).", 0, 1)
    aid_decay: float = param(
        0.029, "1/month", "assumption (capacity needs upkeep; half-life about 2 years)",
        "Share of the aid-built capacity stock lost each month.", 0, 1)
    aid_trust_gain: float = param(
        0.02, "share of distrust per month", "§Harmonization; assumption",
        "Share of a recipient's remaining distrust of its donor removed per month, times "
        "the donor's share of its aid and the saturating aid intensity.", 0, 1)
    aid_influence: float = param(
        0.01, "share of lever gap per month", "§Harmonization ('can shift power balances'); "
        "assumption", "Share of the gap between a recipient's levers and its donors' "
        "(aid-weighted) closed per month at saturating aid.", 0, 1)
