"""The country agent of the Mesa reference: one state, its policy and its relations.

Every rule here is the scalar, per-agent (or per-pair) form of a formula of the engine's
core mechanisms; the docstrings name the engine module whose formula each method follows.
Indices into ``trust`` rows and the ``sanctions`` / ``rivalry`` dicts are the other
agent's ``idx`` (its row in the world's arrays).
"""

from __future__ import annotations

import math
from bisect import bisect_right
from itertools import accumulate

import mesa

from netpolitik.models import timing
from netpolitik.policy import LEVERS

OFFENSE = LEVERS.index("offense")
DEFENSE = LEVERS.index("defense")
DISCLOSURE = LEVERS.index("disclosure")
SURVEILLANCE = LEVERS.index("surveillance")
OVERSIGHT = LEVERS.index("oversight")
DATA_RESTRICTION = LEVERS.index("data_restriction")


def sigmoid(x: float) -> float:
    """Logistic function."""
    return 1.0 / (1.0 + math.exp(-x))


def pareto(u: float, tail: float) -> float:
    """Damage multiplier with median 1 from a uniform draw ``u`` (Pareto type I)."""
    return (1.0 - u) ** (-1.0 / tail) / 2.0 ** (1.0 / tail)


def severity(multiplier: float, params) -> int:
    """DCID severity (1-10) of a state operation with damage ``multiplier`` x median."""
    raw = params.severity_at_median + params.severity_per_decade * math.log10(multiplier)
    return int(min(max(round(raw), 1), 10))


def sector_draw(cumulative: list[float], u: float) -> int:
    """Index of the sector that a uniform draw ``u`` picks from cumulative shares."""
    return min(bisect_right(cumulative, u), len(cumulative) - 1)


def cumulative(mix: tuple[float, ...]) -> list[float]:
    """Cumulative shares of a sector mix."""
    return list(accumulate(mix))


def exploit_use(capability: float, disclosure: float, params) -> float:
    """Share of exploit opportunities acted on (Axelrod & Iliev 2014 timing), one state."""
    persistence = timing.persistence_from_lifetime(params.exploit_lifetime)
    stealth = persistence * (1.0 - params.exploit_burn * (1.0 - capability))
    use = timing.use_rate(stealth, persistence, params.exploit_discount)
    return use * (1.0 - params.disclosure_stockpile_cut * disclosure)


class Country(mesa.Agent):
    """A state: its levers and attributes, its trust in every other state, its sanctions,
    trade partners and the incidents it suffered that await attribution."""

    def __init__(self, model: mesa.Model, idx: int, iso3: str, levers: list[float],
                 regime: float, capability: float, internet: float, gdp: float,
                 rivalry: dict[int, float], clubs: frozenset[int] | None,
                 shared: dict[int, float], trade: set[int]) -> None:
        super().__init__(model)
        self.idx, self.iso3 = idx, iso3
        self.levers = list(levers)
        self.regime, self.capability, self.internet, self.gdp = regime, capability, internet, gdp
        self.rivalry = rivalry          # other idx -> rivalry (1.0 for rivals)
        self.clubs = clubs              # club indices (None when the world has no clubs)
        self.shared = shared            # other idx -> shared memberships (no-club worlds)
        self.trade = trade              # other idx with a trade agreement
        self.trust: list[float] = []    # trust row, set by the model
        self.sanctions: dict[int, int] = {}  # target idx -> months sanctioned
        self.pending: list[list[int]] = []   # [attacker idx, severity, age]
        self.protection = [0.0] * 5     # sector protection (consortia; 0 in the core rules)
        self.security = 0.0
        self.exposure = 1.0
        self.new_incidents: list[tuple[int, int]] = []  # (attacker idx, severity)
        self.damage = 0.0
        self.growth = 0.0
        self.refresh_indices()

    # --- indices (netpolitik.policy) ---------------------------------------------------
    def refresh_indices(self) -> None:
        """Recompute the policy indices other agents read (levers may change)."""
        p, lv = self.model.params, self.levers
        unchecked = lv[SURVEILLANCE] * (1.0 - lv[OVERSIGHT])
        openness = ((1.0 - lv[DATA_RESTRICTION]) + (1.0 - unchecked) + lv[DISCLOSURE]) / 3.0
        self.judge = 1.0 + p.trust_liberal_amplifier * (self.regime - 0.5)
        self.harm = p.trust_w_offense * lv[OFFENSE] + p.trust_w_surveillance * unchecked
        self.toward = (p.trust_w_openness * (openness - 0.5)
                       + p.trust_w_disclosure * (lv[DISCLOSURE] - 0.5))
        self.power = (lv[OFFENSE] * self.capability) ** p.attack_offense_exponent
        self.use = exploit_use(self.capability, lv[DISCLOSURE], p)

    def similarity(self, other: Country) -> float:
        """Policy similarity: 1 minus the mean absolute lever gap."""
        gap = sum(abs(a - b) for a, b in zip(self.levers, other.levers, strict=True))
        return 1.0 - gap / len(self.levers)

    def shared_with(self, other: Country) -> float:
        """Number of organisations both belong to."""
        if self.clubs is not None:
            return float(len(self.clubs & other.clubs))
        return self.shared.get(other.idx, 0.0)

    # --- security (engine/security.py) -------------------------------------------------
    def update_security(self) -> None:
        """Own security ``sqrt(defense * capability)`` (no pooling, aid or shocks)."""
        self.refresh_indices()
        self.security = min(max(math.sqrt(self.levers[DEFENSE] * self.capability), 0.0), 1.0)
        exponent = self.model.params.attack_target_gdp_exponent
        self.value = (self.gdp / self.model.mean_gdp) ** exponent

    # --- M1 trust (engine/trust.py) ----------------------------------------------------
    def target_trust(self, other: Country) -> float:
        """Policy-driven target of this state's trust in ``other``."""
        if other is self:
            return 1.0
        p = self.model.params
        sanctioned = self.sanctions.get(other.idx, 0) > 0 or other.sanctions.get(self.idx, 0) > 0
        t = (p.trust_base
             + p.trust_w_similarity * (self.similarity(other) - 0.5)
             + p.trust_w_membership * (1.0 - math.exp(-self.shared_with(other) / 2.0))
             - p.trust_w_rivalry * self.rivalry.get(other.idx, 0.0)
             - p.trust_w_sanction * sanctioned
             + other.toward
             - self.judge * other.harm)
        return min(max(t, 0.0), 1.0)

    def update_trust(self) -> None:
        """Close ``trust_rate`` of the gap to the target, toward every other state."""
        rate = self.model.params.trust_rate
        row = self.trust
        for other in self.model.countries:
            j = other.idx
            t = row[j] + rate * (self.target_trust(other) - row[j])
            row[j] = min(max(t, 0.0), 1.0)

    # --- M4 incidents (engine/incidents.py) --------------------------------------------
    def attack(self) -> None:
        """Poisson state operations against every other state; successes hit the target."""
        m = self.model
        p, rng = m.params, m.rng
        base = p.attack_rate * self.power * self.use
        w, d = p.attack_rivalry_weight, p.attack_distrust_exponent
        capability = min(self.capability + m.ai_boost, 1.0)
        for target in m.countries:
            if target is self:
                continue
            motive = (w + (1.0 - w) * self.rivalry.get(target.idx, 0.0)) * (
                1.0 - self.trust[target.idx]) ** d
            attempts = rng.poisson(base * motive * target.value)
            for _ in range(attempts):
                m.flows["attempts"] += 1
                sector = sector_draw(m.state_mix, rng.random())
                prob = (sigmoid(p.success_bias + p.success_slope * (capability - target.security))
                        * target.exposure * (1.0 - target.protection[sector]))
                if rng.random() < prob:
                    m.flows["successful"] += 1
                    mult = pareto(rng.random(), p.damage_tail)
                    target.damage += p.state_damage_share * target.gdp / 12.0 * mult
                    target.new_incidents.append((self.idx, severity(mult, p)))

    def suffer_crime(self) -> None:
        """Criminal incidents against this state, at a rate rising with GDP and internet."""
        m = self.model
        p, rng = m.params, m.rng
        rate = p.crime_rate * (self.gdp / m.mean_gdp) ** p.crime_value_exponent * self.internet
        capability = min(p.crime_capability + m.ai_boost, 1.0)
        for _ in range(rng.poisson(rate)):
            m.flows["crime_attempts"] += 1
            sector = sector_draw(m.crime_mix, rng.random())
            prob = (sigmoid(p.success_bias + p.success_slope * (capability - self.security))
                    * self.exposure * (1.0 - self.protection[sector]))
            if rng.random() < prob:
                m.flows["crime_successful"] += 1
                mult = pareto(rng.random(), p.damage_tail)
                self.damage += p.crime_damage_share * self.gdp / 12.0 * mult

    def cap_damage(self) -> None:
        """A month's damage is capped at ``damage_cap`` of monthly GDP."""
        self.damage = min(self.damage, self.model.params.damage_cap * self.gdp / 12.0)
        self.model.flows["damage"] += self.damage

    # --- M5 attribution (engine/attribution.py) ----------------------------------------
    def attribute(self) -> None:
        """Draw, for each incident awaiting attribution, whether it is traced this month."""
        m = self.model
        p, rng = m.params, m.rng
        self.pending.extend([a, s, 0] for a, s in self.new_incidents)
        seen = p.attribution_floor + (1.0 - p.attribution_floor) * self.security
        keep = []
        for attacker, sev, age in self.pending:
            stealth = m.countries[attacker].capability
            hazard = p.attribution_hazard * seen * (1.0 - p.attribution_stealth * stealth)
            if rng.random() < hazard:
                m.attributions.append((self.idx, attacker, sev))
            elif age + 1 < p.attribution_window:
                keep.append([attacker, sev, age + 1])
        self.pending = keep

    # --- M6 responses (engine/responses.py) --------------------------------------------
    def absorb_attributions(self) -> None:
        """Lose trust in attributed attackers: own drop, public drop and contagion from
        the partners this state trusts (their drops times this state's trust in them)."""
        m = self.model
        p = m.params
        row = self.trust
        new = {}
        for attacker, column in m.drops.items():
            if attacker == self.idx:
                continue
            spread = sum(row[i] * drop for i, drop in column.items() if i != self.idx)
            t = row[attacker] - column.get(self.idx, 0.0) - p.trust_contagion * spread
            new[attacker] = min(max(t, 0.0), 1.0)
        for attacker, t in new.items():
            row[attacker] = t

    def review_sanctions(self) -> None:
        """Age sanctions in force; lift those past the minimum whose trust recovered;
        impose new ones after severe attributed incidents against this state."""
        p = self.model.params
        kept = {}
        for target, months in self.sanctions.items():
            lift = months >= p.sanction_min_months and self.trust[target] > p.sanction_lift_trust
            if not lift:
                kept[target] = months + 1
        for victim, attacker, sev in self.model.attributions:
            if victim == self.idx and sev >= p.sanction_severity:
                kept[attacker] = max(kept.get(attacker, 0), 1)
                self.trade.discard(attacker)
                self.model.countries[attacker].trade.discard(self.idx)
        self.sanctions = kept

    # --- economy (engine/economy.py) ---------------------------------------------------
    def plan_growth(self) -> None:
        """This month's growth: base rate less the GDP share of the states sanctioning us."""
        m = self.model
        world = m.world_gdp
        share = sum(c.gdp / world for c in m.countries if c.sanctions.get(self.idx, 0) > 0)
        self.growth = m.params.base_growth - m.params.sanction_gdp_cost * share

    def grow(self) -> None:
        """Apply this month's growth."""
        self.gdp *= (1.0 + self.growth) ** (1.0 / 12.0)
