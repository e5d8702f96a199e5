"""Success breeds agreements: a consortium that works makes the next one likelier.

Source: essay §Case Study ("the collaborative model inspired subsequent agreements in
fields like telemedicine and advanced manufacturing"), §Harmonization ("repeated success
stories can help harmonize different national perspectives").

A scenario declares a consortium ``c`` as *inspired by* another, ``k``
(``Clubs.inspired_by[c] = k``): it starts without members. Each month, for every sector
consortium ``k``, ``sector_losses[k]`` holds exponential moving averages (half-life
``consortium_loss_half_life`` months) of four damages this month: the members' damage in
k's sector and in all sectors, the non-members' damage in k's sector and in all sectors.
Its success is how much smaller the members' sector share of damage is::

    success_k = 1 - (member_sector_k / member_all_k) / (other_sector_k / other_all_k)

(0 when any average is 0). While ``c`` has no members it forms, with the members ``k`` has
then, with monthly probability::

    p_c = consortium_base_rate + consortium_spread_rate [success_k > threshold]

``threshold = consortium_success_threshold``. Formation is recorded as accessions. Random
numbers are drawn only while an inspired consortium is waiting to form with a positive
chance (one uniform each), so runs without ``inspired_by`` draw none.

Examples
--------
>>> import numpy as np
>>> success(np.array([[1.0, 10.0, 2.0, 10.0]]))  # members' sector share half the others'
array([0.5])
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.state import State, evolve
from netpolitik.params import Params


def losses(state: State) -> np.ndarray:
    """``(K, 4)`` this month's member/non-member damage in each club's sector and in all
    (zero rows for clubs without a sector)."""
    c, d = state.setting.clubs, state.flows.sector_damage
    m = state.members.astype(float)
    sector = np.where(c.sector >= 0, c.sector, 0)
    total = d.sum(axis=1)
    out = np.stack(
        [
            (m * d[:, sector]).sum(axis=0),
            m.T @ total,
            ((1.0 - m) * d[:, sector]).sum(axis=0),
            (1.0 - m).T @ total,
        ],
        axis=1,
    )
    return np.where((c.sector >= 0)[:, None], out, 0.0)


def success(averages: np.ndarray) -> np.ndarray:
    """``(K,)`` success of each consortium from its ``(K, 4)`` moving averages."""
    ms, mt, os_, ot = averages.T
    ok = (ms > 0) & (mt > 0) & (os_ > 0) & (ot > 0)
    ratio = np.divide(ms * ot, mt * os_, out=np.ones_like(ms), where=ok)
    return np.where(ok, 1.0 - ratio, 0.0)


def formation_chance(state: State, params: Params, averages: np.ndarray) -> np.ndarray:
    """``(K,)`` this month's chance that each waiting inspired consortium forms (0 for the
    others)."""
    parent = state.setting.clubs.inspired_by
    assert parent is not None
    waiting = (parent >= 0) & ~state.members.any(axis=0)
    won = success(averages) > params.consortium_success_threshold
    chance = (
        params.consortium_base_rate + params.consortium_spread_rate * won[np.maximum(parent, 0)]
    )
    return np.where(waiting, np.minimum(chance, 1.0), 0.0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Update the loss averages; waiting inspired consortia may form. The state itself
    when no club is inspired by another."""
    parent = state.setting.clubs.inspired_by
    if parent is None:
        return state
    keep = 0.5 ** (1.0 / params.consortium_loss_half_life)
    now = losses(state)
    averages = now if state.sector_losses is None else keep * state.sector_losses + (1 - keep) * now
    chance = formation_chance(state, params, averages)
    waiting = np.flatnonzero(chance > 0)
    if waiting.size == 0:
        return evolve(state, sector_losses=averages)
    formed = waiting[rng.random(waiting.size) < chance[waiting]]
    if formed.size == 0:
        return evolve(state, sector_losses=averages)
    members = state.members.copy()
    members[:, formed] = state.members[:, parent[formed]]
    accessions = np.zeros_like(members) if state.accessions is None else state.accessions.copy()
    accessions[:, formed] |= members[:, formed]
    return evolve(state, members=members, accessions=accessions, sector_losses=averages)
