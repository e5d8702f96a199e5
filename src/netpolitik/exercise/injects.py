"""Facilitator injects: an event from the shock menu (M10) at the next turn's first month.

The menu is :data:`~netpolitik.engine.shocks.EVENT_KINDS`: ``quantum_break``, ``ai_wave``,
``attributed_breach`` (values ``attacker``, ``severity``) and ``policy_change`` (lever
settings of ``countries``). An inject is checked with the scenario schema's event models
(the same fields and bounds as a scenario's ``events:``) and then by the engine's
:func:`~netpolitik.engine.shocks.check_event`.

Examples
--------
>>> ev = to_event({"kind": "attributed_breach", "countries": ["EST"],
...                "values": {"attacker": "RUS", "severity": 7}}, ("USA", "EST", "RUS"), 4)
>>> ev.kind, ev.step, ev.countries, ev.values
('attributed_breach', 4, (1,), {'attacker': 2, 'severity': 7})
"""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter, ValidationError

from netpolitik.engine.shocks import EVENT_KINDS, check_event
from netpolitik.engine.state import Event
from netpolitik.errors import InputError, did_you_mean
from netpolitik.exercise.config import config_error
from netpolitik.scenario.schema import EventSpec

_SPEC: TypeAdapter[Any] = TypeAdapter(EventSpec)


def _codes(where: str, codes: Any, iso3: tuple[str, ...]) -> tuple[int, ...]:
    if codes in (None, "all", []):
        return ()
    if isinstance(codes, str):
        codes = [c for c in codes.split(",") if c.strip()]
    if not isinstance(codes, list):
        raise InputError(f"{where}: expected a list of ISO3 codes or 'all', got {codes!r}")
    out = []
    for c in codes:
        up = str(c).strip().upper()
        if up not in iso3:
            raise InputError(
                f"{where}: unknown country {c!r}{did_you_mean(c, iso3)}; "
                "use an ISO3 code, e.g. 'USA'"
            )
        out.append(iso3.index(up))
    return tuple(sorted(set(out)))


def to_event(data: Any, iso3: tuple[str, ...], step: int) -> Event:
    """The engine :class:`~netpolitik.engine.state.Event` of an inject at ``step``."""
    if not isinstance(data, dict):
        raise InputError(f"inject: expected a mapping with 'kind', got {type(data).__name__}")
    kind = data.get("kind")
    if kind not in EVENT_KINDS:
        raise InputError(
            f"inject.kind: unknown kind {kind!r}{did_you_mean(kind, EVENT_KINDS)}; "
            f"use one of {', '.join(EVENT_KINDS)}"
        )
    extra = sorted(set(data) - {"kind", "countries", "values"})
    if extra:
        raise InputError(f"inject.{extra[0]}: unknown field; use kind, countries and values")
    values = data.get("values") or {}
    try:
        spec = _SPEC.validate_python({"kind": kind, "step": 1, "values": values})
    except ValidationError as exc:
        raise config_error(exc) from None
    checked: dict[str, Any] = spec.values.model_dump(exclude_none=True)
    countries = _codes("inject.countries", data.get("countries"), iso3)
    if kind == "attributed_breach":
        (attacker,) = _codes("inject.values.attacker", [checked["attacker"]], iso3)
        checked["attacker"] = attacker
        countries = tuple(c for c in countries if c != attacker)
    event = Event(kind=kind, step=step, countries=countries, values=checked)
    check_event(0, event, len(iso3))
    return event
