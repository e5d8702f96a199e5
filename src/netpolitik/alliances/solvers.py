"""Solvers of the landscape model: exhaustive enumeration and greedy descent.

The energy, the validation of sizes and propensities, and the public entry point
:func:`netpolitik.alliances.landscape.align` are in :mod:`netpolitik.alliances.landscape`;
this module finds the minima of a weight matrix ``W_ij = s_i s_j p_ij``:

* :func:`exact` enumerates all ``2^(N-1)`` configurations with actor 0 on side 0, in
  chunks of ``2^15`` built from NumPy bit operations, and keeps every local minimum;
* :func:`heuristic` runs greedy single-switch descent from the two leading eigenvectors'
  signs and from random starts, all starts at once.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from netpolitik.alliances.limits import MAX_MINIMA

CHUNK_BITS = 15
"""Configurations per enumeration chunk, as a power of two (assumption: fits in cache)."""


@dataclass(frozen=True, eq=False)
class Alignment:
    """A predicted two-sided alignment.

    Attributes
    ----------
    sides : ndarray of int
        Side (0 or 1) of each actor; actor 0 is always on side 0.
    energy : float
        Energy (total frustration) of ``sides``; the global minimum in exact mode.
    local_minima : list of (ndarray, float) or None
        Every local minimum as ``(sides, energy)``, lowest energy first (exact mode only).
    mode : str
        ``"exact"`` or ``"heuristic"``.
    minima_total : int or None
        How many local minima exist (exact mode); ``local_minima`` lists at most
        ``max_minima`` of them, the lowest.
    warnings : tuple of str
        Degenerate input noticed (all-zero propensities, sizes that underflow).
    """

    sides: NDArray[np.int64]
    energy: float
    local_minima: list[tuple[NDArray[np.int64], float]] | None
    mode: str
    minima_total: int | None = None
    warnings: tuple[str, ...] = ()


def _decode(codes: NDArray[np.int64], n: int) -> NDArray[np.int64]:
    """Bipartition codes (bit j = side of actor j + 1) to side arrays."""
    bits = (codes[:, None] >> np.arange(n - 1)) & 1
    return np.hstack([np.zeros((codes.size, 1), dtype=np.int64), bits])


def _keep(codes: NDArray, energies: NDArray, limit: int) -> tuple[NDArray, NDArray]:
    """The ``limit`` lowest-energy minima (ties by code), lowest first."""
    order = np.lexsort((codes, energies))[:limit]
    return codes[order], energies[order]


def exact(w: NDArray[np.float64], tol: float, max_minima: int = MAX_MINIMA) -> Alignment:
    """The global minimum of ``W`` and its lowest ``max_minima`` local minima, by enumeration.

    ``tol`` is the energy change below which a switch does not count as a descent.
    """
    n = w.shape[0]
    m = n - 1  # actor 0 fixed on side 0 (spin +1)
    low = min(m, CHUNK_BITS)
    z_low = 1.0 - 2.0 * ((np.arange(2**low)[:, None] >> np.arange(low)) & 1)
    g_low = z_low @ w[1 : low + 1]  # contribution of the enumerated actors to Wz
    wsum = w.sum()
    best_e, best_code = np.inf, 0
    kept_codes = np.zeros(0, dtype=np.int64)
    kept_e = np.zeros(0)
    total = 0
    for high in range(2 ** (m - low)):
        z_high = 1.0 - 2.0 * ((high >> np.arange(m - low)) & 1)
        z_fix = np.concatenate([[1.0], z_high])  # actor 0 and the chunk's fixed actors
        fixed = np.r_[0, low + 1 : n]
        g = g_low + z_fix @ w[fixed]
        zg_low = z_low * g[:, 1 : low + 1]
        zg_fix = z_fix * g[:, fixed]
        e = (wsum - zg_low.sum(axis=1) - zg_fix.sum(axis=1)) / 4.0
        codes = (high << low) + np.arange(2**low, dtype=np.int64)
        k = int(np.argmin(e))
        if e[k] < best_e - tol:
            best_e, best_code = float(e[k]), int(codes[k])
        is_min = (zg_low.min(axis=1) >= -tol) & (zg_fix.min(axis=1) >= -tol)
        total += int(is_min.sum())
        kept_codes, kept_e = _keep(
            np.concatenate([kept_codes, codes[is_min]]),
            np.concatenate([kept_e, e[is_min]]),
            max_minima,
        )
    minima = [(row, float(en)) for row, en in zip(_decode(kept_codes, n), kept_e, strict=True)]
    sides = _decode(np.array([best_code], dtype=np.int64), n)[0]
    return Alignment(
        sides=sides, energy=best_e, local_minima=minima, mode="exact", minima_total=total
    )


def _descend(w: NDArray[np.float64], z: NDArray[np.float64], tol: float) -> NDArray:
    """Greedy steepest single-switch descent, run on every row of ``z`` at once."""
    z = z.copy()
    g = z @ w
    rows = np.arange(z.shape[0])
    for _ in range(50 * w.shape[0] ** 2):
        gain = z * g  # energy change of switching each actor
        col = gain.argmin(axis=1)
        active = gain[rows, col] < -tol
        if not active.any():
            break
        r, c = rows[active], col[active]
        g[r] -= 2.0 * z[r, c][:, None] * w[c]
        z[r, c] *= -1.0
    return z


def heuristic(
    w: NDArray[np.float64], restarts: int, rng: np.random.Generator, tol: float
) -> Alignment:
    """The lowest minimum greedy descent finds from spectral and ``restarts`` random starts."""
    n = w.shape[0]
    _, vecs = np.linalg.eigh(w)
    spectral = np.where(vecs[:, -2:].T >= 0, 1.0, -1.0)  # two leading eigenvectors
    starts = np.vstack([spectral, rng.choice([-1.0, 1.0], size=(restarts, n))])
    z = _descend(w, starts, tol)
    e = (w.sum() - np.einsum("ij,ij->i", z, z @ w)) / 4.0
    k = int(np.argmin(e))
    best = z[k] * z[k, 0]  # normalise: actor 0 on side 0
    sides = (best < 0).astype(np.int64)
    return Alignment(sides=sides, energy=float(e[k]), local_minima=None, mode="heuristic")
