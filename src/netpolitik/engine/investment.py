"""M7 Investment: a global pool of FDI allocated across countries by attractiveness.

Source: essay §Business ("robust cybersecurity frameworks can attract foreign investors";
"investors look to countries where government policies prioritize data protection without
imposing needless bureaucratic barriers"; "firms in sectors like aerospace, energy, and
finance"; "start-ups dealing with blockchain, artificial intelligence, or virtual reality
technologies particularly value legal frameworks ... and allow free yet secure flow of
data"). §Diplomatic (sanctions).

Pool. Each month the world invests ``P = fdi_share * sum(gdp) / 12`` US$ abroad
(UNCTAD World Investment Report 2011: global FDI inflows in 2010 were about US$1.24 trn,
about 1.9% of world GDP). A share ``security_sensitive_share`` (assumption) goes to the
security-sensitive group (aerospace, energy, finance), the rest to the data-driven group
(AI, blockchain, VR start-ups); see :data:`~netpolitik.engine.state.INVESTMENT_SECTORS`.

Allocation. Group ``g`` splits its pool by a logit (multinomial) share
``A_gi / sum_k A_gk`` of attractiveness::

    log A_gi = e log gdp_i + w_sec_g security_i + w_open_g openness_i
               + w_legal_g legal_clarity_i - w_bur_g data_restriction_i
               - w_dmg recent_damage_i / damage_ref - w_sanc sanctioned_share_i

``security`` is effective security (M3, M9), ``openness`` and ``legal_clarity`` are the
policy indices, ``sanctioned_share_i`` the share of world GDP held by countries sanctioning
i (:func:`netpolitik.engine.economy.sanctioned_share`). The security-sensitive group weighs
security more, the data-driven group openness and bureaucracy more. With ``e = 1`` and
identical policies every country receives ``fdi_share`` of its GDP a year.

Recent damage. Before allocation, ``recent_damage`` (annualised damage share of own GDP)
is an exponential moving average with half-life ``damage_half_life`` months::

    recent_damage <- a recent_damage + (1 - a) 12 damage / gdp,   a = 2^(-1/half_life)

using this month's incident damage (``flows.damage``, M4). The step is deterministic.
"""

from __future__ import annotations

import numpy as np

from netpolitik.engine.economy import sanctioned_share
from netpolitik.engine.state import State, evolve
from netpolitik.params import Params
from netpolitik.policy import legal_clarity, lever, openness


def pool(state: State, params: Params) -> np.ndarray:
    """This month's FDI pool per sector group, ``(2,)`` US$ (security-sensitive, data-driven)."""
    total = params.fdi_share * state.gdp.sum() / 12.0
    ss = params.security_sensitive_share
    return np.array([ss * total, (1.0 - ss) * total])


def smoothed_damage(state: State, params: Params) -> np.ndarray:
    """Updated ``recent_damage`` ``(N,)``: moving average of annualised damage share of GDP."""
    keep = 0.5 ** (1.0 / params.damage_half_life)
    now = 12.0 * state.flows.damage / np.maximum(state.gdp, 1e-300)
    return keep * state.recent_damage + (1.0 - keep) * now


def attractiveness(state: State, params: Params) -> np.ndarray:
    """Log attractiveness ``(N, 2)`` of each country to each sector group."""
    p, lv, regime = params, state.levers, state.setting.regime
    w_sec = np.array([p.fdi_w_security_ss, p.fdi_w_security_dd])
    w_open = np.array([p.fdi_w_openness_ss, p.fdi_w_openness_dd])
    w_legal = np.array([p.fdi_w_legal_ss, p.fdi_w_legal_dd])
    w_bur = np.array([p.fdi_w_bureaucracy_ss, p.fdi_w_bureaucracy_dd])
    common = (
        p.fdi_market_elasticity * np.log(np.maximum(state.gdp, 1e-300))
        - p.fdi_w_damage * state.recent_damage / p.fdi_damage_ref
        - p.fdi_w_sanctions * sanctioned_share(state)
    )
    return (
        common[:, None]
        + state.security[:, None] * w_sec
        + openness(lv)[:, None] * w_open
        + legal_clarity(lv, regime)[:, None] * w_legal
        - lever(lv, "data_restriction")[:, None] * w_bur
    )


def allocate(state: State, params: Params) -> np.ndarray:
    """This month's FDI inflow ``(N, 2)`` US$ by country and sector group."""
    log_a = attractiveness(state, params)
    share = np.exp(log_a - log_a.max(axis=0))
    share /= share.sum(axis=0)
    return share * pool(state, params)


def step(state: State, params: Params, rng: np.random.Generator) -> State:
    """Update ``recent_damage``, then allocate the month's FDI pool. Deterministic."""
    state = evolve(state, recent_damage=smoothed_damage(state, params))
    return evolve(state, investment=allocate(state, params))
