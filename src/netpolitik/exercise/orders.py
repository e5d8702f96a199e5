"""Turning a turn's decisions into the model: orders applied around the mechanisms.

Before the turn's first month (:func:`apply_start`): seats' lever changes (clipped to
[0, 1]), sanctions (as M6 imposes them: the episode starts, the pair's trade agreement
ends, the target's trust in the seat drops by ``sanctioned_trust_drop`` in log-odds) and
restraint (the seat's sanctions on that country are lifted).

During each month (:func:`turn_mechanisms`, the engine's :data:`ORDER` with wrappers):

* ``clubs``: admissions a seat vetoed are undone (the applicant stays a candidate at 0);
* ``sharing``: a seat's chosen partners receive its intelligence (link weight 1 from the
  seat), and pooled intelligence is recomputed;
* ``capacity``: aid pledges flow to their recipients like M9's aid (stock, trust);
* ``attribution``: in the first month, the seats' public attributions join the world's
  record (``attributed_true`` says whether the named culprit is the real attacker; the
  seat does not learn it), and the operation leaves the tracing queue;
* ``responses``: restraint holds: the seat's sanctions on a restrained country stay lifted;
* ``adaptation``: unclaimed states adapt as usual; seats' levers are only the seats' own.

After the last month (:func:`apply_end`): a seat's application to a club is accepted
when it lies in the club's treaty area, meets its criteria, and no member vetoed it
(a seat's veto, or any unseated member's trust in it below ``club_veto_trust``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from netpolitik.engine import attribution, capacity, clubs, responses, sharing
from netpolitik.engine import trust as trust_mech
from netpolitik.engine.simulator import ORDER, Mechanism
from netpolitik.engine.state import Pending, State, evolve
from netpolitik.exercise.decisions import Decision
from netpolitik.params import Params
from netpolitik.policy import LEVERS


@dataclass(frozen=True)
class Incident:
    """A successful state operation, as the engine knows it (the truth)."""

    id: str
    month: int
    attacker: int
    target: int
    severity: int


@dataclass
class TurnOrders:
    """A turn's decisions by seat index, and the incidents they may refer to."""

    first_step: int
    decisions: dict[int, Decision] = field(default_factory=dict)
    incidents: dict[str, Incident] = field(default_factory=dict)
    iso3: tuple[str, ...] = ()
    seats: tuple[int, ...] = ()

    def index(self, code: str) -> int:
        return self.iso3.index(code)

    def pairs(self, what: str) -> list[tuple[int, int]]:
        """(seat, country) pairs of one list field of the decisions."""
        return [(i, self.index(c)) for i, d in self.decisions.items() for c in getattr(d, what)]


def apply_start(state: State, orders: TurnOrders, params: Params) -> State:
    """Lever changes, sanctions and restraint, before the turn's first month."""
    levers = state.levers.copy()
    for i, d in orders.decisions.items():
        for name, delta in d.levers.items():
            k = LEVERS.index(name)
            levers[i, k] = float(np.clip(levers[i, k] + delta, 0.0, 1.0))
    sanctions, trade = state.sanctions.copy(), state.trade.copy()
    shift = np.zeros_like(state.trust)
    for i, j in orders.pairs("sanction"):
        if sanctions[i, j] == 0:
            sanctions[i, j] = 1
            shift[j, i] -= params.sanctioned_trust_drop
        trade[i, j] = trade[j, i] = False
    for i, j in orders.pairs("restrain"):
        sanctions[i, j] = 0
    trust = trust_mech.apply_evidence(state.trust, shift) if shift.any() else state.trust
    return evolve(state, levers=levers, sanctions=sanctions, trade=trade, trust=trust)


def _clubs(orders: TurnOrders, names: tuple[str, ...]) -> Mechanism:
    vetoes = [
        (names.index(v.club), orders.index(v.applicant))
        for d in orders.decisions.values()
        for v in d.veto
    ]

    def step(state: State, params: Params, rng: np.random.Generator) -> State:
        state = clubs.step(state, params, rng)
        undo = [
            (k, j) for k, j in vetoes if state.accessions is not None and state.accessions[j, k]
        ]
        if not undo:
            return state
        members, acc = state.members.copy(), state.accessions.copy()  # type: ignore[union-attr]
        for k, j in undo:
            members[j, k] = acc[j, k] = False
        return evolve(state, members=members, accessions=acc)

    return step


def _sharing(orders: TurnOrders) -> Mechanism:
    links = orders.pairs("share")

    def step(state: State, params: Params, rng: np.random.Generator) -> State:
        state = sharing.step(state, params, rng)
        if not links:
            return state
        partners = state.partners.copy()
        for i, j in links:
            partners[j, i] = 1.0  # j receives what seat i shares
        return evolve(state, partners=partners, pooled=sharing.pooled(state, partners, params))

    return step


def _capacity(orders: TurnOrders) -> Mechanism:
    pledges = [
        (i, orders.index(p.recipient), p.share) for i, d in orders.decisions.items() for p in d.aid
    ]

    def step(state: State, params: Params, rng: np.random.Generator) -> State:
        state = capacity.step(state, params, rng)
        if not pledges:
            return state
        given, got = state.aid_given.copy(), state.aid_received.copy()
        stock, trust = state.aid_stock.copy(), state.trust.copy()
        for i, j, share in pledges:
            amount = share * state.gdp[i] / 12.0
            given[i] += amount
            got[j] += amount
            sat = float(capacity.saturation(np.array([amount]), state.gdp[j : j + 1], params)[0])
            stock[j] += params.aid_effect * sat * (1.0 - stock[j])
            trust[j, i] += params.aid_trust_gain * sat * (1.0 - trust[j, i])
        return evolve(
            state, aid_given=given, aid_received=got, aid_stock=np.clip(stock, 0, 1), trust=trust
        )

    return step


def _without(q: Pending, attacker: int, target: int, severity: int) -> Pending:
    """The queue less its oldest row matching the operation (if still queued)."""
    rows = np.flatnonzero(
        (q.attacker == attacker) & (q.target == target) & (q.severity == severity)
    )
    if rows.size == 0:
        return q
    keep = np.ones(len(q), bool)
    keep[rows[np.argmax(q.age[rows])]] = False
    return Pending(q.attacker[keep], q.target[keep], q.severity[keep], q.age[keep])


def _attribution(orders: TurnOrders) -> Mechanism:
    claims = [
        (orders.incidents[c.incident], orders.index(c.culprit))
        for d in orders.decisions.values()
        for c in d.attribute
    ]

    def step(state: State, params: Params, rng: np.random.Generator) -> State:
        state = attribution.step(state, params, rng)
        if not claims or state.step + 1 != orders.first_step:
            return state
        f, q = state.flows, state.pending
        for inc, _ in claims:
            q = _without(q, inc.attacker, inc.target, inc.severity)
        ints = lambda xs: np.asarray(xs, np.int64)  # noqa: E731
        flows = evolve(
            f,
            attributed_attacker=np.concatenate(
                [f.attributed_attacker, ints([c for _, c in claims])]
            ),
            attributed_target=np.concatenate(
                [f.attributed_target, ints([i.target for i, _ in claims])]
            ),
            attributed_severity=np.concatenate(
                [f.attributed_severity, ints([i.severity for i, _ in claims])]
            ),
            attributed_true=np.concatenate(
                [f.attributed_true, np.array([i.attacker == c for i, c in claims], bool)]
            ),
        )
        return evolve(state, flows=flows, pending=q)

    return step


def _responses(orders: TurnOrders) -> Mechanism:
    held = orders.pairs("restrain")

    def step(state: State, params: Params, rng: np.random.Generator) -> State:
        state = responses.step(state, params, rng)
        if not held or not any(state.sanctions[i, j] for i, j in held):
            return state
        sanctions = state.sanctions.copy()
        for i, j in held:
            sanctions[i, j] = 0
        return evolve(state, sanctions=sanctions)

    return step


def _adaptation(seats: tuple[int, ...], base: Mechanism) -> Mechanism:
    rows = np.asarray(seats, np.int64)

    def step(state: State, params: Params, rng: np.random.Generator) -> State:
        new = base(state, params, rng)
        if new.levers is state.levers or rows.size == 0:
            return new
        levers = new.levers.copy()
        levers[rows] = state.levers[rows]
        return evolve(new, levers=levers)

    return step


def turn_mechanisms(
    orders: TurnOrders, club_names: tuple[str, ...]
) -> tuple[tuple[str, Mechanism], ...]:
    """The engine's :data:`ORDER` with the turn's orders wrapped around its mechanisms."""
    wrap = {
        "clubs": _clubs(orders, club_names),
        "sharing": _sharing(orders),
        "capacity": _capacity(orders),
        "attribution": _attribution(orders),
        "responses": _responses(orders),
    }
    out = []
    for name, mech in ORDER:
        if name == "adaptation":
            out.append((name, _adaptation(orders.seats, mech)))
        else:
            out.append((name, wrap.get(name, mech)))
    return tuple(out)


def apply_end(
    state: State, orders: TurnOrders, params: Params
) -> tuple[State, list[tuple[int, int, bool]]]:
    """Decide the seats' club applications; returns the state and (seat, club, admitted)."""
    names = state.setting.clubs.names
    apps = [(i, names.index(c)) for i, d in orders.decisions.items() for c in d.apply]
    if not apps:
        return state, []
    vetoed = {
        (names.index(v.club), orders.index(v.applicant))
        for d in orders.decisions.values()
        for v in d.veto
    }
    meets = clubs.meets_criteria(state)
    eligible = state.setting.clubs.eligible
    members = state.members.copy()
    seated = np.zeros(state.setting.n, bool)
    seated[list(orders.seats)] = True
    out = []
    for i, k in apps:
        model_members = members[:, k] & ~seated
        blocked = (k, i) in vetoed or bool(
            (state.trust[model_members, i] < params.club_veto_trust).any()
        )
        ok = bool(meets[i, k]) and (eligible is None or bool(eligible[i, k])) and not blocked
        if ok and not members[i, k]:
            members[i, k] = True
        out.append((i, k, ok))
    return evolve(state, members=members), out
