"""Scripted decision logs (YAML) for headless play, replays and tests.

A script lists turns; each gives the seats' decisions (by ISO3 code, the fields of
:class:`~netpolitik.exercise.decisions.Decision`) and the facilitator's injects::

    turns:
      - turn: 1
        decisions:
          EST: {levers: {defense: 0.1}, share: [USA]}
          RUS: {levers: {offense: 0.2}}
        injects:
          - {kind: ai_wave, values: {boost: 0.2}}
      - turn: 2
        decisions:
          USA: {sanction: [RUS]}

:func:`dump_script` writes an exercise's log in the same form, so a played exercise can be
replayed from it (``netpolitik exercise log`` then ``netpolitik exercise play``).

Examples
--------
>>> s = parse_script({"turns": [{"turn": 1, "decisions": {"EST": {"share": ["USA"]}}}]})
>>> s.turns[0].decisions
{'EST': {'share': ['USA']}}
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netpolitik.errors import InputError
from netpolitik.exercise.config import MAX_TURNS, config_error
from netpolitik.io import atomic_path


class ScriptTurn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    turn: Annotated[int, Field(ge=1, le=MAX_TURNS)]
    decisions: dict[str, dict[str, Any]] = {}
    injects: Annotated[list[dict[str, Any]], Field(max_length=20)] = []


class Script(BaseModel):
    model_config = ConfigDict(extra="forbid")
    turns: Annotated[list[ScriptTurn], Field(max_length=MAX_TURNS)]


def parse_script(data: Any) -> Script:
    """A validated :class:`Script`; turns must be consecutive."""
    try:
        script = Script.model_validate(data)
    except ValidationError as exc:
        raise config_error(exc) from None
    numbers = [t.turn for t in script.turns]
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))) if numbers else False:
        raise InputError(
            f"turns: turn numbers {numbers} are not consecutive; list turns 1, 2, 3, ..."
        )
    return script


def load_script(path: str | Path) -> Script:
    """Read a YAML decision log."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(
            f"--decisions: cannot read {str(path)!r} ({type(exc).__name__}); give a YAML file"
        ) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        where = f" at line {line + 1}" if line is not None else ""
        raise InputError(
            f"--decisions: {str(path)!r} is not valid YAML{where}; fix the syntax"
        ) from None
    if not isinstance(data, dict):
        raise InputError(f"--decisions: {str(path)!r} must be a mapping with a 'turns' list")
    return parse_script(data)


def dump_script(log: list[tuple[dict[str, Any], list[dict[str, Any]]]], path: str | Path) -> Path:
    """Write a log (decisions and injects per turn) as a YAML script, atomically."""
    turns = [
        {"turn": k + 1, "decisions": decisions, "injects": injects}
        for k, (decisions, injects) in enumerate(log)
    ]
    path = Path(path)
    with atomic_path(path) as tmp:
        tmp.write_text(yaml.safe_dump({"turns": turns}, sort_keys=False), encoding="utf-8")
    return path
