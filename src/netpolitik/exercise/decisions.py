"""A seat's decisions for one turn, validated against the model's schema.

A :class:`Decision` holds, for one seat and turn:

* ``levers``: changes of the seat's own levers (:data:`~netpolitik.policy.LEVERS`), each
  at most :data:`MAX_LEVER_CHANGE` in size; the result is kept in [0, 1];
* ``share``: countries the seat shares threat intelligence with this turn (M3);
* ``apply``: clubs the seat applies to (M2); ``veto``: applicants it blocks from a club it
  belongs to;
* ``attribute``: detected operations against the seat it attributes publicly, naming a
  culprit (M5: the world reacts as to any public attribution, M6);
* ``sanction`` / ``restrain``: countries it sanctions, or whose sanctions it lifts and
  holds lifted through the turn (M6);
* ``aid``: capacity-building pledges (M9): a recipient and the annual share of the seat's
  GDP given.

:func:`parse_decision` checks everything against the seat's :class:`Context` (the world's
countries, the clubs, the seat's memberships and detected operations) and raises an
:class:`~netpolitik.errors.InputError` naming the field, the bad value and the fix.

Examples
--------
>>> ctx = Context(seat="EST", iso3=("USA", "EST", "RUS"), clubs=("NATO",), member=(True,))
>>> d = parse_decision({"levers": {"defense": 0.1}, "share": ["usa"]}, ctx)
>>> d.levers, d.share
({'defense': 0.1}, ['USA'])
>>> parse_decision({"sanction": ["EST"]}, ctx)
Traceback (most recent call last):
...
netpolitik.errors.InputError: sanction: 'EST' is the seat itself; name another country
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netpolitik.errors import InputError, did_you_mean
from netpolitik.exercise.config import config_error
from netpolitik.policy import LEVERS

#: Largest change of one lever in one turn.
MAX_LEVER_CHANGE = 0.25
#: Largest aid pledge: annual share of the donor's GDP (OECD DAC donors give ~0.3% of GNI
#: in all official aid; a cyber pledge is a small slice of it; assumption).
MAX_AID_SHARE = 0.002
#: Most entries in one list of a decision.
MAX_ITEMS = 20

Code = Annotated[str, Field(min_length=2, max_length=40)]
Items = Annotated[list[Code], Field(max_length=MAX_ITEMS)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Veto(Strict):
    club: Code
    applicant: Code


class Claim(Strict):
    incident: Code
    culprit: Code


class Pledge(Strict):
    recipient: Code
    share: Annotated[float, Field(gt=0, le=MAX_AID_SHARE)]


class Decision(Strict):
    """One seat's decisions for one turn (see the module docstring)."""

    levers: dict[str, Annotated[float, Field(ge=-MAX_LEVER_CHANGE, le=MAX_LEVER_CHANGE)]] = {}
    share: Items = []
    apply: Items = []
    veto: Annotated[list[Veto], Field(max_length=MAX_ITEMS)] = []
    attribute: Annotated[list[Claim], Field(max_length=MAX_ITEMS)] = []
    sanction: Items = []
    restrain: Items = []
    aid: Annotated[list[Pledge], Field(max_length=MAX_ITEMS)] = []


@dataclass(frozen=True)
class Context:
    """What a seat's decision is checked against."""

    seat: str
    iso3: tuple[str, ...]
    clubs: tuple[str, ...] = ()
    member: tuple[bool, ...] = ()
    incidents: frozenset[str] = field(default_factory=frozenset)


def _country(where: str, code: str, ctx: Context, other: bool = True) -> str:
    up = code.strip().upper()
    if up not in ctx.iso3:
        raise InputError(
            f"{where}: unknown country {code!r}{did_you_mean(code, ctx.iso3)}; "
            "use an ISO3 code of the exercise's world, e.g. 'USA'"
        )
    if other and up == ctx.seat:
        raise InputError(f"{where}: {up!r} is the seat itself; name another country")
    return up


def _club(where: str, name: str, ctx: Context) -> int:
    if name not in ctx.clubs:
        raise InputError(
            f"{where}: unknown club {name!r}{did_you_mean(name, ctx.clubs)}; "
            "use a club of the scenario (listed on the seat page)"
        )
    return ctx.clubs.index(name)


def _countries(where: str, codes: list[str], ctx: Context) -> list[str]:
    out = [_country(f"{where}", c, ctx) for c in codes]
    return list(dict.fromkeys(out))


def check_decision(d: Decision, ctx: Context) -> Decision:
    """``d`` with country codes normalised, or an InputError (see module docstring)."""
    for name in d.levers:
        if name not in LEVERS:
            raise InputError(
                f"levers.{name}: unknown lever{did_you_mean(name, LEVERS)}; "
                f"use one of {', '.join(LEVERS)}"
            )
    share, sanction, restrain = (
        _countries(w, getattr(d, w), ctx) for w in ("share", "sanction", "restrain")
    )
    both = sorted(set(sanction) & set(restrain))
    if both:
        raise InputError(f"restrain: {both[0]!r} is also sanctioned; choose one of the two")
    for name in d.apply:
        if ctx.member[_club("apply", name, ctx)]:
            raise InputError(f"apply: {ctx.seat} is already a member of {name!r}; drop it")
    vetoes = []
    for v in d.veto:
        k = _club("veto.club", v.club, ctx)
        if not ctx.member[k]:
            raise InputError(
                f"veto.club: {ctx.seat} is not a member of {v.club!r}; only members veto"
            )
        vetoes.append(Veto(club=v.club, applicant=_country("veto.applicant", v.applicant, ctx)))
    claims = []
    for c in d.attribute:
        if c.incident not in ctx.incidents:
            raise InputError(
                f"attribute.incident: {c.incident!r} is not an operation {ctx.seat} detected; "
                "use an id from the seat's list of detected operations"
            )
        claims.append(
            Claim(incident=c.incident, culprit=_country("attribute.culprit", c.culprit, ctx))
        )
    aid = [
        Pledge(recipient=_country("aid.recipient", p.recipient, ctx), share=p.share) for p in d.aid
    ]
    return Decision(
        levers=dict(d.levers),
        share=share,
        apply=list(dict.fromkeys(d.apply)),
        veto=vetoes,
        attribute=claims,
        sanction=sanction,
        restrain=restrain,
        aid=aid,
    )


def parse_decision(data: Any, ctx: Context) -> Decision:
    """Validate raw ``data`` (a mapping, e.g. from a form or YAML) for the seat ``ctx``."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"decision: expected a mapping of decisions, got {type(data).__name__}")
    try:
        d = Decision.model_validate(data)
    except ValidationError as exc:
        raise config_error(exc) from None
    return check_decision(d, ctx)
