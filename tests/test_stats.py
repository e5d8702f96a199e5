"""Verification of the shared statistics in :mod:`netpolitik.stats`.

Each function is checked against the textbook definition it implements, on inputs where
the two could disagree (ties, duplicates, zero spread, too few samples).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import stats as sps

from netpolitik.stats import mean_interval, pareto_mask, quantile_band, t_interval, total_variation


def brute_force_front(v: np.ndarray) -> np.ndarray:
    """The definition: a row is kept when no row is >= everywhere and > somewhere."""
    return np.array(
        [not np.any(np.all(v >= r, axis=1) & np.any(v > r, axis=1)) for r in v], dtype=bool
    )


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        float,
        st.tuples(st.integers(1, 25), st.integers(2, 3)),
        elements=st.sampled_from([0.0, 0.25, 0.5, 1.0]),
    )
)
def test_pareto_mask_is_the_non_dominated_set(values: np.ndarray) -> None:
    """Verification: pymoo's sorting gives exactly the non-dominated rows, duplicates kept."""
    assert pareto_mask(values).tolist() == brute_force_front(values).tolist()


def test_pareto_mask_of_nothing_is_empty() -> None:
    assert pareto_mask(np.empty((0, 2))).tolist() == []


def test_t_interval_is_the_student_t_interval() -> None:
    """Verification: mean +- t(0.975, n-1) sd / sqrt(n); NaN below two samples."""
    lo, hi = t_interval(np.array([2.0, 2.0, 5.0]), np.array([1.0, 0.0, 3.0]), np.array([3, 10, 1]))
    half = sps.t.ppf(0.975, 2) / np.sqrt(3)
    assert np.isclose(lo[0], 2.0 - half) and np.isclose(hi[0], 2.0 + half)
    assert lo[1] == hi[1] == 2.0  # no spread: a point
    assert np.isnan(lo[2]) and np.isnan(hi[2])


def test_mean_interval_covers_the_true_mean_at_its_level() -> None:
    """Verification: over many samples the 95% interval holds the mean about 95% of the time."""
    rng = np.random.default_rng(3)
    hits = [
        lo <= 1.0 <= hi for lo, hi in (mean_interval(rng.normal(1.0, 2.0, 8)) for _ in range(2000))
    ]
    assert 0.93 < np.mean(hits) < 0.97
    assert all(np.isnan(mean_interval([1.0, np.nan])))


def test_quantile_band_and_total_variation() -> None:
    assert quantile_band(np.arange(101.0)) == (5.0, 95.0)
    assert all(np.isnan(quantile_band([np.nan])))
    assert total_variation(np.array([0.2, 0.8]), np.array([0.6, 0.4])) == 0.4
    assert np.isnan(total_variation(np.zeros(2), np.array([1.0, 0.0])))
