"""The configuration of an exercise: scenario, turn length, turns, seats and seed.

An exercise is a scenario played in turns of ``turn_months`` months (default a quarter)
by human *seats*, each the government of one country; every other state is played by
the model's adaptation policy (M11, :mod:`netpolitik.engine.adaptation`).

Examples
--------
>>> cfg = ExerciseConfig(scenario="baseline", turns=4, seats=["usa", "EST"], seed=3)
>>> cfg.seats, cfg.turn_months, cfg.months
(['USA', 'EST'], 3, 12)
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from netpolitik.errors import InputError

#: Most turns an exercise may have (10 years of quarters).
MAX_TURNS = 40
#: Most seats (teams) an exercise may have.
MAX_SEATS = 12


class ExerciseConfig(BaseModel):
    """What an exercise plays (validated; unknown fields refused)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    scenario: Annotated[str, Field(min_length=1, max_length=200)]
    turns: Annotated[int, Field(ge=1, le=MAX_TURNS)] = 8
    turn_months: Annotated[int, Field(ge=1, le=12)] = 3
    seats: Annotated[list[str], Field(min_length=1, max_length=MAX_SEATS)]
    seed: Annotated[int, Field(ge=0, le=2**63 - 1)] = 0
    adaptation: Literal["local", "imitation"] = "local"

    @field_validator("seats", mode="before")
    @classmethod
    def _codes(cls, value: object) -> object:
        if isinstance(value, str):
            value = [v for v in value.split(",") if v.strip()]
        if isinstance(value, list):
            value = [str(v).strip().upper() for v in value]
            dup = sorted({v for v in value if value.count(v) > 1})
            if dup:
                raise ValueError(f"{dup[0]} appears twice; give each country one seat")
        return value

    @property
    def months(self) -> int:
        """Months the whole exercise simulates."""
        return self.turns * self.turn_months


def config_error(exc: ValidationError) -> InputError:
    """The first problem of a :class:`pydantic.ValidationError` as a one-line InputError."""
    err = exc.errors()[0]
    where = ".".join(str(p) for p in err["loc"]) or "exercise"
    got = err.get("input")
    shown = repr(got) if not isinstance(got, dict) else "{...}"
    if len(shown) > 60:
        shown = shown[:50] + "..."
    return InputError(f"{where}: {err['msg']} (got {shown})")


def make_config(**values: object) -> ExerciseConfig:
    """An :class:`ExerciseConfig`, or an InputError naming the bad field.

    >>> make_config(scenario="baseline", seats="USA", turns=0)
    Traceback (most recent call last):
    ...
    netpolitik.errors.InputError: turns: Input should be greater than or equal to 1 (got 0)
    """
    try:
        return ExerciseConfig.model_validate(values)
    except ValidationError as exc:
        raise config_error(exc) from None
