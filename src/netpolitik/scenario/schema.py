"""The scenario schema (pydantic v2) and its safe YAML loader.

A scenario is a YAML mapping; every field is documented in ``docs/scenarios.md``. This
module checks its *shape* (field names, types, ranges, dates, event kinds); what needs the
world's data (ISO3 codes, regions, organisations, parameter names) is checked when the
scenario is built (:mod:`netpolitik.scenario.build`). Both report every problem at once,
one line each, as ``path.to.field: message (got X; allowed ...)`` in a
:class:`~netpolitik.errors.ScenarioError`.

Examples
--------
>>> from netpolitik.scenario.schema import parse_scenario
>>> s = parse_scenario("name: demo\\nyears: 2\\nlevers: {defaults: {liberal: {sharing: 0.8}}}")
>>> s.years, s.levers.defaults.liberal.sharing
(2.0, 0.8)
>>> parse_scenario("name: demo\\nseed: -1")
Traceback (most recent call last):
...
netpolitik.errors.ScenarioError: seed: out of range (got -1; allowed [0, inf))
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, Union

import annotated_types
import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    ValidationError,
    field_serializer,
    field_validator,
    model_validator,
)

from netpolitik.engine.shocks import EVENT_KINDS  # the one list of event kinds (M10)
from netpolitik.engine.state import CLUB_KINDS, SECTORS
from netpolitik.errors import ScenarioError
from netpolitik.policy import LEVERS

#: Largest scenario file accepted, in bytes.
MAX_BYTES = 1_000_000
#: Regime classes of the ``regime`` column (V-Dem civil liberties, 2010):
#: liberal >= 0.7 > hybrid >= 0.4 > authoritarian. These are the classes a scenario's
#: ``regime:`` selector names (descriptive cut-offs, assumption). They are not the
#: sharing game's split of strategies (M3, :mod:`netpolitik.engine.sharing`), where states at
#: regime >= 0.5 play the generous, liberal-democratic strategy: a different rule.
REGIMES: tuple[str, ...] = ("liberal", "hybrid", "authoritarian")
LIBERAL_CUT, AUTHORITARIAN_CUT = 0.7, 0.4

#: Years a start or event date may have (the outputs hold dates up to 2262-04).
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: Largest event step: 1000 years of months.
MAX_STEP = 12_000
#: Most digits an integer in a scenario may have (a seed needs at most 39).
MAX_DIGITS = 40

Unit = Annotated[float, Field(ge=0, le=1)]
YearMonth = Annotated[str, Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")]
Regime = Literal["liberal", "hybrid", "authoritarian"]
#: ``min_trust`` of a closed club (admits no one; ``min_trust: closed`` in YAML).
CLOSED = 2.0


class Strict(BaseModel):
    """Base of every scenario model: unknown fields are errors, nothing is coerced from
    text to numbers."""

    model_config = ConfigDict(
        extra="forbid", strict=True, allow_inf_nan=False, validate_default=False
    )


def _month(value: Any) -> Any:
    """Accept ``YYYY-MM`` text, or a YAML date (``2015-01-01`` reads as one): its month."""
    if hasattr(value, "year") and hasattr(value, "month"):
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _in_years(value: str | None) -> str | None:
    """A ``YYYY-MM`` whose year the model and its outputs can hold."""
    if value is not None and not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR:
        raise ValueError(f"out of range (got {value!r}; allowed {FIRST_YEAR}-01 to {LAST_YEAR}-12)")
    return value


# --------------------------------------------------------------------------- selectors
class Selector(Strict):
    """A set of countries: every key given must hold (intersection); a list inside a key
    means any of its values (union). ``exclude`` removes countries at the end."""

    club: str | list[str] | None = None
    region: str | list[str] | None = None
    subregion: str | list[str] | None = None
    regime: Regime | list[Regime] | None = None
    countries: list[str] | None = None
    exclude: list[str] = []

    @model_validator(mode="after")
    def _not_empty(self) -> Selector:
        if all(
            getattr(self, k) is None for k in ("club", "region", "subregion", "regime", "countries")
        ):
            raise ValueError(
                "empty selector (allowed keys: club, region, subregion, regime, "
                "countries, exclude; or write 'all')"
            )
        return self


def _which_set(value: Any) -> str | None:
    if isinstance(value, Selector):
        return "selector"
    if isinstance(value, str):
        return "all"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "selector"
    return None


CountrySet = Annotated[
    Union[  # noqa: UP007  (tagged union members need Annotated)
        Annotated[Literal["all"], Tag("all")],
        Annotated[list[str], Tag("list")],
        Annotated[Selector, Tag("selector")],
    ],
    Discriminator(
        _which_set,
        custom_error_type="country_set",
        custom_error_message="expected 'all', a list of ISO3 codes or a selector mapping",
    ),
]


# ------------------------------------------------------------------------------ levers
class LeverSet(Strict):
    """Values for some of the eight levers, each in [0, 1]."""

    surveillance: Unit | None = None
    oversight: Unit | None = None
    data_restriction: Unit | None = None
    defense: Unit | None = None
    sharing: Unit | None = None
    disclosure: Unit | None = None
    offense: Unit | None = None
    aid: Unit | None = None

    def values(self) -> dict[str, float]:
        """The levers that are set, by name."""
        return {k: v for k, v in self.model_dump().items() if v is not None}


assert tuple(LeverSet.model_fields) == LEVERS


class RegimeDefaults(Strict):
    """Lever values by regime class; ``all`` applies to everyone first."""

    all: LeverSet | None = None
    liberal: LeverSet | None = None
    hybrid: LeverSet | None = None
    authoritarian: LeverSet | None = None


class Group(Strict):
    """Set levers for a group of countries."""

    select: CountrySet
    set: LeverSet


class Levers(Strict):
    """Lever settings on top of the real 2010 levers: defaults by regime, then groups in
    order, then single countries (later settings win)."""

    defaults: RegimeDefaults = RegimeDefaults()
    groups: list[Group] = []
    countries: dict[str, LeverSet] = {}


# ------------------------------------------------------------------------------- clubs
class Criteria(Strict):
    """A club's admission and continued-membership rules (M2)."""

    min_security: Unit | None = None
    min_sharing: Unit | None = None
    max_offense: Unit | None = None
    min_trust: float | None = None

    @field_validator("min_trust", mode="before")
    @classmethod
    def _closed(cls, value: Any) -> Any:
        if value is None or value == "closed":
            return None if value is None else CLOSED
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ValueError(f"expected a number in [0, 1] or 'closed' (got {got(value)})")
        return value

    @field_serializer("min_trust")
    def _show_closed(self, value: float | None) -> float | str | None:
        return "closed" if value is not None and value > 1 else value


class NormRange(Strict):
    """The lever range a club norm asks of its members (a "broad statement")."""

    min: Unit = 0.0
    max: Unit = 1.0

    @model_validator(mode="after")
    def _ordered(self) -> NormRange:
        if self.min > self.max:
            raise ValueError(f"min above max (got {self.min} > {self.max}; allowed min <= max)")
        return self


class NormSpec(Strict):
    """A club's norms: lever ranges and an enforcement strength (M12)."""

    levers: dict[Literal[LEVERS], NormRange]  # type: ignore[valid-type]
    enforcement: Unit = 0.5


class ClubSpec(Strict):
    """A new club (give ``kind`` and ``members``), or an existing organisation by name
    (change its criteria, pooling, sector or members). ``norms`` adopts norms (M12);
    ``public_private`` lets firms join a sector consortium (M13); ``inspired_by`` names a
    consortium whose success may make this one form with its members (M15; give no
    ``members``)."""

    name: Annotated[str, Field(min_length=1)]
    kind: Literal[CLUB_KINDS] | None = None  # type: ignore[valid-type]
    members: CountrySet | None = None
    criteria: Criteria = Criteria()
    pools: bool | None = None
    sector: Literal[SECTORS] | None = None  # type: ignore[valid-type]
    sector_cut: Unit | None = None
    norms: NormSpec | None = None
    public_private: bool | None = None
    inspired_by: Annotated[str, Field(min_length=1)] | None = None


# ------------------------------------------------------------------------------ events
class _Event(Strict):
    date: YearMonth | None = None
    step: Annotated[int, Field(ge=1, le=MAX_STEP)] | None = None
    countries: CountrySet = "all"

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, value: Any) -> Any:
        return _month(value)

    @field_validator("date", mode="after")
    @classmethod
    def _date_years(cls, value: str | None) -> str | None:
        return _in_years(value)

    @model_validator(mode="after")
    def _one_time(self) -> _Event:
        if (self.date is None) == (self.step is None):
            raise ValueError("give exactly one of 'date' (YYYY-MM) or 'step' (1 = first month)")
        return self


class QuantumValues(Strict):
    drop: Unit | None = None


class QuantumBreak(_Event):
    """Security that relies on classical cryptography drops, less where post-quantum
    readiness is high."""

    kind: Literal["quantum_break"]
    values: QuantumValues = QuantumValues()


class WaveValues(Strict):
    boost: Unit | None = None
    ramp: Annotated[float, Field(ge=0, le=600)] | None = None
    duration: Annotated[float, Field(ge=0, le=600)] | None = None
    decay: Annotated[float, Field(ge=0, le=600)] | None = None


class AiWave(_Event):
    """Attackers' capability ramps up (boost), stays (duration) and decays."""

    kind: Literal["ai_wave"]
    values: WaveValues = WaveValues()


class BreachValues(Strict):
    attacker: Annotated[str, Field(min_length=1)]
    severity: Annotated[int, Field(ge=1, le=10)] | None = None


class AttributedBreach(_Event):
    """A major breach of ``countries`` by ``values.attacker``, attributed at once."""

    kind: Literal["attributed_breach"]
    values: BreachValues


class PolicyChange(_Event):
    """``countries`` set the levers in ``values``."""

    kind: Literal["policy_change"]
    values: LeverSet


EventSpec = Annotated[
    Union[QuantumBreak, AiWave, AttributedBreach, PolicyChange],  # noqa: UP007
    Field(discriminator="kind"),
]


# ---------------------------------------------------------------------------- scenario
class Essay(Strict):
    """The essay passage a scenario represents."""

    section: str
    passage: str


class Scenario(Strict):
    """A complete scenario. See ``docs/scenarios.md`` for every field."""

    name: Annotated[str, Field(min_length=1, pattern=r"^[A-Za-z0-9_.\-]+$")]
    description: str = ""
    essay: Essay | None = None
    expected: str = ""
    start: YearMonth = "2010-01"
    years: Annotated[float, Field(gt=0, le=1000)] = 10.0
    seed: Annotated[int, Field(ge=0)] = 0
    runs: Annotated[int, Field(ge=1, le=100_000)] = 20
    countries: CountrySet = "all"
    levers: Levers = Levers()
    clubs: list[ClubSpec] = []
    events: list[EventSpec] = []
    params: dict[str, Any] = {}
    adaptation: Literal["off", "local", "imitation"] = "off"

    _source: str | None = PrivateAttr(default=None)

    @field_validator("start", mode="before")
    @classmethod
    def _start(cls, value: Any) -> Any:
        return _month(value)

    @field_validator("start", mode="after")
    @classmethod
    def _start_years(cls, value: str | None) -> str | None:
        return _in_years(value)

    @field_validator("params", mode="before")
    @classmethod
    def _numbers(cls, value: Any) -> Any:
        # numbers (or lists of numbers) only: never text read as a number
        if not isinstance(value, dict):
            return value
        for name, v in value.items():
            items = v if isinstance(v, list) else [v]
            bad = [x for x in items if isinstance(x, bool) or not isinstance(x, int | float)]
            if bad or not items:
                shown = got(v)
                raise ValueError(
                    f"'{name}' must be a number or a list of numbers (got {shown}); "
                    "write the number without quotes, e.g. 0.1"
                )
        return value

    @field_validator("adaptation", mode="before")
    @classmethod
    def _on_off(cls, value: Any) -> Any:
        # YAML 1.1 reads `off` / `on` as booleans.
        if value is False:
            return "off"
        if value is True:
            return "local"
        return value

    @property
    def source(self) -> str:
        """The YAML text the scenario was read from (or a dump of it)."""
        return self._source if self._source is not None else to_yaml(self)


# --------------------------------------------------------------------- error formatting
def _unwrap(tp: Any) -> tuple[Any, list[Any]]:
    meta: list[Any] = []
    while typing.get_origin(tp) is Annotated:
        args = typing.get_args(tp)
        tp, meta = args[0], meta + list(args[1:])
    return tp, meta


def _is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _step(tp: Any, part: str | int) -> tuple[Any, bool] | None:
    """The type found at ``part`` inside ``tp``, and whether ``part`` is a real path
    element (False for pydantic's union tags)."""
    base, _ = _unwrap(tp)
    origin = typing.get_origin(base)
    if origin in (Union, types.UnionType):
        members = [m for m in typing.get_args(base) if m is not type(None)]
        for m in members:
            mb, meta = _unwrap(m)
            tags = [x.tag for x in meta if isinstance(x, Tag)]
            kind = mb.model_fields.get("kind") if _is_model(mb) else None
            literal = typing.get_args(kind.annotation) if kind is not None else ()
            if part in tags or (literal and part in literal):
                return m, False
        for m in members:
            found = _step(m, part)
            if found is not None:
                return found
        return None
    if origin in (list, tuple) and isinstance(part, int):
        return typing.get_args(base)[0], True
    if origin is dict:
        return typing.get_args(base)[1], True
    if _is_model(base) and part in base.model_fields:
        info = base.model_fields[part]
        if info.metadata:
            return Annotated[(info.annotation, *info.metadata)], True
        return info.annotation, True
    return None


def _resolve(loc: tuple[str | int, ...]) -> tuple[str, Any, Any]:
    """(YAML path, type of the parent, type at ``loc``) for a pydantic error location."""
    path: str = ""
    parent: Any = None
    tp: Any = Scenario
    for part in loc:
        found = _step(tp, part) if tp is not None else None
        if found is None:
            parent, tp = tp, None
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
            continue
        new, real = found
        if real:
            parent = tp
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        tp = new
    return path or "(top level)", parent, tp


def _fields(tp: Any) -> list[str]:
    base, _ = _unwrap(tp)
    if _is_model(base):
        return list(base.model_fields)
    if typing.get_origin(base) in (Union, types.UnionType):
        for m in typing.get_args(base):
            if _fields(m):
                return _fields(m)
    return []


def _bounds(tp: Any) -> str | None:
    base, meta = _unwrap(tp)
    if typing.get_origin(base) in (Union, types.UnionType):
        for m in typing.get_args(base):
            b = _bounds(m)
            if b:
                return b
        return None
    lo = next((m.ge for m in meta if isinstance(m, annotated_types.Ge)), None)
    gt = next((m.gt for m in meta if isinstance(m, annotated_types.Gt)), None)
    hi = next((m.le for m in meta if isinstance(m, annotated_types.Le)), None)
    for m in meta:  # Field(ge=..) keeps its constraints in FieldInfo.metadata
        for c in getattr(m, "metadata", []):
            lo = c.ge if isinstance(c, annotated_types.Ge) else lo
            gt = c.gt if isinstance(c, annotated_types.Gt) else gt
            hi = c.le if isinstance(c, annotated_types.Le) else hi
    left = f"[{lo:g}" if lo is not None else (f"({gt:g}" if gt is not None else "(-inf")
    right = f"{hi:g}]" if hi is not None else "inf)"
    return None if lo is None and gt is None and hi is None else f"{left}, {right}"


def _literals(tp: Any) -> str:
    base, _ = _unwrap(tp)
    if typing.get_origin(base) is Literal:
        return ", ".join(str(a) for a in typing.get_args(base))
    if typing.get_origin(base) in (Union, types.UnionType):
        return ", ".join(filter(None, (_literals(m) for m in typing.get_args(base))))
    return ""


def got(value: Any) -> str:
    """A short representation of a bad value."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _problem(err: Mapping[str, Any]) -> str:
    path, parent, tp = _resolve(tuple(err["loc"]))
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = ", ".join(_fields(parent)) or "none"
        return f"{path}: unknown field (allowed: {allowed})"
    if kind == "missing":
        return f"{path}: required field missing"
    if kind == "literal_error":
        allowed = _literals(tp) or str(ctx.get("expected"))
        return f"{path}: not allowed (got {got(value)}; allowed: {allowed})"
    if kind == "union_tag_invalid":
        allowed = str(ctx.get("expected_tags", "")).replace("'", "")
        return (
            f"{path}.{ctx.get('discriminator', '').strip(chr(39))}: unknown "
            f"(got {got(ctx.get('tag'))}; allowed: {allowed})"
        )
    if kind == "union_tag_not_found":
        return f"{path}: missing 'kind' (allowed: {', '.join(EVENT_KINDS)})"
    if kind == "country_set":
        return (
            f"{path}: expected 'all', a list of ISO3 codes or a selector mapping with "
            f"keys club, region, subregion, regime, countries, exclude (got {got(value)})"
        )
    if kind in ("less_than_equal", "greater_than_equal", "less_than", "greater_than"):
        return f"{path}: out of range (got {got(value)}; allowed {_bounds(tp) or err['msg']})"
    if kind == "string_pattern_mismatch":
        hint = (
            "YYYY-MM, e.g. 2015-01"
            if "\\d{4}" in str(ctx.get("pattern"))
            else "letters, digits, '_', '-', '.'"
        )
        return f"{path}: bad format (got {got(value)}; allowed {hint})"
    if kind.startswith(("float", "int")):
        extra = f"; allowed {_bounds(tp)}" if _bounds(tp) else ""
        whole = "an integer" if kind.startswith("int") else "a number"
        return f"{path}: expected {whole} (got {got(value)}{extra})"
    if kind.startswith("bool"):
        return f"{path}: expected true or false (got {got(value)})"
    if kind in ("string_type", "string_too_short"):
        return f"{path}: expected non-empty text (got {got(value)})"
    if kind in ("list_type",):
        return f"{path}: expected a list (got {got(value)})"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        fields = _fields(tp)
        keys = f"; allowed keys: {', '.join(fields)}" if fields else ""
        return f"{path}: expected a mapping (got {got(value)}{keys})"
    if kind == "value_error":
        return f"{path}: {str(err['msg']).removeprefix('Value error, ')}"
    return f"{path}: {err['msg']} (got {got(value)})"


def problems_of(exc: ValidationError) -> list[str]:
    """One line per problem of a pydantic validation error, with its YAML path."""
    lines: list[str] = []
    for err in exc.errors(include_url=False):
        line = _problem(err)
        if line not in lines:
            lines.append(line)
    return lines


# ---------------------------------------------------------------------------- loading
MAX_DEPTH = 50  # nesting deeper than any scenario needs


class _PyEvents(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):
    """PyYAML's pure-Python event source (used when libyaml is missing)."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)


def _event_source() -> type:
    """libyaml's parser (``yaml.cyaml.CParser``) when PyYAML was built with it."""
    try:
        from yaml.cyaml import CParser  # type: ignore[attr-defined]  # types-PyYAML omits it
    except ImportError:
        return _PyEvents
    return CParser


_Events: type = _event_source()


class _Loader(
    yaml.composer.Composer, yaml.constructor.SafeConstructor, yaml.resolver.Resolver, _Events
):
    """A safe loader that rejects duplicate keys, aliases and deep nesting.

    Aliases are refused outright: a few lines of anchors and aliases can expand to billions
    of nodes ("billion laughs"), and a scenario never needs them. The events come from
    libyaml's parser when PyYAML has it (``yaml.CParser``, several times faster), and the
    nodes are composed here, in Python, so the checks below see every one.
    """

    depth = 0

    def __init__(self, stream: str) -> None:
        _Events.__init__(self, stream)  # type: ignore[misc]  # the chosen parser base
        yaml.composer.Composer.__init__(self)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.events.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "anchors and aliases (*name) are not allowed in scenarios; write the values out",
                self.peek_event().start_mark,
            )
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise yaml.composer.ComposerError(
                    None,
                    None,
                    f"nesting deeper than {MAX_DEPTH} levels is not allowed",
                    self.peek_event().start_mark,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _no_duplicates(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> dict:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, f"mapping key {got(key)} is not a plain value", key_node.start_mark
            )
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"duplicate key {key!r} (first on line {seen[key] + 1})",
                key_node.start_mark,
            )
        seen[key] = key_node.start_mark.line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)


def _bounded_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    digits = sum(ch.isdigit() for ch in str(node.value))
    if digits > MAX_DIGITS:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"an integer with {digits} digits is too long (at most {MAX_DIGITS} digits)",
            node.start_mark,
        )
    return yaml.SafeLoader.construct_yaml_int(loader, node)


_Loader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


def read_yaml(text: str, where: str = "scenario") -> dict:
    """Parse scenario text safely: a mapping, no Python tags, no duplicate keys."""
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise ScenarioError(
            [
                f"{where}: file too large (got {len(text.encode()):,} bytes; "
                f"allowed at most {MAX_BYTES:,})"
            ]
        )
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        what = getattr(exc, "problem", None) or str(exc)
        if "could not determine a constructor" in str(what):
            tag = str(what).split("tag")[-1].strip(" '!")
            what = f"tag {tag!r} is not allowed (only plain YAML: mappings, lists, text, numbers)"
        raise ScenarioError(
            [f"{where}: malformed YAML{at}: {' '.join(str(what).split())}"]
        ) from None
    if data is None:
        raise ScenarioError(
            [
                f"{where}: empty file; a scenario is a mapping, e.g. "
                "'name: my_world' (see `netpolitik scenarios show baseline`)"
            ]
        )
    if not isinstance(data, dict):
        raise ScenarioError(
            [
                f"{where}: top level must be a mapping of fields (got "
                f"{type(data).__name__}; allowed fields: "
                f"{', '.join(Scenario.model_fields)})"
            ]
        )
    return data


def parse_scenario(text: str, where: str = "scenario", name: str | None = None) -> Scenario:
    """Validate scenario YAML ``text``; ``name`` fills a missing ``name`` field."""
    data = read_yaml(text, where)
    if name is not None and "name" not in data:
        data = {"name": name, **data}
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(problems_of(exc)) from None
    scenario._source = text
    return scenario


def load_file(path: str | Path) -> Scenario:
    """Read and validate a scenario file (UTF-8 YAML, at most :data:`MAX_BYTES`)."""
    path = Path(path)
    if not path.is_file():
        raise ScenarioError([f"scenario: no such file '{path}'"])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ScenarioError(
            [f"{path}: file too large (got {size:,} bytes; allowed at most {MAX_BYTES:,})"]
        )
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [f"{path}: not UTF-8 text (byte {exc.start}); save the file as UTF-8"]
        ) from None
    return parse_scenario(text, str(path), name=path.stem)


def to_yaml(scenario: Scenario) -> str:
    """The scenario as YAML (fields left at their defaults omitted)."""
    data = scenario.model_dump(mode="json", exclude_none=True, exclude_defaults=True)
    data = {"name": scenario.name, **data}
    if "events" in data:
        data["events"] = [{"kind": e["kind"], **e} for e in data["events"]]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=90)
