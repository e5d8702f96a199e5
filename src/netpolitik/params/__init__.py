"""Model parameters: one typed, validated, documented structure.

Every parameter carries its meaning, unit and source in its field metadata. A source is an
essay section (``§Diplomatic`` etc. of the seed essay), a paper, a dataset, ``calibrated``
(fitted to DCID 2000-2010, see ``docs/calibration.md``) or ``assumption``.

Examples
--------
>>> from netpolitik.params import Params
>>> p = Params()
>>> p.trust_rate
0.03
>>> p2 = p.with_overrides({"trust_rate": 0.1})
>>> p2.trust_rate
0.1
>>> Params.describe("trust_rate")["unit"]
'1/month'
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, ValidationError, model_validator

from netpolitik.errors import InputError, did_you_mean
from netpolitik.params.behaviour import (
    AttributionParams,
    PayoffParams,
    ResponseParams,
    TrustParams,
)
from netpolitik.params.clubs import ClubParams, SharingParams
from netpolitik.params.core import CoreParams, param
from netpolitik.params.economy import EconomyParams
from netpolitik.params.firms import FirmParams, ResearchParams
from netpolitik.params.norms import NormParams, SpreadParams
from netpolitik.params.shocks import ShockParams

__all__ = ["Params", "param"]


class Params(
    SpreadParams,
    NormParams,
    ResearchParams,
    FirmParams,
    ShockParams,
    EconomyParams,
    SharingParams,
    ClubParams,
    PayoffParams,
    ResponseParams,
    AttributionParams,
    TrustParams,
    CoreParams,
):
    """All model parameters, one typed structure composed of one group per mechanism.

    Construct with defaults; override with :meth:`with_overrides`.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)

    @model_validator(mode="before")
    @classmethod
    def _no_booleans(cls, data: Any) -> Any:
        """Every parameter is a number: refuse ``true``/``false`` (pydantic would read them
        as 1 and 0)."""
        if isinstance(data, dict):
            for name, value in data.items():
                if isinstance(value, bool):
                    raise ValueError(f"{name}: a number is required, not {value!r}")
        return data

    def with_overrides(self, overrides: dict[str, Any] | None) -> Params:
        """Return a copy with ``overrides`` applied and validated.

        Raises
        ------
        InputError
            One line naming the parameter, the bad value and the allowed range.
        """
        if not overrides:
            return self
        unknown = sorted(set(overrides) - set(type(self).model_fields))
        if unknown:
            raise InputError(
                f"params.{unknown[0]}: unknown parameter"
                f"{did_you_mean(unknown[0], type(self).model_fields)}; see `netpolitik "
                f"params` for the {len(type(self).model_fields)} names"
            )
        for key, value in overrides.items():
            if isinstance(value, bool):
                raise InputError(
                    f"params.{key}: bad value {value!r} (a number is required); "
                    f"allowed {Params.describe(key)['range']}"
                )
        try:
            return type(self).model_validate({**self.model_dump(), **overrides})
        except ValidationError as exc:
            err = exc.errors()[0]
            name = err["loc"][0] if err["loc"] else "?"
            raise InputError(
                f"params.{name}: bad value {err.get('input')!r} ({err['msg']}); "
                f"allowed {Params.describe(str(name))['range']}"
            ) from None

    @classmethod
    def describe(cls, name: str) -> dict[str, Any]:
        """Meaning, unit, source, default and range of one parameter."""
        field = cls.model_fields[name]
        extra = field.json_schema_extra if isinstance(field.json_schema_extra, dict) else {}
        lo = next((m.ge for m in field.metadata if hasattr(m, "ge")), None)
        hi = next((m.le for m in field.metadata if hasattr(m, "le")), None)
        if isinstance(field.default, tuple):
            lo, hi = 0, 1
        return {
            "name": name,
            "default": field.default,
            "unit": extra.get("unit", ""),
            "source": extra.get("source", ""),
            "doc": field.description or "",
            "range": f"[{lo}, {hi}]",
        }

    @classmethod
    def table(cls) -> list[dict[str, Any]]:
        """Every parameter's description, in declaration order."""
        return [cls.describe(name) for name in cls.model_fields]
