"""M3 Intelligence sharing: partners pool detection, and partners may misuse it.

Source: essay §Defense Alliances ("nations that share technological resources and
intelligence tend to have an advantage"; "if one party is suspected of misusing shared
intelligence, tensions can rise"; "sovereignty issues").

Links. i and j share when they are fellow members of a pooling club (M2), or bilaterally
when each trusts the other at least ``sharing_trust_threshold`` and both have ``sharing`` of
at least ``sharing_lever_threshold``. A link persists as a noisy repeated game
(:mod:`netpolitik.models.sharing_game`): liberal democracies (regime >= 0.5) play generous
tit-for-tat, others tit-for-tat, with implementation noise ``sharing_noise``; the link's
weight is the long-run probability that both cooperate. ``partners[i, j]`` is that weight.

Pooling. i receives ``pooled_i = r_i x / (1 + x)`` with
``x = sum_j partners[i, j] sharing_j own_security_j``: partners' detection weighted by
their ``sharing``. Outside clubs i gets only as much as it shares, ``r_i = sharing_i``;
a member of a pooling club gets ``r_i = f + (1 - f) sharing_i`` with
``f = sharing_free_ride``: the club's products reach members that contribute little, the
temptation to free-ride (Gordon, Loeb & Lucyshyn 2003). Partners see the gap: M1's
reciprocity term lowers their trust in a member that shares less than they do. Security
(see :mod:`~netpolitik.engine.security`) turns ``pooled`` into protection and detection,
less the leak risk of sharing with insecure partners.

Misuse. Each month a partner j misuses what i shared with probability
``misuse_rate * partners[i, j] * max(offense_j, unchecked_surveillance_j)``; i detects it with
probability ``misuse_detection * security_i``. A detected misuse costs
``misuse_trust_drop`` of i's trust in j (a private matter between the two: no contagion)
and, if i is sovereignty-minded (regime < 0.5) and governments adapt (M11 on),
``sovereignty_cut`` of i's ``sharing`` lever. With adaptation off levers never move.

Compiled only for large worlds: NumPy's ``trusting & trusting.T`` misses the cache on every
cell once the ``(N, N)`` arrays outgrow it, and a 64 x 64-tiled kernel (``_links_kernel``)
was measured 2.5x faster at N=5000 but 2x slower at N=1000; so :func:`links` uses the
kernel from :data:`TILED_FROM` countries on (bit-identical to :func:`links_reference`).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from netpolitik.engine import trust as trust_mech
from netpolitik.engine.compiled import kernel, nonzero_cells
from netpolitik.engine.state import State, evolve
from netpolitik.models.sharing_game import sharing_persistence
from netpolitik.params import Params
from netpolitik.policy import base_security, lever, lever_index, unchecked_surveillance

#: Countries from which :func:`links` uses the tiled kernel (measured break-even ~2,000).
TILED_FROM = 2500


@lru_cache(maxsize=64)
def _persistence(noise: float) -> tuple[float, float]:
    """Long-run mutual cooperation for (GTFT, TFT) partners at implementation ``noise``."""
    return sharing_persistence("GTFT", noise), sharing_persistence("TFT", noise)


def club_links(state: State) -> np.ndarray:
    """``(N, N)`` True where i and j share a pooling club; recomputed only when
    ``state.members`` is a new array (kept in ``Setting.derived``)."""
    c = state.setting.clubs

    def compute() -> np.ndarray:
        m = state.members[:, c.pools].astype(float) if c.k else np.zeros((state.setting.n, 0))
        return (m @ m.T) > 0

    return state.setting.derive("club_links", (state.members,), compute)


def pair_weights(state: State, params: Params) -> np.ndarray:
    """``(N, N)`` long-run cooperation of a link: GTFT between two liberal democracies,
    TFT otherwise (fixed for a run; kept in ``Setting.derived``)."""

    def compute() -> np.ndarray:
        generous, strict = _persistence(params.sharing_noise)
        liberal = state.setting.regime >= 0.5
        return np.where(liberal[:, None] & liberal[None, :], generous, strict)

    return state.setting.derive("pair_weights", (params,), compute)


def links(state: State, params: Params) -> np.ndarray:
    """``(N, N)`` sharing-link weights in [0, 1] (see module docstring)."""
    if state.setting.n < TILED_FROM or not trust_mech.fusable(state.trust):
        return links_reference(state, params)
    return links_tiled(state, params)


def links_tiled(state: State, params: Params) -> np.ndarray:
    """:func:`links` with the transposed read done in cache-sized tiles (compiled)."""
    club, pair = club_links(state), pair_weights(state, params)
    willing = lever(state.levers, "sharing") >= params.sharing_lever_threshold
    trusting = state.trust >= params.sharing_trust_threshold
    out = np.empty(state.trust.shape)
    _links_kernel(trusting, np.ascontiguousarray(willing), club, pair, out)
    return out


@kernel
def _links_kernel(trusting, willing, club, pair, out) -> None:  # pragma: no cover
    """``out = (club | trusting & trusting.T & willing willing.T) pair``, zero diagonal,
    in 64 x 64 tiles."""
    n = trusting.shape[0]
    for i0 in range(0, n, 64):
        for j0 in range(0, n, 64):
            for i in range(i0, min(i0 + 64, n)):
                wi = willing[i]
                for j in range(j0, min(j0 + 64, n)):
                    linked = club[i, j] | (trusting[i, j] & trusting[j, i] & wi & willing[j])
                    out[i, j] = pair[i, j] * linked
    for i in range(n):
        out[i, i] = 0.0


def links_reference(state: State, params: Params) -> np.ndarray:
    """:func:`links` in plain NumPy."""
    share = lever(state.levers, "sharing")
    willing = share >= params.sharing_lever_threshold
    trusting = state.trust >= params.sharing_trust_threshold
    bilateral = trusting & trusting.T & willing[:, None] & willing[None, :]
    linked = club_links(state) | bilateral
    np.fill_diagonal(linked, False)
    return linked * pair_weights(state, params)


def in_pool(state: State) -> np.ndarray:
    """``(N,)`` True for members of at least one pooling club."""
    c = state.setting.clubs
    if c.k == 0:
        return np.zeros(state.setting.n, dtype=bool)
    return (state.members & c.pools[None, :]).any(axis=1)


def received(state: State, params: Params, levers: np.ndarray | None = None) -> np.ndarray:
    """``(N,)`` share ``r_i`` of partners' intelligence each country receives."""
    share = lever(state.levers if levers is None else levers, "sharing")
    floor = params.sharing_free_ride * in_pool(state)
    return floor + (1.0 - floor) * share


def pooled(
    state: State, partners: np.ndarray, params: Params, levers: np.ndarray | None = None
) -> np.ndarray:
    """Intelligence each country receives, ``(N,)`` in [0, 1). ``levers`` replaces each
    receiver's own levers (partners' contributions stay those of ``state``)."""
    share = lever(state.levers, "sharing")
    own = base_security(state.levers, state.capability)
    x = partners @ (share * own)
    return received(state, params, levers) * x / (1.0 + x)


def misuse(
    state: State, partners: np.ndarray, params: Params, rng: np.random.Generator
) -> np.ndarray:
    """``(N, N)`` True where i detected j misusing what i shared this month."""
    i, j = nonzero_cells(partners)
    risk = np.maximum(lever(state.levers, "offense"), unchecked_surveillance(state.levers))
    p = params.misuse_rate * partners[i, j] * risk[j] * params.misuse_detection * state.security[i]
    hit = rng.random(i.size) < p
    out = np.zeros_like(partners, dtype=bool)
    out[i[hit], j[hit]] = True
    return out


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Form links, pool intelligence, draw misuse and its consequences."""
    partners = links(state, params)
    caught = misuse(state, partners, params, rng)
    trust, levers = state.trust, state.levers
    if caught.any():
        trust = trust_mech.apply_drop(trust, params.misuse_trust_drop * caught, 0.0)
    if caught.any() and state.setting.adaptation != "off":
        wary = caught.any(axis=1) & (state.setting.regime < 0.5)
        levers = levers.copy()
        k = lever_index("sharing")
        levers[wary, k] = np.maximum(levers[wary, k] - params.sovereignty_cut, 0.0)
    flows = evolve(state.flows, misuse=caught)
    return evolve(
        state,
        partners=partners,
        pooled=pooled(state, partners, params),
        trust=trust,
        levers=levers,
        flows=flows,
    )
