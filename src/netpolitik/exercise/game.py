"""The game: a stored exercise with its facilitator controls, turn by turn.

:class:`Game` ties the exercise file (:mod:`~netpolitik.exercise.store`) to the played
world (:mod:`~netpolitik.exercise.world`). Opening a file replays its log and checks every
turn against its stored digest, so a restarted server resumes exactly where it was, with
the current turn's submitted decisions and injects still waiting.

Controls: ``lobby`` -> :meth:`Game.start` -> ``running`` <-> :meth:`Game.pause` ->
``paused``; after the last turn ``ended``; :meth:`Game.reveal` shows the truth to every
seat. A turn advances when every seat has submitted (while running), when the
facilitator's deadline has passed (checked by :meth:`Game.tick`, which the web app calls
on every poll, about once a second), or when the facilitator advances it by hand (seats
that did not submit hold their course).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from netpolitik.errors import InputError
from netpolitik.exercise import fog, seats
from netpolitik.exercise.config import ExerciseConfig
from netpolitik.exercise.decisions import Decision
from netpolitik.exercise.injects import to_event
from netpolitik.exercise.replay import Log, counterfactual, replay, verify
from netpolitik.exercise.store import ExerciseStore, snapshot
from netpolitik.exercise.world import PlayedWorld, Turn, state_arrays

#: Longest deadline the facilitator may set (minutes).
MAX_DEADLINE_MINUTES = 240


class Game:
    """One exercise, opened from its file (see the module docstring)."""

    def __init__(self, path: str | Path) -> None:
        self.store = ExerciseStore(path)
        self.cfg = self.store.config()
        self.lock = threading.RLock()
        stored = self.store.turns()
        self.world = replay(self.cfg, self.log()[: len(stored)])
        verify(self.world, [d for _, d, _, _ in stored])

    @classmethod
    def create(cls, path: str | Path, cfg: ExerciseConfig) -> tuple[Game, dict[str, str]]:
        """A new exercise file; returns the game and the codes by role (shown once)."""
        PlayedWorld(cfg)  # checks the scenario and the seats before anything is written
        codes = {role: seats.new_code() for role in [*cfg.seats, seats.FACILITATOR]}
        ExerciseStore.create(path, cfg, {r: seats.digest(c) for r, c in codes.items()})
        return cls(path), codes

    # ------------------------------------------------------------------ state
    @property
    def turn(self) -> int:
        """The turn being decided (1-based); ``turns + 1`` once ended."""
        return len(self.world.turns) + 1

    @property
    def controls(self) -> dict[str, Any]:
        return self.store.controls()

    def log(self) -> Log:
        """Decisions and injects of every turn stored so far (the current one included)."""
        last = max(len(self.store.turns()) + 1, 1)
        return [
            (self.store.decisions(t), self.store.injects(t))
            for t in range(1, last + 1)
            if t <= self.cfg.turns
        ]

    def played_log(self) -> Log:
        return self.log()[: len(self.world.turns)]

    def role(self, code: object) -> str | None:
        """The role of a seat code, checked against the stored digests."""
        return seats.role_of(code, self.store.digests())

    def submitted(self) -> list[str]:
        return sorted(self.store.decisions(self.turn))

    # ------------------------------------------------------------------ actions
    def _open(self) -> None:
        if self.world.done:
            raise InputError(f"turn: all {self.cfg.turns} turns are played; the exercise has ended")

    def submit(self, seat: str, data: Any) -> Decision:
        """Store ``seat``'s decision for the current turn (replacing an earlier one)."""
        with self.lock:
            self._open()
            decision = self.world.check(seat, data)
            self.store.put_decision(
                self.turn, seat, decision.model_dump(mode="json", exclude_defaults=True)
            )
            if self.controls["status"] == "running" and len(self.submitted()) == len(
                self.cfg.seats
            ):
                self.advance()
            return decision

    def inject(self, data: Any) -> None:
        """Schedule a shock-menu event for the first month of the current turn."""
        with self.lock:
            self._open()
            to_event(data, self.world.iso3, self.world.state.step + 1)
            self.store.put_inject(self.turn, data)

    def advance(self) -> Turn:
        """Play the current turn with what has been submitted, and store it."""
        with self.lock:
            self._open()
            t = self.turn
            turn = self.world.play(self.store.decisions(t), self.store.injects(t))
            snap = snapshot(state_arrays(self.world.state))
            self.store.put_turn(t, turn.digest, turn.events, turn.indicators, snap)
            status = "ended" if self.world.done else self.controls["status"]
            self.store.set_controls(status=status, deadline=None)
            return turn

    def start(self) -> None:
        with self.lock:
            self._open()
            self.store.set_controls(status="running")

    def pause(self) -> None:
        with self.lock:
            self._open()
            self.store.set_controls(status="paused")

    def set_deadline(self, minutes: Any, now: float) -> float:
        """Advance the turn ``minutes`` from ``now`` (epoch seconds); returns the deadline."""
        if (
            isinstance(minutes, bool)
            or not isinstance(minutes, int | float)
            or not 0 < minutes <= MAX_DEADLINE_MINUTES
        ):
            raise InputError(
                f"deadline: {minutes!r} is not a number of minutes; "
                f"use 1-{MAX_DEADLINE_MINUTES}, e.g. 15"
            )
        with self.lock:
            self._open()
            deadline = now + 60.0 * float(minutes)
            self.store.set_controls(deadline=deadline)
            return deadline

    def reveal(self) -> None:
        with self.lock:
            self.store.set_controls(revealed=True)

    def tick(self, now: float) -> Turn | None:
        """Advance the turn if it is running and its deadline has passed."""
        with self.lock:
            c = self.controls
            if c["status"] == "running" and c["deadline"] is not None and now >= c["deadline"]:
                return self.advance()
            return None

    # ------------------------------------------------------------------ views
    def timeline(self) -> list[dict[str, Any]]:
        return [e for t in self.world.turns for e in t.events]

    def view(self, role: str) -> list[dict[str, Any]]:
        """The timeline as ``role`` sees it (fog of war)."""
        return fog.view(self.timeline(), role, revealed=bool(self.controls["revealed"]))

    def indicators(self, role: str) -> dict[str, list[float]]:
        """``role``'s own indicators by turn (every seat's and the world's for the facilitator)."""
        keys = [*self.cfg.seats, "world"] if role == seats.FACILITATOR else [role]
        out: dict[str, list[float]] = {}
        for key in keys:
            for t in self.world.turns:
                for name, v in t.indicators[key].items():
                    out.setdefault(f"{key}.{name}", []).append(v)
        return out

    def counterfactual(self) -> PlayedWorld:
        return counterfactual(self.cfg, self.played_log())
