"""Incident moments of an attacker-by-target count matrix, as calibrated to DCID 2000-2010.

The four moments (``docs/calibration.md``) summarise *who attacks whom*:

``per_decade``
    Incidents per ten years.
``top3_attacker_share``
    Share of incidents initiated by the three most active attackers.
``rival_share``
    Share on strategic-rival dyads (``World.rivalry_matrix``).
``rich_target_share``
    Share against the ten largest economies (2010 GDP).

:func:`model_moments` computes them for a model matrix (expected or simulated counts);
:func:`load_targets` returns the DCID 2000-2010 values shipped in
``netpolitik/data/calibration_targets.json`` (aggregate moments only).
"""

from __future__ import annotations

import json
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike

from netpolitik.errors import InputError

__all__ = ["INCIDENT_MOMENTS", "load_targets", "model_moments"]

#: The four incident moments fitted by ``scripts/calibrate.py``.
INCIDENT_MOMENTS: tuple[str, ...] = (
    "per_decade",
    "top3_attacker_share",
    "rival_share",
    "rich_target_share",
)


def model_moments(counts: ArrayLike, world, years: float = 10.0) -> dict[str, float]:
    """The four incident moments of an attacker-by-target count matrix.

    Parameters
    ----------
    counts : array_like, shape (N, N)
        Expected or simulated counts, ``counts[i, j]`` = operations of ``i`` against ``j``,
        in the row order of ``world.countries``.
    world : netpolitik.world.World
        The world the counts belong to (rivalries and GDP).
    years : float, default 10
        Length of the period the counts cover; ``per_decade`` is scaled to ten years.

    Returns
    -------
    dict of str to float
        :data:`INCIDENT_MOMENTS`; the shares are NaN when ``counts`` sums to zero.

    Raises
    ------
    InputError
        If ``counts`` is not ``(N, N)`` with ``N`` the number of countries, has negative or
        non-finite entries, or ``years`` is not positive.
    """
    matrix = np.asarray(counts, dtype=float)
    n = len(world.countries)
    if matrix.shape != (n, n):
        raise InputError(
            f"counts: shape {matrix.shape} does not match the world's {n} countries; "
            f"give an ({n}, {n}) attacker-by-target matrix"
        )
    if not np.all(np.isfinite(matrix)) or np.any(matrix < 0):
        raise InputError("counts: negative or non-finite entries; give counts >= 0")
    if not (np.isfinite(years) and years > 0):
        raise InputError(f"years: {years!r} is not a positive number of years; use e.g. 10")
    total = float(matrix.sum())
    by_attacker = np.sort(matrix.sum(axis=1))[::-1]
    top10 = world.countries["gdp"].to_numpy().argsort()[::-1][:10]
    if total == 0:
        share = float("nan")
        return {
            "per_decade": 0.0,
            "top3_attacker_share": share,
            "rival_share": share,
            "rich_target_share": share,
        }
    return {
        "per_decade": total * 10.0 / float(years),
        "top3_attacker_share": float(by_attacker[:3].sum() / total),
        "rival_share": float((matrix * world.rivalry_matrix()).sum() / total),
        "rich_target_share": float(matrix[:, top10].sum() / total),
    }


def load_targets() -> dict[str, float]:
    """The DCID 2000-2010 moments shipped with the package.

    Returns
    -------
    dict of str to float
        Contents of ``netpolitik/data/calibration_targets.json`` (the four incident moments
        plus severity moments).
    """
    source = resources.files("netpolitik").joinpath("data", "calibration_targets.json")
    with source.open("r", encoding="utf-8") as handle:
        return {str(k): float(v) for k, v in json.load(handle).items()}
