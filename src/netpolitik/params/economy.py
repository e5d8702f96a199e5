"""Parameters of M7 investment, M8 economy and innovation, and M9 capacity building."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from netpolitik.params.core import param

_BUSINESS = "§Business"
_SS = " (security-sensitive sectors: aerospace, energy, finance)"
_DD = " (data-driven sectors: AI, blockchain, VR start-ups)"


class EconomyParams(BaseModel):
    """M7, M8, M9 parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    # --- M7 investment ------------------------------------------------------------------
    fdi_share: float = param(
        0.019,
        "share of world GDP per year",
        "UNCTAD World Investment Report 2011: global FDI inflows 2010 US$1.24 trn, about "
        "1.9% of world GDP",
        "Size of the global pool of foreign direct investment allocated each year.",
        0,
        0.5,
    )
    security_sensitive_share: float = param(
        0.45,
        "share of the FDI pool",
        f"{_BUSINESS}; assumption",
        "Share of the FDI pool going to security-sensitive sectors (aerospace, energy, "
        "finance); the rest goes to data-driven start-ups (AI, blockchain, VR).",
        0,
        1,
    )
    fdi_market_elasticity: float = param(
        1.0,
        "dimensionless",
        "assumption (gravity benchmark: FDI proportional to market size, all else equal)",
        "Elasticity of a country's attractiveness with its GDP (market size).",
        0,
        3,
    )
    fdi_w_security_ss: float = param(
        2.0,
        "log attractiveness per unit security",
        f"{_BUSINESS} ('a proven track record "
        "in cyber defense can be a decisive factor'); assumption",
        "Weight of effective security" + _SS + ".",
        0,
        20,
    )
    fdi_w_security_dd: float = param(
        0.5,
        "log attractiveness per unit security",
        f"{_BUSINESS} ('free yet secure flow of data'); assumption",
        "Weight of effective security" + _DD + ".",
        0,
        20,
    )
    fdi_w_openness_ss: float = param(
        0.5,
        "log attractiveness per unit openness",
        f"{_BUSINESS}; assumption",
        "Weight of the openness index" + _SS + ".",
        0,
        20,
    )
    fdi_w_openness_dd: float = param(
        2.0,
        "log attractiveness per unit openness",
        f"{_BUSINESS} (start-ups value free flow of data); assumption",
        "Weight of the openness index" + _DD + ".",
        0,
        20,
    )
    fdi_w_legal_ss: float = param(
        1.0,
        "log attractiveness per unit legal clarity",
        f"{_BUSINESS} ('clear guidelines and transparent regulations'); assumption",
        "Weight of the legal-clarity index" + _SS + ".",
        0,
        20,
    )
    fdi_w_legal_dd: float = param(
        1.0,
        "log attractiveness per unit legal clarity",
        f"{_BUSINESS} ('legal frameworks that guarantee ownership rights'); assumption",
        "Weight of the legal-clarity index" + _DD + ".",
        0,
        20,
    )
    fdi_w_bureaucracy_ss: float = param(
        0.5,
        "log attractiveness per unit data_restriction",
        f"{_BUSINESS} ('needless bureaucratic barriers'); assumption",
        "Penalty of the data_restriction lever (localisation, licensing)" + _SS + ".",
        0,
        20,
    )
    fdi_w_bureaucracy_dd: float = param(
        1.5,
        "log attractiveness per unit data_restriction",
        f"{_BUSINESS} ('complex licensing procedures for cloud-based services'); assumption",
        "Penalty of the data_restriction lever (localisation, licensing)" + _DD + ".",
        0,
        20,
    )
    fdi_w_damage: float = param(
        0.5,
        "log attractiveness per damage_ref of recent damage",
        f"{_BUSINESS} ('the cost of dealing with cyber threats can be enormous'); assumption",
        "Penalty of recent incident damage, per fdi_damage_ref of annual GDP lost.",
        0,
        20,
    )
    fdi_damage_ref: float = param(
        0.01,
        "share of GDP per year",
        "assumption (1% of GDP a year is a heavy cyber loss; "
        "world average about 0.8%, CSIS/McAfee 2018)",
        "Recent damage share that costs fdi_w_damage of log attractiveness.",
        1e-6,
        1,
    )
    fdi_w_sanctions: float = param(
        2.0,
        "log attractiveness per share of world GDP sanctioning",
        "UNCTAD World Investment Report 2015: FDI into Russia fell about 70% in 2014 under "
        "sanctions by economies with about half of world GDP; assumption for the form",
        "Penalty of being sanctioned, per share of world GDP held by the sanctioners.",
        0,
        20,
    )
    damage_half_life: float = param(
        12,
        "months",
        "assumption (investors remember about a year of incidents)",
        "Half-life of the moving average of annualised damage share (recent_damage).",
        0.1,
        600,
    )

    # --- M8 economy and innovation ------------------------------------------------------
    growth_per_investment: float = param(
        0.5,
        "growth per year per unit (FDI/GDP) above world",
        "order of magnitude of the FDI coefficient in growth regressions (Borensztein, De "
        "Gregorio & Lee 1998, J. Int. Econ. 45); assumption",
        "Extra annual GDP growth per unit of annual FDI inflow/GDP above the world rate.",
        0,
        5,
    )
    growth_per_innovation: float = param(
        0.01,
        "growth per year per unit innovation above world",
        "§Personal Freedoms ('stifling innovation'), §Business; assumption (1 pp a year "
        "between a fully open and a fully closed country)",
        "Extra annual GDP growth per unit of innovation (mean of openness and freedom) above "
        "the GDP-weighted world mean.",
        0,
        0.2,
    )
    capability_growth: float = param(
        0.03,
        "1/year at innovation 1",
        "§Business (R&D hubs), §Personal Freedoms; assumption",
        "Share of the gap to full cyber capability closed per year, times innovation.",
        0,
        1,
    )
    capability_depreciation: float = param(
        0.006,
        "1/year",
        "assumption: tools and skills obsolesce (zero-day lifetime 6.9 "
        "years, Ablon & Bogart 2017); set so that the GDP-weighted 2010 world capability "
        "is about stationary with capability_growth, keeping the DCID calibration",
        "Share of cyber capability lost per year without renewal.",
        0,
        1,
    )

    # --- economy: trend, budget, damage, IP theft ---------------------------------------
    trade_growth_gain: float = param(
        0.01,
        "growth per year per unit partner share of world GDP",
        "§Diplomatic (trade "
        "agreements); assumption (order of the growth effects of trade agreements in "
        "gravity-based estimates)",
        "Annual growth a state gains from live trade agreements "
        "with partners worth the whole world's GDP.",
        0,
        0.1,
    )
    trade_restriction_cost: float = param(
        0.5,
        "share of the trade gain at full data restriction",
        "§Landscape, §Business "
        "(data localisation as a barrier to digital trade; ECIPE DTRI); assumption",
        "Share of the growth from trade agreements lost at full data restriction.",
        0,
        1,
    )
    budget_defense: float = param(
        0.002,
        "growth per year at defense lever 1",
        "assumption: a leading state's public "
        "and mandated cyber-defence spending, order 0.1-0.3% of GDP, displacing growth one "
        "for one",
        "Growth lost per year at full defensive investment (spending share of GDP).",
        0,
        0.05,
    )
    budget_offense: float = param(
        0.002,
        "growth per year at offense lever 1",
        "assumption: offensive cyber units "
        "as a few % of military budgets (SIPRI: world military spending 2.6% of world GDP "
        "in 2010)",
        "Growth lost per year at full offensive posture (spending share of GDP).",
        0,
        0.05,
    )
    budget_oversight: float = param(
        0.0005,
        "growth per year at oversight lever 1",
        "assumption: courts, inspectors and data-protection authorities, order 0.01-0.1% of GDP",
        "Growth lost per year at full oversight (spending share of GDP).",
        0,
        0.05,
    )
    damage_persistence: float = param(
        0.1,
        "US$ of annual output per US$ of damage",
        "assumption: damage treated as lost "
        "capital, output falls by its return (marginal product of capital about 0.1 a "
        "year, e.g. Caselli & Feyrer 2007)",
        "Permanent cut in a country's annual GDP per US$ of incident damage it suffers.",
        0,
        12,
    )
    ip_theft_share: float = param(
        0.3,
        "share of damage",
        "assumption: most state operations are espionage "
        "(Valeriano & Maness 2015); the thief captures part of the value the victim loses",
        "Share of a successful state operation's persistent damage that the attacker gains "
        "(a transfer: victim's loss times this share is added to the attacker's GDP).",
        0,
        1,
    )
    internet_diffusion: float = param(
        0.19,
        "logit points per year",
        "WDI IT.NET.USER.ZS: median over 185 countries of "
        "the annual change in logit(internet share) 2007-2010",
        "Logistic diffusion rate of internet use from its 2010 level toward saturation; "
        "criminal incidents scale with it.",
        0,
        2,
    )
    crime_tool_growth: float = param(
        0.01,
        "1/year",
        "§Landscape (criminal tools improve, crime-as-a-service); assumption",
        "Share of the gap between criminal capability and 1 closed per year.",
        0,
        1,
    )

    # --- M9 capacity building -----------------------------------------------------------
    aid_budget_share: float = param(
        0.00005,
        "share of GDP per year at aid lever 1",
        "§Harmonization; assumption: a small slice of ODA (OECD DAC donors give about 0.3% "
        "of GNI); gives about US$2bn a year worldwide with the 2010 levers",
        "Cyber capacity-building budget of a donor with the aid lever at 1.",
        0,
        0.05,
    )
    aid_ref: float = param(
        0.0001,
        "share of recipient GDP per year",
        "assumption (calibration point: 0.01% "
        "of GDP a year of aid gives a stock of about 0.15, i.e. about +0.1 security, in 2-3 "
        "years)",
        "Aid intensity at which the saturating aid effect is at half strength.",
        1e-9,
        1,
    )
    aid_effect: float = param(
        0.01,
        "1/month at saturation",
        "§Harmonization ('subsidize cyber training or infrastructure'); assumption",
        "Share of the remaining capacity gap closed per month at saturating aid; the stock "
        "is bounded by aid_effect / (aid_effect + aid_decay).",
        0,
        1,
    )
    aid_decay: float = param(
        0.029,
        "1/month",
        "assumption (capacity needs upkeep; half-life about 2 years)",
        "Share of the aid-built capacity stock lost each month.",
        0,
        1,
    )
    aid_trust_gain: float = param(
        0.02,
        "share of distrust per month",
        "§Harmonization; assumption",
        "Share of a recipient's remaining distrust of its donor removed per month, times "
        "the donor's share of its aid and the saturating aid intensity.",
        0,
        1,
    )
    aid_influence: float = param(
        0.0,
        "share of lever gap per month",
        "§Harmonization ('can shift power balances'); "
        "assumption: off by default so a baseline without adaptation keeps its levers",
        "Share of the gap between a recipient's levers and its donors' (aid-weighted) "
        "closed per month at saturating aid, times aid_influence_levers.",
        0,
        0.1,
    )
    aid_influence_levers: tuple[float, float, float, float, float, float, float, float] = Field(
        (0.0, 1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0),
        min_length=8,
        max_length=8,
        description="Per-lever weight of aid influence, in the order surveillance, "
        "oversight, data_restriction, defense, sharing, disclosure, offense, aid; "
        "offense and surveillance 0 unless a scenario turns them on; aid always 0.",
        json_schema_extra={
            "unit": "weights in [0, 1]",
            "source": "§Harmonization (donors promote defensive standards); assumption",
        },
    )

    @field_validator("aid_influence_levers")
    @classmethod
    def _unit_weights(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        if min(value) < 0 or max(value) > 1:
            raise ValueError("weights must lie in [0, 1]")
        return value
