"""M6 Responses: beliefs shift, partners attribute jointly, victims choose from a menu.

Source: essay §Diplomatic ("the result can be severe sanctions or the abrupt termination of
trade agreements"; "nations that proactively disclose vulnerabilities ... find greater
acceptance"); Valeriano & Maness (2015): responses are mostly restrained or proportionate,
escalation is rare.

For each attribution this step (victim v, named culprit c, severity s), in log-odds of
trust (M1):

* **victim**: ``L[v, c] -= trust_drop_victim s`` (private attributions too);
* **joint attribution**: each sharing partner k of v (``partners[v, k] > 0``, k != c)
  corroborates with probability ``joint_attribution_rate partners[v, k] security_k``; it
  shifts like a victim at half weight, and ``L[v, k]``, ``L[k, v]`` gain ``trust_joint_gain``;
* **third parties** k: ``L[k, c] -= s (trust_drop_public + trust_contagion tie[k, v])`` with
  :func:`netpolitik.engine.trust.ties` (bounded, independent of N);
* **response**: the victim picks one of :data:`~netpolitik.engine.state.RESPONSES` by a
  multinomial logit (:func:`response_scores`; restraint scores 0):

  - denounce: third parties shift a further ``response_denounce_shift s tie[k, v]``;
  - indict: third parties shift a further ``response_denounce_shift s regime_k``;
  - sanction: v sanctions c, their trade agreement ends, ``L[c, v] -= sanctioned_trust_drop``;
  - counter-operation: an operation by v on c of severity ``max(1, s - 1)`` joins the
    pending queue (c may trace and answer it: escalation);
  - restraint: nothing more.

Sanctions last at least ``sanction_min_months``; after that an episode ends each month with
probability ``min(1, sanction_end_hazard (1/2 + trust[v, c]))``. ``sanctions[i, j]`` counts the
months i has sanctioned j (0 = none); ended episodes' lengths go to
``flows.sanctions_ended``.

Vulnerability disclosure lowers everyone's exposure: capable states that disclose what they
find get it patched, ``exposure = 1 - disclosure_patch sum(capability disclosure) /
sum(capability)``.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine import trust as trust_mech
from netpolitik.engine.attribution import dependence, power
from netpolitik.engine.compiled import nonzero_cells
from netpolitik.engine.state import RESPONSES, Pending, State, evolve
from netpolitik.params import Params
from netpolitik.policy import legal_clarity, lever

SANCTION = RESPONSES.index("sanction")
COUNTER = RESPONSES.index("counter_operation")


def exposure(state: State, params: Params) -> np.ndarray:
    """Every country's exposure ``(N,)`` in [0, 1] after global patching of disclosures."""
    cap = state.capability
    disclosed = float((cap * lever(state.levers, "disclosure")).sum() / max(cap.sum(), 1e-12))
    return np.full(state.setting.n, 1.0 - params.disclosure_patch * disclosed)


def response_scores(
    state: State, params: Params, victim: np.ndarray, culprit: np.ndarray, severity: np.ndarray
) -> np.ndarray:
    """``(A, 5)`` multinomial-logit scores of the response menu for each attribution."""
    p, s = params, severity.astype(float) - 3.0
    dependent = dependence(state, victim, culprit)
    rival = state.setting.rivalry[victim, culprit]
    legal = legal_clarity(state.levers, state.setting.regime)[victim]
    scores = np.zeros((victim.size, len(RESPONSES)))
    scores[:, 1] = p.response_denounce + p.response_severity * s
    scores[:, 2] = p.response_indict + p.response_severity * s + p.response_legal * (legal - 0.5)
    scores[:, 3] = (
        p.response_sanction
        + p.response_severity * s
        + p.response_rivalry * rival
        - p.response_dependence * dependent
    )
    scores[:, 4] = (
        p.response_counter
        + p.response_severity * s
        + p.response_rivalry * rival
        + p.response_capacity * power(state)[victim]
    )
    return scores


def choose(scores: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One response index per row, drawn with softmax probabilities of ``scores``."""
    if scores.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    prob = np.exp(scores - scores.max(axis=1, keepdims=True))
    prob /= prob.sum(axis=1, keepdims=True)
    u = rng.random(int(scores.shape[0]))[:, None]
    return np.minimum((prob.cumsum(axis=1) < u).sum(axis=1), len(RESPONSES) - 1)


def belief_shifts(
    state: State, params: Params, rng: np.random.Generator, response: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds shifts ``(N, N)`` from this step's attributions, and joint-partner counts."""
    f, p, n = state.flows, params, state.setting.n
    shift = np.zeros((n, n))
    np.add.at(
        shift, (f.private_target, f.private_attacker), -p.trust_drop_victim * f.private_severity
    )
    tie = trust_mech.tie_columns(state.trust, trust_mech.tie_weight(state), f.attributed_target)
    regime = state.setting.regime
    joint = np.zeros(f.attributed_attacker.size, dtype=np.int64)
    for a, (c, v, s) in enumerate(
        zip(f.attributed_attacker, f.attributed_target, f.attributed_severity, strict=True)
    ):
        drop = s * (p.trust_drop_public + p.trust_contagion * tie[:, a])
        if response[a] == 1:
            drop = drop + p.response_denounce_shift * s * tie[:, a]
        elif response[a] == 2:
            drop = drop + p.response_denounce_shift * s * regime
        shift[:, c] -= drop
        shift[v, c] -= p.trust_drop_victim * s
        links = state.partners[v]
        chance = p.joint_attribution_rate * links * state.security
        helpers = np.flatnonzero(rng.random(n) < chance)
        helpers = helpers[(helpers != c) & (helpers != v)]
        joint[a] = helpers.size
        shift[helpers, c] -= 0.5 * p.trust_drop_victim * s
        shift[v, helpers] += p.trust_joint_gain
        shift[helpers, v] += p.trust_joint_gain
    np.fill_diagonal(shift, 0.0)
    return shift, joint


def lift(
    sanctions: np.ndarray, trust: np.ndarray, params: Params, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Age sanctions by a month and end some past their minimum (module docstring).

    Returns the new sanction months and the lengths of the episodes that ended."""
    i, j = nonzero_cells(sanctions)
    months = sanctions[i, j]
    chance = np.minimum(1.0, params.sanction_end_hazard * (0.5 + trust[i, j]))
    end = (months >= params.sanction_min_months) & (rng.random(i.size) < chance)
    out = sanctions.copy()
    out[i, j] = np.where(end, 0, months + 1)
    return out, months[end].astype(np.int64)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Shift beliefs, choose and apply responses, age and end sanctions, update exposure."""
    return respond(state, params, rng)


def respond(
    state: State, params: Params, rng: np.random.Generator, chosen: np.ndarray | None = None
) -> State:
    """:func:`step`, with responses chosen by the victims where ``chosen`` says so.

    ``chosen`` is ``(N, N)`` int: ``chosen[v, c] = r >= 0`` makes victim v answer every
    public attribution to c this step with ``RESPONSES[r]``; ``-1`` leaves the choice to the
    multinomial logit. The logit is drawn for every attribution either way, so the
    generator advances exactly as in :func:`step`.
    """
    f = state.flows
    victim, culprit, sev = f.attributed_target, f.attributed_attacker, f.attributed_severity
    response = choose(response_scores(state, params, victim, culprit, sev), rng)
    if chosen is not None and response.size:
        own = np.asarray(chosen, np.int64)[victim, culprit]
        response = np.where(own >= 0, own, response)
    shift, joint = belief_shifts(state, params, rng, response)
    sanctions, ended = lift(state.sanctions, state.trust, params, rng)
    hit = response == SANCTION
    fresh = hit & (sanctions[victim, culprit] == 0)
    sanctions[victim[hit], culprit[hit]] = np.maximum(sanctions[victim[hit], culprit[hit]], 1)
    np.add.at(shift, (culprit[hit], victim[hit]), -params.sanctioned_trust_drop)
    trade = state.trade
    if hit.any():  # a new array only when an agreement ends (the trust anchor caches on it)
        trade = trade.copy()
        trade[victim[hit], culprit[hit]] = False
        trade[culprit[hit], victim[hit]] = False
    pending = state.pending
    back = response == COUNTER
    if back.any():
        q = pending
        pending = Pending(
            np.concatenate([q.attacker, victim[back]]),
            np.concatenate([q.target, culprit[back]]),
            np.concatenate([q.severity, np.maximum(sev[back] - 1, 1)]),
            np.concatenate([q.age, np.zeros(int(back.sum()), np.int64)]),
        )
    trust = trust_mech.apply_evidence(state.trust, shift) if shift.any() else state.trust
    flows = evolve(
        f,
        attributed_joint=joint,
        attributed_response=response,
        sanctions_imposed=int(np.unique(victim[fresh] * state.setting.n + culprit[fresh]).size),
        sanctions_ended=ended,
    )
    return evolve(
        state,
        trust=trust,
        sanctions=sanctions,
        trade=trade,
        pending=pending,
        flows=flows,
        exposure=exposure(state, params),
    )
