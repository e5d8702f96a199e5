"""Recording a run: preallocated arrays per step, turned into tables at the end.

The three tables are the output contract (``docs/outputs.md``):

* ``global_``: one row per step.
* ``countries``: one row per step x country.
* ``dyads``: one row per directed pair with any activity, summed over the run.
* ``clubs``: membership ``(steps, N, K)``, written as one row per step x club x member.
* ``firms``: each representative firm's asset location ``(steps, F, N)`` and consortium
  memberships ``(steps, F, K)`` (:mod:`netpolitik.engine.firms`).

A :class:`Recording` says what to keep: :data:`FULL` (the default) keeps all of it; a lean
recording (:func:`lean`) keeps the global series, only the named per-country columns and
the final state, with no dyad totals, membership or lever history, so a run's record does
not grow with the number of countries squared (experiments use it; ``docs/performance.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from netpolitik.engine.firms import FIRMS
from netpolitik.engine.norms import dispersion
from netpolitik.engine.state import RESPONSES, SECTORS, State
from netpolitik.engine.trust import mean_trust
from netpolitik.params import Params
from netpolitik.policy import LEVERS, freedom, legal_clarity, openness

GLOBAL_COLUMNS = (
    "security",
    "collaboration",
    "coexistence",
    "incidents",
    "successful",
    "attributed",
    "sanctions",
    "crime_incidents",
    "crime_successful",
    "damage",
    "damage_share",
    "world_gdp",
    "fdi",
    "mean_freedom",
    "sharing_density",
    "memberships",
    "misuse",
    "ai_boost",
    "mean_trust",
    "mean_pooled",
    "agreements",
    "trade_agreements",
    "accessions",
    "exits",
    "joint_attributions",
    "private_attributions",
    "false_attributions",
    "sanctions_imposed",
    "sanctions_ended",
    "counter_operations",
    "denunciations",
    "indictments",
    "restraints",
    "state_damage",
    "lever_dispersion",
    "research_projects",
    "research_theft",
    "firm_memberships",
)
COUNTRY_COLUMNS = (
    *LEVERS,
    "security",
    "openness",
    "freedom",
    "legal_clarity",
    "capability",
    "gdp",
    "incidents_suffered",
    "state_incidents_suffered",
    "incidents_caused",
    "attempts_made",
    "attributed_caused",
    "attributed_suffered",
    "damage",
    "sanctioned_by",
    "trust_in",
    "trust_out",
    "investment_in",
    "investment_security_sensitive",
    "investment_data_driven",
    "memberships",
    "aid_given",
    "aid_received",
    "pooled",
    "readiness",
    "utility",
    "misuse_detected",
    *(f"incidents_{s}" for s in SECTORS),
    *(f"damage_{s}" for s in SECTORS),
    "research_intensity",
    "research_theft",
)


#: Weights of the collaboration composite, by component (see :func:`collaboration`).
COLLABORATION_WEIGHTS: dict[str, float] = {
    "mean_trust": 0.4,
    "sharing": 0.2,
    "agreements": 0.2,
    "joint": 0.1,
    "clubs": 0.1,
}


def trailing(x: np.ndarray, months: int = 12) -> np.ndarray:
    """Sum of ``x`` over the trailing ``months`` steps (fewer at the start)."""
    c = np.cumsum(np.asarray(x, dtype=float))
    out = c.copy()
    out[months:] -= c[:-months]
    return out


def collaboration(g: dict[str, np.ndarray], n: int) -> np.ndarray:
    """Collaboration per step in [0, 1]: a weighted mean of five observable components.

    ``mean_trust``; ``sharing`` = mean intelligence received (M3 ``pooled``, in [0, 1));
    ``agreements`` = ``1 - exp(-a / 3)`` with ``a`` the live trade and cyber (sharing-link)
    agreements per country; ``joint`` = share of the trailing year's public attributions
    made jointly, smoothed toward 1/2 by four pseudo-attributions (``(J + 2) / (P + 4)``,
    so a single attribution moves it by at most 0.2); ``clubs`` =
    ``(1 + tanh((accessions - exits) / 5)) / 2`` over the trailing year. Weights:
    :data:`COLLABORATION_WEIGHTS` (assumption).
    """
    joint = (trailing(g["joint_attributions"]) + 2.0) / (trailing(g["attributed"]) + 4.0)
    parts = {
        "mean_trust": g["mean_trust"],
        "sharing": g["mean_pooled"],
        "agreements": 1.0 - np.exp(-g["agreements"] / max(n, 1) / 3.0),
        "joint": np.clip(joint, 0.0, 1.0),
        "clubs": 0.5 * (1.0 + np.tanh((trailing(g["accessions"]) - trailing(g["exits"])) / 5.0)),
    }
    return sum(w * parts[k] for k, w in COLLABORATION_WEIGHTS.items())


def coexistence(security: float, collaboration: float) -> float:
    """Do security and collaboration coexist? Their harmonic mean, in [0, 1].

    It is high only when both are high, and falls with the weaker of the two:
    ``2 S C / (S + C)`` (0 when either is 0). See ``docs/outputs.md``.
    """
    total = security + collaboration
    return 0.0 if total <= 0 else float(2.0 * security * collaboration / total)


def global_security(damage_share: float, params: Params) -> float:
    """World security in [0, 1]: ``1 - annual damage share of world GDP / scale``.

    ``scale = security_damage_scale``: the annual loss share at which security reads 0.
    """
    return float(np.clip(1.0 - damage_share / params.security_damage_scale, 0.0, 1.0))


@dataclass(frozen=True)
class Recording:
    """What a run records besides its global series and final state.

    ``countries``: the per-country columns kept (``None``: all of :data:`COUNTRY_COLUMNS`);
    ``history``: keep the dyad totals and the membership and lever history (``(N, N)``,
    ``(steps, N, K)`` and ``(steps, N, 8)`` arrays).

    Examples
    --------
    >>> lean(("security",)).countries, FULL.history
    (('security',), True)
    """

    countries: tuple[str, ...] | None = None
    history: bool = True

    def keeps(self, column: str) -> bool:
        """Whether the per-country ``column`` is recorded."""
        return self.countries is None or column in self.countries


#: Record everything: every per-country column, dyad totals, membership and levers.
FULL = Recording()


def lean(countries: tuple[str, ...] = ()) -> Recording:
    """A lean recording: global series, the ``countries`` columns named, the final state."""
    unknown = sorted(set(countries) - set(COUNTRY_COLUMNS))
    if unknown:
        raise ValueError(f"unknown country columns {unknown}; see COUNTRY_COLUMNS")
    return Recording(countries=tuple(countries), history=False)


class _Discard:
    """A write-only sink for a column a lean recording does not keep."""

    def __setitem__(self, key: object, value: object) -> None:
        pass


@dataclass
class Trajectory:
    """A finished run: ``global_`` and ``countries`` hold ``(steps,)`` and ``(steps, N)``
    arrays by column; ``dyads`` holds ``(N, N)`` totals; ``final`` is the last state;
    ``members`` is the ``(steps, N, K)`` membership of the ``clubs``; ``sanction_lengths``
    the lengths (months) of the sanction episodes that ended during the run;
    ``firm_location`` ``(steps, F, N)`` and ``firm_members`` ``(steps, F, K)`` the firms'
    asset shares and consortium memberships (:data:`~netpolitik.engine.firms.FIRMS`)."""

    iso3: tuple[str, ...]
    global_: dict[str, np.ndarray]
    countries: dict[str, np.ndarray]
    dyads: dict[str, np.ndarray]
    final: State
    clubs: tuple[str, ...] = ()
    members: np.ndarray | None = None
    sanction_lengths: np.ndarray | None = None
    firm_location: np.ndarray | None = None
    firm_members: np.ndarray | None = None


#: Joint-research intensity above which a pair counts as a live project (``research_projects``).
PROJECT_THRESHOLD = 0.01


class Recorder:
    """Collects each step's outputs into preallocated arrays.

    Per step it stores only raw arrays (levers, security, flows' sparse lists, trust sums);
    indices derived from the levers (openness, freedom, legal clarity) are computed for all
    steps at once in :meth:`finish`.
    """

    DERIVED = ("openness", "freedom", "legal_clarity", *LEVERS)

    def __init__(
        self,
        n: int,
        steps: int,
        k: int = 0,
        members: np.ndarray | None = None,
        recording: Recording = FULL,
    ) -> None:
        self.recording = recording
        history = recording.history
        self.members = np.zeros((steps, n, k) if history else (0, n, k), dtype=bool)
        self._previous = (
            np.zeros((n, k), dtype=bool) if members is None else np.asarray(members, dtype=bool)
        )
        self.levers = np.zeros((steps if history else 0, n, len(LEVERS)))
        self.global_ = {c: np.zeros(steps) for c in GLOBAL_COLUMNS}
        self.countries: dict[str, Any] = {
            c: np.zeros((steps, n)) if recording.keeps(c) else _Discard()
            for c in COUNTRY_COLUMNS
            if c not in self.DERIVED
        }
        self.sanction_lengths: list[int] = []
        rows = steps if history else 0  # firm histories are kept by a full recording only
        self.firm_location = np.zeros((rows, len(FIRMS), n))
        self.firm_members = np.zeros((rows, len(FIRMS), k), dtype=bool)
        names = ("incidents", "successful", "attributed", "damage", "intensity")
        self.dyads = {c: np.zeros((n, n)) for c in names} if history else {}
        if not history:  # the lever-derived indices, kept step by step instead of at the end
            self._freedom = np.zeros((steps, n))
            self._derived = {c: np.zeros((steps, n)) for c in self.DERIVED if recording.keeps(c)}

    def _record_history(self, k: int, state: State) -> None:
        """Step ``k``'s levers, membership and dyad totals (a full recording only)."""
        f, d = state.flows, self.dyads
        self.levers[k] = state.levers
        self.members[k] = state.members
        d["incidents"] += f.attempts
        if f.rate is not None:
            d["intensity"] += f.rate
        np.add.at(d["successful"], (f.new_attacker, f.new_target), 1)
        np.add.at(d["attributed"], (f.attributed_attacker, f.attributed_target), 1)
        np.add.at(d["damage"], (f.new_attacker, f.new_target), f.new_damage)

    def _record_derived(self, k: int, state: State) -> None:
        """Step ``k``'s lever-derived indices (a lean recording keeps no lever history)."""
        regime = state.setting.regime
        self._freedom[k] = freedom(state.levers, regime)
        self.global_["lever_dispersion"][k] = dispersion(state.levers)
        for name, rows in self._derived.items():
            rows[k] = _derived_index(name, state.levers, regime, self._freedom[k])

    def record(self, k: int, state: State, params: Params) -> None:
        """Store step ``k``'s flows and indices."""
        f, n = state.flows, state.setting.n
        if self.recording.history:
            self._record_history(k, state)
        else:
            self._record_derived(k, state)
        joined = state.members & ~self._previous
        self.global_["accessions"][k] = joined.sum()
        self.global_["exits"][k] = (self._previous & ~state.members).sum()
        self._previous = state.members
        caused = np.bincount(f.new_attacker, minlength=n)
        suffered = np.bincount(f.new_target, minlength=n)
        self._record_global(k, state, params, int(caused.sum()))
        self._record_essay(k, state)
        self._record_countries(k, state, caused, suffered)

    def _record_global(self, k: int, state: State, params: Params, successes: int) -> None:
        f, g = state.flows, self.global_
        world = float(state.gdp.sum())
        share = 12.0 * float(f.damage.sum()) / world
        n = state.setting.n
        g["security"][k] = global_security(share, params)
        g["mean_trust"][k] = mean_trust(state.trust)
        self._record_collaboration(k, state)
        g["incidents"][k] = f.attempts.sum()
        g["successful"][k] = successes
        g["attributed"][k] = f.attributed_attacker.size
        g["sanctions"][k] = np.count_nonzero(state.sanctions)
        g["crime_incidents"][k] = f.crime_attempts.sum()
        g["crime_successful"][k] = f.crime_successes.sum()
        g["damage"][k] = f.damage.sum()
        g["damage_share"][k] = share
        g["world_gdp"][k] = world
        g["fdi"][k] = state.investment.sum()
        g["sharing_density"][k] = np.count_nonzero(state.partners) / max(n * (n - 1), 1)
        g["memberships"][k] = state.members.sum()
        g["misuse"][k] = f.misuse.sum()
        g["ai_boost"][k] = state.ai_boost

    def _record_essay(self, k: int, state: State) -> None:
        """Firms (M13) and joint research (M14); zeros while they have not run."""
        g, c = self.global_, self.countries
        history = self.recording.history
        if state.firm_location is not None and history:
            self.firm_location[k] = state.firm_location
        if state.firm_members is not None and state.firm_members.shape[1] == self.members.shape[2]:
            if history:
                self.firm_members[k] = state.firm_members
            g["firm_memberships"][k] = state.firm_members.sum()
        if state.projects is not None:
            g["research_projects"][k] = np.count_nonzero(state.projects > PROJECT_THRESHOLD) / 2
            c["research_intensity"][k] = state.projects.sum(axis=1)
        if state.research_theft is not None:
            g["research_theft"][k] = state.research_theft.sum()
            c["research_theft"][k] = state.research_theft

    def _record_collaboration(self, k: int, state: State) -> None:
        f, g = state.flows, self.global_
        trade = np.count_nonzero(state.trade)
        g["trade_agreements"][k] = trade / 2
        g["agreements"][k] = trade + np.count_nonzero(state.partners)
        g["mean_pooled"][k] = state.pooled.mean()
        g["joint_attributions"][k] = np.count_nonzero(f.attributed_joint)
        g["private_attributions"][k] = f.private_attacker.size
        g["false_attributions"][k] = np.count_nonzero(~f.attributed_true)
        g["sanctions_imposed"][k] = f.sanctions_imposed
        g["sanctions_ended"][k] = f.sanctions_ended.size
        r = np.bincount(f.attributed_response, minlength=len(RESPONSES))
        g["restraints"][k], g["denunciations"][k], g["indictments"][k] = r[0], r[1], r[2]
        g["counter_operations"][k] = r[4]
        g["state_damage"][k] = f.new_damage.sum()
        self.sanction_lengths.extend(int(m) for m in f.sanctions_ended)

    def _record_countries(
        self, k: int, state: State, caused: np.ndarray, suffered: np.ndarray
    ) -> None:
        f, c, n = state.flows, self.countries, state.setting.n
        c["security"][k] = state.security
        c["capability"][k] = state.capability
        c["gdp"][k] = state.gdp
        c["state_incidents_suffered"][k] = suffered
        c["incidents_suffered"][k] = suffered + f.crime_successes
        c["incidents_caused"][k] = caused
        c["attempts_made"][k] = f.attempts.sum(axis=1)
        c["attributed_caused"][k] = np.bincount(f.attributed_attacker, minlength=n)
        c["attributed_suffered"][k] = np.bincount(f.attributed_target, minlength=n)
        c["damage"][k] = f.damage
        c["sanctioned_by"][k] = np.count_nonzero(state.sanctions, axis=0)
        diag = np.diagonal(state.trust)
        c["trust_in"][k] = (state.trust.sum(axis=0) - diag) / max(n - 1, 1)
        c["trust_out"][k] = (state.trust.sum(axis=1) - diag) / max(n - 1, 1)
        self._record_economy(k, state)

    def _record_economy(self, k: int, state: State) -> None:
        c, f = self.countries, state.flows
        c["investment_in"][k] = state.investment.sum(axis=1)
        c["investment_security_sensitive"][k] = state.investment[:, 0]
        c["investment_data_driven"][k] = state.investment[:, 1]
        c["memberships"][k] = state.members.sum(axis=1)
        c["aid_given"][k] = state.aid_given
        c["aid_received"][k] = state.aid_received
        c["pooled"][k] = state.pooled
        c["readiness"][k] = state.readiness
        c["utility"][k] = state.utility
        c["misuse_detected"][k] = f.misuse.sum(axis=1)
        for j, sector in enumerate(SECTORS):
            c[f"incidents_{sector}"][k] = f.sector_successes[:, j]
            c[f"damage_{sector}"][k] = f.sector_damage[:, j]

    def finish(self, state: State) -> Trajectory:
        """The recorded trajectory and the final state (derived indices computed here)."""
        regime = state.setting.regime
        if self.recording.history:
            derived = {name: self.levers[..., j] for j, name in enumerate(LEVERS)}
            derived["openness"] = openness(self.levers)
            derived["freedom"] = freedom(self.levers, regime)
            derived["legal_clarity"] = legal_clarity(self.levers, regime)
        else:
            derived = {**self._derived, "freedom": self._freedom}
        self.countries = {
            c: derived[c] if c in derived else self.countries[c]
            for c in COUNTRY_COLUMNS
            if self.recording.keeps(c)
        }
        g = self.global_
        g["mean_freedom"] = derived["freedom"].mean(axis=1)
        if self.recording.history:  # a lean recording keeps it step by step instead
            g["lever_dispersion"] = dispersion(self.levers)
        g["collaboration"] = collaboration(g, state.setting.n)
        g["coexistence"] = np.array(
            [coexistence(s, c) for s, c in zip(g["security"], g["collaboration"], strict=True)]
        )
        return Trajectory(
            state.setting.iso3,
            self.global_,
            self.countries,
            self.dyads,
            state,
            state.setting.clubs.names,
            self.members if self.recording.history else None,
            np.asarray(self.sanction_lengths, dtype=np.int64),
            self.firm_location if self.recording.history else None,
            self.firm_members if self.recording.history else None,
        )


def _derived_index(
    name: str, levers: np.ndarray, regime: np.ndarray, free: np.ndarray
) -> np.ndarray:
    """One lever-derived per-country column of one step (``free``: its freedom)."""
    if name == "freedom":
        return free
    if name == "openness":
        return openness(levers)
    if name == "legal_clarity":
        return legal_clarity(levers, regime)
    return levers[:, LEVERS.index(name)]
