"""Replay and counterfactual: the same scenario and seed, with or without the humans.

:func:`replay` rebuilds an exercise from its configuration and its log of decisions and
injects by turn: the engine is deterministic given the seed, so every turn's
:attr:`~netpolitik.exercise.world.Turn.digest` comes out bit-identical to the one stored
(:func:`verify`). :func:`counterfactual` plays the same seed and the same injects with
*no* human decisions: the seats' countries are played by the model's adaptation policy
like every other state, so the difference shows what the humans changed.
"""

from __future__ import annotations

from typing import Any

from netpolitik.errors import InputError
from netpolitik.exercise.config import ExerciseConfig
from netpolitik.exercise.world import PlayedWorld

Log = list[tuple[dict[str, Any], list[dict[str, Any]]]]
"""Per turn (in order): decisions by seat and the facilitator's injects."""


def replay(cfg: ExerciseConfig, log: Log) -> PlayedWorld:
    """A world of ``cfg`` played through every turn of ``log``."""
    world = PlayedWorld(cfg)
    for decisions, injects in log:
        world.play(decisions, injects)
    return world


def counterfactual(cfg: ExerciseConfig, log: Log, turns: int | None = None) -> PlayedWorld:
    """The same seed and injects as ``log``, no decisions; seats played by the model."""
    world = PlayedWorld(cfg, human=False)
    for _, injects in log[: len(log) if turns is None else turns]:
        world.play({}, injects)
    return world


def verify(world: PlayedWorld, digests: list[str], what: str = "FILE") -> None:
    """Refuse a replay whose turns do not match the stored ``digests`` bit for bit."""
    for k, (turn, stored) in enumerate(zip(world.turns, digests, strict=True)):
        if turn.digest != stored:
            raise InputError(
                f"{what}: turn {k + 1} does not replay to its stored state (digest "
                f"{turn.digest[:12]} vs {stored[:12]}); the file was changed or written by "
                "another version of netpolitik"
            )
