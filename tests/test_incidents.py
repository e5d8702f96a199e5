"""M4 incidents: direction of each driver of attempts, success and damage."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from engine_states import uniform_state, with_lever

from netpolitik.engine import incidents
from netpolitik.engine.simulator import make_rng


def test_offense_drives_attempts(params):
    base = uniform_state(4)
    rate = incidents.attack_rate(base, params)

    def rate_with(offense: float):  # same trust, only the attacker's offense changed
        levers = with_lever(base, 0, "offense", offense).levers
        return incidents.attack_rate(replace(base, levers=levers), params)

    up, zero = rate_with(1.0), rate_with(0.0)
    # power = (offense * capability)^a: doubling offense multiplies the rate by 2^a
    assert np.allclose(up[0, 1:], 2**params.attack_offense_exponent * rate[0, 1:])
    assert np.all(zero[0] == 0)
    assert np.all(np.diag(rate) == 0)


def test_rivals_and_rich_targets_draw_attacks(params):
    n = 4
    rivalry = np.zeros((n, n))
    rivalry[0, 1] = rivalry[1, 0] = 1
    state = uniform_state(n, rivalry=rivalry)
    rate = incidents.attack_rate(state, params)
    # rivals: 1/w times the motive, and more distrust on top
    assert rate[0, 1] >= rate[0, 2] / params.attack_rivalry_weight
    richer = replace(state, gdp=state.gdp * np.array([1, 1, 1, 9.0]))
    r2 = incidents.attack_rate(richer, params)
    assert np.isclose(r2[0, 3], 9**params.attack_target_gdp_exponent * r2[0, 2])


def test_success_falls_with_security_and_exposure(params):
    p = incidents.success_probability(0.5, np.array([0.1, 0.5, 0.9]), np.ones(3), params)
    assert p[0] > p[1] > p[2]
    half = incidents.success_probability(0.5, np.array([0.5]), np.array([0.5]), params)
    assert np.isclose(half[0], p[1] / 2)


def test_damage_is_heavy_tailed_with_median_one():
    x = incidents.pareto_damage(make_rng(3), 200_000, tail=1.5)
    assert abs(np.median(x) - 1) < 0.02
    # Pareto: P(X > 10) = (10 * 2^(1/1.5))^-1.5 = 0.0158
    assert abs((x > 10).mean() - 0.0158) < 0.002


def test_severity_rises_with_damage(params):
    sev = incidents.severity(np.array([0.7, 1.0, 10.0, 100.0, 1e6]), params)
    assert np.all(np.diff(sev) >= 0) and sev[-1] == 10 and sev[0] >= 1


def test_ensemble_offense_raises_incidents_caused(params):
    base = with_lever(uniform_state(6, rivalry=1 - np.eye(6)), 0, "offense", 0.3)
    high = replace(base, levers=with_lever(base, 0, "offense", 0.9).levers)
    params = params.with_overrides({"attack_rate": 10.0})
    counts = []
    for state in (base, high):
        total = 0
        for seed in range(60):
            total += incidents.step(state, params, make_rng(seed)).flows.successes[0].sum()
        counts.append(total)
    # the rate scales as (offense x capability)^a: (0.9 / 0.3)^a more attempts
    ratio = 3.0**params.attack_offense_exponent
    assert counts[1] > 0.8 * ratio * counts[0] and counts[1] < 1.25 * ratio * counts[0]


def test_damage_capped(params):
    state = uniform_state(3, value=0.0)
    p = params.with_overrides({"crime_rate": 500, "damage_cap": 0.01})
    out = incidents.step(state, p, make_rng(0)).flows
    assert np.all(out.damage <= 0.01 * state.gdp / 12 + 1e-6)
    assert out.damage.sum() > 0


def test_exploit_use_follows_timing_model(params):
    """Capable states use exploits more readily (stealthier use); disclosure cuts stockpiles."""
    from netpolitik.models.timing import optimal_threshold, persistence_from_lifetime

    use = incidents.exploit_use(np.array([0.2, 0.6, 1.0]), np.zeros(3), params)
    assert use[0] < use[1] < use[2] and np.isclose(use[2], 1.0)
    p = persistence_from_lifetime(params.exploit_lifetime)
    s = p * (1 - params.exploit_burn * 0.4)
    t_star, _ = optimal_threshold(s, p, params.exploit_discount)
    assert np.isclose(use[1], 1 - t_star)
    disclosed = incidents.exploit_use(np.array([0.6]), np.array([1.0]), params)
    assert np.isclose(disclosed[0], use[1] * (1 - params.disclosure_stockpile_cut))


def test_poisson_events_match_independent_poisson_counts():
    """Superposition sampling has the law of one Poisson draw per cell."""
    rate = np.array([[0.0, 0.5], [2.0, 0.01]])
    draws = np.array(
        [np.bincount(incidents.poisson_events(rate, make_rng(s)), minlength=4) for s in range(4000)]
    )
    assert np.allclose(draws.mean(axis=0), rate.ravel(), atol=0.06)
    assert np.allclose(draws.var(axis=0), rate.ravel(), atol=0.12)  # Poisson: var = mean
    assert draws[:, 0].max() == 0
