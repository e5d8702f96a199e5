"""The Mesa reference (benchmarks/mesa_reference) and the engine implement the same core
rules: their ensemble means agree (benchmarks/equivalence.py), and a wrong rule is caught."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import mesa  # noqa: F401 - `make test` installs the bench extra; fail loudly without it
import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import equivalence  # noqa: E402
from benchmarks.mesa_reference import CyberPoliticsModel  # noqa: E402
from netpolitik.engine import economy, responses, security, trust  # noqa: E402
from netpolitik.engine.incidents import attack_rate  # noqa: E402
from netpolitik.engine.simulator import CORE, advance, make_rng, start  # noqa: E402


@pytest.fixture(scope="module")
def world():
    return equivalence.world()


def test_deterministic_rules_match_exactly(world):
    """Step 0 and one trust month: same security, trust and attack rates as the engine."""
    setting, levers, gdp = world
    params = equivalence.equivalence_params()
    state = start(setting, levers, gdp, params)
    model = CyberPoliticsModel(setting, levers, gdp, params, seed=0)
    assert np.allclose([c.trust for c in model.countries], state.trust, atol=1e-12)
    assert np.allclose([c.security for c in model.countries], state.security, atol=1e-12)
    state = trust.step(security.step(state, params, None), params, None)
    model.agents.do("update_security")
    model.agents.do("update_trust")
    assert np.allclose([c.trust for c in model.countries], state.trust, atol=1e-12)
    w = params.attack_rivalry_weight
    rate = np.array([[0.0 if a is b else params.attack_rate * a.power * a.use
                      * (w + (1 - w) * a.rivalry.get(b.idx, 0.0)) * (1 - a.trust[b.idx]) * b.value
                      for b in model.countries] for a in model.countries])
    assert np.allclose(rate, attack_rate(state, params), rtol=1e-12, atol=0)


def _load(model: CyberPoliticsModel, state) -> None:
    """Copy an engine state's trust, GDP, sanctions and trade into the Mesa agents."""
    for c in model.countries:
        i = c.idx
        c.trust, c.gdp = [float(x) for x in state.trust[i]], float(state.gdp[i])
        c.sanctions = {int(j): int(state.sanctions[i, j])
                       for j in np.flatnonzero(state.sanctions[i])}
        c.trade = {int(j) for j in np.flatnonzero(state.trade[i])}


def test_responses_and_economy_match_exactly(world):
    """A scripted month of attributions on a state with sanctions in force: same trust after
    drops and contagion, same sanctions, trade and GDP as M6 and the economy."""
    setting, levers, gdp = world
    params = equivalence.equivalence_params(scale=40.0)
    state, rng = start(setting, levers, gdp, params), make_rng(3)
    for _ in range(20):
        state = advance(state, params, rng, CORE)
    assert np.count_nonzero(state.sanctions) > 0
    attacker, victim = np.array([1, 1, 5, 7, 1]), np.array([3, 9, 2, 3, 30])
    sev = np.array([6, 3, 5, 2, 4])
    flows = replace(state.flows, attributed_attacker=attacker, attributed_target=victim,
                    attributed_severity=sev)
    after = economy.step(responses.step(replace(state, flows=flows), params, None), params,
                         None)
    model = CyberPoliticsModel(setting, levers, gdp, params, seed=0)
    _load(model, state)
    model.attributions = [(int(v), int(a), int(s)) for a, v, s in zip(attacker, victim, sev,
                                                                      strict=True)]
    model.collect_drops()
    model.agents.do("absorb_attributions")
    model.agents.do("review_sanctions")
    model.world_gdp = sum(c.gdp for c in model.countries)
    model.agents.do("plan_growth")
    model.agents.do("grow")
    n = setting.n
    sanctions, trade = np.zeros((n, n), np.int64), np.zeros((n, n), bool)
    for c in model.countries:
        for j, months in c.sanctions.items():
            sanctions[c.idx, j] = months
        trade[c.idx, list(c.trade)] = True
    assert np.allclose([c.trust for c in model.countries], after.trust, atol=1e-12)
    assert np.array_equal(sanctions, after.sanctions)
    assert np.array_equal(trade, after.trade)
    assert np.allclose([c.gdp for c in model.countries], after.gdp, rtol=1e-12)


#: Seeds per side: the smallest ensembles that keep the check's power (measured with
#: ``benchmarks/equivalence.py``: at 200 vs 50 a 10% error in the attack rate scores z = 11
#: and no reputational contagion z = 73 against the bound 3.23; the smallest difference in
#: attempts it detects is 3% of the mean). Mesa costs ten times the engine per run, so it
#: gets a quarter of the engine's seeds.
N_ENGINE, N_MESA = 200, 50


@pytest.fixture(scope="module")
def ensembles(world):
    """Engine and Mesa outcomes of seed set 0, shared by the agreement and power tests."""
    setting, levers, gdp = world
    params = equivalence.equivalence_params()
    e_seeds, m_seeds = equivalence.seed_sets(0, N_ENGINE, N_MESA)
    return (equivalence.engine_runs(setting, levers, gdp, params, 24, e_seeds),
            equivalence.mesa_runs(setting, levers, gdp, params, 24, m_seeds), m_seeds)


def test_ensemble_means_agree(ensembles):
    """24 months of the 40-country subset, 200 engine vs 50 Mesa seeds: every outcome's
    means agree within the simultaneous 99% Welch bound (larger seed sets and offsets 0, 1,
    2: ``python benchmarks/equivalence.py``)."""
    engine, mesa_runs, _ = ensembles
    rows = equivalence.compare(engine, mesa_runs)
    assert all(r.ok for r in rows), "\n" + equivalence.table(rows)
    assert {r.metric for r in rows} >= {"attempts", "successful", "attributed", "trust_end",
                                        "sanctions_end", "damage_share"}
    assert min(r.engine_mean for r in rows if r.metric in ("attributed", "sanctions_end")) > 1


@pytest.mark.parametrize(("override", "runs", "metric"), [
    ("attack_rate", 20, "attempts"), ("trust_contagion", 10, "trust_end")])
def test_check_rejects_a_wrong_rule(world, ensembles, override, runs, metric):
    """Power: Mesa with a 10% error in the attack rate, or without reputational contagion,
    fails the same check against the same engine runs (on fewer Mesa seeds)."""
    setting, levers, gdp = world
    params = equivalence.equivalence_params()
    wrong = {"attack_rate": params.attack_rate * 1.1, "trust_contagion": 0.0}[override]
    engine, _, m_seeds = ensembles
    mesa_runs = equivalence.mesa_runs(setting, levers, gdp,
                                      params.with_overrides({override: wrong}), 24,
                                      m_seeds[:runs])
    assert not next(r for r in equivalence.compare(engine, mesa_runs)
                    if r.metric == metric).ok
