"""The played world: the engine's state advanced a turn at a time under the seats' orders.

:class:`PlayedWorld` builds the scenario, starts the engine (:func:`~netpolitik.engine.
simulator.start`) with the run's one generator (``SeedSequence(seed)``) and plays a turn
with :meth:`PlayedWorld.play`: injects join the schedule, decisions become orders
(:mod:`netpolitik.exercise.orders`), the turn's months run through the engine's mechanisms
in their fixed order, and everything that happened is written to the timeline with who
could see it (:mod:`netpolitik.exercise.fog` filters it). The same configuration and log
of decisions and injects replay bit-identically (:attr:`Turn.digest`).

Successful state operations are *detected* by their victim (it sees the damage) and known
to their attacker; their true attacker is recorded but hidden from everyone else.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, fields, is_dataclass, replace
from typing import Any

import numpy as np

from netpolitik.engine.simulator import advance, make_rng, start
from netpolitik.engine.state import RESPONSES, State, evolve
from netpolitik.engine.trust import mean_trust
from netpolitik.errors import InputError
from netpolitik.exercise.config import ExerciseConfig
from netpolitik.exercise.decisions import Context, Decision, parse_decision
from netpolitik.exercise.injects import to_event
from netpolitik.exercise.orders import Incident, TurnOrders, apply_end, apply_start, turn_mechanisms
from netpolitik.scenario.build import Built, build
from netpolitik.scenario.library import load_scenario

#: Indicators recorded for each seat at the end of every turn (name: meaning).
INDICATORS: dict[str, str] = {
    "security": "effective security, 0-1",
    "reputation": "mean trust of all other states in it, 0-1",
    "trust": "its mean trust in all other states, 0-1",
    "gdp": "annual GDP, billion 2015 US$",
    "damage": "damage from incidents this turn, billion US$",
    "incidents": "successful state operations against it this turn",
    "sanctioned_by": "states sanctioning it",
}
#: World indicators at the end of every turn.
WORLD: dict[str, str] = {
    "security": "mean effective security",
    "trust": "mean trust between states",
    "sanctions": "active sanction episodes",
    "attributions": "public attributions this turn",
}


@dataclass
class Turn:
    """The record of one played turn."""

    number: int
    events: list[dict[str, Any]]
    indicators: dict[str, dict[str, float]]
    digest: str = ""


def state_arrays(obj: Any, prefix: str = "") -> list[tuple[str, np.ndarray]]:
    """Every array and number of a state (nested flows and queues too; not the setting)."""
    out: list[tuple[str, np.ndarray]] = []
    for f in fields(obj):
        if f.name in ("setting", "derived"):
            continue
        value = getattr(obj, f.name)
        if is_dataclass(value):
            out += state_arrays(value, f"{prefix}{f.name}.")
        elif value is not None:
            out.append((prefix + f.name, np.asarray(value)))
    return out


def digest(state: State, rng: np.random.Generator) -> str:
    """SHA-256 of every array of ``state`` and the generator's state: equal digests mean
    bit-identical worlds."""
    h = hashlib.sha256()
    for name, arr in state_arrays(state):
        h.update(name.encode())
        h.update(str(arr.dtype).encode())
        h.update(np.ascontiguousarray(arr).tobytes())
    h.update(repr(rng.bit_generator.state).encode())
    return h.hexdigest()


def build_exercise(cfg: ExerciseConfig) -> Built:
    """The scenario of ``cfg`` built for the exercise's months and seed; seats checked."""
    built = build(load_scenario(cfg.scenario), years=cfg.months / 12.0, seed=cfg.seed)
    iso3 = built.setting.iso3
    for k, code in enumerate(cfg.seats):
        if code not in iso3:
            raise InputError(
                f"seats[{k}]: {code!r} is not a country of scenario {cfg.scenario!r}; "
                f"use ISO3 codes of its world, e.g. {', '.join(iso3[:3])}"
            )
    built.setting = replace(built.setting, adaptation=cfg.adaptation)
    return built


@dataclass
class PlayedWorld:
    """The engine state of an exercise and its timeline, a turn at a time."""

    cfg: ExerciseConfig
    built: Built = field(init=False)
    state: State = field(init=False)
    rng: np.random.Generator = field(init=False)
    turns: list[Turn] = field(default_factory=list)
    incidents: dict[str, Incident] = field(default_factory=dict)
    human: bool = True

    def __post_init__(self) -> None:
        self.built = build_exercise(self.cfg)
        b = self.built
        self.state = start(b.setting, b.levers, b.gdp, b.params)
        self.rng = make_rng(self.cfg.seed)

    @property
    def iso3(self) -> tuple[str, ...]:
        return self.state.setting.iso3

    @property
    def seat_index(self) -> tuple[int, ...]:
        return tuple(self.iso3.index(s) for s in self.cfg.seats)

    @property
    def done(self) -> bool:
        return len(self.turns) >= self.cfg.turns

    def context(self, seat: str) -> Context:
        """What ``seat``'s decisions are checked against now."""
        i = self.iso3.index(seat)
        c = self.state.setting.clubs
        mine = frozenset(k for k, v in self.incidents.items() if v.target == i)
        member = tuple(bool(x) for x in self.state.members[i]) if c.k else ()
        return Context(seat, self.iso3, c.names, member, mine)

    def check(self, seat: str, data: Any) -> Decision:
        """``data`` validated as ``seat``'s decision for the coming turn."""
        if seat not in self.cfg.seats:
            raise InputError(
                f"seat: {seat!r} is not a seat of this exercise; "
                f"use one of {', '.join(self.cfg.seats)}"
            )
        return parse_decision(data, self.context(seat))

    def play(self, decisions: dict[str, Any], injects: list[dict[str, Any]]) -> Turn:
        """Play the next turn with ``decisions`` (raw, by seat) and ``injects`` (raw)."""
        if self.done:
            raise InputError(f"turn: all {self.cfg.turns} turns are played; the exercise has ended")
        number = len(self.turns) + 1
        checked = {s: self.check(s, d) for s, d in decisions.items()}
        first = self.state.step + 1
        events = [to_event(e, self.iso3, first) for e in injects]
        log: list[dict[str, Any]] = [
            {"kind": "inject", "month": first, "public": True, "event": e} for e in injects
        ]
        if events:
            setting = replace(self.state.setting, events=self.state.setting.events + tuple(events))
            self.state = evolve(self.state, setting=setting)
        idx = {self.iso3.index(s): d for s, d in checked.items()}
        held = self.seat_index if self.human else ()
        orders = TurnOrders(first, idx, self.incidents, self.iso3, held)
        for s, d in checked.items():
            log.append(
                {
                    "kind": "decision",
                    "month": first,
                    "to": [s],
                    "seat": s,
                    "decision": d.model_dump(),
                }
            )
            log += [
                {"kind": "sanction", "month": first, "public": True, "by": s, "on": c}
                for c in d.sanction
            ]
            log += [
                {"kind": "restraint", "month": first, "public": True, "by": s, "on": c}
                for c in d.restrain
            ]
        state = apply_start(self.state, orders, self.built.params)
        mechs = turn_mechanisms(orders, state.setting.clubs.names)
        damage = np.zeros(len(self.iso3))
        hit = np.zeros(len(self.iso3))
        for _ in range(self.cfg.turn_months):
            before = state
            state = advance(state, self.built.params, self.rng, mechs)
            log += self._month_events(before, state, number)
            damage += state.flows.damage
            np.add.at(hit, state.flows.new_target, 1)
        state, apps = apply_end(state, orders, self.built.params)
        names = state.setting.clubs.names
        for i, k, ok in apps:
            log.append(
                {
                    "kind": "application",
                    "month": state.step,
                    "public": True,
                    "seat": self.iso3[i],
                    "club": names[k],
                    "admitted": ok,
                }
            )
        self.state = state
        turn = Turn(number, [{"turn": number, **e} for e in log], self._indicators(damage, hit))
        turn.indicators["world"]["attributions"] = float(
            sum(e["kind"] == "attribution" for e in log)
        )
        turn.digest = digest(state, self.rng)
        self.turns.append(turn)
        return turn

    def _month_events(self, before: State, after: State, number: int) -> list[dict[str, Any]]:
        iso, f, m = self.iso3, after.flows, after.step
        out: list[dict[str, Any]] = []
        for k, (a, t, s) in enumerate(
            zip(f.new_attacker, f.new_target, f.new_severity, strict=True)
        ):
            inc = Incident(f"T{number}M{m}-{k + 1}", m, int(a), int(t), int(s))
            self.incidents[inc.id] = inc
            out.append(
                {
                    "kind": "incident",
                    "month": m,
                    "id": inc.id,
                    "target": iso[t],
                    "attacker": iso[a],
                    "severity": int(s),
                    "to": [iso[t], iso[a]],
                    "secret": ["attacker"],
                    "knows": [iso[a]],
                }
            )
        for a, t, s in zip(f.private_attacker, f.private_target, f.private_severity, strict=True):
            shared = [iso[j] for j in np.flatnonzero(after.partners[:, t] > 0) if j != t]
            out.append(
                {
                    "kind": "trace",
                    "month": m,
                    "victim": iso[t],
                    "named": iso[a],
                    "severity": int(s),
                    "to": [iso[t], *shared],
                    "shared_by": iso[t],
                }
            )
        for a, t, s, true, r in zip(
            f.attributed_attacker,
            f.attributed_target,
            f.attributed_severity,
            f.attributed_true,
            f.attributed_response,
            strict=True,
        ):
            out.append(
                {
                    "kind": "attribution",
                    "month": m,
                    "public": True,
                    "victim": iso[t],
                    "named": iso[a],
                    "severity": int(s),
                    "true": bool(true),
                    "response": RESPONSES[int(r)],
                    "secret": ["true"],
                }
            )
        started = np.argwhere((after.sanctions > 0) & (before.sanctions == 0))
        ended = np.argwhere((after.sanctions == 0) & (before.sanctions > 0))
        for kind, pairs in (("sanction", started), ("sanction_lifted", ended)):
            out += [
                {"kind": kind, "month": m, "public": True, "by": iso[i], "on": iso[j]}
                for i, j in pairs
            ]
        for kind, mask in (("accession", after.accessions), ("exclusion", after.exits)):
            if mask is not None and mask.any():
                names = after.setting.clubs.names
                out += [
                    {"kind": kind, "month": m, "public": True, "country": iso[i], "club": names[k]}
                    for i, k in np.argwhere(mask)
                ]
        for i, j in np.argwhere(f.misuse):
            out.append(
                {"kind": "misuse", "month": m, "to": [iso[i]], "victim": iso[i], "by": iso[j]}
            )
        return out

    def _indicators(self, damage: np.ndarray, hit: np.ndarray) -> dict[str, dict[str, float]]:
        st, n = self.state, len(self.iso3)
        others = (st.trust.sum(axis=0) - np.diag(st.trust)) / (n - 1)
        own = (st.trust.sum(axis=1) - np.diag(st.trust)) / (n - 1)
        out: dict[str, dict[str, float]] = {}
        for s, i in zip(self.cfg.seats, self.seat_index, strict=True):
            out[s] = {
                "security": float(st.security[i]),
                "reputation": float(others[i]),
                "trust": float(own[i]),
                "gdp": float(st.gdp[i] / 1e9),
                "damage": float(damage[i] / 1e9),
                "incidents": float(hit[i]),
                "sanctioned_by": float((st.sanctions[:, i] > 0).sum()),
            }
        out["world"] = {
            "security": float(st.security.mean()),
            "trust": float(mean_trust(st.trust)),
            "sanctions": float((st.sanctions > 0).sum()),
            "attributions": 0.0,
        }
        return out
