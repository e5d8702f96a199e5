"""From a validated :class:`~netpolitik.scenario.schema.Scenario` to the engine's inputs.

:func:`build` resolves everything that needs the world's data — ISO3 codes, regions,
organisations, regime classes, parameter names — and returns a :class:`Built`: the
:class:`~netpolitik.engine.state.Setting` (clubs, events, adaptation), the ``(N, 8)``
levers, GDP, parameters and the number of monthly steps. Every problem is reported at once
in one :class:`~netpolitik.errors.ScenarioError`, one line per problem, naming the YAML path
and the allowed values.

Order of lever settings (later wins): the real 2010 levers, ``levers.defaults.all``, the
regime-class defaults, ``levers.groups`` in order, ``levers.countries``.

Regime classes use the ``regime`` column (V-Dem civil liberties, 2010): ``liberal`` >= 0.7,
``authoritarian`` < 0.4, ``hybrid`` in between.

Dates become steps: step 1 is the ``start`` month, so ``YYYY-MM`` is step
``12 (YYYY - Y0) + (MM - M0) + 1``.

Examples
--------
>>> from netpolitik.scenario.schema import parse_scenario
>>> from netpolitik.scenario.build import build
>>> s = parse_scenario("name: demo\\ncountries: [USA, RUS, EST]\\nyears: 1\\n"
...                    "events: [{kind: quantum_break, date: 2010-07}]")
>>> b = build(s)
>>> b.setting.iso3, b.steps, b.setting.events[0].step
(('EST', 'RUS', 'USA'), 12, 7)
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from netpolitik.engine.clubs import make_clubs
from netpolitik.engine.setup import from_world
from netpolitik.engine.state import SECTORS, Event, Setting
from netpolitik.errors import InputError, ScenarioError, did_you_mean
from netpolitik.params import Params
from netpolitik.policy import check_levers, lever_index
from netpolitik.scenario.schema import (
    AUTHORITARIAN_CUT,
    LIBERAL_CUT,
    REGIMES,
    AttributedBreach,
    Scenario,
    Selector,
    got,
)
from netpolitik.world import World, load_world

#: Default ``sector_cut`` of a club given a ``sector`` but no ``sector_cut``.
DEFAULT_SECTOR_CUT = 0.5


@dataclass
class Built:
    """A scenario ready to simulate."""

    scenario: Scenario
    setting: Setting
    levers: np.ndarray
    gdp: np.ndarray
    params: Params
    steps: int
    years: float
    seed: int
    start: str
    world: World
    notes: list[str] = field(default_factory=list)


def regime_class(regime: np.ndarray) -> np.ndarray:
    """``liberal`` / ``hybrid`` / ``authoritarian`` for each regime score (cut-offs 0.7, 0.4)."""
    r = np.asarray(regime, dtype=float)
    return np.where(
        r >= LIBERAL_CUT, "liberal", np.where(r < AUTHORITARIAN_CUT, "authoritarian", "hybrid")
    )


def month_step(start: str, date: str) -> int:
    """1-based step of month ``date`` (``YYYY-MM``) in a run starting in ``start``."""
    y0, m0 = (int(x) for x in start.split("-"))
    y, m = (int(x) for x in date.split("-"))
    return 12 * (y - y0) + (m - m0) + 1


def step_month(start: str, step: int) -> str:
    """``YYYY-MM`` of 1-based ``step`` in a run starting in ``start``."""
    return (pd.Timestamp(start + "-01") + pd.DateOffset(months=step - 1)).strftime("%Y-%m")


def _listing(values: Sequence[str], limit: int = 25) -> str:
    values = list(values)
    if len(values) <= limit:
        return ", ".join(values)
    return ", ".join(values[:limit]) + f", ... ({len(values)} in all)"


class Resolver:
    """Resolves country selectors against the full shipped world and the simulated one."""

    def __init__(
        self, full: pd.DataFrame, world: World, year: int, problems: list[str], notes: list[str]
    ) -> None:
        self.full = full
        self.codes = list(world.countries["iso3"])
        self.table = world.countries
        self.classes = regime_class(self.table["regime"].to_numpy(float))
        orgs, matrix = world.membership_matrix(year)
        self.clubs: dict[str, np.ndarray] = {o: matrix[:, k] for k, o in enumerate(orgs)}
        self.problems, self.notes = problems, notes

    @property
    def n(self) -> int:
        return len(self.codes)

    def unknown_code(self, path: str, code: Any) -> str:
        hint = ""
        valid = list(self.full["iso3"])
        cow = self.full.loc[self.full["cow_code"] == str(code).upper(), "iso3"]
        if isinstance(code, str) and code.upper() in valid and code != code.upper():
            hint = f"; did you mean '{code.upper()}'?"
        elif len(cow):
            hint = f"; '{code}' is a COW code, its ISO3 code is '{cow.iloc[0]}'"
        elif isinstance(code, str) and len(code) > 3:  # a name rather than a code
            names = dict(zip(self.full["name"].str.lower(), self.full["iso3"], strict=True))
            close = difflib.get_close_matches(code.lower(), list(names), n=1, cutoff=0.7)
            if close:
                hint = f"; did you mean '{names[close[0]]}' ({close[0].title()})?"
        if not hint and isinstance(code, str):
            hint = did_you_mean(code.upper(), self.full["iso3"]).replace(" (", "; ", 1)[:-1]
        return (
            f"{path}: unknown ISO3 code (got {got(code)}; allowed: the codes listed by "
            f"`netpolitik world`, e.g. EST, USA{hint})"
        )

    def index(self, path: str, code: Any) -> int | None:
        """Row of ``code`` in the simulated world; None (with a problem if unknown)."""
        if not isinstance(code, str) or code not in set(self.full["iso3"]):
            self.problems.append(self.unknown_code(path, code))
            return None
        if code not in self.codes:
            return None
        return self.codes.index(code)

    def codes_mask(self, path: str, codes: Sequence[Any]) -> np.ndarray:
        mask = np.zeros(self.n, dtype=bool)
        for k, code in enumerate(codes):
            i = self.index(f"{path}[{k}]", code)
            if i is not None:
                mask[i] = True
        return mask

    def _labels(self, path: str, values: str | list[str], column: str) -> np.ndarray:
        values = [values] if isinstance(values, str) else values
        allowed = sorted(set(self.full[column]))
        for v in values:
            if v not in allowed:
                self.problems.append(
                    f"{path}: unknown {column} (got {got(v)}; allowed: {', '.join(allowed)})"
                )
        return self.table[column].isin(values).to_numpy()

    def club_mask(self, path: str, names: str | list[str]) -> np.ndarray:
        names = [names] if isinstance(names, str) else names
        mask = np.zeros(self.n, dtype=bool)
        for name in names:
            if name not in self.clubs:
                self.problems.append(
                    f"{path}: unknown club (got {got(name)}; allowed: "
                    f"{_listing(sorted(self.clubs))})"
                    f"{did_you_mean(name, self.clubs)}"
                )
                continue
            mask |= self.clubs[name]
        return mask

    def select(self, path: str, spec: Any) -> np.ndarray:
        """``(N,)`` mask of the countries a ``CountrySet`` names."""
        if spec == "all":
            return np.ones(self.n, dtype=bool)
        if isinstance(spec, list):
            return self.codes_mask(path, spec)
        assert isinstance(spec, Selector)
        mask = np.ones(self.n, dtype=bool)
        if spec.club is not None:
            mask &= self.club_mask(f"{path}.club", spec.club)
        if spec.region is not None:
            mask &= self._labels(f"{path}.region", spec.region, "region")
        if spec.subregion is not None:
            mask &= self._labels(f"{path}.subregion", spec.subregion, "subregion")
        if spec.regime is not None:
            regimes = [spec.regime] if isinstance(spec.regime, str) else spec.regime
            mask &= np.isin(self.classes, regimes)
        if spec.countries is not None:
            mask &= self.codes_mask(f"{path}.countries", spec.countries)
        if spec.exclude:
            mask &= ~self.codes_mask(f"{path}.exclude", spec.exclude)
        return mask


@functools.lru_cache(maxsize=1)
def _full_world() -> World:
    """The whole shipped world, loaded once per process (only read here, never changed)."""
    return load_world()


def select_countries(
    scenario: Scenario, override: Sequence[str] | None, problems: list[str]
) -> list[str] | None:
    """ISO3 codes to simulate (None = all), from ``override`` or ``scenario.countries``."""
    full = _full_world()
    spec: Any
    if override is not None:
        spec, path = list(override), "--countries"
    else:
        spec, path = scenario.countries, "countries"
    if spec == "all":
        return None
    year = int(scenario.start[:4])
    resolver = Resolver(full.countries, full, year, problems, [])
    if isinstance(spec, list):
        seen: set[str] = set()
        for k, code in enumerate(spec):
            if code in seen:
                problems.append(
                    f"{path}[{k}]: duplicate ISO3 code (got {got(code)}; list each country once)"
                )
            seen.add(code)
    mask = resolver.select(path, spec)
    chosen = [c for c, m in zip(resolver.codes, mask, strict=True) if m]
    if not chosen and not problems:
        problems.append(
            f"{path}: selects no country (got {got(spec if isinstance(spec, list) else spec.model_dump(exclude_none=True))}); "  # noqa: E501
            "widen the selection"
        )
    return chosen


def _params(scenario: Scenario, problems: list[str]) -> Params:
    params = Params()
    good: dict[str, Any] = {}
    for name, value in scenario.params.items():
        if name not in Params.model_fields:
            close = difflib.get_close_matches(str(name), list(Params.model_fields), n=3)
            hint = (
                f"did you mean {', '.join(close)}?"
                if close
                else "see `netpolitik params` for the names"
            )
            problems.append(
                f"params.{name}: unknown parameter (allowed: the "
                f"{len(Params.model_fields)} names of `netpolitik params`; {hint})"
            )
            continue
        try:
            params.with_overrides({name: value})
            good[name] = value
        except InputError:
            problems.append(
                f"params.{name}: bad value (got {got(value)}; allowed "
                f"{Params.describe(name)['range']}; see `netpolitik params`)"
            )
    return params.with_overrides(good) if good else params


def _set_levers(levers: np.ndarray, mask: np.ndarray, values: dict[str, float]) -> None:
    for name, value in values.items():
        levers[mask, lever_index(name)] = value


def _apply_levers(scenario: Scenario, levers: np.ndarray, res: Resolver) -> np.ndarray:
    levers = levers.copy()
    d = scenario.levers.defaults
    if d.all is not None:
        _set_levers(levers, np.ones(res.n, dtype=bool), d.all.values())
    for regime in REGIMES:
        spec = getattr(d, regime)
        if spec is not None:
            _set_levers(levers, res.classes == regime, spec.values())
    for k, group in enumerate(scenario.levers.groups):
        mask = res.select(f"levers.groups[{k}].select", group.select)
        _set_levers(levers, mask, group.set.values())
    for code, spec in scenario.levers.countries.items():
        i = res.index(f"levers.countries.{code}", code)
        if i is not None:
            _set_levers(levers, np.arange(res.n) == i, spec.values())
        elif code in set(res.full["iso3"]):
            res.notes.append(f"levers.countries.{code}: not simulated in this run; ignored")
    return levers


def _clubs(scenario: Scenario, world: World, year: int, params: Params, res: Resolver):
    orgs, member = world.membership_matrix(year)
    kinds = world.org_kinds()
    names, kind_list = list(orgs), [kinds[o] for o in orgs]
    columns = [member[:, k] for k in range(len(orgs))]
    overrides: dict[str, dict[str, Any]] = {}
    defined: set[str] = set()
    for k, spec in enumerate(scenario.clubs):
        path = f"clubs[{k}]"
        if spec.name in defined:
            res.problems.append(
                f"{path}.name: club {spec.name!r} defined twice; merge the two entries"
            )
            continue
        defined.add(spec.name)
        if spec.name in names:
            idx = names.index(spec.name)
            if spec.kind is not None and spec.kind != kind_list[idx]:
                res.problems.append(
                    f"{path}.kind: {spec.name!r} is an existing organisation of kind "
                    f"{kind_list[idx]!r} (got {got(spec.kind)}; allowed: omit kind, or "
                    "give the new club another name)"
                )
                continue
        elif spec.kind is None:
            res.problems.append(
                f"{path}.name: unknown club (got {got(spec.name)}; allowed: an existing "
                f"organisation, {', '.join(orgs)}; or give 'kind' and 'members' to define "
                f"a new club){did_you_mean(spec.name, orgs)}"
            )
            continue
        else:
            if spec.members is None and spec.inspired_by is None:
                res.problems.append(
                    f"{path}.members: required for the new club "
                    f"{spec.name!r} (allowed: 'all', a list of ISO3 codes or "
                    "a selector)"
                )
                continue
            names.append(spec.name)
            kind_list.append(spec.kind)
            columns.append(np.zeros(res.n, dtype=bool))
            idx = len(names) - 1
        rules: dict[str, Any] = {
            key: getattr(spec.criteria, key)
            for key in type(spec.criteria).model_fields
            if getattr(spec.criteria, key) is not None
        }
        if spec.pools is not None:
            rules["pools"] = spec.pools
        if spec.sector is not None:
            rules["sector"] = SECTORS.index(spec.sector)
            rules["sector_cut"] = DEFAULT_SECTOR_CUT if spec.sector_cut is None else spec.sector_cut
        elif spec.sector_cut is not None:
            res.problems.append(
                f"{path}.sector_cut: needs a sector (allowed: {', '.join(SECTORS)})"
            )
        if (
            kind_list[idx] == "sector_consortium"
            and spec.sector is None
            and "sector" not in overrides.get(spec.name, {})
        ):
            res.problems.append(
                f"{path}.sector: required for a sector_consortium (allowed: {', '.join(SECTORS)})"
            )
        rules.update(_essay_rules(spec, path, names, scenario, res))
        overrides.setdefault(spec.name, {}).update(rules)
        if spec.members is not None:
            columns[idx] = res.select(f"{path}.members", spec.members)
        res.clubs[spec.name] = columns[idx]
    initial = np.stack(columns, axis=1) if columns else np.zeros((res.n, 0), dtype=bool)
    return make_clubs(names, kind_list, params, overrides, initial)


def _essay_rules(
    spec: Any, path: str, names: list[str], scenario: Scenario, res: Resolver
) -> dict[str, Any]:
    """A club's norms (M12), public-private flag (M13) and inspiration (M15) as
    :func:`~netpolitik.engine.clubs.make_clubs` override keys."""
    rules: dict[str, Any] = {}
    if spec.norms is not None:
        rules["norms"] = {k: (v.min, v.max) for k, v in spec.norms.levers.items()}
        rules["norm_enforcement"] = spec.norms.enforcement
    if spec.public_private is not None:
        rules["public_private"] = spec.public_private
    if spec.inspired_by is not None:
        known = set(names) | {c.name for c in scenario.clubs}
        if spec.inspired_by not in known or spec.inspired_by == spec.name:
            res.problems.append(
                f"{path}.inspired_by: unknown club (got {got(spec.inspired_by)}; allowed: "
                f"another club of the scenario){did_you_mean(spec.inspired_by, known)}"
            )
        else:
            rules["inspired_by"] = spec.inspired_by
    return rules


def _events(scenario: Scenario, steps: int, res: Resolver) -> tuple[Event, ...]:
    events: list[Event] = []
    last = step_month(scenario.start, steps)
    for k, spec in enumerate(scenario.events):
        path = f"events[{k}]"
        if spec.date is not None:
            step = month_step(scenario.start, spec.date)
            if step < 1:
                res.problems.append(
                    f"{path}.date: before the start (got {spec.date!r}; "
                    f"allowed {scenario.start} to {last})"
                )
                continue
            when = spec.date
        else:
            assert spec.step is not None  # the schema requires a date or a step
            step, when = spec.step, step_month(scenario.start, spec.step)
        mask = res.select(f"{path}.countries", spec.countries)
        values: dict[str, Any] = spec.values.model_dump(exclude_none=True)
        if isinstance(spec, AttributedBreach):
            attacker = res.index(f"{path}.values.attacker", spec.values.attacker)
            if attacker is None:
                if spec.values.attacker in set(res.full["iso3"]):
                    res.notes.append(
                        f"{path}: attacker {spec.values.attacker} is not "
                        "simulated in this run; event dropped"
                    )
                continue
            values["attacker"] = attacker
            mask[attacker] = False
        if step > steps:
            res.notes.append(
                f"{path}: {spec.kind} at {when} is after the last simulated "
                f"month ({last}); it will not happen in this run"
            )
            continue
        if spec.countries != "all" and not mask.any():
            res.notes.append(
                f"{path}: {spec.kind} at {when} selects no simulated country; event dropped"
            )
            continue
        who = () if spec.countries == "all" else tuple(int(i) for i in np.flatnonzero(mask))
        events.append(Event(kind=spec.kind, step=step, countries=who, values=values))
    return tuple(sorted(events, key=lambda e: e.step))


def build(
    scenario: Scenario,
    *,
    years: float | None = None,
    seed: int | None = None,
    countries: Sequence[str] | None = None,
) -> Built:
    """Resolve ``scenario`` against the world; ``years``, ``seed`` and ``countries``
    override the scenario's own (as the CLI options do).

    Raises
    ------
    ScenarioError
        Every problem found, one line each.
    """
    problems: list[str] = []
    notes: list[str] = []
    years = scenario.years if years is None else years
    seed = scenario.seed if seed is None else seed
    steps = max(1, round(years * 12))
    params = _params(scenario, problems)
    codes = select_countries(scenario, countries, problems)
    if problems and codes is not None and not codes:
        raise ScenarioError(problems)
    world = load_world(codes)
    year = int(scenario.start[:4])
    setting, levers, gdp = from_world(world, year, params)
    res = Resolver(_full_world().countries, world, year, problems, notes)
    clubs = _clubs(scenario, world, year, params, res)
    levers = _apply_levers(scenario, levers, res)
    events = _events(scenario, steps, res)
    if problems:
        raise ScenarioError(problems)
    levers = check_levers(levers, "levers")
    setting = replace(setting, clubs=clubs, events=events, adaptation=scenario.adaptation)
    return Built(
        scenario, setting, levers, gdp, params, steps, years, seed, scenario.start, world, notes
    )


__all__ = ["Built", "build", "month_step", "regime_class", "step_month"]
