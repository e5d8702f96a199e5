"""Tests for the noisy iterated prisoner's dilemma of intelligence sharing."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from types import ModuleType

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netpolitik.errors import InputError
from netpolitik.models.sharing_game import (
    STRATEGY_NAMES,
    cooperation_rate,
    gtft_forgiveness,
    long_run_distribution,
    long_run_payoffs,
    sharing_persistence,
    strategy,
)


@pytest.mark.parametrize("eps", [0.001, 0.01, 0.1])
def test_tft_self_play_is_quarter_of_payoff_sum(eps: float) -> None:
    u1, u2 = long_run_payoffs("TFT", "TFT", eps)
    assert u1 == pytest.approx(2.25, abs=1e-10)
    assert u2 == pytest.approx(2.25, abs=1e-10)


def test_wsls_self_play_matches_nowak_sigmund() -> None:
    # Implementation noise flips each intended move with probability eps.
    u1, u2 = long_run_payoffs("WSLS", "WSLS", 0.01)
    assert round(u1, 4) == 2.9511
    assert u1 == pytest.approx(u2)


def test_gtft_forgiveness_standard_payoffs() -> None:
    assert gtft_forgiveness(3, 0, 5, 1) == pytest.approx(1 / 3)
    assert gtft_forgiveness() == pytest.approx(1 / 3)
    np.testing.assert_allclose(strategy("GTFT"), [1, 1 / 3, 1, 1 / 3, 1])


@pytest.mark.parametrize("eps", [0.0, 0.01, 0.1])
def test_alld_self_play(eps: float) -> None:
    r, s, t, p = 3, 0, 5, 1
    expected = (1 - eps) ** 2 * p + eps * (1 - eps) * (s + t) + eps**2 * r
    u1, u2 = long_run_payoffs("ALLD", "ALLD", eps)
    assert u1 == pytest.approx(expected) and u2 == pytest.approx(expected)


def test_noise_free_reducible_chains() -> None:
    assert long_run_payoffs("TFT", "TFT", 0.0) == pytest.approx((3.0, 3.0))
    assert long_run_payoffs("TFT", "ALLD", 0.0) == pytest.approx((1.0, 1.0))
    assert long_run_payoffs("ALLC", "ALLD", 0.0) == pytest.approx((0.0, 5.0))
    # TFT opening with D against TFT: the CD/DC echo forever.
    dist = long_run_distribution([1, 0, 1, 0, 1], [1, 0, 1, 0, 0], 0.0)
    np.testing.assert_allclose(dist, [0, 0.5, 0.5, 0], atol=1e-12)
    # Randomised first move: mixture of the absorbing outcomes.
    dist = long_run_distribution([1, 0, 1, 0, 0.5], "TFT", 0.0)
    np.testing.assert_allclose(dist, [0.5, 0.25, 0.25, 0], atol=1e-12)


def test_cooperation_rate_and_persistence() -> None:
    c1, c2 = cooperation_rate("ALLC", "ALLD", 0.1)
    assert (c1, c2) == pytest.approx((0.9, 0.1))
    assert sharing_persistence("TFT", 0.01) == pytest.approx(0.25)
    assert sharing_persistence("WSLS", 0.01) > sharing_persistence("GTFT", 0.01) > 0.25
    assert sharing_persistence("WSLS", 0.0) == pytest.approx(1.0)
    assert sharing_persistence("ALLD", 0.01) == pytest.approx(1e-4)


def test_strategy_applies_noise() -> None:
    np.testing.assert_allclose(strategy("tft", eps=0.1), [0.9, 0.1, 0.9, 0.1, 0.9])
    noisy = strategy("WSLS", eps=0.01)
    # Pre-noised vectors with eps=0 equal intended vectors with eps.
    assert long_run_payoffs(noisy, noisy, 0.0) == pytest.approx(
        long_run_payoffs("WSLS", "WSLS", 0.01)
    )


def import_axelrod() -> ModuleType:
    """``import axelrod``, reading each strategy method's source once.

    At import the library classifies its ~1,400 strategy instances by reading their
    methods' source with :func:`inspect.getsource`, about 15,000 calls for 38 distinct
    objects (16-20 CPU s). The same objects give the same source, so a memo per object
    changes nothing the library computes; it is removed again after the import.
    """
    original: Callable[[object], str] = inspect.getsource
    memo: dict[object, str] = {}

    def getsource(obj: object) -> str:
        key = getattr(obj, "__func__", obj)
        try:
            if key not in memo:
                memo[key] = original(obj)
            return memo[key]
        except TypeError:  # unhashable: no memo
            return original(obj)

    inspect.getsource = getsource  # type: ignore[assignment]
    try:
        return importlib.import_module("axelrod")
    finally:
        inspect.getsource = original


@pytest.mark.parametrize(
    "name,player,eps,turns,seed",
    [
        ("TFT", "TitForTat", 0.1, 50_000, 3),
        ("WSLS", "WinStayLoseShift", 0.01, 20_000, 1),
        ("GTFT", "GTFT", 0.05, 20_000, 2),
    ],
)
def test_agrees_with_axelrod_library(
    name: str, player: str, eps: float, turns: int, seed: int
) -> None:
    axl = import_axelrod()  # lazily: only these tests need the library
    cls = getattr(axl, player)
    match = axl.Match((cls(), cls()), turns=turns, noise=eps, seed=seed)
    match.play()
    simulated = np.mean(match.final_score_per_turn())
    exact = long_run_payoffs(name, name, eps)[0]
    assert simulated == pytest.approx(exact, abs=0.05)


probs = st.floats(0.0, 1.0, allow_nan=False)
vectors = st.lists(probs, min_size=5, max_size=5)


@settings(max_examples=60, deadline=None)
@given(v1=vectors, v2=vectors, eps=st.floats(0.0, 0.5))
def test_distribution_properties(v1: list[float], v2: list[float], eps: float) -> None:
    dist = long_run_distribution(v1, v2, eps)
    assert dist.shape == (4,)
    assert np.all(dist >= -1e-12) and dist.sum() == pytest.approx(1.0)
    u1, u2 = long_run_payoffs(v1, v2, eps)
    assert 0.0 - 1e-9 <= u1 <= 5.0 + 1e-9 and 0.0 - 1e-9 <= u2 <= 5.0 + 1e-9
    # Swapping players mirrors the outcome distribution.
    swapped = long_run_distribution(v2, v1, eps)
    np.testing.assert_allclose(swapped, dist[[0, 2, 1, 3]], atol=1e-8)


@pytest.mark.parametrize("name", STRATEGY_NAMES)
def test_symmetric_self_play(name: str) -> None:
    u1, u2 = long_run_payoffs(name, name, 0.05)
    assert u1 == pytest.approx(u2)


def test_invalid_inputs() -> None:
    with pytest.raises(InputError, match="strategy"):
        strategy("TIT")
    with pytest.raises(InputError, match="q"):
        strategy("TFT", q=0.2)
    with pytest.raises(InputError, match="q"):
        strategy("GTFT", q=1.5)
    with pytest.raises(InputError, match="eps"):
        long_run_payoffs("TFT", "TFT", 0.7)
    with pytest.raises(InputError, match="s1"):
        long_run_payoffs([1, 0, 1], "TFT", 0.1)
    with pytest.raises(InputError, match="s2"):
        long_run_payoffs("TFT", [1, 0, 1, 0, 2], 0.1)
    with pytest.raises(InputError, match="payoffs"):
        long_run_payoffs("TFT", "TFT", 0.1, payoffs=(3, 0, 5))
    with pytest.raises(InputError, match="prisoner"):
        gtft_forgiveness(5, 0, 3, 1)
