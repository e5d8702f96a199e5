"""The simulation state: NumPy arrays, ``(N,)`` per country and ``(N, N)`` per dyad.

:class:`Setting` holds what does not change during a run (the world's static attributes,
the clubs' rules, scheduled events, adaptation settings). :class:`State` holds what does:
levers, trust, capability, GDP, memberships, sanctions, trade agreements, exposure, the
queue of incidents awaiting attribution, and the flows of the latest step (what the
output layer records). Mechanism ``step`` functions never mutate a state: they return a
new one with :func:`dataclasses.replace`.

Dyadic arrays are indexed ``[i, j]`` = "i toward j": ``trust[i, j]`` is how much i trusts j;
``sanctions[i, j]`` counts the months i has sanctioned j (0 = no sanction).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from netpolitik.policy import check_levers

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

_D = TypeVar("_D", bound="DataclassInstance")

#: Economic sectors that incidents hit (consortia protect one sector each).
SECTORS: tuple[str, ...] = ("government", "finance", "energy", "transport", "industry")
#: Investment sector groups of M7 (§Business): aerospace/energy/finance vs AI/blockchain/VR.
INVESTMENT_SECTORS: tuple[str, ...] = ("security_sensitive", "data_driven")
#: The response menu of M6 (Valeriano & Maness 2015), in the order of its codes.
RESPONSES: tuple[str, ...] = ("restraint", "denounce", "indict", "sanction", "counter_operation")
#: Club kinds (``memberships.csv``) and scenario-defined consortia.
CLUB_KINDS: tuple[str, ...] = (
    "defense_pact",
    "trade_bloc",
    "threat_sharing",
    "political",
    "economic_forum",
    "cybercrime_treaty",
    "sector_consortium",
)


def fill_diagonal(a: np.ndarray, value: float) -> np.ndarray:
    """Set the diagonal of the last two axes of ``a`` in place (any leading axes); return
    ``a``. For a 2-D array this is :func:`numpy.fill_diagonal`."""
    np.einsum("...ii->...i", a)[...] = value
    return a


def _ints(n: int = 0) -> np.ndarray:
    return np.zeros(n, dtype=np.int64)


@dataclass(frozen=True)
class Clubs:
    """The rules of K clubs (M2). Arrays are ``(K,)``.

    ``min_security``, ``min_sharing``, ``max_offense``: admission and continued-membership
    criteria on the member's effective security and levers (0 / 0 / 1 = none).
    ``min_trust``: members' mean trust in an applicant needed to admit it (> 1 = closed).
    ``pools``: True when members pool threat intelligence (M3).
    ``sector``: index into :data:`SECTORS` of a sector consortium, -1 otherwise;
    ``sector_cut``: share by which membership cuts incident success in that sector.
    ``initial``: ``(N, K)`` membership at the start of the run.
    ``eligible``: ``(N, K)`` True where the club's treaty area includes the country
    (:mod:`netpolitik.engine.treaties`); ``None`` until the :class:`Setting` resolves it.
    ``norm_low``/``norm_high``: ``(K, 8)`` the lever range each club's norms ask of its
    members (0 / 1 = no norm) and ``norm_enforcement`` ``(K,)`` its enforcement strength
    in [0, 1] (:mod:`netpolitik.engine.norms`; ``None`` = no norms).
    ``public_private``: ``(K,)`` True for a public-private consortium firms may join
    (:mod:`netpolitik.engine.firms`). ``inspired_by``: ``(K,)`` index of the consortium
    whose success may make this one form with the same members, -1 otherwise
    (:mod:`netpolitik.engine.spread`).
    """

    names: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    min_security: np.ndarray = field(default_factory=lambda: np.zeros(0))
    min_sharing: np.ndarray = field(default_factory=lambda: np.zeros(0))
    max_offense: np.ndarray = field(default_factory=lambda: np.ones(0))
    min_trust: np.ndarray = field(default_factory=lambda: np.full(0, 2.0))
    pools: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    sector: np.ndarray = field(default_factory=_ints)
    sector_cut: np.ndarray = field(default_factory=lambda: np.zeros(0))
    initial: np.ndarray | None = None
    eligible: np.ndarray | None = None
    norm_low: np.ndarray | None = None
    norm_high: np.ndarray | None = None
    norm_enforcement: np.ndarray | None = None
    public_private: np.ndarray | None = None
    inspired_by: np.ndarray | None = None

    @property
    def k(self) -> int:
        """Number of clubs."""
        return len(self.names)


@dataclass(frozen=True)
class Event:
    """A scheduled shock or policy change (M10), applied at the start of ``step`` (1-based).

    ``kind`` is one of ``quantum_break``, ``ai_wave``, ``attributed_breach``,
    ``policy_change``. ``countries`` are indices (empty = everyone). ``values`` holds the
    kind's numbers, e.g. ``{"severity": 6, "attacker": 3}`` or lever settings.
    """

    kind: str
    step: int
    countries: tuple[int, ...] = ()
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Setting:
    """Static attributes of the simulated countries and the run's rules.

    Attributes
    ----------
    iso3 : ISO 3166-1 alpha-3 codes, length N.
    regime : civil-liberties score in [0, 1] (V-Dem ``v2x_civlib``).
    capability : initial cyber capability in [0, 1] (see ``docs/data.md``).
    population : persons.
    internet : share of the population online, [0, 1] (WDI).
    rivalry : ``(N, N)`` 1.0 for a strategic rivalry (Thompson & Dreyer 2012), else 0.
    shared : ``(N, N)`` number of organisations both belong to at the start year.
    trade : ``(N, N)`` True where both belong to a common trade bloc at the start year.
    clubs : rules of the clubs (M2); initial memberships are in :class:`State`.
    events : scheduled shocks and policy changes (M10).
    adaptation : ``"off"``, ``"local"`` (local search) or ``"imitation"`` (M11).
    weights : ``(N, 5)`` each government's utility weights on security, growth,
        partnerships, freedom and control (M11).
    past_operations : ``(N, N)`` decayed count of cyber operations of i toward j observed
        before the start (DCID 2.0 + CFR 2000-2010, e-folding 4 years; ``docs/data.md``),
        or None (synthetic worlds).
    disputes : ``(N, N)`` symmetric hostility-weighted, decayed militarised-dispute score of
        i and j to the start (COW dyadic MID, e-folding 10 years; ``docs/data.md``), or None.
    region, subregion : UN M49 region and sub-region names (empty in synthetic worlds);
        they set the clubs' treaty areas.
    neutral : ``(N,)`` True for states neutral or non-aligned in 2010, which never seek a
        defense pact (:data:`netpolitik.engine.treaties.NEUTRAL_2010` when omitted).
    growth_trend : ``(N,)`` trend real GDP growth, 1/year (``countries.csv``; ``None`` =
        ``base_growth`` for everyone).
    levers_ref : ``(N, 8)`` the levers under which ``growth_trend`` was observed (2010):
        spending above them costs growth, below them saves it (``None`` = zero levers).

    ``clubs.eligible`` left ``None`` is resolved from the treaty areas when the setting is
    built (and again whenever ``clubs`` is replaced by clubs without it).

    ``derived`` holds terms computed from the setting and one :class:`~netpolitik.params.Params`
    (e.g. the static part of the trust prior), so a run computes them once: it starts empty
    in every new setting (``dataclasses.replace`` included) and is not pickled. Arrays of a
    setting are not to be changed in place.
    """

    iso3: tuple[str, ...]
    regime: np.ndarray
    capability: np.ndarray
    population: np.ndarray
    internet: np.ndarray
    rivalry: np.ndarray
    shared: np.ndarray
    trade: np.ndarray
    clubs: Clubs = field(default_factory=Clubs)
    events: tuple[Event, ...] = ()
    adaptation: str = "off"
    weights: np.ndarray | None = None
    past_operations: np.ndarray | None = None
    disputes: np.ndarray | None = None
    region: tuple[str, ...] = ()
    subregion: tuple[str, ...] = ()
    neutral: np.ndarray | None = None
    growth_trend: np.ndarray | None = None
    levers_ref: np.ndarray | None = None
    derived: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "derived"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        object.__setattr__(self, "derived", {})

    def derive(
        self, name: str, inputs: tuple[Any, ...], compute: Callable[[], np.ndarray]
    ) -> np.ndarray:
        """``compute()``, kept read-only in :attr:`derived` under ``name`` and returned
        again while every one of ``inputs`` is the same object (e.g. a Params, or the
        state's ``members`` array); recomputed when any of them is replaced."""
        cached = self.derived.get(name)
        if (
            cached is not None
            and len(cached[0]) == len(inputs)
            and all(a is b for a, b in zip(cached[0], inputs, strict=True))
        ):
            return cached[1]
        value = compute()
        value.setflags(write=False)
        self.derived[name] = (inputs, value)
        return value

    def __post_init__(self) -> None:
        from netpolitik.engine import treaties

        if self.neutral is None:
            object.__setattr__(self, "neutral", treaties.neutral(self.iso3))
        c = self.clubs
        if c.eligible is None:
            eligible = treaties.eligibility(
                c.names, self.iso3, self.region, self.subregion, c.initial
            )
            object.__setattr__(self, "clubs", replace(c, eligible=eligible))
        elif c.eligible.shape != (self.n, c.k):
            raise ValueError(
                f"clubs.eligible: shape {c.eligible.shape}, expected "
                f"({self.n}, {c.k}); leave it None to derive it"
            )

    @property
    def n(self) -> int:
        """Number of countries."""
        return len(self.iso3)


_FIELD_NAMES: dict[type, frozenset[str]] = {}


def evolve(obj: _D, **changes: Any) -> _D:
    """A copy of the frozen dataclass ``obj`` with ``changes``: what
    :func:`dataclasses.replace` returns, at about a tenth of its cost, for the classes
    without ``__post_init__`` (:class:`State`, :class:`Flows`, :class:`Pending`); others go
    through ``replace``. Unknown field names raise ``TypeError``, as with ``replace``."""
    cls = type(obj)
    if hasattr(cls, "__post_init__"):
        return replace(obj, **changes)
    names = _FIELD_NAMES.get(cls)
    if names is None:
        names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(obj))
    if not names.issuperset(changes):
        raise TypeError(f"{cls.__name__} has no field {sorted(set(changes) - names)[0]!r}")
    new = object.__new__(cls)
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


@dataclass(frozen=True)
class Pending:
    """State operations (a sparse list, one row each): attacker, target, severity, age."""

    attacker: np.ndarray = field(default_factory=_ints)
    target: np.ndarray = field(default_factory=_ints)
    severity: np.ndarray = field(default_factory=_ints)
    age: np.ndarray = field(default_factory=_ints)

    def __len__(self) -> int:
        return int(self.attacker.size)


@dataclass(frozen=True)
class Flows:
    """What happened in the latest step; every count and damage is for that step only.

    ``attempts``/``successes`` are ``(N, N)`` state operations, attacker by target.
    ``crime_attempts``/``crime_successes``/``damage`` are ``(N,)`` per target; damage is
    in constant 2015 US$. ``sector_successes``/``sector_damage`` are ``(N, S)`` successful
    incidents (state and criminal) and their damage by target and sector (:data:`SECTORS`).
    ``new_*`` list this step's successful state operations, ``attributed_*`` this step's
    public attributions (named culprit, victim, severity), with ``attributed_true`` (the
    named culprit is the real attacker), ``attributed_joint`` (number of partners that
    attributed with the victim) and ``attributed_response`` (index into
    :data:`RESPONSES`, set by M6). ``private_*`` list attributions the victim made but kept
    to itself (M5). ``misuse`` is ``(N, N)``: True where i detected j misusing intelligence
    i shared (M3). ``sanctions_imposed`` counts sanctions started this step and
    ``sanctions_ended`` lists the lengths (months) of the episodes that ended. ``rate`` is
    this step's ``(N, N)`` expected state attempts (M4's Poisson rates).
    """

    attempts: np.ndarray
    successes: np.ndarray
    crime_attempts: np.ndarray
    crime_successes: np.ndarray
    damage: np.ndarray
    sector_successes: np.ndarray
    sector_damage: np.ndarray
    new_attacker: np.ndarray
    new_target: np.ndarray
    new_severity: np.ndarray
    new_damage: np.ndarray
    attributed_attacker: np.ndarray
    attributed_target: np.ndarray
    attributed_severity: np.ndarray
    misuse: np.ndarray
    attributed_true: np.ndarray = field(default_factory=lambda: np.zeros(0, bool))
    attributed_joint: np.ndarray = field(default_factory=_ints)
    attributed_response: np.ndarray = field(default_factory=_ints)
    private_attacker: np.ndarray = field(default_factory=_ints)
    private_target: np.ndarray = field(default_factory=_ints)
    private_severity: np.ndarray = field(default_factory=_ints)
    sanctions_imposed: int = 0
    sanctions_ended: np.ndarray = field(default_factory=_ints)
    rate: np.ndarray | None = None

    @classmethod
    def empty(cls, n: int) -> Flows:
        """No activity, for the state before the first step."""
        z1, zi, ns = np.zeros(n), _ints(), np.zeros((n, len(SECTORS)))
        zz = np.zeros((n, n), dtype=np.int64)
        return cls(
            zz,
            zz,
            z1,
            z1,
            z1,
            ns,
            ns,
            zi,
            zi,
            zi,
            np.zeros(0),
            zi,
            zi,
            zi,
            np.zeros((n, n), dtype=bool),
        )


@dataclass(frozen=True)
class State:
    """Everything that changes during a run, at one step.

    Beyond the core fields: ``capability`` (N,) grows with innovation (M8);
    ``members``/``strikes`` (N, K) club membership and months spent below its criteria (M2);
    ``partners`` (N, N) weight of each bilateral or club intelligence-sharing link and
    ``pooled`` (N,) intelligence received (M3); ``protection`` (N, S) incident-success cut by
    sector consortia; ``investment`` (N, 2) this month's FDI inflow by sector group (M7);
    ``recent_damage`` (N,) smoothed annual damage share of GDP; ``aid_given``,
    ``aid_received`` (N,) US$ this month and ``aid_stock`` (N,) capacity built (M9);
    ``readiness`` (N,) post-quantum readiness, ``shock_penalty`` (N,) security lost to
    shocks and ``ai_boost`` attackers' capability gain in an AI attack wave (M10);
    ``utility`` (N,) each government's latest utility (M11); ``forced`` attributed breaches
    scheduled by events, applied by M5. ``candidacy`` (N, K) months an applicant has
    continuously qualified for a club; ``accessions``/``exits`` (N, K) True where a country
    joined / left (was excluded from) a club this step (M2).
    ``firm_location`` (F, N) where each representative firm holds its assets (shares
    summing to 1) and ``firm_members`` (F, K) its consortium memberships
    (:mod:`netpolitik.engine.firms`); ``projects`` (N, N) symmetric joint-research
    intensity in [0, 1] and ``research_theft`` (N,) US$ of IP stolen from each country's
    joint projects this month (:mod:`netpolitik.engine.research`); ``sector_losses``
    (K, 4) moving averages of members' and non-members' damage in each consortium's sector
    and in all sectors (:mod:`netpolitik.engine.spread`). ``None`` until the mechanism
    first runs.
    """

    setting: Setting
    step: int
    levers: np.ndarray
    trust: np.ndarray
    capability: np.ndarray
    gdp: np.ndarray
    security: np.ndarray
    sanctions: np.ndarray
    trade: np.ndarray
    exposure: np.ndarray
    pending: Pending
    flows: Flows
    members: np.ndarray
    strikes: np.ndarray
    partners: np.ndarray
    pooled: np.ndarray
    protection: np.ndarray
    investment: np.ndarray
    recent_damage: np.ndarray
    aid_given: np.ndarray
    aid_received: np.ndarray
    aid_stock: np.ndarray
    readiness: np.ndarray
    shock_penalty: np.ndarray
    ai_boost: float
    utility: np.ndarray
    forced: Pending
    candidacy: np.ndarray | None = None
    accessions: np.ndarray | None = None
    exits: np.ndarray | None = None
    firm_location: np.ndarray | None = None
    firm_members: np.ndarray | None = None
    projects: np.ndarray | None = None
    research_theft: np.ndarray | None = None
    sector_losses: np.ndarray | None = None


def initial_state(
    setting: Setting, levers: np.ndarray, gdp: np.ndarray, members: np.ndarray | None = None
) -> State:
    """A state at step 0: neutral trust (set by the simulator), no sanctions, full exposure.

    ``members`` is the ``(N, K)`` initial club membership (``setting.clubs.initial`` when
    omitted).
    """
    n, k = setting.n, setting.clubs.k
    levers = check_levers(levers)
    z = np.zeros(n)
    if members is None:
        members = setting.clubs.initial

    return State(
        setting=setting,
        step=0,
        levers=levers,
        trust=np.full((n, n), 0.5),
        capability=np.asarray(setting.capability, dtype=float).copy(),
        gdp=np.asarray(gdp, dtype=float),
        security=z,
        sanctions=np.zeros((n, n), np.int64),
        trade=setting.trade.copy(),
        exposure=np.ones(n),
        pending=Pending(),
        flows=Flows.empty(n),
        members=np.zeros((n, k), bool) if members is None else np.asarray(members, bool),
        strikes=np.zeros((n, k), np.int64),
        partners=np.zeros((n, n)),
        pooled=z,
        protection=np.zeros((n, len(SECTORS))),
        investment=np.zeros((n, 2)),
        recent_damage=z,
        aid_given=z,
        aid_received=z,
        aid_stock=z,
        readiness=z,
        shock_penalty=z,
        ai_boost=0.0,
        utility=z,
        forced=Pending(),
        candidacy=np.zeros((n, k), np.int64),
        accessions=np.zeros((n, k), bool),
        exits=np.zeros((n, k), bool),
    )
