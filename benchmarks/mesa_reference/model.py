"""The Mesa model of the reference: the world, the parameters and the month's schedule.

One :meth:`CyberPoliticsModel.step` is one month of the core rules, in the engine's order
(:data:`netpolitik.engine.simulator.CORE`): security, M1 trust, M4 incidents, M5
attribution, M6 responses, economy. Each phase is run for every agent before the next
starts (``model.agents.do`` / ``shuffle_do``), which is what the engine's synchronous
array updates mean; within a phase no agent reads what another agent writes in it, so the
(shuffled) order does not matter.
"""

from __future__ import annotations

import mesa
import numpy as np

from netpolitik.engine.state import Setting
from netpolitik.params import Params

from .agents import Country
from .scalars import COUNTER, DISCLOSURE, cumulative

RECORDED = (
    "attempts",
    "successful",
    "attributed",
    "private",
    "false_flags",
    "counter_operations",
    "sanctions_imposed",
    "sanctions_ended",
    "crime_attempts",
    "crime_successful",
    "damage",
    "damage_share",
    "sanctions",
    "mean_trust",
    "world_gdp",
)


def _row(matrix: np.ndarray | None, i: int) -> dict[int, float]:
    """Nonzero entries of row ``i`` of a static ``(N, N)`` record (empty for None)."""
    if matrix is None:
        return {}
    return {int(j): float(matrix[i, j]) for j in np.flatnonzero(matrix[i])}


def static_ties(setting: Setting, members: np.ndarray | None) -> list[dict]:
    """Each state's static pair data: rivalry, shared memberships, defense-pact allies,
    dispute record, operations it made (``operations_out``) and suffered
    (``operations_in``) before the start year."""
    n, c = setting.n, setting.clubs
    clubs = (
        [frozenset(np.flatnonzero(members[i]).tolist()) for i in range(n)]
        if members is not None
        else None
    )
    pacts = frozenset(k for k, kind in enumerate(c.kinds) if kind == "defense_pact")
    past = setting.past_operations
    out = []
    for i in range(n):
        if clubs is None:
            shared, allied = _row(setting.shared, i), set()
        else:
            shared = {
                j: float(len(clubs[i] & clubs[j]))
                for j in range(n)
                if j != i and clubs[i] & clubs[j]
            }
            allied = {j for j in shared if clubs[i] & clubs[j] & pacts}
        out.append(
            {
                "rivalry": _row(setting.rivalry, i),
                "shared": shared,
                "allied": allied,
                "disputes": _row(setting.disputes, i),
                "operations_out": _row(past, i),
                "operations_in": {} if past is None else _row(past.T, i),
            }
        )
    return out


class CyberPoliticsModel(mesa.Model):
    """The core rules of netpolitik as a Mesa 3 model.

    Parameters
    ----------
    setting, levers, gdp : the world, as from :func:`netpolitik.engine.setup.from_world` or
        :func:`netpolitik.engine.synthetic.synthetic_setting`.
    params : the same :class:`~netpolitik.params.Params` the engine reads.
    seed : seed of the model's own ``numpy`` Generator (``self.rng``).
    """

    def __init__(
        self,
        setting: Setting,
        levers: np.ndarray,
        gdp: np.ndarray,
        params: Params | None = None,
        seed: int = 0,
    ) -> None:
        super().__init__(rng=seed)
        self.params = params or Params()
        self.ai_boost = 0.0
        self.state_mix = cumulative(self.params.state_sector_mix)
        self.crime_mix = cumulative(self.params.crime_sector_mix)
        members = None
        if setting.clubs.k:  # the engine's members: the clubs' initial ones (or none)
            members = (
                setting.clubs.initial
                if setting.clubs.initial is not None
                else np.zeros((setting.n, setting.clubs.k), bool)
            )
        ties = static_ties(setting, members)
        for i in range(setting.n):
            Country(
                self,
                idx=i,
                iso3=setting.iso3[i],
                levers=[float(x) for x in levers[i]],
                regime=float(setting.regime[i]),
                capability=float(setting.capability[i]),
                internet=float(setting.internet[i]),
                gdp=float(gdp[i]),
                trade={int(j) for j in np.flatnonzero(setting.trade[i])},
                ties=ties[i],
            )
        self.countries: list[Country] = sorted(self.agents, key=lambda a: a.idx)
        self.history: dict[str, list[float]] = {k: [] for k in RECORDED}
        self.begin_month()
        self.agents.do("precompute_pairs")
        # step 0: security set, beliefs at their prior, exposure after disclosure
        self.agents.do("refresh")
        self.agents.do("update_security")
        self.agents.do("init_beliefs")
        self.update_exposure()

    # --- phases run by the model -------------------------------------------------------
    def begin_month(self) -> None:
        """Clear the month's flows and event lists."""
        self.flows = dict.fromkeys(
            ("attempts", "successful", "crime_attempts", "crime_successful", "damage"), 0
        )
        self.attributions: list[list] = []  # [victim, culprit, severity, true, response, joint]
        self.private: list[tuple[int, int, int]] = []
        self.sanctions_ended: list[int] = []
        self.sanctions_fresh: set[tuple[int, int]] = set()
        self.mean_gdp = sum(c.gdp for c in self.agents) / len(self.agents)
        for c in self.agents:
            c.damage, c.new_incidents = 0.0, []

    def update_exposure(self) -> None:
        """Every state's exposure after the global patching of disclosed vulnerabilities."""
        p = self.params
        cap = sum(c.capability for c in self.countries)
        disclosed = sum(c.capability * c.levers[DISCLOSURE] for c in self.countries) / max(
            cap, 1e-12
        )
        for c in self.countries:
            c.exposure = 1.0 - p.disclosure_patch * disclosed

    def choose_responses(self) -> None:
        """Each victim picks a response to each of its public attributions."""
        for a in self.attributions:
            victim, culprit = self.countries[a[0]], self.countries[a[1]]
            self.respond(a, victim.choose_response(culprit, a[2]))

    def respond(self, attribution: list, response: int) -> None:
        """Record the victim's ``response`` to ``attribution``; its sharing partners may
        join it; a counter-operation joins the culprit's pending queue."""
        victim, culprit, sev = attribution[:3]
        attribution += [response, self.countries[victim].joint_partners(culprit)]
        if response == COUNTER:
            self.countries[culprit].pending.append([victim, max(sev - 1, 1), 0])

    def apply_responses(self) -> None:
        """Sanctions (aged, ended, imposed) on the beliefs before this month's shifts,
        then everyone's belief shifts."""
        self.agents.do("review_sanctions")
        if self.attributions or self.private:
            self.agents.do("absorb_attributions")

    def step(self) -> None:
        """One month of the core rules."""
        self.begin_month()
        self.agents.do("refresh")
        self.agents.do("update_security")
        self.agents.do("update_trust")
        self.agents.shuffle_do("attack")
        self.agents.shuffle_do("suffer_crime")
        self.agents.do("cap_damage")
        self.agents.shuffle_do("attribute")
        self.choose_responses()
        self.apply_responses()
        self.update_exposure()
        self.world_gdp = sum(c.gdp for c in self.countries)
        self.agents.do("plan_growth")
        self.agents.do("grow")
        self.record()

    def record(self) -> None:
        """Append this month's global outputs (the engine's ``global_`` columns)."""
        h, f = self.history, self.flows
        world = sum(c.gdp for c in self.countries)
        n = len(self.countries)
        for key in ("attempts", "successful", "crime_attempts", "crime_successful", "damage"):
            h[key].append(float(f[key]))
        h["attributed"].append(float(len(self.attributions)))
        h["private"].append(float(len(self.private)))
        h["false_flags"].append(float(sum(not a[3] for a in self.attributions)))
        h["counter_operations"].append(float(sum(a[4] == COUNTER for a in self.attributions)))
        h["sanctions_imposed"].append(float(len(self.sanctions_fresh)))
        h["sanctions_ended"].append(float(len(self.sanctions_ended)))
        h["damage_share"].append(12.0 * f["damage"] / world)
        h["sanctions"].append(float(sum(len(c.sanctions) for c in self.countries)))
        off = sum(sum(c.trust) - c.trust[c.idx] for c in self.countries)
        h["mean_trust"].append(off / (n * (n - 1)) if n > 1 else float("nan"))
        h["world_gdp"].append(world)

    def run(self, steps: int) -> None:
        """Run ``steps`` months."""
        for _ in range(steps):
            self.step()
