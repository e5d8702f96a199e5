"""M1 Trust: a belief about the partner's intentions, learned from observed behaviour.

Source: Kydd (2005), *Trust and Mistrust in International Relations*: trust is the belief
that the other is a security-seeker rather than expansionist, updated from costly signals;
Buchanan (2016), *The Cybersecurity Dilemma*: dual-use capabilities and intrusions read as
threats; essay §Diplomatic, §Defense Alliances, §Personal Freedoms.

``trust[i, j]`` in [0, 1] is i's belief that j is benign; the diagonal is 1. It is held in
log-odds ``L = logit(trust)``, where evidence adds up.

**Prior (the anchor).** From the ties of the start year and the record up to it::

    A_ij = logit(trust_base) + w_mem (1 - exp(-shared_ij / 2)) + w_ally ally_ij
           + w_trade trade_ij - w_riv rivalry_ij
           - w_disp (1 - exp(-disputes_ij / s_disp)) - w_hist (1 - exp(-operations_ji))

``shared`` counts the clubs both belong to now, ``ally`` a shared defense pact, ``trade`` a
live trade agreement, ``disputes`` the decayed militarised-dispute record and
``operations_ji`` j's decayed record of operations against i (both to the start year). A run
starts from ``trust = sigmoid(A)``, not from an equilibrium. Accessions, exclusions and
ended trade agreements move the anchor during the run.

**Monthly update.** Evidence fades toward the anchor unless renewed, and observed posture
adds evidence every month::

    L_ij <- L_ij + trust_rate (A_ij - L_ij) + P_ij
    P_ij = w_disc (disclosure_j - 1/2)                         costly signal (Kydd)
           - w_threat capability_j offense_j (1 + k_riv rivalry_ij)   security dilemma
           - w_surv regime_i surveillance_j (1 - oversight_j)
           - w_restr data_restriction_j
           + partners_ij (w_coop min(sharing_i, sharing_j) + w_recip (sharing_j - sharing_i))
           - w_sanc [i sanctions j or j sanctions i]

**Events** (M3 misuse, M5/M6 attributions and responses, M2 exclusions) shift beliefs
through :func:`apply_evidence` (log-odds) and :func:`apply_drop` (trust units). Third
parties learn about an event through :func:`ties`: each truster's ties to the others are
normalised to sum to 1, so one event moves any state's belief by a bounded amount that does
not grow with the number of states.

**Compiled month.** :func:`step` and :func:`apply_evidence` run as three passes over the
``(N, N)`` arrays: a kernel writes the clipped odds, NumPy takes their log in place, a
kernel adds the fade toward the anchor and the posture evidence (``_update_kernel``: the
expression of :func:`posture`, term by term in the same order), NumPy exponentiates in
place, and a kernel finishes the sigmoid. The anchor is cached on the setting while
``params``, ``members`` and ``trade`` are the same objects. Results are bit-identical to
the NumPy reference (:func:`step_reference`, :func:`apply_evidence_reference`).
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.compiled import kernel, nonzero_cells, pairwise_sum, scratch
from netpolitik.engine.state import State, evolve, fill_diagonal
from netpolitik.params import Params
from netpolitik.policy import lever, unchecked_surveillance

_EPS = 1e-6


def logit(p: np.ndarray) -> np.ndarray:
    """Log-odds of ``p`` (clipped away from 0 and 1)."""
    q = np.clip(p, _EPS, 1.0 - _EPS)
    return np.log(q / (1.0 - q))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """Inverse of :func:`logit`."""
    return 1.0 / (1.0 + np.exp(-x))


def shared_memberships(state: State) -> np.ndarray:
    """``(N, N)`` number of clubs both belong to now (static ``Setting.shared`` when the run
    has no clubs). Recomputed only when ``state.members`` is a new array."""
    if state.setting.clubs.k == 0:
        return state.setting.shared

    def compute() -> np.ndarray:
        m = state.members.astype(float)
        return m @ np.swapaxes(m, -1, -2)

    return state.setting.derive("shared", (state.members,), compute)


def allied(state: State) -> np.ndarray:
    """``(N, N)`` 1.0 where i and j belong to a common defense pact now, else 0."""
    c = state.setting.clubs
    if c.k == 0:
        return np.zeros_like(state.trust)
    pact = np.array([kind == "defense_pact" for kind in c.kinds], dtype=bool)
    m = state.members[..., pact].astype(float)
    return (m @ np.swapaxes(m, -1, -2) > 0).astype(float)


def _record(matrix: np.ndarray | None, like: np.ndarray) -> np.ndarray:
    return np.zeros_like(like) if matrix is None else np.asarray(matrix, dtype=float)


def static_prior(state: State, params: Params) -> np.ndarray:
    """The anchor's terms fixed for a run ``(N, N)``: base, rivalry, disputes and past
    operations. Computed once per setting and ``params`` (kept in ``Setting.derived``)."""
    s, p = state.setting, params

    def compute() -> np.ndarray:
        disputes = _record(getattr(s, "disputes", None), state.trust)
        operations = _record(getattr(s, "past_operations", None), state.trust)
        return (
            float(logit(np.array(p.trust_base)))
            - p.trust_w_rivalry * s.rivalry
            - p.trust_w_disputes * (1.0 - np.exp(-disputes / p.trust_disputes_scale))
            - p.trust_w_history * (1.0 - np.exp(-np.swapaxes(operations, -1, -2)))
        )

    return s.derive("trust_prior", (p,), compute)


def membership_prior(state: State, params: Params) -> np.ndarray:
    """The anchor's membership and alliance terms ``(N, N)``, recomputed only when
    ``state.members`` is a new array (kept in ``Setting.derived``)."""
    p = params

    def compute() -> np.ndarray:
        return p.trust_w_membership * (
            1.0 - np.exp(-shared_memberships(state) / 2.0)
        ) + p.trust_w_alliance * allied(state)

    return state.setting.derive("membership_prior", (p, state.members), compute)


def anchor(state: State, params: Params) -> np.ndarray:
    """Prior log-odds ``(N, N)`` from ties, rivalries and the record (module docstring);
    recomputed only when ``params``, ``members`` or ``trade`` is a new object (read-only)."""

    def compute() -> np.ndarray:
        a = (
            static_prior(state, params)
            + membership_prior(state, params)
            + params.trust_w_trade * state.trade
        )
        return fill_diagonal(a, 0.0)

    return state.setting.derive("anchor", (params, state.members, state.trade), compute)


def threat(state: State, params: Params, levers: np.ndarray | None = None) -> np.ndarray:
    """``(N, N)`` threat i reads in j: ``capability_j offense_j (1 + k_riv rivalry_ij)``
    (``levers`` replaces the trustees' levers)."""
    lv = state.levers if levers is None else levers
    power = state.capability * lever(lv, "offense")
    return power[..., None, :] * (1.0 + params.trust_threat_rival * state.setting.rivalry)


def posture(state: State, params: Params, levers: np.ndarray | None = None) -> np.ndarray:
    """Monthly log-odds evidence ``(N, N)`` from observed posture (module docstring).

    ``levers`` replaces the trustees' levers (the truster's own levers stay those of
    ``state``): what others would read in a state that changed its policy.
    """
    p, s, own = params, state.setting, state.levers
    lv = own if levers is None else levers
    share_i, share_j = lever(own, "sharing")[:, None], lever(lv, "sharing")[None, :]
    links = state.partners
    either = (state.sanctions > 0) | (state.sanctions.T > 0)
    e = (
        p.trust_w_disclosure * (lever(lv, "disclosure") - 0.5)[None, :]
        - p.trust_w_threat * threat(state, p, lv)
        - p.trust_w_surveillance * s.regime[:, None] * unchecked_surveillance(lv)[None, :]
        - p.trust_w_restriction * lever(lv, "data_restriction")[None, :]
        + links
        * (
            p.trust_w_cooperation * np.minimum(share_i, share_j)
            + p.trust_w_reciprocity * (share_j - share_i)
        )
        - p.trust_w_sanction * either
    )
    np.fill_diagonal(e, 0.0)
    return e


def initial(state: State, params: Params) -> np.ndarray:
    """Start-of-run trust ``(N, N)``: the prior, ``sigmoid(anchor)``."""
    return fill_diagonal(sigmoid(anchor(state, params)), 1.0)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Fade evidence toward the anchor and add this month's posture evidence.
    Deterministic; compiled (bit-identical to :func:`step_reference`)."""
    t = state.trust
    if not fusable(t, state.partners, state.sanctions):
        return step_reference(state, params, rng)
    p, lv, n = params, state.levers, state.setting.n
    work = scratch(state.setting, "trust", t.shape)
    _odds_kernel(t, work)
    np.log(work, out=work)
    share = np.ascontiguousarray(lever(lv, "sharing"), dtype=float)
    vectors = np.stack(
        [
            p.trust_w_disclosure * (lever(lv, "disclosure") - 0.5),
            state.capability * lever(lv, "offense"),
            p.trust_w_surveillance * state.setting.regime,
            unchecked_surveillance(lv),
            p.trust_w_restriction * lever(lv, "data_restriction"),
            share,
        ]
    ).astype(float)
    weights = np.array(
        [
            p.trust_rate,
            p.trust_w_threat,
            p.trust_threat_rival,
            p.trust_w_cooperation,
            p.trust_w_reciprocity,
            p.trust_w_sanction,
        ],
        dtype=float,
    )
    rivalry = np.ascontiguousarray(state.setting.rivalry, dtype=float)
    i, j = nonzero_cells(state.sanctions)
    rows, cols = np.concatenate([i, j]), np.concatenate([j, i])
    _update_kernel(work, anchor(state, p), rivalry, state.partners, vectors, weights, rows, cols)
    np.exp(work, out=work)
    out = np.empty((n, n))
    _sigmoid_kernel(work, out)
    return evolve(state, trust=out)


def step_reference(state: State, params: Params, rng: np.random.Generator) -> State:
    """:func:`step` in plain NumPy (the reference of the compiled step)."""
    belief = logit(state.trust)
    belief = belief + params.trust_rate * (anchor(state, params) - belief)
    belief = belief + posture(state, params)
    return evolve(state, trust=fill_diagonal(sigmoid(belief), 1.0))


def fusable(*arrays: np.ndarray) -> bool:
    """True when every array is a C-contiguous 2-D array (what the kernels take)."""
    return all(a.ndim == 2 and a.flags.c_contiguous for a in arrays)


def apply_evidence(trust: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """Trust after adding ``shift`` ``(N, N)`` log-odds of evidence (diagonal kept at 1).
    Compiled for 2-D arrays (bit-identical to :func:`apply_evidence_reference`)."""
    if not fusable(trust, shift) or shift.dtype != np.float64:
        return apply_evidence_reference(trust, shift)
    work = np.empty(trust.shape)
    _odds_kernel(trust, work)
    np.log(work, out=work)
    _shift_kernel(work, shift)
    np.exp(work, out=work)
    _sigmoid_kernel(work, work)
    return work


def apply_evidence_reference(trust: np.ndarray, shift: np.ndarray) -> np.ndarray:
    """:func:`apply_evidence` in plain NumPy."""
    out = sigmoid(logit(trust) + shift)
    return fill_diagonal(out, 1.0)


@kernel
def _odds_kernel(trust: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover - compiled
    """``out = q / (1 - q)`` with ``q = clip(trust, eps, 1 - eps)`` (:func:`logit` before
    its log)."""
    n, m = trust.shape
    for i in range(n):
        for j in range(m):
            q = min(max(trust[i, j], _EPS), 1.0 - _EPS)
            out[i, j] = q / (1.0 - q)


@kernel
def _posture_cell(i, j, rivalry, partners, vectors, weights, either):  # pragma: no cover
    """The posture evidence ``P_ij`` of :func:`posture`, term by term in its order."""
    si, sj = vectors[5, i], vectors[5, j]
    return (
        vectors[0, j]
        - weights[1] * (vectors[1, j] * (1.0 + weights[2] * rivalry[i, j]))
        - vectors[2, i] * vectors[3, j]
        - vectors[4, j]
        + partners[i, j] * (weights[3] * min(si, sj) + weights[4] * (sj - si))
        - weights[5] * either
    )


@kernel
def _update_kernel(
    belief, anchor, rivalry, partners, vectors, weights, rows, cols
) -> None:  # pragma: no cover - compiled
    """``belief <- -(L + rate (A - L) + P)`` in place (the negation feeds the sigmoid's
    ``exp``); ``(rows, cols)`` are the cells where either side sanctions the other. The
    diagonal is left arbitrary (the sigmoid sets it to 1)."""
    rate = weights[0]
    held = np.empty(rows.size)
    for k in range(rows.size):
        i, j = rows[k], cols[k]
        e = _posture_cell(i, j, rivalry, partners, vectors, weights, 1.0)
        low = belief[i, j]
        held[k] = -((low + rate * (anchor[i, j] - low)) + e)
    n = belief.shape[0]
    for i in range(n):
        for j in range(n):
            e = _posture_cell(i, j, rivalry, partners, vectors, weights, 0.0)
            low = belief[i, j]
            belief[i, j] = -((low + rate * (anchor[i, j] - low)) + e)
    for k in range(rows.size):
        belief[rows[k], cols[k]] = held[k]


@kernel
def _shift_kernel(belief: np.ndarray, shift: np.ndarray) -> None:  # pragma: no cover
    """``belief <- -(belief + shift)`` in place."""
    n, m = belief.shape
    for i in range(n):
        for j in range(m):
            belief[i, j] = -(belief[i, j] + shift[i, j])


@kernel
def _sigmoid_kernel(decay: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover
    """``out = 1 / (1 + decay)`` with ``decay = exp(-x)``; diagonal 1."""
    n, m = decay.shape
    for i in range(n):
        for j in range(m):
            out[i, j] = 1.0 / (1.0 + decay[i, j])
    for i in range(min(n, m)):
        out[i, i] = 1.0


def ties(trust: np.ndarray, shared: np.ndarray) -> np.ndarray:
    """Normalised ties ``(N, N)``: row i sums to 1 over i's partners (or is all zero).

    The weight of v for truster k is ``trust[k, v] (1 - exp(-shared[k, v] / 2))``: trusted
    fellow members count most. Events that happen to v reach k in proportion.
    """
    w = trust * (1.0 - np.exp(-np.asarray(shared, float) / 2.0))
    w = fill_diagonal(w.copy(), 0.0)
    total = w.sum(axis=-1, keepdims=True)
    return np.divide(w, total, out=np.zeros_like(w), where=total > 0)


def tie_weight(state: State) -> np.ndarray:
    """``(N, N)`` ``1 - exp(-shared / 2)`` with a zero diagonal, the membership part of
    :func:`ties`; recomputed only when ``state.members`` is a new array."""

    def compute() -> np.ndarray:
        shared = np.asarray(shared_memberships(state), float)
        return fill_diagonal(1.0 - np.exp(-shared / 2.0), 0.0)

    return state.setting.derive("tie_weight", (state.members,), compute)


def tie_columns(trust: np.ndarray, weight: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """``ties(trust, shared)[:, columns]`` without the ``(N, N)`` ties: one compiled pass
    (rows summed in NumPy's order, so bit-identical); ``weight`` is :func:`tie_weight`."""
    columns = np.asarray(columns, dtype=np.int64)
    if not fusable(trust, weight):
        return tie_columns_reference(trust, weight, columns)
    out = np.zeros((trust.shape[0], columns.size))
    if columns.size:
        _tie_columns_kernel(trust, weight, columns, out)
    return out


def tie_columns_reference(trust: np.ndarray, weight: np.ndarray, columns: np.ndarray):
    """:func:`tie_columns` in plain NumPy (what :func:`ties` computes)."""
    w = fill_diagonal(trust * weight, 0.0)
    total = w.sum(axis=-1, keepdims=True)
    return np.divide(w, total, out=np.zeros_like(w), where=total > 0)[..., columns]


@kernel
def _tie_columns_kernel(trust, weight, columns, out) -> None:  # pragma: no cover
    """Row by row: ``w = trust weight`` (diagonal 0), its pairwise sum, the chosen columns
    of ``w / sum`` (0 where the sum is 0)."""
    n = trust.shape[0]
    row = np.empty(trust.shape[1])
    for i in range(n):
        for j in range(row.size):
            row[j] = trust[i, j] * weight[i, j]
        row[i] = 0.0
        total = pairwise_sum(row)
        if total > 0:
            for k in range(columns.size):
                out[i, k] = row[columns[k]] / total


def apply_drop(
    trust: np.ndarray, drop: np.ndarray, contagion: float, shared: np.ndarray | None = None
) -> np.ndarray:
    """Lower trust by ``drop`` (``(N, N)``, trust units, >= 0) plus bounded contagion.

    When i loses ``drop[i, j]`` of its trust in j, each k loses ``contagion * tie[k, i] *
    drop[i, j]`` too, with :func:`ties` normalised over k's partners (``shared`` defaults
    to all-ones ties), so no one's extra loss exceeds ``contagion * max(drop)``.
    """
    spread = np.zeros_like(drop)
    hit = np.flatnonzero(drop.any(axis=0))
    if hit.size and contagion:
        tie = ties(trust, np.full_like(trust, 2.0) if shared is None else shared)
        spread[:, hit] = contagion * (tie @ drop[:, hit])
    out = np.clip(trust - drop - spread, 0.0, 1.0)
    return fill_diagonal(out, 1.0)


def mean_trust(trust: np.ndarray) -> float:
    """Mean off-diagonal trust (one component of collaboration; docs/model.md)."""
    n = trust.shape[-1]
    if n < 2:
        return float("nan")
    return float((trust.sum() - np.trace(trust)) / (n * (n - 1)))
