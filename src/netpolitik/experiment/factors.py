"""What an experiment varies: model parameters and levers of a country, a group or everyone.

A factor is written ``NAME=LOW:HIGH``:

* ``trust_rate=0.01:0.1`` -- a model parameter (``netpolitik params`` lists them);
* ``LEVER@GROUP=LOW:HIGH`` -- one of the eight levers, set to the same value for every
  country of ``GROUP``: ``sharing@NATO=0:1``, ``offense@CHN=0:1``,
  ``surveillance@authoritarian=0.2:0.9``, ``defense@all=0:1``.

A group is ``all``; a regime class (``liberal``, ``hybrid``, ``authoritarian``); a club
(``NATO``, ``EU``, ... or one the scenario defines); an ISO3 code; a region (``Europe``)
or a subregion (``Northern Europe``). ``+`` joins several (``sharing@USA+GBR=0:1``). Groups
are resolved with the scenario's own resolver (:mod:`netpolitik.scenario.build`) against the
simulated countries and the memberships of the start year. Lever settings are applied after
the scenario's own lever settings, in the order given (a later factor wins).

Examples
--------
>>> f = parse_factor("sharing@NATO=0:1")
>>> f.kind, f.name, f.group, f.low, f.high, f.label
('lever', 'sharing', 'NATO', 0.0, 1.0, 'sharing@NATO')
>>> parse_factor("trust_rate=0.01:0.1").kind
'param'
>>> parse_factor("sharing@NATO=0:1.5")
Traceback (most recent call last):
...
netpolitik.errors.InputError: --param sharing@NATO=0:1.5: levers lie in [0, 1] (got 0:1.5)
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.policy import LEVERS, lever_index
from netpolitik.scenario.build import Built, Resolver
from netpolitik.scenario.schema import REGIMES, Selector
from netpolitik.world import load_world

#: Lever settings a factor may name a group by, besides clubs, ISO3 codes and regions.
SPECIAL_GROUPS = ("all", *REGIMES)


@dataclass(frozen=True)
class Factor:
    """One thing an experiment varies over ``[low, high]``.

    ``kind`` is ``"param"`` (a model parameter ``name``) or ``"lever"`` (lever ``name`` set
    for every country of ``group``).
    """

    kind: str
    name: str
    low: float
    high: float
    group: str | None = None

    @property
    def label(self) -> str:
        """``name`` for a parameter, ``lever@group`` for a lever: the column name."""
        return self.name if self.kind == "param" else f"{self.name}@{self.group}"

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "name": self.name,
            "group": self.group,
            "low": self.low,
            "high": self.high,
        }


def _close(word: str, options: Sequence[str]) -> str:
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"; did you mean {found[0]!r}?" if found else ""


def _number(text: str, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(
            f"{where}: {text!r} is not a number; write NAME=LOW:HIGH, e.g. "
            "trust_rate=0.01:0.1 or sharing@NATO=0:1"
        ) from None
    if not np.isfinite(value):
        raise InputError(
            f"{where}: {text!r} is not a finite number; use finite bounds, e.g. trust_rate=0.01:0.1"
        )
    return value


def check_param(name: str, where: str) -> None:
    """Raise InputError unless ``name`` is a scalar model parameter."""
    fields = Params.model_fields
    if name not in fields:
        raise InputError(
            f"{where}: unknown parameter or lever {name!r}{_close(name, list(fields))} "
            f"(allowed: the {len(fields)} parameters of `netpolitik params`, or "
            f"LEVER@GROUP with LEVER one of {', '.join(LEVERS)})"
        )
    if fields[name].annotation is not float:
        raise InputError(
            f"{where}: parameter {name!r} is not a single number and cannot be "
            "varied; choose a scalar parameter from `netpolitik params`"
        )


def check_lever(name: str, where: str) -> None:
    if name not in LEVERS:
        raise InputError(
            f"{where}: unknown lever {name!r}{_close(name, LEVERS)} (allowed: {', '.join(LEVERS)})"
        )


def parse_range(text: str, where: str) -> tuple[float, float]:
    """``LOW:HIGH`` as two floats with ``LOW <= HIGH``."""
    parts = text.split(":")
    if len(parts) != 2:
        raise InputError(f"{where}: expected a range LOW:HIGH (got {text!r}), e.g. 0:1")
    low, high = (_number(p.strip(), where) for p in parts)
    if low > high:
        raise InputError(
            f"{where}: LOW must not exceed HIGH (got {text!r}); write it as "
            f"{parts[1].strip()}:{parts[0].strip()}"
        )
    return low, high


def parse_factor(text: str, option: str = "--param") -> Factor:
    """Parse ``NAME=LOW:HIGH`` or ``LEVER@GROUP=LOW:HIGH`` (see the module docstring).

    Parameter ranges are checked against the parameter's allowed range; groups are checked
    later, against the world (:func:`resolve_group`).
    """
    where = f"{option} {text}"
    if "=" not in text:
        raise InputError(
            f"{where}: expected NAME=LOW:HIGH, e.g. trust_rate=0.01:0.1 or sharing@NATO=0:1"
        )
    name, _, rng = (t.strip() for t in text.partition("="))
    low, high = parse_range(rng, where)
    if "@" in name:
        lever, _, group = (t.strip() for t in name.partition("@"))
        check_lever(lever, where)
        if not group:
            raise InputError(
                f"{where}: empty group after '@' (allowed: "
                f"{', '.join(SPECIAL_GROUPS)}, a club, an ISO3 code or a region)"
            )
        if low < 0 or high > 1:
            raise InputError(f"{where}: levers lie in [0, 1] (got {rng})")
        return Factor("lever", lever, low, high, group)
    if name in LEVERS:
        raise InputError(
            f"{where}: a lever needs a group: {name}@GROUP=LOW:HIGH with GROUP "
            f"one of {', '.join(SPECIAL_GROUPS)}, a club (e.g. NATO), an ISO3 "
            "code or a region"
        )
    check_param(name, where)
    check_param_value(name, low, where)
    check_param_value(name, high, where)
    return Factor("param", name, low, high)


def check_param_value(name: str, value: float, where: str) -> None:
    try:
        Params().with_overrides({name: value})
    except InputError:
        allowed = Params.describe(name)["range"].replace("None", "inf")
        raise InputError(
            f"{where}: {value:g} is outside the allowed range of {name} ({allowed})"
        ) from None


def parse_factors(texts: Sequence[str] | None, option: str = "--param") -> list[Factor]:
    """Every factor of repeated (or comma-separated) options; labels must be unique."""
    factors: list[Factor] = []
    for text in texts or ():
        for part in str(text).split(","):
            if part.strip():
                factors.append(parse_factor(part.strip(), option))
    labels = [f.label for f in factors]
    dupes = sorted({x for x in labels if labels.count(x) > 1})
    if dupes:
        raise InputError(f"{option}: {dupes[0]} is given twice; give each factor once")
    return factors


# ------------------------------------------------------------------------------ groups
def _resolver(built: Built) -> tuple[Resolver, list[str]]:
    problems: list[str] = []
    full = load_world()
    res = Resolver(full.countries, built.world, int(built.start[:4]), problems, [])
    clubs = built.setting.clubs
    if clubs.initial is not None:  # clubs the scenario defines or re-seeds
        for k, name in enumerate(clubs.names):
            res.clubs[name] = np.asarray(clubs.initial[:, k], dtype=bool)
    return res, problems


def _allowed(res: Resolver) -> str:
    return (
        f"allowed: {', '.join(SPECIAL_GROUPS)}; a club ({', '.join(sorted(res.clubs))}); "
        "an ISO3 code (`netpolitik world`); a region ("
        f"{', '.join(sorted(set(res.full['region'])))}) or a subregion; join with '+'"
    )


def resolve_group(built: Built, group: str, where: str = "group") -> np.ndarray:
    """``(N,)`` mask of the simulated countries ``group`` names (see module docstring).

    Raises
    ------
    InputError
        Unknown name (one line with the allowed values), a country that is not
        simulated, or a group with no simulated country.
    """
    res, problems = _resolver(built)
    mask = np.zeros(res.n, dtype=bool)
    regions = {r.lower(): r for r in set(res.full["region"])}
    subregions = {r.lower(): r for r in set(res.full["subregion"])}
    clubs = {c.lower(): c for c in res.clubs}
    codes = set(res.full["iso3"])
    for token in (t.strip() for t in group.split("+")):
        low = token.lower()
        if low == "all":
            part = np.ones(res.n, dtype=bool)
        elif low in REGIMES:
            part = res.classes == low
        elif low in clubs:
            part = res.select(where, Selector(club=clubs[low]))
        elif token.upper() in codes and len(token) == 3:
            code = token.upper()
            if code not in res.codes:
                raise InputError(
                    f"{where}: {code} is not simulated in this run; add it to "
                    "--countries or choose another group"
                )
            part = res.select(where, Selector(countries=[code]))
        elif low in regions:
            part = res.select(where, Selector(region=regions[low]))
        elif low in subregions:
            part = res.select(where, Selector(subregion=subregions[low]))
        else:
            names = [*SPECIAL_GROUPS, *res.clubs, *regions.values(), *subregions.values()]
            raise InputError(
                f"{where}: unknown group {token!r}{_close(token, names)} ({_allowed(res)})"
            )
        if problems:
            raise InputError(f"{where}: {problems[0]}")
        mask |= part
    if not mask.any():
        raise InputError(
            f"{where}: group {group!r} has no simulated country (in "
            f"{built.start[:4]}); widen --countries or choose another group"
        )
    return mask


def apply_levers(
    levers: np.ndarray, masks: Sequence[np.ndarray], names: Sequence[str], values: Sequence[float]
) -> np.ndarray:
    """A copy of ``levers`` with lever ``names[k]`` set to ``values[k]`` on ``masks[k]``."""
    out = np.array(levers, dtype=float, copy=True)
    for mask, name, value in zip(masks, names, values, strict=True):
        out[mask, lever_index(name)] = value
    return out


def check_groups(built: Built, factors: Sequence[Factor], option: str = "--param") -> None:
    """Resolve every lever factor's group once (raises InputError on the first bad one)."""
    for f in factors:
        if f.kind == "lever":
            assert f.group is not None  # parse_factor gives every lever a group
            resolve_group(built, f.group, f"{option} {f.label}")
