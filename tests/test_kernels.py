"""Verification: every compiled (Numba) kernel gives exactly what its NumPy reference gives.

The kernels do no transcendental work and no reassociation (row sums use NumPy's pairwise
order, column sums and running sums its sequential order), so the claim is bit-identity
(``np.array_equal``), on random inputs and on whole runs; a tolerance is never needed.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netpolitik.engine import capacity, incidents, responses, security, sharing, trust
from netpolitik.engine.compiled import nonzero_cells, pairwise_sum
from netpolitik.engine.setup import from_world
from netpolitik.engine.simulator import ORDER, simulate, start
from netpolitik.engine.state import State, evolve
from netpolitik.engine.synthetic import synthetic_setting
from netpolitik.params import Params
from netpolitik.world import load_world

FEW = settings(max_examples=15, deadline=None)


def random_state(n: int, seed: int) -> State:
    """A started synthetic state with random trust, sanctions, sharing links and history."""
    rng = np.random.default_rng(seed)
    setting, levers, gdp = synthetic_setting(n, seed=seed)
    setting = type(setting)(
        **{f: getattr(setting, f) for f in ("iso3", "regime", "capability", "population")},
        internet=setting.internet,
        rivalry=setting.rivalry,
        shared=setting.shared,
        trade=setting.trade,
        past_operations=rng.exponential(0.3, (n, n)) * (rng.random((n, n)) < 0.1),
    )
    state = start(setting, levers, gdp, Params())
    t = rng.random((n, n))
    t[rng.random((n, n)) < 0.05] = rng.choice([0.0, 1.0, 1e-9])
    np.fill_diagonal(t, 1.0)
    sanctions = np.where(rng.random((n, n)) < 0.05, rng.integers(1, 30, (n, n)), 0)
    partners = np.where(rng.random((n, n)) < 0.2, rng.random((n, n)), 0.0)
    np.fill_diagonal(partners, 0.0)
    return evolve(state, trust=t, sanctions=sanctions, partners=partners)


sizes = st.integers(min_value=2, max_value=40)
seeds = st.integers(min_value=0, max_value=10_000)


@FEW
@given(st.lists(st.floats(-1e6, 1e6), max_size=700))
def test_pairwise_sum_is_numpy_sum(values):
    """The kernel's summation order is NumPy's: equal sums, not merely close ones."""
    x = np.asarray(values, dtype=float)
    assert pairwise_sum(x) == np.sum(x)


@FEW
@given(sizes, seeds, st.floats(0.0, 0.9))
def test_nonzero_cells_is_numpy_nonzero(n, seed, density):
    a = np.random.default_rng(seed).random((n, n + 1))
    a[a >= density] = 0.0
    for got, want in zip(nonzero_cells(a), np.nonzero(a), strict=True):
        assert np.array_equal(got, want)


@FEW
@given(sizes, seeds)
def test_trust_step_matches_reference(n, seed):
    state = random_state(n, seed)
    rng = np.random.default_rng(0)
    got = trust.step(state, Params(), rng).trust
    want = trust.step_reference(state, Params(), rng).trust
    assert np.array_equal(got, want)


@FEW
@given(sizes, seeds)
def test_apply_evidence_matches_reference(n, seed):
    state = random_state(n, seed)
    shift = np.random.default_rng(seed).normal(0.0, 2.0, (n, n))
    assert np.array_equal(
        trust.apply_evidence(state.trust, shift),
        trust.apply_evidence_reference(state.trust, shift),
    )


@FEW
@given(sizes, seeds)
def test_tie_columns_match_ties(n, seed):
    state = random_state(n, seed)
    columns = np.random.default_rng(seed).integers(0, n, 5)
    weight = trust.tie_weight(state)
    got = trust.tie_columns(state.trust, weight, columns)
    assert np.array_equal(got, trust.tie_columns_reference(state.trust, weight, columns))
    full = trust.ties(state.trust, trust.shared_memberships(state))
    assert np.array_equal(got, full[:, columns])


@FEW
@given(sizes, seeds)
def test_capacity_step_matches_reference(n, seed):
    state = security.step(random_state(n, seed), Params(), np.random.default_rng(0))
    rng = np.random.default_rng(0)
    got, want = capacity.step(state, Params(), rng), capacity.step_reference(state, Params(), rng)
    for name in ("trust", "aid_given", "aid_received", "aid_stock", "levers"):
        assert np.array_equal(getattr(got, name), getattr(want, name)), name


@FEW
@given(sizes, seeds)
def test_attack_rates_match_reference(n, seed):
    state = random_state(n, seed)
    rate, cumulative = incidents.rates(state, Params())
    want = incidents.attack_rate(state, Params())
    assert np.array_equal(rate, want)
    assert np.array_equal(cumulative, np.cumsum(want.ravel()))


@FEW
@given(st.integers(min_value=2, max_value=150), seeds)
def test_tiled_links_match_reference(n, seed):
    """Also across tile edges (64); the engine uses the tiled links only for large N."""
    state = random_state(n, seed)
    got = sharing.links_tiled(state, Params())
    assert np.array_equal(got, sharing.links_reference(state, Params()))


def reference_order() -> tuple:
    """:data:`ORDER` with the plain-NumPy steps in place of the compiled ones."""
    swap = {"trust": trust.step_reference, "capacity": capacity.step_reference}
    return tuple((name, swap.get(name, step)) for name, step in ORDER)


def numpy_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Route the compiled helpers that mechanisms call through their references."""

    def rates(state, params):
        rate = incidents.attack_rate(state, params)
        return rate, np.cumsum(rate.ravel())

    monkeypatch.setattr(incidents, "rates", rates)
    monkeypatch.setattr(trust, "apply_evidence", trust.apply_evidence_reference)
    monkeypatch.setattr(trust, "tie_columns", trust.tie_columns_reference)
    monkeypatch.setattr(trust, "nonzero_cells", np.nonzero)
    monkeypatch.setattr(responses, "nonzero_cells", np.nonzero)


def test_real_world_run_is_bit_identical_to_numpy():
    """A full-model run of the real world (clubs, sanctions, aid, attributions): compiled
    and NumPy-only give identical trajectories for the same seed."""
    got = simulate(*from_world(load_world()), steps=24, seed=3)
    with pytest.MonkeyPatch.context() as patch:
        numpy_only(patch)
        want = simulate(*from_world(load_world()), steps=24, seed=3, mechanisms=reference_order())
    assert got.global_["attributed"].sum() > 0 and got.global_["sanctions"].max() > 0
    assert np.array_equal(got.final.trust, want.final.trust)
    for name, series in want.global_.items():
        assert np.array_equal(got.global_[name], series, equal_nan=True), name
    for name, series in want.countries.items():
        assert np.array_equal(got.countries[name], series, equal_nan=True), name
