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
    """Step 0 and one trust month: same security, trust and attack rates as the engine,
    on the world with a record of operations and disputes (every anchor and motive term)."""
    setting, levers, gdp = world
    n, pick = setting.n, np.random.default_rng(5)
    past = np.where(pick.random((n, n)) < 0.1, pick.exponential(1.0, (n, n)), 0.0)
    disputes = np.where(pick.random((n, n)) < 0.1, pick.exponential(2.0, (n, n)), 0.0)
    np.fill_diagonal(past, 0.0)
    setting = replace(setting, past_operations=past, disputes=(disputes + disputes.T) / 2)
    params = equivalence.equivalence_params()
    state = start(setting, levers, gdp, params)
    model = CyberPoliticsModel(setting, levers, gdp, params, seed=0)
    assert np.allclose([c.trust for c in model.countries], state.trust, atol=1e-12)
    assert np.allclose([c.security for c in model.countries], state.security, atol=1e-12)
    before = state.trust
    state = trust.step(security.step(state, params, None), params, None)
    model.begin_month()
    for phase in ("refresh", "update_security", "update_trust"):
        model.agents.do(phase)
    assert np.allclose([c.trust for c in model.countries], state.trust, atol=1e-12)
    rate = np.array([a.attack_rates() for a in model.countries])
    assert np.allclose(rate, attack_rate(state, params), rtol=1e-12, atol=0)
    assert not np.allclose(state.trust, before, atol=1e-3)  # the month moved beliefs


def _load(model: CyberPoliticsModel, state) -> None:
    """Copy an engine state's trust, GDP, sanctions and trade into the Mesa agents."""
    for c in model.countries:
        i = c.idx
        c.trust, c.gdp = [float(x) for x in state.trust[i]], float(state.gdp[i])
        # unclipped log-odds, as the Mesa agents hold them (the diagonal is never read)
        c.belief = [float(x) for x in np.log(state.trust[i] / (1.0 - state.trust[i] + 1e-300))]
        c.sanctions = {
            int(j): int(state.sanctions[i, j]) for j in np.flatnonzero(state.sanctions[i])
        }
        c.trade = {int(j) for j in np.flatnonzero(state.trade[i])}


def test_responses_and_economy_match_exactly(world, monkeypatch):
    """A scripted month of public and private attributions, one of each response, on a
    state with sanctions in force: same response scores, trust after the belief shifts,
    sanctions, trade, counter-operations and GDP as M6 and the economy (no sanction ends,
    no sharing partners: the draws of those rules are compared by the ensemble)."""
    setting, levers, gdp = world
    params = equivalence.equivalence_params(scale=40.0, sanction_end_hazard=0.0)
    state, rng = start(setting, levers, gdp, params), make_rng(3)
    for _ in range(20):
        state = advance(state, params, rng, CORE)
    assert np.count_nonzero(state.sanctions) > 0
    attacker, victim = np.array([1, 1, 5, 7, 1, 9]), np.array([3, 9, 2, 3, 30, 1])
    sev, response = np.array([6, 3, 5, 2, 4, 7]), np.array([0, 1, 2, 3, 4, 3])
    flows = replace(
        state.flows,
        attributed_attacker=attacker,
        attributed_target=victim,
        attributed_severity=sev,
        attributed_true=np.ones(6, bool),
        private_attacker=np.array([2, 1]),
        private_target=np.array([1, 4]),
        private_severity=np.array([5, 3]),
    )
    scripted = replace(state, flows=flows)
    scores = responses.response_scores(scripted, params, victim, attacker, sev)
    monkeypatch.setattr(responses, "choose", lambda s, r: response)
    after = economy.step(responses.step(scripted, params, make_rng(0)), params, None)
    model = CyberPoliticsModel(setting, levers, gdp, params, seed=0)
    _load(model, state)
    model.begin_month()
    model.agents.do("refresh")
    c = model.countries
    assert np.allclose(
        [c[v].response_scores(c[a], s) for a, v, s in zip(attacker, victim, sev, strict=True)],
        scores,
        atol=1e-12,
    )
    model.attributions = [
        [int(v), int(a), int(s), True] for a, v, s in zip(attacker, victim, sev, strict=True)
    ]
    for a, r in zip(model.attributions, response, strict=True):
        model.respond(a, int(r))
    model.private = [(1, 2, 5), (4, 1, 3)]
    model.apply_responses()
    model.world_gdp = sum(x.gdp for x in c)
    model.agents.do("plan_growth")
    model.agents.do("grow")
    n = setting.n
    sanctions, trade = np.zeros((n, n), np.int64), np.zeros((n, n), bool)
    for x in c:
        for j, months in x.sanctions.items():
            sanctions[x.idx, j] = months
        trade[x.idx, list(x.trade)] = True
    assert np.allclose([x.trust for x in c], after.trust, atol=1e-12)
    assert np.array_equal(sanctions, after.sanctions)
    assert np.array_equal(trade, after.trade)
    assert np.allclose([x.gdp for x in c], after.gdp, rtol=1e-12)
    q = after.pending
    assert (
        (q.attacker[-1], q.target[-1], q.severity[-1])
        == (30, 1, 3)
        == (c[1].pending[-1][0], 1, c[1].pending[-1][1])
    )
    assert not np.allclose(after.trust, state.trust, atol=1e-3)


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
    return (
        equivalence.engine_runs(setting, levers, gdp, params, 24, e_seeds),
        equivalence.mesa_runs(setting, levers, gdp, params, 24, m_seeds),
        m_seeds,
    )


def test_ensemble_means_agree(ensembles):
    """24 months of the 40-country subset, 200 engine vs 50 Mesa seeds: every outcome's
    means agree within the simultaneous 99% Welch bound (larger seed sets and offsets 0, 1,
    2: ``python benchmarks/equivalence.py``)."""
    engine, mesa_runs, _ = ensembles
    rows = equivalence.compare(engine, mesa_runs)
    assert all(r.ok for r in rows), "\n" + equivalence.table(rows)
    assert {r.metric for r in rows} >= {
        "attempts",
        "successful",
        "attributed",
        "trust_end",
        "sanctions_end",
        "damage_share",
        "private",
        "false_flags",
        "counter_operations",
    }
    assert (
        min(
            r.engine_mean
            for r in rows
            if r.metric
            in ("attributed", "sanctions_end", "private", "false_flags", "counter_operations")
        )
        > 1
    )


@pytest.mark.parametrize(
    ("override", "runs", "metric"),
    [("attack_rate", 20, "attempts"), ("trust_w_threat", 10, "trust_end")],
)
def test_check_rejects_a_wrong_rule(world, ensembles, override, runs, metric):
    """Power: Mesa with a 10% error in the attack rate, or without the security dilemma's
    threat evidence in M1, fails the same check against the same engine runs (on fewer Mesa
    seeds)."""
    setting, levers, gdp = world
    params = equivalence.equivalence_params()
    wrong = {"attack_rate": params.attack_rate * 1.1, "trust_w_threat": 0.0}[override]
    engine, _, m_seeds = ensembles
    mesa_runs = equivalence.mesa_runs(
        setting, levers, gdp, params.with_overrides({override: wrong}), 24, m_seeds[:runs]
    )
    assert not next(r for r in equivalence.compare(engine, mesa_runs) if r.metric == metric).ok
