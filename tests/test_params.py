"""The parameter structure: documented, validated, overridable."""

from __future__ import annotations

import pytest

from netpolitik.errors import InputError
from netpolitik.params import Params


def test_every_parameter_has_meaning_unit_and_source():
    for row in Params.table():
        assert row["doc"] and row["unit"] and row["source"], row["name"]


def test_defaults_lie_in_their_ranges():
    Params.model_validate(Params().model_dump())  # re-validates every default


def test_override_validates_and_names_the_field():
    assert Params().with_overrides({"trust_rate": 0.2}).trust_rate == 0.2
    with pytest.raises(InputError, match=r"params.trust_rate: bad value 1.7.*\[0, 1\]"):
        Params().with_overrides({"trust_rate": 1.7})
    with pytest.raises(InputError, match="params.no_such: unknown parameter"):
        Params().with_overrides({"no_such": 1})
    with pytest.raises(InputError, match="params.trust_rate"):
        Params().with_overrides({"trust_rate": float("nan")})


def test_params_are_frozen():
    with pytest.raises(Exception):  # noqa: B017 - pydantic raises ValidationError
        Params().trust_rate = 0.3  # type: ignore[misc]
