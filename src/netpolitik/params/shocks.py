"""Parameters of M10 shocks and M11 adaptation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from netpolitik.params.core import param

_PQC = (
    "assumption; context: NIST post-quantum standardisation (call 2016, FIPS 203-205 "
    "published August 2024) and migration plans spanning about a decade"
)


class ShockParams(BaseModel):
    """M10 and M11 parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    ai_pool_bonus: float = param(
        0.5,
        "pool weight per unit AI boost",
        "§Looking Ahead (strategies forged in collaboration fare better); assumption",
        "Extra weight of pooled intelligence in an AI attack wave, per unit of attackers' "
        "capability boost.",
        0,
        5,
    )

    # --- M10 shocks ---------------------------------------------------------------------
    pq_rate: float = param(
        0.01,
        "1/month at full defense",
        _PQC,
        "Share of the remaining gap to full post-quantum readiness closed each month, times "
        "the defense lever (full defense: about 70% ready after 10 years).",
        0,
        1,
    )
    shock_recovery: float = param(
        0.03,
        "1/month",
        "assumption (half-life of a shock's security loss about 23 months)",
        "Share of the security penalty of past shocks recovered each month.",
        0,
        1,
    )
    quantum_drop: float = param(
        0.5,
        "share of security",
        "§Looking Ahead (quantum computing risks); assumption",
        "Share of effective security lost in a quantum break by a country with no "
        "post-quantum readiness (times 1 - readiness).",
        0,
        1,
    )
    ai_wave_boost: float = param(
        0.2,
        "capability [0,1]",
        "§Looking Ahead (AI-driven cyberattacks); assumption",
        "Default peak gain of attackers' capability in an AI attack wave.",
        0,
        1,
    )
    ai_wave_ramp: float = param(
        12,
        "months",
        "§Looking Ahead (AI-driven cyberattacks); assumption",
        "Default months over which an AI wave's boost rises linearly to its peak.",
        0,
        600,
    )
    ai_wave_duration: float = param(
        36,
        "months",
        "assumption",
        "Default months an AI wave stays at its peak before defences catch up.",
        0,
        600,
    )
    ai_wave_decay: float = param(
        12,
        "months",
        "assumption",
        "Default months over which an AI wave's boost falls linearly back to zero.",
        0,
        600,
    )
    breach_severity: float = param(
        6,
        "DCID severity",
        "DCID codebook (6 = widespread damage); assumption",
        "Default severity of a scheduled attributed breach (event without 'severity').",
        1,
        10,
    )

    # --- M11 adaptation -----------------------------------------------------------------
    adaptation_exposure_floor: float = param(
        0.2,
        "share",
        "assumption: criminal and unattributed intrusions threaten every "
        "state whatever other states' offense",
        "Exposure a government feels with no "
        "threatening state. Exposure ``1 - (1 - floor)(1 - threat)`` scales the value of "
        "security: a state values security by the harm it averts, ``1 - exposure (1 - "
        "security)``.",
        0,
        1,
    )
    adaptation_deterrence: float = param(
        0.15,
        "utility per unit threat x sqrt(capability x offense), times the security weight",
        "Buchanan (2016) security dilemma; assumption",
        "Deterrent value of a state's own offensive power, per unit of the threat it perceives.",
        0,
        10,
    )
    adaptation_period: float = param(
        12,
        "months",
        "assumption (yearly budget and strategy cycles)",
        "Governments re-evaluate their levers every this many months.",
        1,
        600,
    )
    adaptation_step: float = param(
        0.05,
        "lever units (standard deviation)",
        "assumption (bounded rationality)",
        "Size of the random lever change a government tries in local search.",
        0,
        1,
    )
    imitation_rate: float = param(
        0.25,
        "share",
        "§Looking Ahead (setting an example for others to emulate); assumption",
        "Share of the lever gap to a more successful peer closed per evaluation.",
        0,
        1,
    )
    imitation_peers: float = param(
        5,
        "countries",
        "assumption",
        "Number of most similar countries (regime and policy) a government looks at.",
        1,
        1000,
    )
    utility_growth_span: float = param(
        0.06,
        "1/year",
        "assumption",
        "Annual growth rate above (below) zero at which the growth score of utility reaches "
        "1 (0); zero growth scores 0.5.",
        1e-6,
        1,
    )
