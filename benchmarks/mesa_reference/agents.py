"""The country agent of the Mesa reference: one state, its policy and its relations.

Every rule here is the scalar, per-agent (or per-pair) form of a formula of the engine's
core mechanisms; the docstrings name the engine module whose formula each method follows.
Rows (``belief``, ``trust`` and the static pair terms) are lists indexed by the other
agent's ``idx`` (its row in the world's arrays); ``sanctions``, ``trade`` and ``partners``
are keyed by it. Terms that do not change during a run (rivalry, shared memberships,
alliances, the record before the start year) are computed once per pair in
:meth:`Country.precompute_pairs`, not every month.
"""

from __future__ import annotations

import math

import mesa

from .scalars import (
    BELIEF_CLIP,
    DATA_RESTRICTION,
    DEFENSE,
    DENOUNCE,
    DISCLOSURE,
    INDICT,
    OFFENSE,
    OVERSIGHT,
    SANCTION,
    SHARING,
    SURVEILLANCE,
    cumulative,
    exploit_use,
    pareto,
    pick,
    severity,
    sigmoid,
)


class Country(mesa.Agent):
    """A state: its levers and attributes, its beliefs about every other state, its
    sanctions, trade and sharing partners, and the incidents it suffered that await
    attribution."""

    def __init__(
        self,
        model: mesa.Model,
        idx: int,
        iso3: str,
        levers: list[float],
        regime: float,
        capability: float,
        internet: float,
        gdp: float,
        trade: set[int],
        ties: dict,
    ) -> None:
        super().__init__(model)
        self.idx, self.iso3 = idx, iso3
        self.levers = list(levers)
        self.regime, self.capability, self.internet, self.gdp = regime, capability, internet, gdp
        self.trade = trade  # other idx with a live trade agreement
        self.ties = ties  # static pair data: rivalry, shared, allied, record
        self.partners: dict[int, float] = {}  # sharing links (M3; none in the core rules)
        self.pooled = self.aid_stock = self.shock_penalty = 0.0  # outside the core rules
        self.belief: list[float] = []  # log-odds that each other state is benign (M1)
        self.trust: list[float] = []  # sigmoid(belief), what other rules read
        self.sanctions: dict[int, int] = {}  # target idx -> months sanctioned
        self.pending: list[list[int]] = []  # [attacker idx, severity, age]
        self.protection = [0.0] * 5  # sector protection (consortia; 0 in the core rules)
        self.security, self.exposure = 0.0, 1.0
        self.new_incidents: list[tuple[int, int]] = []  # (attacker idx, severity)
        self.damage = self.next_gdp = 0.0

    # --- static pair terms, once per run ---------------------------------------------
    def precompute_pairs(self) -> None:
        """Static parts of the anchor (engine/trust.py ``anchor`` without trade), of the
        threat multiplier, of the attack motive (engine/incidents.py) and of the ties."""
        p, n, t = self.model.params, len(self.model.countries), self.ties
        base = math.log(p.trust_base / (1.0 - p.trust_base))
        w = p.attack_rivalry_weight
        self.anchor_static, self.threat_mult = [0.0] * n, [1.0] * n
        self.motive_static, self.tie_weight = [0.0] * n, [0.0] * n
        for j in range(n):
            if j == self.idx:
                continue
            riv, shared = t["rivalry"].get(j, 0.0), t["shared"].get(j, 0.0)
            self.anchor_static[j] = (
                base
                + p.trust_w_membership * (1.0 - math.exp(-shared / 2.0))
                + p.trust_w_alliance * (j in t["allied"])
                - p.trust_w_rivalry * riv
                - p.trust_w_disputes
                * (1.0 - math.exp(-t["disputes"].get(j, 0.0) / p.trust_disputes_scale))
                - p.trust_w_history * (1.0 - math.exp(-t["operations_in"].get(j, 0.0)))
            )
            self.threat_mult[j] = 1.0 + p.trust_threat_rival * riv
            self.motive_static[j] = (w + (1.0 - w) * riv) * (
                1.0 + p.attack_history_weight * t["operations_out"].get(j, 0.0)
            )
            self.tie_weight[j] = 1.0 - math.exp(-shared / 2.0)

    def anchor(self, j: int) -> float:
        """Prior log-odds of this state's belief in ``j`` (engine/trust.py ``anchor``)."""
        return self.anchor_static[j] + self.model.params.trust_w_trade * (j in self.trade)

    def init_beliefs(self) -> None:
        """Step 0: beliefs at the tie-based prior (engine/trust.py ``initial``)."""
        self.belief = [
            0.0 if j == self.idx else self.anchor(j) for j in range(len(self.model.countries))
        ]
        self.trust = [1.0 if j == self.idx else sigmoid(b) for j, b in enumerate(self.belief)]

    # --- per-month indices (netpolitik.policy) ------------------------------------------
    def refresh(self) -> None:
        """Recompute the indices other agents read this month (levers may change)."""
        p, lv, cap = self.model.params, self.levers, self.capability
        self.power = cap * lv[OFFENSE]  # engine/attribution.py ``power``
        self.attack_power = self.power**p.attack_offense_exponent
        self.use = exploit_use(cap, lv[DISCLOSURE], p)
        self.base_security = math.sqrt(lv[DEFENSE] * cap)
        self.signal = (
            p.trust_w_disclosure * (lv[DISCLOSURE] - 0.5)
            - p.trust_w_restriction * lv[DATA_RESTRICTION]
        )
        self.threat = p.trust_w_threat * self.power
        self.watching = p.trust_w_surveillance * lv[SURVEILLANCE] * (1.0 - lv[OVERSIGHT])
        self.shield = 1.0 - p.restriction_shield * lv[DATA_RESTRICTION]
        self.value = (self.gdp / self.model.mean_gdp) ** p.attack_target_gdp_exponent

    # --- security (engine/security.py) -------------------------------------------------
    def own_security(self) -> float:
        """Defense, intelligence from offense, detection from surveillance."""
        p, lv = self.model.params, self.levers
        intel = p.offense_intel * self.capability * lv[OFFENSE]
        watch = p.surveillance_detection * lv[SURVEILLANCE]
        return 1.0 - (1.0 - self.base_security) * (1.0 - intel) * (1.0 - watch)

    def leak(self) -> float:
        """Security lost through insecure sharing partners."""
        weight = sum(self.partners.values())
        if weight <= 0:
            return 0.0
        countries = self.model.countries
        insecure = (
            sum(w * (1.0 - countries[j].base_security) for j, w in self.partners.items()) / weight
        )
        return self.model.params.sharing_leak * self.levers[SHARING] * insecure

    def update_security(self) -> None:
        """Effective security (engine/security.py ``effective``)."""
        p, m = self.model.params, self.model
        weight = min(1.0, p.sharing_pool_weight + p.ai_pool_bonus * m.ai_boost)
        exposed = (
            (1.0 - self.own_security()) * (1.0 - weight * self.pooled) * (1.0 - self.aid_stock)
        )
        kept = (1.0 - self.leak()) * (1.0 - self.shock_penalty)
        self.security = min(max((1.0 - exposed) * kept, 0.0), 1.0)

    # --- M1 trust (engine/trust.py) ----------------------------------------------------
    def update_trust(self) -> None:
        """Fade each belief toward its anchor and add the month's posture evidence::

        b += trust_rate (anchor - b) + signal_j - threat_j threat_mult_ij
             - regime_i watching_j + partners_ij (cooperation + reciprocity)
             - trust_w_sanction [either sanctions the other]
        """
        p, me = self.model.params, self.idx
        rate, w_trade, w_sanction = p.trust_rate, p.trust_w_trade, p.trust_w_sanction
        belief, trust, anchor, mult = self.belief, self.trust, self.anchor_static, self.threat_mult
        regime, trade, sanctions, partners = self.regime, self.trade, self.sanctions, self.partners
        for other in self.model.countries:
            j = other.idx
            if j == me:
                continue
            b = min(max(belief[j], -BELIEF_CLIP), BELIEF_CLIP)
            e = other.signal - other.threat * mult[j] - regime * other.watching
            if j in partners:
                mine, theirs = self.levers[SHARING], other.levers[SHARING]
                e += partners[j] * (
                    p.trust_w_cooperation * min(mine, theirs)
                    + p.trust_w_reciprocity * (theirs - mine)
                )
            if j in sanctions or me in other.sanctions:
                e -= w_sanction
            b += rate * (anchor[j] + w_trade * (j in trade) - b) + e
            belief[j], trust[j] = b, 1.0 / (1.0 + math.exp(-b))

    def shift_beliefs(self, shift: dict[int, float]) -> None:
        """Add log-odds evidence (engine/trust.py ``apply_evidence``, which also brings
        every belief back inside the clip)."""
        belief, trust = self.belief, self.trust
        for j, b in enumerate(belief):
            if j != self.idx and (j in shift or abs(b) > BELIEF_CLIP):
                b = min(max(b, -BELIEF_CLIP), BELIEF_CLIP) + shift.get(j, 0.0)
                belief[j], trust[j] = b, sigmoid(b)

    # --- M4 incidents (engine/incidents.py) --------------------------------------------
    def attack_rates(self) -> list[float]:
        """Expected operations per month by this state against each state (0 on itself)."""
        p, me = self.model.params, self.idx
        base, d = p.attack_rate * self.attack_power * self.use, p.attack_distrust_exponent
        motive, trust = self.motive_static, self.trust
        rates = [0.0] * len(trust)
        for target in self.model.countries:
            j = target.idx
            if j != me:
                distrust = 1.0 - trust[j] if d == 1.0 else (1.0 - trust[j]) ** d
                rates[j] = base * motive[j] * distrust * target.value
        return rates

    def attack(self) -> None:
        """Poisson state operations against every other state; successes hit the target."""
        m = self.model
        p, rng, countries = m.params, m.rng, m.countries
        rates = self.attack_rates()
        capability = min(self.capability + m.ai_boost, 1.0)
        for j, attempts in enumerate(rng.poisson(rates).tolist()):
            target = countries[j]
            for _ in range(attempts):
                m.flows["attempts"] += 1
                sector = pick(m.state_mix, rng.random())
                prob = (
                    sigmoid(p.success_bias + p.success_slope * (capability - target.security))
                    * target.exposure
                    * (1.0 - target.protection[sector])
                    * target.shield
                )
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
            sector = pick(m.crime_mix, rng.random())
            prob = (
                sigmoid(p.success_bias + p.success_slope * (capability - self.security))
                * self.exposure
                * (1.0 - self.protection[sector])
            )
            if rng.random() < prob:
                m.flows["crime_successful"] += 1
                mult = pareto(rng.random(), p.damage_tail)
                self.damage += p.crime_damage_share * self.gdp / 12.0 * mult

    def cap_damage(self) -> None:
        """A month's damage is capped at ``damage_cap`` of monthly GDP."""
        self.damage = min(self.damage, self.model.params.damage_cap * self.gdp / 12.0)
        self.model.flows["damage"] += self.damage

    # --- M5 attribution (engine/attribution.py) ----------------------------------------
    def name_culprit(self, attacker: Country) -> int:
        """The state a traced operation is pinned on: the attacker, or a false flag among
        the distrusted, capable others."""
        m = self.model
        if m.rng.random() >= m.params.false_flag_rate * attacker.capability:
            return attacker.idx
        weights = [
            0.0 if c is self or c is attacker else (1.0 - self.trust[c.idx]) * c.power
            for c in m.countries
        ]
        cum = cumulative(weights)
        if cum[-1] <= 0:
            return attacker.idx
        return pick(cum, m.rng.random() * cum[-1])

    def public_probability(self, culprit: Country, sev: int) -> float:
        """Chance of naming ``culprit`` publicly for an operation of severity ``sev``."""
        p = self.model.params
        dependence = (culprit.idx in self.trade) * culprit.gdp / (self.gdp + culprit.gdp)
        leverage = max(culprit.power - self.power, 0.0)
        return sigmoid(
            p.public_bias
            + p.public_severity * (sev - 3.0)
            - p.public_trust * (self.trust[culprit.idx] - 0.5)
            - p.public_dependence * dependence
            - p.public_leverage * leverage
        )

    def attribute(self) -> None:
        """Trace some pending operations; name a culprit; go public or keep it private."""
        m = self.model
        p, rng, countries = m.params, m.rng, m.countries
        self.pending.extend([a, s, 0] for a, s in self.new_incidents)
        seen = p.attribution_floor + (1.0 - p.attribution_floor) * self.security
        keep = []
        for attacker, sev, age in self.pending:
            stealth = countries[attacker].capability
            if rng.random() < p.attribution_hazard * seen * (1.0 - p.attribution_stealth * stealth):
                culprit = self.name_culprit(countries[attacker])
                if rng.random() < self.public_probability(countries[culprit], sev):
                    m.attributions.append([self.idx, culprit, sev, culprit == attacker])
                else:
                    m.private.append((self.idx, culprit, sev))
            elif age + 1 < p.attribution_window:
                keep.append([attacker, sev, age + 1])
        self.pending = keep

    # --- M6 responses (engine/responses.py) --------------------------------------------
    def response_scores(self, culprit: Country, sev: int) -> list[float]:
        """Multinomial-logit scores of the response menu (restraint scores 0)."""
        p, lv, s = self.model.params, self.levers, sev - 3.0
        dependence = (culprit.idx in self.trade) * culprit.gdp / (self.gdp + culprit.gdp)
        rival = self.ties["rivalry"].get(culprit.idx, 0.0)
        legal = (lv[OVERSIGHT] + lv[DISCLOSURE] + self.regime) / 3.0
        graded = p.response_severity * s
        return [
            0.0,
            p.response_denounce + graded,
            p.response_indict + graded + p.response_legal * (legal - 0.5),
            (
                p.response_sanction
                + graded
                + p.response_rivalry * rival
                - p.response_dependence * dependence
            ),
            (
                p.response_counter
                + graded
                + p.response_rivalry * rival
                + p.response_capacity * self.power
            ),
        ]

    def choose_response(self, culprit: Country, sev: int) -> int:
        """One response, drawn with softmax probabilities of :meth:`response_scores`."""
        scores = self.response_scores(culprit, sev)
        top = max(scores)
        cum = cumulative(math.exp(x - top) for x in scores)
        u = self.model.rng.random() * cum[-1]
        return min(sum(c < u for c in cum), len(scores) - 1)

    def joint_partners(self, culprit: int) -> list[int]:
        """Sharing partners that corroborate an attribution (chance link x security)."""
        countries, rng = self.model.countries, self.model.rng
        return [
            k
            for k, w in self.partners.items()
            if rng.random() < w * countries[k].security and k not in (culprit, self.idx)
        ]

    def review_sanctions(self) -> None:
        """Age sanctions, end some past their minimum, impose those chosen this month."""
        m = self.model
        p, rng = m.params, m.rng
        kept = {}
        for target, months in self.sanctions.items():
            chance = min(1.0, p.sanction_end_hazard * (0.5 + self.trust[target]))
            if months >= p.sanction_min_months and rng.random() < chance:
                m.sanctions_ended.append(months)
            else:
                kept[target] = months + 1
        for victim, culprit, _, _, response, _ in m.attributions:
            if victim == self.idx and response == SANCTION:
                if culprit not in kept:
                    m.sanctions_fresh.add((victim, culprit))
                kept[culprit] = max(kept.get(culprit, 0), 1)
                self.trade.discard(culprit)
                m.countries[culprit].trade.discard(self.idx)
        self.sanctions = kept

    def absorb_attributions(self) -> None:
        """This month's log-odds shifts: as victim, joint partner, third party or
        sanctioned culprit (engine/responses.py ``belief_shifts``)."""
        p, me, m = self.model.params, self.idx, self.model
        shift: dict[int, float] = {}
        for victim, culprit, sev in m.private:
            if victim == me:
                shift[culprit] = shift.get(culprit, 0.0) - p.trust_drop_victim * sev
        total = (
            sum(t * w for t, w in zip(self.trust, self.tie_weight, strict=True))
            if m.attributions
            else 0.0
        )
        for v, c, sev, _, response, helpers in m.attributions:
            if c != me:
                tie = self.trust[v] * self.tie_weight[v] / total if total > 0 else 0.0
                drop = sev * (p.trust_drop_public + p.trust_contagion * tie)
                if response == DENOUNCE:
                    drop += p.response_denounce_shift * sev * tie
                elif response == INDICT:
                    drop += p.response_denounce_shift * sev * self.regime
                if v == me:
                    drop += p.trust_drop_victim * sev
                elif me in helpers:
                    drop += 0.5 * p.trust_drop_victim * sev
                    shift[v] = shift.get(v, 0.0) + p.trust_joint_gain
                shift[c] = shift.get(c, 0.0) - drop
            elif response == SANCTION:
                shift[v] = shift.get(v, 0.0) - p.sanctioned_trust_drop
            if v == me:
                for k in helpers:
                    shift[k] = shift.get(k, 0.0) + p.trust_joint_gain
        self.shift_beliefs(shift)

    # --- economy (engine/economy.py) ---------------------------------------------------
    def grown_gdp(self) -> float:
        """Next month's GDP: the base rate less the cost of sanctions
        (``economy.grown_gdp`` for one state)."""
        m = self.model
        share = sum(c.gdp for c in m.countries if self.idx in c.sanctions) / m.world_gdp
        growth = m.params.base_growth - m.params.sanction_gdp_cost * share
        return self.gdp * (1.0 + growth) ** (1.0 / 12.0)

    def plan_growth(self) -> None:
        """This month's GDP step, from everyone's GDP before anyone grows."""
        self.next_gdp = self.grown_gdp()

    def grow(self) -> None:
        """Apply this month's GDP step."""
        self.gdp = self.next_gdp
