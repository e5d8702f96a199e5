"""Firms as actors: where representative multinationals hold their assets, and the
public-private vulnerability consortia they join.

Source: essay §Case Study ("tech giants often pitch in, forming multi-national consortiums
that work alongside government agencies to identify system vulnerabilities ... when
governments uphold transparent regulations"), §Business ("global mergers, acquisitions, and
collaborative projects frequently hinge on a partner's cybersecurity credibility";
"venture capitalists and angel investors ... pay close attention to regulatory clarity").

Firms. :data:`FIRMS` are six representative firms: three security-sensitive (aerospace,
energy, finance) and three data-driven (AI, blockchain, VR), each with a sector of
:data:`~netpolitik.engine.state.SECTORS` and a home among the six largest economies of 2010
(WDI GDP: USA, CHN, JPN, DEU, FRA, GBR); in a world without its home country a firm's home
is the country of the same GDP rank. ``firm_location[f]`` is where firm f holds its data,
R&D and investment (shares over countries summing to 1). Each month a firm wants::

    log T_fi = log A_{i,g(f)} + w_cred trust_{h(f),i} + w_cons consortium_fi + b [i = h(f)]
    location_f <- location_f + (softmax(log T_f) - location_f) / switching_months

``log A`` is M7's attractiveness of country i to the firm's sector group (security, legal
clarity, openness, data restriction, recent damage, sanctions:
:func:`netpolitik.engine.investment.attractiveness`), ``trust_{h,i}`` the home
government's trust in the host (the partner's cyber credibility that M&A and joint ventures
weigh; 1 at home), ``consortium_fi`` = 1 when i is a member of a consortium f belongs to,
``b = firm_home_bias``. Switching costs make moves take years: with ``switching_months`` =
36 a firm closes about 28% of its gap a year. A firm starts where it wants to be in the
first month.

Consortia. Firm f belongs to a public-private consortium k (``Clubs.public_private``) of
its own sector when the members' mean legal clarity (transparent rules) is at least
``firm_join_clarity``, their mean offense at most ``firm_join_max_offense`` (rules that
prohibit malicious activity) and f holds at least ``firm_join_presence`` of its assets in
member states; otherwise it leaves. With a share ``q_k`` of the sector's firms in it, the
consortium's members find and patch vulnerabilities faster::

    protection_is <- 1 - (1 - protection_is)(1 - firm_patch_gain q_k)

(the incident-success cut of M4 in the consortium's sector; detection and patching are one
cut), and co-members of a consortium with firms close ``firm_consortium_trust`` of their gap
to full trust a year.

Investment. :func:`invest` (after M7) lets firms place a share ``firm_fdi_share`` of each
sector group's pool: ``investment_ig <- (1 - phi) investment_ig + phi pool_g
mean_{f in g} location_fi``. The pool is M7's WDI/UNCTAD-calibrated total, so totals are
unchanged; ``phi`` = 0 (default) leaves M7's flows untouched. Both steps are deterministic.

Examples
--------
>>> [f.name for f in FIRMS if f.group == 0]
['aerospace', 'energy', 'finance']
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from netpolitik.engine.investment import attractiveness, pool
from netpolitik.engine.state import SECTORS, State, evolve, fill_diagonal
from netpolitik.params import Params
from netpolitik.policy import legal_clarity, lever


class Firm(NamedTuple):
    """A representative firm: name, sector group (0 security-sensitive, 1 data-driven),
    sector (index into :data:`SECTORS`) and home (ISO3)."""

    name: str
    group: int
    sector: int
    home: str


#: The six largest economies of 2010 by GDP (WDI), largest first.
LARGEST_2010: tuple[str, ...] = ("USA", "CHN", "JPN", "DEU", "FRA", "GBR")

FIRMS: tuple[Firm, ...] = (
    Firm("aerospace", 0, SECTORS.index("industry"), "USA"),
    Firm("energy", 0, SECTORS.index("energy"), "FRA"),
    Firm("finance", 0, SECTORS.index("finance"), "GBR"),
    Firm("ai", 1, SECTORS.index("industry"), "CHN"),
    Firm("blockchain", 1, SECTORS.index("finance"), "JPN"),
    Firm("virtual_reality", 1, SECTORS.index("industry"), "DEU"),
)
"""The representative firms (assumption: one per sector named in §Business)."""

GROUPS = np.array([f.group for f in FIRMS])
FIRM_SECTORS = np.array([f.sector for f in FIRMS])


def homes(state: State) -> np.ndarray:
    """``(F,)`` index of each firm's home: its ISO3, else the country of the same GDP rank."""

    def compute() -> np.ndarray:
        iso3, rank = state.setting.iso3, np.argsort(-state.gdp, kind="stable")
        return np.array(
            [
                iso3.index(f.home)
                if f.home in iso3
                else rank[min(LARGEST_2010.index(f.home), len(rank) - 1)]
                for f in FIRMS
            ]
        )

    return state.setting.derive("firm_homes", (), compute)


def wanted(state: State, params: Params, members: np.ndarray) -> np.ndarray:
    """``(F, N)`` where each firm wants its assets: softmax of its log attractiveness."""
    home = homes(state)
    credibility = state.trust[home].copy()
    credibility[np.arange(len(FIRMS)), home] = 1.0
    log_t = attractiveness(state, params)[:, GROUPS].T + params.firm_w_credibility * credibility
    log_t[np.arange(len(FIRMS)), home] += params.firm_home_bias
    log_t += params.firm_w_consortium * ((members.astype(float) @ state.members.T) > 0)
    share = np.exp(log_t - log_t.max(axis=1, keepdims=True))
    return share / share.sum(axis=1, keepdims=True)


def joins(state: State, params: Params, location: np.ndarray) -> np.ndarray:
    """``(F, K)`` True where a firm belongs to a public-private consortium this month."""
    c, m = state.setting.clubs, state.members.astype(float)
    out = np.zeros((len(FIRMS), c.k), dtype=bool)
    if c.public_private is None:
        return out
    size = np.maximum(m.sum(axis=0), 1.0)
    clarity = legal_clarity(state.levers, state.setting.regime) @ m / size
    offense = lever(state.levers, "offense") @ m / size
    rules = c.public_private & (m.sum(axis=0) > 0)
    rules &= (clarity >= params.firm_join_clarity) & (offense <= params.firm_join_max_offense)
    presence = location @ m >= params.firm_join_presence
    return presence & rules[None, :] & (FIRM_SECTORS[:, None] == c.sector[None, :])


def participation(state: State, firm_members: np.ndarray) -> np.ndarray:
    """``(K,)`` share of the consortium's sector's firms that belong to it."""
    c = state.setting.clubs
    in_sector = np.array([(FIRM_SECTORS == s).sum() for s in c.sector], dtype=float)
    return np.divide(firm_members.sum(axis=0), in_sector, out=np.zeros(c.k), where=in_sector > 0)


def boosted(
    state: State, params: Params, firm_members: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Protection ``(N, S)`` and trust ``(N, N)`` with the firms' consortium work."""
    c, share = state.setting.clubs, participation(state, firm_members)
    protection, active = state.protection.copy(), np.flatnonzero(share > 0)
    for k in active:
        rows = state.members[:, k]
        cut = params.firm_patch_gain * share[k]
        protection[rows, c.sector[k]] = 1.0 - (1.0 - protection[rows, c.sector[k]]) * (1.0 - cut)
    m = state.members[:, active].astype(float)
    together = fill_diagonal((m @ m.T) > 0, False)
    gain = 1.0 - (1.0 - params.firm_consortium_trust) ** (1.0 / 12.0)
    trust = np.where(together, state.trust + gain * (1.0 - state.trust), state.trust)
    return protection, trust


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Firms move their assets toward where they want them, then join or leave
    public-private consortia, which protect and bind their members. Deterministic."""
    previous = state.firm_members
    if previous is None or previous.shape[1] != state.setting.clubs.k:
        previous = np.zeros((len(FIRMS), state.setting.clubs.k), dtype=bool)
    target = wanted(state, params, previous)
    location = state.firm_location
    if location is None:
        location = target
    else:
        location = location + (target - location) / params.firm_switching_months
    firm_members = joins(state, params, location)
    if not firm_members.any():
        return evolve(state, firm_location=location, firm_members=firm_members)
    protection, trust = boosted(state, params, firm_members)
    return evolve(
        state,
        firm_location=location,
        firm_members=firm_members,
        protection=protection,
        trust=trust,
    )


def invest(state: State, params: Params, rng: np.random.Generator) -> State:
    """Firms place ``firm_fdi_share`` of each FDI pool where they hold their assets
    (after M7; totals unchanged). Deterministic; the state itself when the share is 0."""
    phi = params.firm_fdi_share
    if phi <= 0 or state.firm_location is None:
        return state
    placed = np.stack([state.firm_location[GROUPS == g].mean(axis=0) for g in range(2)], axis=1)
    investment = (1.0 - phi) * state.investment + phi * placed * pool(state, params)[None, :]
    return evolve(state, investment=investment)
