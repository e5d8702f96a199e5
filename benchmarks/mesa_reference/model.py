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

from .agents import DISCLOSURE, Country, cumulative

RECORDED = ("attempts", "successful", "attributed", "crime_attempts", "crime_successful",
            "damage", "damage_share", "sanctions", "collaboration", "world_gdp")


class CyberPoliticsModel(mesa.Model):
    """The core rules of netpolitik as a Mesa 3 model.

    Parameters
    ----------
    setting, levers, gdp : the world, as from :func:`netpolitik.engine.setup.from_world` or
        :func:`netpolitik.engine.synthetic.synthetic_setting`.
    params : the same :class:`~netpolitik.params.Params` the engine reads.
    seed : seed of the model's own ``numpy`` Generator (``self.rng``).
    """

    def __init__(self, setting: Setting, levers: np.ndarray, gdp: np.ndarray,
                 params: Params | None = None, seed: int = 0) -> None:
        super().__init__(rng=seed)
        self.params = params or Params()
        self.ai_boost = 0.0
        self.state_mix = cumulative(self.params.state_sector_mix)
        self.crime_mix = cumulative(self.params.crime_sector_mix)
        n = setting.n
        members = setting.clubs.initial if setting.clubs.k else None
        self.mean_gdp = float(np.mean(gdp))
        for i in range(n):
            Country(
                self, idx=i, iso3=setting.iso3[i], levers=[float(x) for x in levers[i]],
                regime=float(setting.regime[i]), capability=float(setting.capability[i]),
                internet=float(setting.internet[i]), gdp=float(gdp[i]),
                rivalry={int(j): float(setting.rivalry[i, j])
                         for j in np.flatnonzero(setting.rivalry[i])},
                clubs=None if members is None else frozenset(
                    int(k) for k in np.flatnonzero(members[i])),
                shared={int(j): float(setting.shared[i, j])
                        for j in np.flatnonzero(setting.shared[i])},
                trade={int(j) for j in np.flatnonzero(setting.trade[i])},
            )
        self.countries: list[Country] = sorted(self.agents, key=lambda a: a.idx)
        self.flows: dict[str, float] = {}
        self.attributions: list[tuple[int, int, int]] = []
        self.drops: dict[int, dict[int, float]] = {}
        self.history: dict[str, list[float]] = {k: [] for k in RECORDED}
        # step 0: security set, trust at its target, exposure after disclosure
        self.agents.do("update_security")
        for c in self.countries:
            c.trust = [c.target_trust(other) for other in self.countries]
        self.update_exposure()

    # --- phases run by the model -------------------------------------------------------
    def update_exposure(self) -> None:
        """Every state's exposure after the global patching of disclosed vulnerabilities."""
        p = self.params
        cap = sum(c.capability for c in self.countries)
        disclosed = sum(c.capability * c.levers[DISCLOSURE]
                        for c in self.countries) / max(cap, 1e-12)
        for c in self.countries:
            c.exposure = 1.0 - p.disclosure_patch * disclosed

    def collect_drops(self) -> None:
        """Direct and public trust drops of this month's attributions, by attacker column."""
        p, n = self.params, len(self.countries)
        self.drops = {}
        public: dict[int, float] = {}
        for victim, attacker, sev in self.attributions:
            column = self.drops.setdefault(attacker, {})
            column[victim] = column.get(victim, 0.0) + p.trust_drop_per_severity * sev
            public[attacker] = public.get(attacker, 0.0) + sev
        for attacker, column in self.drops.items():
            for i in range(n):
                if i != attacker:
                    column[i] = column.get(i, 0.0) + p.trust_drop_public * public[attacker]

    def step(self) -> None:
        """One month of the core rules."""
        self.flows = dict.fromkeys(("attempts", "successful", "crime_attempts",
                                    "crime_successful", "damage"), 0)
        self.attributions = []
        self.mean_gdp = sum(c.gdp for c in self.countries) / len(self.countries)
        for c in self.countries:
            c.damage, c.new_incidents = 0.0, []
        self.agents.do("update_security")
        self.agents.do("update_trust")
        self.agents.shuffle_do("attack")
        self.agents.shuffle_do("suffer_crime")
        self.agents.do("cap_damage")
        self.agents.shuffle_do("attribute")
        self.collect_drops()
        if self.drops:
            self.agents.do("absorb_attributions")
        self.agents.do("review_sanctions")
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
        off = sum(sum(c.trust) - c.trust[c.idx] for c in self.countries)
        for key in ("attempts", "successful", "crime_attempts", "crime_successful", "damage"):
            h[key].append(float(f[key]))
        h["attributed"].append(float(len(self.attributions)))
        h["damage_share"].append(12.0 * f["damage"] / world)
        h["sanctions"].append(float(sum(len(c.sanctions) for c in self.countries)))
        h["collaboration"].append(off / (n * (n - 1)) if n > 1 else float("nan"))
        h["world_gdp"].append(world)

    def run(self, steps: int) -> None:
        """Run ``steps`` months."""
        for _ in range(steps):
            self.step()
