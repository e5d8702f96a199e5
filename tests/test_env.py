"""The PettingZoo environment (netpolitik.env): API, seeding, fog of war, levers, reward.

All tests here are **verification**: the environment does what docs/env.md says.
"""

from __future__ import annotations

import importlib.util
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from engine_states import uniform_state
from pettingzoo.test import parallel_api_test

from netpolitik.engine import adaptation, responses
from netpolitik.engine.simulator import ORDER, advance, make_rng, start
from netpolitik.engine.state import RESPONSES
from netpolitik.env import CyberPoliticsEnv, SingleAgentEnv
from netpolitik.env import observation as obs_mod
from netpolitik.env.single import dict_action
from netpolitik.errors import InputError
from netpolitik.params import Params

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "train_env.py"
FAST = {"adaptation_period": 2}  # the others adapt every 2 months: cheap to see


def _env(**kw) -> CyberPoliticsEnv:
    kw.setdefault("months", 6)
    kw.setdefault("params", Params().with_overrides(FAST))
    return CyberPoliticsEnv.synthetic(5, agents=kw.pop("agents", 3), **kw)


def _rollout(env: CyberPoliticsEnv, seed: int, action_seed: int = 0):
    """Observations and rewards of one episode under actions sampled with ``action_seed``."""
    obs, _ = env.reset(seed=seed)
    for k, a in enumerate(env.possible_agents):
        env.action_space(a).seed(action_seed + k)
    seen = [np.stack([obs[a] for a in env.possible_agents])]
    rewards = []
    while env.agents:
        actions = {a: env.action_space(a).sample() for a in env.agents}
        obs, rew, _, _, _ = env.step(actions)
        seen.append(np.stack([obs[a] for a in env.possible_agents]))
        rewards.append([rew[a] for a in env.possible_agents])
    return np.stack(seen), np.array(rewards)


def test_parallel_api_synthetic():
    parallel_api_test(_env(months=8), num_cycles=12)


def test_parallel_api_scenario_world():
    env = CyberPoliticsEnv.from_scenario(
        "baseline", countries=["USA", "CHN", "RUS", "DEU"], agents=["USA", "RUS"], years=0.5
    )
    assert env.months == 6 and env.possible_agents == ["USA", "RUS"]
    parallel_api_test(env, num_cycles=8)


def test_same_seed_same_actions_same_episode():
    env = _env()
    first, r1 = _rollout(env, seed=7)
    again, r2 = _rollout(env, seed=7)
    other, r3 = _rollout(env, seed=8)
    assert np.array_equal(first, again) and np.array_equal(r1, r2)
    assert not np.array_equal(r1, r3)  # the seed matters


def test_observations_fit_their_space():
    env = _env()
    seen, _ = _rollout(env, seed=1)
    space = env.observation_space(env.possible_agents[0])
    assert seen.dtype == np.float32 and seen.shape[-1] == obs_mod.size(5) == space.shape[0]
    assert all(space.contains(o) for o in seen.reshape(-1, space.shape[0]))
    assert len(obs_mod.names(env.setting.iso3, 0)) == space.shape[0]


def _world_with_operations():
    """A state in which state operations hit country 0 (success, untraced and traced)."""
    state = uniform_state(4)
    n = 4
    successes = np.zeros((n, n), np.int64)
    successes[2, 0] = 1  # country 2 hit country 0: 0 sees a hit, not who
    f = replace(
        state.flows,
        successes=successes,
        new_attacker=np.array([2]),
        new_target=np.array([0]),
        new_severity=np.array([4]),
        private_attacker=np.array([1]),  # 0 privately pinned an operation on 1
        private_target=np.array([0]),
        private_severity=np.array([3]),
    )
    pending = replace(state.pending, attacker=np.array([3]), target=np.array([0]))
    pending = replace(pending, severity=np.array([5]), age=np.array([1]))
    return replace(state, flows=f, pending=pending)


def _view(state, i: int = 0) -> np.ndarray:
    return obs_mod.observe(state, Params(), i, obs_mod.events(state, i), 0.5)


def test_fog_of_war_hides_true_attackers():
    state = _world_with_operations()
    f, q = state.flows, state.pending
    moved = np.zeros_like(f.successes)
    moved[3, 0] = 1  # the same hit, by another attacker
    disguised = replace(
        state,
        flows=replace(f, successes=moved, new_attacker=np.array([3])),
        pending=replace(q, attacker=np.array([1])),  # untraced: its attacker is secret
    )
    assert np.array_equal(_view(state), _view(disguised))
    # What 0 did learn shows: pinning the operation on 3 instead of 1 changes the view.
    named = replace(state, flows=replace(f, private_attacker=np.array([3])))
    assert not np.array_equal(_view(state), _view(named))
    # Another victim's private attribution is not 0's business.
    elsewhere = replace(state, flows=replace(f, private_target=np.array([2])))
    feature = obs_mod.names(state.setting.iso3, 0).index(f"i_named@{state.setting.iso3[1]}")
    assert _view(state)[feature] == 1.0 and _view(elsewhere)[feature] == 0.0


def test_agent_levers_move_by_bounded_steps_and_adaptation_keeps_them():
    env = _env(months=6, max_delta=0.1)
    env.reset(seed=3)
    up = {"levers": np.full(8, 5.0), "responses": np.zeros(4, np.int64)}  # beyond the bound
    for _ in range(6):
        before = env.world.levers.copy()
        env.step({a: up for a in env.agents})
        for a in env.possible_agents:
            i = env.index[a]
            assert np.allclose(env.world.levers[i], np.clip(before[i] + 0.1, 0.0, 1.0))
    assert env.world.levers.max() <= 1.0 and env.world.levers.min() >= 0.0


def test_unchosen_states_adapt_and_agents_do_not():
    env = _env(months=6)
    env.reset(seed=4)
    initial = env.world.levers.copy()
    hold = {"levers": np.zeros(8), "responses": np.zeros(4, np.int64)}
    while env.agents:
        env.step({a: hold for a in env.agents})
    others = ~env.keep
    assert np.array_equal(env.world.levers[env.keep], initial[env.keep])
    assert not np.allclose(env.world.levers[others], initial[others])
    still = _env(months=6, adaptation="off")
    still.reset(seed=4)
    while still.agents:
        still.step({a: hold for a in still.agents})
    assert np.array_equal(still.world.levers, initial)


def test_reward_is_the_documented_utility():
    env = _env()
    env.reset(seed=5)
    _, rewards, _, _, _ = env.step({a: env.action_space(a).sample() for a in env.agents})
    u = adaptation.utility(env.world, env.params)
    for a, r in rewards.items():
        assert r == pytest.approx(float(u[env.index[a]]), rel=1e-12)


def test_adaptation_keep_mask_and_own_responses_in_the_engine():
    params = Params()
    state = replace(uniform_state(4, adaptation="local"), step=int(params.adaptation_period) - 1)
    keep = np.array([True, False, False, False])
    free = adaptation.step(state, params, make_rng(0))
    kept = adaptation.adapt(state, params, make_rng(0), keep)
    assert np.array_equal(kept.levers[0], state.levers[0])
    assert np.array_equal(kept.levers[1:], free.levers[1:])
    f = replace(
        state.flows,
        attributed_attacker=np.array([0]),
        attributed_target=np.array([1]),
        attributed_severity=np.array([5]),
        attributed_true=np.ones(1, bool),
    )
    attributed = replace(state, flows=f)
    chosen = np.full((4, 4), -1, np.int64)
    model = responses.respond(attributed, params, make_rng(0), chosen)
    plain = responses.step(attributed, params, make_rng(0))
    assert np.array_equal(model.flows.attributed_response, plain.flows.attributed_response)
    chosen[1, 0] = RESPONSES.index("sanction")
    own = responses.respond(attributed, params, make_rng(0), chosen)
    assert own.sanctions[1, 0] > 0 and own.flows.attributed_response.tolist() == [3]


def test_adaptation_returns_match_a_plain_run():
    env = _env(months=4)
    got = env.adaptation_returns(seed=9)
    rng = make_rng(np.random.SeedSequence(9).spawn(1)[0])
    state = start(env.setting, env.initial_levers, env.gdp, env.params)
    total = np.zeros(env.setting.n)
    for _ in range(4):
        state = advance(state, env.params, rng, ORDER)
        total += adaptation.utility(state, env.params)
    for a, value in got.items():
        assert value == pytest.approx(total[env.index[a]])


def test_flat_actions_map_onto_the_dict_action():
    env = _env()
    single = SingleAgentEnv(env)
    assert single.action_space.shape == (8 + 4,)
    act = dict_action(env, np.r_[np.full(8, 1.0), [-1.0, -0.5, 0.5, 1.0]])
    assert np.allclose(act["levers"], 0.1)
    assert act["responses"].tolist() == [0, 1, 4, 5]
    assert env.action_space(single.agent).contains(act)


def test_bad_input_names_the_field():
    from netpolitik.engine.synthetic import synthetic_setting

    with pytest.raises(InputError, match="agents: 'XXX'"):
        CyberPoliticsEnv(*synthetic_setting(4, 0), agents=["XXX"])
    with pytest.raises(InputError, match="max_delta"):
        _env(max_delta=2.0)
    with pytest.raises(InputError, match="months"):
        _env(months=0)


@pytest.fixture(scope="module")
def example():
    pytest.importorskip("stable_baselines3")
    spec = importlib.util.spec_from_file_location("train_env", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_env"] = module
    spec.loader.exec_module(module)
    return module


def test_example_trains_and_plots(example):
    env = example.make_env("DEU", years=0.25)
    reference = example.baselines(example.make_env("DEU", years=0.25), seeds=(1,))
    assert set(reference) == {"adaptation policy", "2010 levers held"}
    curve = example.train(env, 60, every=30, seeds=(1,))
    assert [t for t, _ in curve][0] == 0 and curve[-1][0] >= 60
    fig = example.figure({"PPO": curve}, reference, "DEU")
    assert len(fig.data) == 1 and len(fig.layout.shapes) == 2
