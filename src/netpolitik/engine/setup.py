"""From the real-data world (:mod:`netpolitik.world`) to the engine's arrays.

Examples
--------
>>> from netpolitik.world import load_world
>>> from netpolitik.engine.setup import from_world
>>> setting, levers, gdp = from_world(load_world(["USA", "RUS", "EST"]))
>>> setting.iso3
('EST', 'RUS', 'USA')
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.clubs import make_clubs
from netpolitik.engine.state import Clubs, Setting
from netpolitik.params import Params
from netpolitik.policy import LEVERS
from netpolitik.world import World

TRADE_KINDS = ("trade_bloc",)


def shared_memberships(world: World, year: int) -> tuple[np.ndarray, np.ndarray]:
    """``(N, N)`` count of organisations both countries belong to in ``year``, and
    ``(N, N)`` True where both are in a common trade bloc (zero diagonals)."""
    orgs, member = world.membership_matrix(year)
    m = member.astype(float)
    shared = m @ m.T
    kinds = world.org_kinds()
    trade_cols = np.array([kinds[o] in TRADE_KINDS for o in orgs], dtype=bool)
    t = m[:, trade_cols]
    trade = (t @ t.T) > 0
    np.fill_diagonal(shared, 0.0)
    np.fill_diagonal(trade, False)
    return shared, trade


def real_clubs(world: World, year: int, params: Params) -> Clubs:
    """Every organisation of ``memberships.csv`` as a club, members as of ``year``."""
    orgs, member = world.membership_matrix(year)
    kinds = world.org_kinds()
    return make_clubs(list(orgs), [kinds[o] for o in orgs], params, initial=member)


def from_world(
    world: World, year: int = 2010, params: Params | None = None
) -> tuple[Setting, np.ndarray, np.ndarray]:
    """The engine's (setting, initial levers ``(N, 8)``, GDP ``(N,)``) for ``world``.

    Memberships count from ``year`` (accession year <= ``year``, not yet left); the real
    organisations become clubs with default criteria from ``params``, open to the countries
    of their treaty areas (:mod:`netpolitik.engine.treaties`, from the M49 regions). Growth
    trends come from the ``growth_trend`` column (``base_growth`` where absent); the world's
    levers are the reference the trends were observed under. The world's record of
    operations and disputes to 2010 (``World.operations_matrix``, ``World.disputes_matrix``)
    fills ``past_operations`` and ``disputes``.
    """
    c = world.countries
    shared, trade = shared_memberships(world, year)
    setting = Setting(
        iso3=tuple(c["iso3"]),
        regime=c["regime"].to_numpy(float),
        capability=c["capability"].to_numpy(float),
        population=c["population"].to_numpy(float),
        internet=c["internet"].to_numpy(float),
        rivalry=world.rivalry_matrix(),
        shared=shared,
        trade=trade,
        clubs=real_clubs(world, year, params or Params()),
        past_operations=world.operations_matrix(),
        disputes=world.disputes_matrix(),
        region=tuple(c["region"]),
        subregion=tuple(c["subregion"]),
        growth_trend=c["growth_trend"].to_numpy(float) if "growth_trend" in c else None,
        levers_ref=c[list(LEVERS)].to_numpy(float),
    )
    levers = c[list(LEVERS)].to_numpy(float)
    return setting, levers, c["gdp"].to_numpy(float)
