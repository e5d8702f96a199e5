"""Parameters of norm diffusion and club norms (harmonisation) and of success that spreads.

Every rate that changes the baseline is 0 by default: norm diffusion is not calibrated
(``docs/calibration.md``, "Norm diffusion"), so it is off unless a scenario turns it on.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from netpolitik.params.core import param

_HARM = "§Harmonization"


class NormParams(BaseModel):
    """Norm diffusion toward trusted partners and club peers, and compliance with club norms
    (:mod:`netpolitik.engine.norms`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    norm_diffusion_rate: float = param(
        0.0,
        "1/month",
        f"{_HARM} ('policy convergence lags'; 'inspire similar commitments from their "
        "allies'); not calibrated, so 0 = off in the baseline (docs/calibration.md)",
        "Share of the gap between a state's levers and the trust- and influence-weighted "
        "levers of its trusted partners and club peers closed each month.",
        0,
        1,
    )
    norm_trust_floor: float = param(
        0.5,
        "trust",
        f"{_HARM} ('trusted partners'); assumption (0.5 = neutral trust)",
        "Trust above which a partner's levers attract a state's own; the weight of a "
        "partner is its trust in excess of this floor.",
        0,
        0.99,
    )
    norm_club_weight: float = param(
        1.0,
        "relative weight",
        f"{_HARM} ('multilateral platforms'); assumption",
        "Extra weight of a partner that shares at least one club (1 = club peers count "
        "twice as much as other trusted partners).",
        0,
        20,
    )
    norm_influence_exponent: float = param(
        0.5,
        "dimensionless",
        f"{_HARM} ('nations that champion open internet principles ... inspire'); assumption",
        "Influence of a partner grows as (its GDP / mean GDP) to this power.",
        0,
        3,
    )
    norm_compliance_rate: float = param(
        1.0 / 24.0,
        "1/month",
        f"{_HARM} ('uneven enforcement'); assumption (a fully compliant member closes "
        "half its gap to a norm in about 16 months)",
        "Share of a member's gap to a club norm's lever range closed each month at full "
        "compliance.",
        0,
        1,
    )
    norm_regime_weight: float = param(
        0.5,
        "share",
        f"{_HARM} ('broad statements that leave room for interpretation and uneven "
        "enforcement'); assumption",
        "How much compliance depends on the regime: compliance is scaled by (1 - w + w * regime).",
        0,
        1,
    )
    norm_cost_weight: float = param(
        1.0,
        "1/lever",
        f"{_HARM}; assumption (the larger the change a norm asks, the less a member complies)",
        "Compliance is scaled by max(0, 1 - w * gap), with gap the lever distance to the "
        "norm's range.",
        0,
        20,
    )


class SpreadParams(BaseModel):
    """Success that spreads: a successful consortium makes the next one likelier
    (:mod:`netpolitik.engine.spread`)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    consortium_success_threshold: float = param(
        0.2,
        "share",
        "§Case Study ('the collaborative model inspired subsequent agreements'); assumption",
        "A consortium is a success when its members' share of damage in its sector is below "
        "the non-members' share by more than this fraction.",
        0,
        1,
    )
    consortium_spread_rate: float = param(
        0.05,
        "probability per month",
        "§Harmonization ('repeated success stories can help harmonize'); assumption",
        "Monthly chance that the members of a successful consortium form a consortium it "
        "inspires (declared with inspired_by in the scenario).",
        0,
        1,
    )
    consortium_base_rate: float = param(
        0.0,
        "probability per month",
        "assumption (0: without a success story, no new consortium forms by itself)",
        "Monthly chance that an inspired consortium forms while its model is not yet a success.",
        0,
        1,
    )
    consortium_loss_half_life: float = param(
        12.0,
        "months",
        "assumption (a year's memory of sector losses)",
        "Half-life of the moving averages of sector damage that judge a consortium's success.",
        1,
        600,
    )
