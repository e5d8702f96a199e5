"""Play it: a turn-based cyber-diplomacy exercise for classes and tabletop war-games.

Seats (teams) play the governments of chosen countries against the model, a turn (a
quarter by default) at a time; every other state follows the model's adaptation policy.
See ``docs/exercise.md``.

Modules: :mod:`~.config` (what is played), :mod:`~.seats` (codes), :mod:`~.decisions`
(the menu of a turn), :mod:`~.orders` (decisions into the engine), :mod:`~.injects`
(facilitator events), :mod:`~.world` (the played engine state and timeline), :mod:`~.fog`
(what each seat sees), :mod:`~.store` (the SQLite file), :mod:`~.replay` (replay and
counterfactual), :mod:`~.script` (YAML decision logs), :mod:`~.game` (controls).
"""

from __future__ import annotations

from netpolitik.exercise.config import ExerciseConfig, make_config
from netpolitik.exercise.game import Game

__all__ = ["ExerciseConfig", "Game", "make_config"]
