"""Intelligence sharing as a noisy iterated prisoner's dilemma with memory-one strategies.

Two partners decide each period whether to share (cooperate, ``C``) or withhold (defect,
``D``) threat intelligence. A memory-one strategy is the vector
``(p_CC, p_CD, p_DC, p_DD, p_0)``: the probability of cooperating after each outcome of
the previous round (own move first) and in the first round.

Noise convention
----------------
*Implementation noise*: each player's intended move is flipped independently with
probability ``eps``, and both players observe (and condition on) the realised moves.
An intended cooperation probability ``p`` therefore becomes ``p(1 - eps) + (1 - p)eps``.
This is the convention of ``axelrod.Match(noise=eps)`` and, for deterministic
strategies, of Nowak & Sigmund (1993), whose strategies use ``eps`` and ``1 - eps`` in place
of 0 and 1. With it, WSLS vs WSLS earns 2.9511 per round at ``eps = 0.01`` and
TFT vs TFT earns ``(R + S + T + P)/4 = 2.25`` for every ``eps > 0``.

Long-run payoffs are exact: the outcome process is a 4-state Markov chain over
``CC, CD, DC, DD``. For ``eps > 0`` and deterministic strategies the chain is irreducible
and its unique stationary distribution is used. For reducible chains (e.g. ``eps = 0``)
the Cesàro (time-average) limit starting from the first-round distribution is computed
exactly from the recurrent classes and absorption probabilities, so ``eps = 0`` is
handled gracefully (TFT vs TFT then earns ``R``; TFT vs ALLD earns ``P``).

References
----------
Nowak, M. & Sigmund, K. (1993). A strategy of win-stay, lose-shift that outperforms
tit-for-tat in the Prisoner's Dilemma game. *Nature* 364, 56-58.
Molander, P. (1985). The optimal level of generosity in a selfish, uncertain environment.
*J. Conflict Resolution* 29(4), 611-618.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from netpolitik.errors import InputError

__all__ = [
    "DEFAULT_PAYOFFS",
    "STATES",
    "STRATEGY_NAMES",
    "cooperation_rate",
    "gtft_forgiveness",
    "long_run_distribution",
    "long_run_payoffs",
    "sharing_persistence",
    "strategy",
]

#: Outcome order used throughout (own move first): mutual sharing ... mutual withholding.
STATES: tuple[str, ...] = ("CC", "CD", "DC", "DD")
#: Default prisoner's dilemma payoffs ``(R, S, T, P)``.
DEFAULT_PAYOFFS: tuple[float, float, float, float] = (3.0, 0.0, 5.0, 1.0)
#: Names accepted by :func:`strategy` (case-insensitive).
STRATEGY_NAMES: tuple[str, ...] = ("ALLC", "ALLD", "TFT", "WSLS", "GTFT")

_SWAP = [0, 2, 1, 3]  # the same outcome seen from the other player's side
Strategy = str | ArrayLike


def _to_float(value: object) -> float:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float("nan")


def _check_eps(eps: float) -> float:
    e = _to_float(eps)
    if not (np.isfinite(e) and 0.0 <= e <= 0.5):
        raise InputError(f"eps: {eps!r} is not a noise level; use a value in [0, 0.5]")
    return e


def _noisy(vec: NDArray[np.float64], eps: float) -> NDArray[np.float64]:
    return vec * (1.0 - eps) + (1.0 - vec) * eps


def strategy(name: str, eps: float = 0.0, q: float | None = None) -> NDArray[np.float64]:
    """Memory-one vector ``(p_CC, p_CD, p_DC, p_DD, p_0)`` of a named strategy.

    Parameters
    ----------
    name : str
        One of ``ALLC``, ``ALLD``, ``TFT``, ``WSLS`` (win-stay lose-shift, "Pavlov") or
        ``GTFT`` (generous tit-for-tat), case-insensitive.
    eps : float, default 0.0
        Implementation noise folded into the returned vector (the *effective* cooperation
        probabilities). Keep the default 0 when passing the vector to
        :func:`long_run_payoffs` with its own ``eps``, so noise is not applied twice.
    q : float, optional
        GTFT's forgiveness (probability of cooperating after the partner defected);
        defaults to :func:`gtft_forgiveness` of the default payoffs (1/3). Only for GTFT.

    Returns
    -------
    ndarray of shape (5,)

    Examples
    --------
    >>> strategy("WSLS")
    array([1., 0., 0., 1., 1.])
    >>> strategy("tft", eps=0.1)
    array([0.9, 0.1, 0.9, 0.1, 0.9])
    >>> strategy("GTFT", q=0.25)
    array([1.  , 0.25, 1.  , 0.25, 1.  ])
    """
    key = str(name).strip().upper()
    if key not in STRATEGY_NAMES:
        raise InputError(f"strategy: unknown name {name!r}; use one of {', '.join(STRATEGY_NAMES)}")
    if q is not None and key != "GTFT":
        raise InputError(f"q: forgiveness {q!r} only applies to GTFT; drop q for {key}")
    if key == "GTFT":
        q_val = gtft_forgiveness() if q is None else _to_float(q)
        if not (np.isfinite(q_val) and 0.0 <= q_val <= 1.0):
            raise InputError(f"q: {q!r} is not a probability; use a forgiveness in [0, 1]")
        q = q_val
    table = {
        "ALLC": (1, 1, 1, 1, 1),
        "ALLD": (0, 0, 0, 0, 0),
        "TFT": (1, 0, 1, 0, 1),
        "WSLS": (1, 0, 0, 1, 1),
        "GTFT": (1, q, 1, q, 1),
    }
    return _noisy(np.asarray(table[key], dtype=float), _check_eps(eps))


def _as_vector(s: Strategy, label: str) -> NDArray[np.float64]:
    if isinstance(s, str):
        return strategy(s)
    try:
        vec = np.asarray(s, dtype=float)
    except (TypeError, ValueError):
        raise InputError(f"{label}: {s!r} is not numeric; use 5 probabilities or a name") from None
    if vec.shape != (5,):
        raise InputError(
            f"{label}: shape {vec.shape} is not a memory-one vector; "
            "use 5 probabilities (p_CC, p_CD, p_DC, p_DD, p_first) or a strategy name"
        )
    if not np.all(np.isfinite(vec) & (vec >= 0) & (vec <= 1)):
        raise InputError(f"{label}: {vec.tolist()} has entries outside [0, 1]; use probabilities")
    return vec


def _chain(
    s1: Strategy, s2: Strategy, eps: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Transition matrix over ``STATES`` and first-round distribution (player 1's view)."""
    e = _check_eps(eps)
    v1 = _noisy(_as_vector(s1, "s1"), e)
    v2 = _noisy(_as_vector(s2, "s2"), e)
    q1, q2 = v1[:4], v2[:4][_SWAP]

    def outer(a: NDArray[np.float64], b: NDArray[np.float64]) -> NDArray[np.float64]:
        return np.stack([a * b, a * (1 - b), (1 - a) * b, (1 - a) * (1 - b)], axis=-1)

    return outer(q1, q2), outer(v1[4], v2[4])


def _class_stationary(sub: NDArray[np.float64]) -> NDArray[np.float64]:
    """Stationary distribution of an irreducible stochastic matrix."""
    n = sub.shape[0]
    a = np.vstack([sub.T - np.eye(n), np.ones((1, n))])
    b = np.zeros(n + 1)
    b[-1] = 1.0
    pi = np.linalg.lstsq(a, b, rcond=None)[0]
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def _cesaro_limit(m: NDArray[np.float64], init: NDArray[np.float64]) -> NDArray[np.float64]:
    """Exact time-average distribution of a finite chain started from ``init``."""
    n = m.shape[0]
    reach = (m > 0) | np.eye(n, dtype=bool)
    for _ in range(int(np.ceil(np.log2(n))) + 1):  # transitive closure by squaring
        reach = (reach.astype(int) @ reach.astype(int)) > 0
    recurrent = np.all(~reach | reach.T, axis=1)  # every reachable state reaches back
    transient = np.flatnonzero(~recurrent)
    limit = np.zeros(n)
    seen = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(recurrent):
        if seen[i]:
            continue
        cls = np.flatnonzero(reach[i] & reach[:, i])
        seen[cls] = True
        weight = init[cls].sum()
        if transient.size:
            q = m[np.ix_(transient, transient)]
            into = m[np.ix_(transient, cls)].sum(axis=1)
            absorb = np.linalg.solve(np.eye(transient.size) - q, into)
            weight += init[transient] @ absorb
        limit[cls] += weight * _class_stationary(m[np.ix_(cls, cls)])
    return limit / limit.sum()


def long_run_distribution(s1: Strategy, s2: Strategy, eps: float = 0.0) -> NDArray[np.float64]:
    """Long-run frequency of the outcomes ``CC, CD, DC, DD`` (player 1's move first).

    Parameters
    ----------
    s1, s2 : str or array_like
        Strategy names or intended memory-one vectors (see :func:`strategy`).
    eps : float, default 0.0
        Implementation noise in [0, 0.5].

    Returns
    -------
    ndarray of shape (4,)
        The stationary distribution (unique when ``eps > 0`` for deterministic strategies),
        or the exact time-average limit from the first round for reducible chains.

    Examples
    --------
    >>> long_run_distribution("TFT", "TFT", eps=0.05).round(4)
    array([0.25, 0.25, 0.25, 0.25])
    >>> long_run_distribution("TFT", "ALLD")  # eps = 0: defection after round one
    array([0., 0., 0., 1.])
    """
    m, init = _chain(s1, s2, eps)
    return _cesaro_limit(m, init)


def _check_payoffs(payoffs: ArrayLike) -> NDArray[np.float64]:
    try:
        pay = np.asarray(payoffs, dtype=float)
    except (TypeError, ValueError):
        pay = np.full(0, np.nan)
    if pay.shape != (4,) or not np.all(np.isfinite(pay)):
        raise InputError(f"payoffs: {payoffs!r} is invalid; use four finite numbers (R, S, T, P)")
    return pay


def long_run_payoffs(
    s1: Strategy,
    s2: Strategy,
    eps: float = 0.0,
    payoffs: ArrayLike = DEFAULT_PAYOFFS,
) -> tuple[float, float]:
    """Exact long-run mean payoff per round of both players.

    Parameters
    ----------
    s1, s2 : str or array_like
        Strategy names or intended memory-one vectors.
    eps : float, default 0.0
        Implementation noise in [0, 0.5] (see the module docstring).
    payoffs : sequence of 4 floats, default (3, 0, 5, 1)
        ``(R, S, T, P)``.

    Returns
    -------
    tuple of float
        ``(payoff of s1, payoff of s2)``.

    Examples
    --------
    >>> [round(x, 4) for x in long_run_payoffs("WSLS", "WSLS", eps=0.01)]
    [2.9511, 2.9511]
    >>> [round(x, 4) for x in long_run_payoffs("TFT", "TFT", eps=0.1)]
    [2.25, 2.25]
    """
    r, s, t, p = _check_payoffs(payoffs)
    dist = long_run_distribution(s1, s2, eps)
    u1 = float(dist @ np.array([r, s, t, p]))
    u2 = float(dist @ np.array([r, t, s, p]))
    return u1, u2


def cooperation_rate(s1: Strategy, s2: Strategy, eps: float = 0.0) -> tuple[float, float]:
    """Long-run fraction of rounds in which each player cooperates (realised moves).

    Examples
    --------
    >>> [round(x, 4) for x in cooperation_rate("ALLC", "ALLD", eps=0.1)]
    [0.9, 0.1]
    """
    d = long_run_distribution(s1, s2, eps)
    return float(d[0] + d[1]), float(d[0] + d[2])


def gtft_forgiveness(R: float = 3.0, S: float = 0.0, T: float = 5.0, P: float = 1.0) -> float:
    """Optimal generosity of generous tit-for-tat (Molander 1985; Nowak & Sigmund 1992).

    ``q = min(1 - (T - R)/(R - S), (R - P)/(T - P))``.

    Examples
    --------
    >>> round(gtft_forgiveness(), 12)
    0.333333333333
    """
    r, s, t, p = _check_payoffs((R, S, T, P))
    if not (t > r > p > s):
        raise InputError(
            f"payoffs: (R, S, T, P) = ({R}, {S}, {T}, {P}) is not a prisoner's dilemma; "
            "use T > R > P > S"
        )
    return float(min(1.0 - (t - r) / (r - s), (r - p) / (t - p)))


def sharing_persistence(strategy_name: str, eps: float, q: float | None = None) -> float:
    """Long-run probability that two partners playing ``strategy_name`` both share.

    The engine uses it as the per-period probability that a sharing partnership persists
    given observed implementation noise ``eps``.

    Examples
    --------
    >>> round(sharing_persistence("WSLS", 0.01), 4)
    0.9607
    >>> round(sharing_persistence("TFT", 0.01), 4)
    0.25
    """
    vec = strategy(strategy_name, q=q)
    return float(long_run_distribution(vec, vec, eps)[0])
