"""Shared fixtures (helpers for building states live in ``engine_states.py``)."""

from __future__ import annotations

import pytest

from netpolitik.params import Params


@pytest.fixture
def params() -> Params:
    return Params()
