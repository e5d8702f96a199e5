"""The batched core path equals R unbatched runs with the same seeds, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest

from netpolitik.engine.batched import simulate_core_batch
from netpolitik.engine.setup import from_world
from netpolitik.engine.simulator import CORE, simulate
from netpolitik.engine.synthetic import synthetic_setting
from netpolitik.errors import InputError
from netpolitik.world import load_world


def _assert_identical(a, b) -> None:
    for group in ("global_", "countries", "dyads"):
        for name, values in getattr(a, group).items():
            assert np.array_equal(values, getattr(b, group)[name]), (group, name)
    assert np.array_equal(a.final.trust, b.final.trust)
    assert np.array_equal(a.final.sanctions, b.final.sanctions)


@pytest.mark.parametrize("world", ["real", "synthetic"])
def test_batched_equals_unbatched(world):
    if world == "real":
        setting, levers, gdp = from_world(load_world())
        params = None
    else:
        setting, levers, gdp = synthetic_setting(30, seed=4, rivalry_share=0.3)
        from netpolitik.params import Params

        params = Params().with_overrides({"attack_rate": 5.0})  # plenty of incidents
    seeds = [11, 12, 13, np.random.SeedSequence(5, spawn_key=(2,))]
    batched = simulate_core_batch(setting, levers, gdp, steps=60, seeds=seeds, params=params)
    for seed, run in zip(seeds, batched, strict=True):
        alone = simulate(setting, levers, gdp, steps=60, seed=seed, params=params,
                         mechanisms=CORE)
        _assert_identical(run, alone)
    assert batched[0].global_["attributed"].sum() > 0  # the comparison saw real incidents
    assert not np.array_equal(batched[0].dyads["incidents"], batched[1].dyads["incidents"])


def test_batched_refuses_empty_seeds_and_tiny_worlds():
    setting, levers, gdp = synthetic_setting(4, seed=0)
    with pytest.raises(InputError, match="seeds"):
        simulate_core_batch(setting, levers, gdp, steps=2, seeds=[])
