"""Tests for the Axelrod & Iliev (2014) timing-of-cyber-conflict model."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from netpolitik.errors import InputError
from netpolitik.models.timing import (
    RAND_MEAN_LIFETIME_YEARS,
    optimal_threshold,
    persistence_from_lifetime,
    use_rate,
    value_iteration,
)

GRID = np.linspace(0.0, 1.0, 6)
DISCOUNTS = [0.0, 0.5, 0.9, 0.95]


@pytest.mark.parametrize("w", DISCOUNTS)
def test_closed_form_matches_value_iteration(w: float) -> None:
    for s, p in itertools.product(GRID, GRID):
        t_cf, v_cf = optimal_threshold(s, p, w)
        t_vi, v_vi = value_iteration(s, p, w)
        assert t_cf == pytest.approx(t_vi, abs=1e-4), (s, p, w)
        assert v_cf == pytest.approx(v_vi, abs=1e-4), (s, p, w)


def test_closed_form_solves_bellman_equation() -> None:
    s, p, w = 0.2, 0.95, 0.9
    t, v = optimal_threshold(s, p, w)
    # V = T*wPV + integral_T^1 (x + wSV) dx
    rhs = t * w * p * v + (1 - t**2) / 2 + (1 - t) * w * s * v
    assert v == pytest.approx(rhs, abs=1e-12)
    assert t == pytest.approx(w * (p - s) * v, abs=1e-12)


@pytest.mark.parametrize("s,p", [(0.5, 0.5), (0.9, 0.1), (1.0, 0.0), (1.0, 1.0)])
def test_stealth_at_least_persistence_means_use_at_once(s: float, p: float) -> None:
    t, v = optimal_threshold(s, p, 0.9)
    assert t == 0.0
    assert v == pytest.approx(0.5 / (1 - 0.9 * s))
    assert use_rate(s, p, 0.9) == 1.0


def test_threshold_increases_with_persistence() -> None:
    ts = [optimal_threshold(0.1, p, 0.9)[0] for p in np.linspace(0.1, 1.0, 10)]
    assert np.all(np.diff(ts) > 0)


def test_threshold_decreases_with_stealth() -> None:
    ts = [optimal_threshold(s, 0.95, 0.9)[0] for s in np.linspace(0.0, 0.95, 10)]
    assert np.all(np.diff(ts) < 0)


def test_threshold_increases_with_patience() -> None:
    ts = [optimal_threshold(0.1, 0.9, w) for w in np.linspace(0.1, 0.99, 10)]
    assert np.all(np.diff([t for t, _ in ts]) > 0)


def test_high_stakes_use_low_stakes_wait() -> None:
    # The paper's central result: use the resource when the stakes are high enough.
    s, p, w = 0.1, 0.9, 0.9
    t, v = optimal_threshold(s, p, w)
    assert 0 < t < 1
    for x in (0.0, t / 2):
        assert x + w * s * v < w * p * v  # waiting is better at low stakes
    for x in (t + 1e-9, (1 + t) / 2, 1.0):
        assert x + w * s * v >= w * p * v  # using is better at high stakes


def test_use_rate_is_vectorised() -> None:
    s = np.array([0.0, 0.1, 0.5, 0.9])
    rates = use_rate(s, 0.9, 0.9)
    assert isinstance(rates, np.ndarray) and rates.shape == (4,)
    expected = [1 - optimal_threshold(si, 0.9, 0.9)[0] for si in s]
    np.testing.assert_allclose(rates, expected)
    assert isinstance(use_rate(0.1, 0.9, 0.9), float)


def test_persistence_from_rand_lifetime() -> None:
    assert RAND_MEAN_LIFETIME_YEARS == 6.9
    assert persistence_from_lifetime(6.9) == pytest.approx(1 - 1 / 82.8)
    assert persistence_from_lifetime(6.9, period_months=3) == pytest.approx(1 - 1 / 27.6)


@pytest.mark.parametrize(
    "args,field",
    [
        ((-0.1, 0.5, 0.9), "stealth"),
        ((0.1, 1.5, 0.9), "persistence"),
        ((0.1, np.nan, 0.9), "persistence"),
        ((0.1, 0.5, 1.0), "discount"),
        ((0.1, 0.5, -0.2), "discount"),
    ],
)
def test_invalid_inputs_raise(args: tuple[float, float, float], field: str) -> None:
    for func in (optimal_threshold, value_iteration, use_rate):
        with pytest.raises(InputError, match=field):
            func(*args)


def test_invalid_lifetime_raises() -> None:
    with pytest.raises(InputError, match="mean_lifetime_years"):
        persistence_from_lifetime(0.01)
    with pytest.raises(InputError, match="period_months"):
        persistence_from_lifetime(6.9, period_months=0)
    with pytest.raises(InputError, match="stealth"):
        use_rate([0.1, 2.0], 0.5, 0.9)
