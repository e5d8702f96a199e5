"""``engine.state.evolve``: the engine's cheap ``dataclasses.replace`` (verification)."""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np
import pytest
from engine_states import uniform_state

from netpolitik.engine.state import evolve


def test_evolve_equals_replace_and_leaves_the_original_alone():
    state = uniform_state(3)
    trust = np.full((3, 3), 0.2)
    a, b = evolve(state, trust=trust, step=5), replace(state, trust=trust, step=5)
    assert type(a) is type(b)
    for f in fields(state):
        assert getattr(a, f.name) is getattr(b, f.name)
    assert state.step == 0 and state.trust is not trust
    flows = evolve(state.flows, misuse=np.ones((3, 3)))
    assert flows.misuse.sum() == 9 and state.flows.misuse is not flows.misuse


def test_evolve_refuses_unknown_fields_and_keeps_post_init_classes_on_replace():
    state = uniform_state(3)
    with pytest.raises(TypeError, match="no field 'trusst'"):
        evolve(state, trusst=np.zeros((3, 3)))
    setting = evolve(state.setting, adaptation="local")  # Setting has __post_init__
    assert setting.adaptation == "local" and setting.derived == {}


def test_derive_keeps_a_value_while_its_inputs_are_the_same_objects():
    setting = uniform_state(3).setting
    key, calls = object(), []

    def compute():
        calls.append(1)
        return np.ones(3)

    first = setting.derive("x", (key,), compute)
    assert setting.derive("x", (key,), compute) is first and len(calls) == 1
    assert not first.flags.writeable
    setting.derive("x", (object(),), compute)
    assert len(calls) == 2
