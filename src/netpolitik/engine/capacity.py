"""M9 Capacity building: donors fund trusted, insecure partners; they gain trust and sway.

Source: essay §Harmonization ("not all nations have the financial and human capital required
to establish comprehensive cybersecurity measures"; "wealthier nations sometimes have to
subsidize cyber training or infrastructure to ensure that strategic partners can maintain
minimum defense standards"; "this dynamic can shift power balances").

Budgets. Donor i spends ``b_i = aid_i * aid_budget_share * gdp_i / 12`` US$ a month
(``aid`` lever; ``aid_budget_share`` an assumption: a small slice of the ~0.3% of GNI that
OECD DAC donors give as ODA).

Allocation. ``W[i, j] = trust[i, j] (1 - security_j) need_ij`` for ``j != i`` and j not
sanctioned by i, rows normalised, with ``need_ij = max(0, 1 - gdppc_j / gdppc_i)``: trusted,
insecure and poorer partners get most; no one funds a richer country. ``A = b[:, None] W``;
``aid_given_i = sum_j A[i, j]`` (= ``b_i`` unless i has no eligible partner) and
``aid_received_j = sum_i A[i, j]``, both US$ this month.

Capacity. With intensity ``u_j = aid_received_j / (gdp_j / 12) / aid_ref`` (annual aid as a
share of GDP, over ``aid_ref``) and saturation ``s_j = u_j / (1 + u_j)`` in [0, 1)::

    aid_stock_j <- aid_stock_j + aid_effect s_j (1 - aid_stock_j) - aid_decay aid_stock_j

so the stock stays in [0, 1], is bounded by ``aid_effect / (aid_effect + aid_decay)`` (about
0.26 by default) and decays without upkeep. Calibration (assumption): aid of ``aid_ref`` =
0.01% of GDP a year gives a steady stock of about 0.15, reached over 2-3 years, which lifts a
security of 0.3 to about 0.4 (security uses ``1 - (1 - own)(1 - pool)(1 - aid_stock)``).

Trust and influence. With ``share_ij = A[i, j] / aid_received_j`` (i's share of j's aid)
and ``w_ij = share_ij s_j`` (so ``sum_i w_ij = s_j < 1``)::

    trust[j, i] <- trust[j, i] + aid_trust_gain w_ij (1 - trust[j, i])
    levers_jl <- levers_jl + aid_influence m_l sum_i w_ij (levers_il - levers_jl)

Both are convex moves, so trust and levers stay in [0, 1]. Influence is explicit and
bounded: ``aid_influence`` is at most 0.1 a month and **0 by default**, so without a
scenario that turns it on (and with adaptation off) a recipient's levers stay where the
scenario set them; ``m = aid_influence_levers`` masks it per lever, 0 for ``offense`` and
``surveillance`` (donors do not export them unless a scenario says so) and always 0 for
``aid`` (a recipient does not become a donor by taking aid). Capacity (security) and trust
in the donor are what aid transfers by default. The step is deterministic.

Compiled: :func:`step` makes two passes over ``(N, N)`` arrays, ``_allocation_kernel``
(weights, row sums, allocation, both aid totals) and ``_aid_trust_kernel`` (the trust
gain, tiled for its transposed reads); bit-identical to :func:`step_reference`, which
uses :func:`allocation`.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.compiled import kernel, pairwise_sum
from netpolitik.engine.state import State, evolve
from netpolitik.engine.trust import fusable
from netpolitik.params import Params
from netpolitik.policy import lever, lever_index


def allocation(state: State, params: Params) -> np.ndarray:
    """``(N, N)`` aid from donor i to recipient j this month, US$."""
    budget = lever(state.levers, "aid") * params.aid_budget_share * state.gdp / 12.0
    per_capita = state.gdp / state.setting.population
    need = np.clip(1.0 - per_capita[None, :] / per_capita[:, None], 0.0, 1.0)
    weight = state.trust * (1.0 - state.security)[None, :] * need * (state.sanctions == 0)
    np.fill_diagonal(weight, 0.0)
    total = weight.sum(axis=1, keepdims=True)
    weight = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
    return budget[:, None] * weight


def saturation(received: np.ndarray, gdp: np.ndarray, params: Params) -> np.ndarray:
    """Saturating aid intensity ``(N,)`` in [0, 1): ``u / (1 + u)``."""
    u = received / np.maximum(gdp / 12.0, 1e-300) / params.aid_ref
    return u / (1.0 + u)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Fund partners, build their capacity, and move their trust and levers (compiled;
    bit-identical to :func:`step_reference`)."""
    if params.aid_influence != 0.0 or not fusable(state.trust, state.sanctions):
        return step_reference(state, params, rng)
    n = state.setting.n
    budget = lever(state.levers, "aid") * params.aid_budget_share * state.gdp / 12.0
    per_capita = state.gdp / state.setting.population
    alloc, given, received = np.empty((n, n)), np.empty(n), np.zeros(n)
    vectors = np.stack([1.0 - state.security, per_capita, budget]).astype(float)
    _allocation_kernel(state.trust, state.sanctions, vectors, alloc, given, received)
    sat = saturation(received, state.gdp, params)
    stock = state.aid_stock
    stock = stock + params.aid_effect * sat * (1.0 - stock) - params.aid_decay * stock
    trust = np.empty((n, n))
    _aid_trust_kernel(state.trust, alloc, received, sat, float(params.aid_trust_gain), trust)
    return evolve(
        state,
        aid_given=given,
        aid_received=received,
        aid_stock=np.clip(stock, 0.0, 1.0),
        trust=trust,
    )


@kernel
def _allocation_kernel(
    trust, sanctions, vectors, alloc, given, received
) -> None:  # pragma: no cover
    """:func:`allocation` row by row, with ``given`` (row sums, NumPy's pairwise order)
    and ``received`` (column sums, accumulated row after row as NumPy does)."""
    insecure, per_capita, budget = vectors[0], vectors[1], vectors[2]
    n = trust.shape[0]
    row = np.empty(n)
    for i in range(n):
        for j in range(n):
            need = min(max(1.0 - per_capita[j] / per_capita[i], 0.0), 1.0)
            free = 1.0 if sanctions[i, j] == 0 else 0.0
            row[j] = trust[i, j] * insecure[j] * need * free
        row[i] = 0.0
        total = pairwise_sum(row)
        for j in range(n):
            alloc[i, j] = budget[i] * (row[j] / total if total > 0 else 0.0)
            received[j] += alloc[i, j]
        given[i] = pairwise_sum(alloc[i])


@kernel
def _aid_trust_kernel(trust, alloc, received, sat, gain, out) -> None:  # pragma: no cover
    """``out[j, i] = clip(trust[j, i] + gain w[j, i] (1 - trust[j, i]), 0, 1)`` with
    ``w[j, i] = alloc[i, j] / received[j] sat[j]``, in 32 x 32 tiles."""
    n = trust.shape[0]
    for j0 in range(0, n, 32):
        for i0 in range(0, n, 32):
            for j in range(j0, min(j0 + 32, n)):
                for i in range(i0, min(i0 + 32, n)):
                    share = alloc[i, j] / received[j] if received[j] > 0 else 0.0
                    t = trust[j, i]
                    out[j, i] = min(max(t + gain * (share * sat[j]) * (1.0 - t), 0.0), 1.0)


def step_reference(state: State, params: Params, rng: np.random.Generator) -> State:
    """:func:`step` in plain NumPy (also the path when aid moves levers)."""
    alloc = allocation(state, params)
    received = alloc.sum(axis=0)
    sat = saturation(received, state.gdp, params)
    stock = state.aid_stock
    stock = stock + params.aid_effect * sat * (1.0 - stock) - params.aid_decay * stock
    share = np.divide(
        alloc, received[None, :], out=np.zeros_like(alloc), where=received[None, :] > 0
    )
    w = (share * sat[None, :]).T  # w[j, i]: weight of donor i in recipient j
    trust = state.trust + params.aid_trust_gain * w * (1.0 - state.trust)
    return evolve(
        state,
        aid_given=alloc.sum(axis=1),
        aid_received=received,
        aid_stock=np.clip(stock, 0.0, 1.0),
        trust=np.clip(trust, 0.0, 1.0),
        levers=influenced(state.levers, w, params),
    )


def influenced(levers: np.ndarray, w: np.ndarray, params: Params) -> np.ndarray:
    """Recipients' levers after donor influence (``w[j, i]``: weight of donor i in j).

    Returns ``levers`` itself (unchanged, not a copy) when ``aid_influence`` is 0.
    """
    if params.aid_influence == 0.0:
        return levers
    mask = np.asarray(params.aid_influence_levers, dtype=float)
    mask[lever_index("aid")] = 0.0
    drift = w @ levers - w.sum(axis=1, keepdims=True) * levers
    return np.clip(levers + params.aid_influence * mask[None, :] * drift, 0.0, 1.0)
