"""Timing of cyber conflict: when to use a stockpiled exploit (Axelrod & Iliev 2014).

A state holds one cyber resource (e.g. a zero-day exploit). Each period the stakes
``x ~ U[0, 1]`` are revealed. Using the resource gains ``x`` and the resource survives
(stays undiscovered) with probability ``S`` (*stealth*); holding it gains nothing and the
resource survives with probability ``P`` (*persistence*). Future value is discounted by
``w``. The value of holding the resource before the stakes are revealed satisfies

.. math::  V = E[\\max(x + wSV,\\; wPV)],

so the optimal policy is to use the resource when ``x >= T* = w(P - S)V*``. For
``S < P`` substituting the threshold gives ``V = wSV + (1 + T^2)/2`` with ``T = w(P-S)V``,
i.e. the quadratic ``T^2 - 2bT + 1 = 0`` with ``b = (1 - wS) / (w(P - S)) > 1``, whose
root in ``(0, 1)`` is

.. math::  T^* = b - \\sqrt{b^2 - 1} = \\frac{1}{b + \\sqrt{b^2 - 1}},
           \\qquad V^* = \\frac{1 + T^{*2}}{2(1 - wS)}.

For ``S >= P`` holding never pays: ``T* = 0`` and ``V* = 1 / (2(1 - wS))``.

Comparative statics (the paper's qualitative results): the threshold rises with
persistence (a resource that keeps should be kept for high stakes) and with patience
``w``, and falls with stealth (a resource that survives use should be used readily);
higher stakes make use more likely because use happens exactly when ``x >= T*``.

References
----------
Axelrod, R. & Iliev, R. (2014). Timing of cyber conflict. *PNAS* 111(4), 1298-1303.
https://doi.org/10.1073/pnas.1322638111

Ablon, L. & Bogart, A. (2017). *Zero Days, Thousands of Nights: The Life and Times of
Zero-Day Vulnerabilities and Their Exploits*. RAND RR-1751. Mean zero-day lifetime
6.9 years (median 5.7 years in the authors' sample).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from netpolitik.errors import InputError

__all__ = [
    "RAND_MEAN_LIFETIME_YEARS",
    "optimal_threshold",
    "persistence_from_lifetime",
    "use_rate",
    "value_iteration",
]

#: Mean zero-day exploit lifetime in years (Ablon & Bogart 2017, RAND RR-1751).
RAND_MEAN_LIFETIME_YEARS: float = 6.9


def _as_float_array(name: str, value: ArrayLike) -> NDArray[np.float64]:
    try:
        return np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{name}: {value!r} is not numeric; use a number") from None


def _check_prob(name: str, value: ArrayLike) -> NDArray[np.float64]:
    arr = _as_float_array(name, value)
    bad = ~(np.isfinite(arr) & (arr >= 0.0) & (arr <= 1.0))
    if bad.any():
        v = float(arr[bad].flat[0])
        raise InputError(f"{name}: {v!r} is not a probability; use a value in [0, 1]")
    return arr


def _check_discount(value: ArrayLike) -> NDArray[np.float64]:
    arr = _as_float_array("discount", value)
    bad = ~(np.isfinite(arr) & (arr >= 0.0) & (arr < 1.0))
    if bad.any():
        v = float(arr[bad].flat[0])
        raise InputError(f"discount: {v!r} is out of range; use a value in [0, 1)")
    return arr


def _closed_form(
    stealth: ArrayLike, persistence: ArrayLike, discount: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Vectorised (T*, V*) after validation; broadcasts its arguments."""
    s = _check_prob("stealth", stealth)
    p = _check_prob("persistence", persistence)
    w = _check_discount(discount)
    s, p, w = np.broadcast_arrays(s, p, w)
    a = w * (p - s)  # T = a V
    hold_pays = a > 0
    safe_a = np.where(hold_pays, a, 1.0)
    b = (1.0 - w * s) / safe_a
    with np.errstate(over="ignore", invalid="ignore"):
        t = 1.0 / (b + np.sqrt(np.maximum(b * b - 1.0, 0.0)))
    t = np.where(hold_pays & np.isfinite(t), t, 0.0)
    v = (1.0 + t * t) / (2.0 * (1.0 - w * s))
    return t, v


def optimal_threshold(stealth: float, persistence: float, discount: float) -> tuple[float, float]:
    """Closed-form optimal stakes threshold ``T*`` and resource value ``V*``.

    Parameters
    ----------
    stealth : float
        ``S``, probability in [0, 1] that the resource survives being used.
    persistence : float
        ``P``, probability in [0, 1] that the resource survives a period unused.
    discount : float
        ``w``, per-period discount factor in [0, 1).

    Returns
    -------
    tuple of float
        ``(T*, V*)``: use the resource when the stakes ``x >= T*``; ``V*`` is the expected
        discounted value of holding it before the period's stakes are revealed.

    Raises
    ------
    InputError
        If a probability is outside [0, 1] or the discount is outside [0, 1).

    Examples
    --------
    >>> t, v = optimal_threshold(stealth=0.1, persistence=0.9, discount=0.9)
    >>> round(t, 4), round(v, 4)
    (0.491, 0.6819)
    >>> optimal_threshold(0.8, 0.5, 0.9)[0]  # stealthier than persistent: use at once
    0.0
    """
    t, v = _closed_form(stealth, persistence, discount)
    return float(t), float(v)


def value_iteration(
    stealth: float,
    persistence: float,
    discount: float,
    grid: int = 20_001,
    tol: float = 1e-12,
    max_iter: int = 100_000,
) -> tuple[float, float]:
    """Solve the Bellman equation numerically: ``V = E[max(x + wSV, wPV)]``.

    The expectation over ``x ~ U[0, 1]`` uses the midpoint rule on ``grid`` cells; the
    fixed-point map is a contraction with modulus ``w * max(S, P) < 1``.

    Parameters
    ----------
    stealth, persistence : float
        ``S`` and ``P``, probabilities in [0, 1].
    discount : float
        ``w`` in [0, 1).
    grid : int, default 20001
        Number of stakes cells (>= 2).
    tol : float, default 1e-12
        Stop when successive values differ by less than ``tol``.
    max_iter : int, default 100000
        Iteration cap.

    Returns
    -------
    tuple of float
        ``(T, V)`` with ``T = clip(w(P - S)V, 0, 1)`` the implied use threshold.

    Examples
    --------
    >>> t, v = value_iteration(0.1, 0.9, 0.9)
    >>> abs(t - optimal_threshold(0.1, 0.9, 0.9)[0]) < 1e-6
    True
    """
    s = float(_check_prob("stealth", stealth))
    p = float(_check_prob("persistence", persistence))
    w = float(_check_discount(discount))
    if int(grid) < 2:
        raise InputError(f"grid: {grid!r} is too small; use at least 2 cells")
    x = (np.arange(int(grid)) + 0.5) / int(grid)
    v = 0.5
    for _ in range(int(max_iter)):
        v_new = float(np.maximum(x + w * s * v, w * p * v).mean())
        if abs(v_new - v) < tol:
            v = v_new
            break
        v = v_new
    return float(np.clip(w * (p - s) * v, 0.0, 1.0)), v


def use_rate(
    stealth: ArrayLike, persistence: ArrayLike, discount: ArrayLike
) -> float | NDArray[np.float64]:
    """Per-period probability that an optimising holder uses its resource, ``1 - T*``.

    Vectorised: arguments broadcast against each other, so an engine can pass one value
    per state (or per exploit) at once.

    Parameters
    ----------
    stealth, persistence : array_like
        ``S`` and ``P`` in [0, 1].
    discount : array_like
        ``w`` in [0, 1).

    Returns
    -------
    float or ndarray
        ``P(x >= T*) = 1 - T*``; a float when all inputs are scalars.

    Examples
    --------
    >>> use_rate([0.1, 0.9], 0.9, 0.9).round(4)
    array([0.509, 1.   ])
    """
    t, _ = _closed_form(stealth, persistence, discount)
    rate = 1.0 - t
    return float(rate) if rate.ndim == 0 else rate


def persistence_from_lifetime(
    mean_lifetime_years: ArrayLike, period_months: float = 1
) -> float | NDArray[np.float64]:
    """Per-period survival probability from a mean exploit lifetime.

    With a geometric lifetime of mean ``L`` periods, the per-period survival probability
    is ``P = 1 - 1/L``. RAND (Ablon & Bogart 2017) report a mean zero-day lifetime of
    6.9 years (:data:`RAND_MEAN_LIFETIME_YEARS`), i.e. 82.8 monthly periods.

    Parameters
    ----------
    mean_lifetime_years : array_like
        Mean lifetime(s) in years; each must be at least one period long.
    period_months : float, default 1
        Length of a model period in months (> 0).

    Returns
    -------
    float or ndarray
        Persistence ``P`` in [0, 1); a float for scalar input.

    Examples
    --------
    >>> round(persistence_from_lifetime(6.9), 6)  # 1 - 1/82.8
    0.987923
    >>> persistence_from_lifetime([1.0, 2.0], period_months=12)
    array([0. , 0.5])
    """
    months = _as_float_array("period_months", period_months)
    if months.ndim or not (np.isfinite(months) and months > 0):
        raise InputError(f"period_months: {period_months!r} is invalid; use a positive number")
    years = _as_float_array("mean_lifetime_years", mean_lifetime_years)
    periods = years * 12.0 / float(months)
    bad = ~(np.isfinite(periods) & (periods >= 1.0))
    if bad.any():
        raise InputError(
            f"mean_lifetime_years: {float(years[bad].flat[0])!r} is shorter than one period "
            f"({float(months):g} months); use a lifetime of at least {float(months) / 12:g} years"
        )
    result = 1.0 - 1.0 / periods
    return float(result) if result.ndim == 0 else result
