"""Synthetic worlds of any size, for tests and scaling benchmarks.

Attributes are drawn from simple distributions shaped like the real world's (lognormal
GDP, uniform regime and capability, a few rivalries); they are not data.

Examples
--------
>>> from netpolitik.engine.synthetic import synthetic_setting
>>> setting, levers, gdp = synthetic_setting(n=4, seed=0)
>>> setting.n, levers.shape, gdp.shape
(4, (4, 8), (4,))
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.state import Setting
from netpolitik.policy import LEVERS


def uniform_setting(n: int, *, regime: float = 0.5, capability: float = 0.5) -> Setting:
    """``n`` identical countries, no rivalries, no shared memberships, no trade deals."""
    return Setting(
        iso3=tuple(f"C{k:04d}" for k in range(n)),
        regime=np.full(n, regime),
        capability=np.full(n, capability),
        population=np.full(n, 1e7),
        internet=np.full(n, 0.5),
        rivalry=np.zeros((n, n)),
        shared=np.zeros((n, n)),
        trade=np.zeros((n, n), dtype=bool),
    )


def synthetic_setting(
    n: int, seed: int = 0, rivalry_share: float = 0.02
) -> tuple[Setting, np.ndarray, np.ndarray]:
    """A random world of ``n`` countries: (setting, levers ``(n, 8)``, GDP ``(n,)``)."""
    rng = np.random.default_rng(seed)
    rivalry = np.triu(rng.random((n, n)) < rivalry_share, 1).astype(float)
    rivalry = rivalry + rivalry.T
    blocs = rng.integers(0, max(n // 10, 1), size=n)
    same = (blocs[:, None] == blocs[None, :]).astype(float)
    np.fill_diagonal(same, 0.0)
    setting = Setting(
        iso3=tuple(f"S{k:04d}" for k in range(n)),
        regime=rng.random(n),
        capability=rng.beta(2, 3, n),
        population=rng.lognormal(16, 1.5, n),
        internet=rng.uniform(0.05, 0.95, n),
        rivalry=rivalry,
        shared=2.0 * same,
        trade=same.astype(bool),
    )
    levers = rng.uniform(0, 1, (n, len(LEVERS)))
    gdp = rng.lognormal(24, 2, n)
    return setting, levers, gdp
