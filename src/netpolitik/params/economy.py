"""Parameters of M7 investment, M8 economy and innovation, and M9 capacity building."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class EconomyParams(BaseModel):
    """M7, M8, M9 parameters."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)
