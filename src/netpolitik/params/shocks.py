"""Parameters of M10 shocks and M11 adaptation."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from netpolitik.params.core import param


class ShockParams(BaseModel):
    """M10 and M11 parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    ai_pool_bonus: float = param(
        0.5, "pool weight per unit AI boost", "§Looking Ahead (strategies forged in "
        "collaboration fare better); assumption",
        "Extra weight of pooled intelligence in an AI attack wave, per unit of attackers' "
        "capability boost.", 0, 5)
