"""Parameters of the core rules (M1, M4, M5, M6, economy, outputs)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


def mix(default: tuple[float, ...], source: str, doc: str) -> Any:
    """A documented distribution over :data:`netpolitik.engine.state.SECTORS`."""
    return Field(
        default,
        min_length=len(default),
        max_length=len(default),
        description=doc,
        json_schema_extra={"unit": "shares summing to 1", "source": source},
    )


def param(default: float, unit: str, source: str, doc: str, lo: float, hi: float) -> Any:
    """A documented, range-checked parameter field: meaning, unit, source, range."""
    return Field(
        default,
        ge=lo,
        le=hi,
        description=doc,
        json_schema_extra={"unit": unit, "source": source},
    )


class CoreParams(BaseModel):
    """Parameters of the core rules: M4 incidents, M5 attribution lags, M6 exposure,
    GDP and the world security measure (trust, attribution choices and responses are in
    :mod:`netpolitik.params.behaviour`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    # --- M4 incidents: state units ------------------------------------------------------
    attack_rate: float = param(
        0.145,
        "attempts/month per (attacker, target) at reference",
        "calibrated",
        "Poisson rate of significant state operations for a reference dyad (offense 1, "
        "capability 1, rivals, zero trust, target GDP at the world mean).",
        0,
        100,
    )
    attack_offense_exponent: float = param(
        0.434,
        "dimensionless",
        "calibrated",
        "Exponent on the attacker's offense x capability: higher concentrates attacks on a "
        "few states.",
        0,
        10,
    )
    attack_rivalry_weight: float = param(
        0.00781,
        "relative rate",
        "calibrated",
        "Relative attack rate on a non-rival (rivals are 1).",
        0,
        1,
    )
    attack_target_gdp_exponent: float = param(
        0.0,
        "dimensionless",
        "calibrated",
        "Elasticity of the attack rate with the target's GDP relative to the world mean.",
        0,
        3,
    )
    attack_distrust_exponent: float = param(
        1.0,
        "dimensionless",
        "§Diplomatic; assumption",
        "Exponent on (1 - attacker's trust in target): distrust motivates operations.",
        0,
        5,
    )
    exploit_lifetime: float = param(
        6.9,
        "years",
        "Ablon & Bogart (2017), RAND RR-1751: mean zero-day lifetime",
        "Mean life of a stockpiled exploit; sets its monthly persistence P (Axelrod & Iliev 2014).",
        0.1,
        100,
    )
    exploit_discount: float = param(
        0.99,
        "1/month",
        "assumption (about 11% a year)",
        "Discount factor w of future stakes in the exploit-timing model.",
        0,
        0.9999,
    )
    exploit_burn: float = param(
        0.5,
        "share",
        "assumption",
        "Extra chance that using an exploit burns it, for a state of capability 0; "
        "stealth S = P (1 - burn (1 - capability)).",
        0,
        1,
    )
    disclosure_stockpile_cut: float = param(
        0.5,
        "share",
        "§Diplomatic (disclosure vs stockpiling); assumption",
        "Share of the exploit stockpile given up (disclosed) at full disclosure.",
        0,
        1,
    )
    state_sector_mix: tuple[float, float, float, float, float] = mix(
        (0.45, 0.15, 0.15, 0.10, 0.15),
        "assumption informed by DCID target types (government and military targets dominate)",
        "Sectors hit by state operations: government, finance, energy, transport, industry.",
    )
    crime_sector_mix: tuple[float, float, float, float, float] = mix(
        (0.10, 0.50, 0.05, 0.05, 0.30),
        "assumption (fraud against finance is the bulk of cybercrime; CSIS/McAfee 2018)",
        "Sectors hit by criminal incidents: government, finance, energy, transport, industry.",
    )
    success_slope: float = param(
        4.0,
        "logit per unit capability gap",
        "assumption",
        "Slope of success probability in (attacker capability - target security).",
        0,
        50,
    )
    success_bias: float = param(
        0.5,
        "logit",
        "assumption",
        "Success log-odds when attacker capability equals target security.",
        -10,
        10,
    )
    state_damage_share: float = param(
        0.0005,
        "share of target monthly GDP",
        "assumption",
        "Median damage of one successful state operation.",
        0,
        1,
    )
    severity_per_decade: float = param(
        1.55,
        "DCID severity points per decade of damage",
        "calibrated (DCID 2000-2010 severity shares)",
        "Severity rises by this much for each tenfold rise in damage share.",
        0,
        10,
    )
    severity_at_median: float = param(
        3.26,
        "DCID severity",
        "calibrated (DCID 2000-2010 severity shares)",
        "Severity of a state operation of median damage.",
        1,
        10,
    )

    # --- M4 incidents: criminal rings ---------------------------------------------------
    crime_rate: float = param(
        2.0,
        "incidents/month per country at reference",
        "assumption",
        "Rate of significant criminal incidents against a country at world-mean GDP and "
        "full internet use.",
        0,
        1000,
    )
    crime_value_exponent: float = param(
        0.5,
        "dimensionless",
        "§Landscape (drawn to valuable targets); assumption",
        "Elasticity of criminal attempts with target GDP relative to the world mean.",
        0,
        3,
    )
    crime_capability: float = param(
        0.35,
        "capability [0,1]",
        "assumption",
        "Capability of transnational criminal rings, compared with target security.",
        0,
        1,
    )
    crime_damage_share: float = param(
        0.00561,
        "share of target monthly GDP",
        "calibrated: expected criminal damage 0.8% of world GDP a year (CSIS/McAfee 2018)",
        "Median damage of one successful criminal incident.",
        0,
        1,
    )
    damage_tail: float = param(
        1.5,
        "Pareto tail index",
        "Maillart & Sornette (2010) heavy-tailed cyber risk; assumption for the index",
        "Tail index of incident damage (lower = heavier).",
        1.01,
        10,
    )
    damage_cap: float = param(
        0.25,
        "share of target monthly GDP",
        "assumption",
        "Cap on damage a country can suffer in one month.",
        0,
        1,
    )

    # --- M5 attribution -----------------------------------------------------------------
    attribution_hazard: float = param(
        0.12,
        "1/month",
        "calibrated",
        "Monthly attribution hazard for a fully detecting victim against a non-stealthy attacker.",
        0,
        1,
    )
    attribution_floor: float = param(
        0.2,
        "share",
        "assumption",
        "Share of the hazard that remains with zero victim detection.",
        0,
        1,
    )
    attribution_stealth: float = param(
        0.6,
        "share",
        "assumption",
        "Share of the hazard removed by a fully stealthy (capability 1) attacker.",
        0,
        1,
    )
    attribution_window: float = param(
        36,
        "months",
        "assumption (attribution lags measured in months to years)",
        "Incidents not attributed within this many months never are.",
        1,
        600,
    )

    # --- M6 responses -------------------------------------------------------------------
    disclosure_patch: float = param(
        0.3,
        "share of exposure",
        "§Diplomatic (disclosure lowers everyone's exposure)",
        "Reduction of every target's exposure when all capable states disclose fully.",
        0,
        1,
    )

    # --- world and outputs --------------------------------------------------------------
    base_growth: float = param(
        0.03,
        "1/year",
        "World Bank WDI world real GDP growth 2000-2010 (about 3%)",
        "Baseline real GDP growth before incidents and sanctions.",
        -0.2,
        0.2,
    )
    sanction_gdp_cost: float = param(
        0.02,
        "share of GDP per year at full sanction",
        "assumption",
        "GDP growth lost by a country sanctioned by partners worth the whole world GDP.",
        0,
        1,
    )
    security_damage_scale: float = param(
        0.05,
        "share of world GDP per year",
        "assumption",
        "Annual damage share of world GDP at which global security reads 0.",
        1e-6,
        1,
    )

    @field_validator("state_sector_mix", "crime_sector_mix")
    @classmethod
    def _sums_to_one(cls, value: tuple[float, ...]) -> tuple[float, ...]:
        if min(value) < 0 or abs(sum(value) - 1.0) > 1e-6:
            raise ValueError("shares must be >= 0 and sum to 1")
        return value
