"""Train one government with PPO (Stable-Baselines3) and compare it with the adaptation policy.

The world is five states of 2010 (``baseline`` scenario: USA, CHN, RUS, DEU, GBR). One of
them (``--agent``, default DEU) learns its levers and responses in
:class:`netpolitik.env.CyberPoliticsEnv`; the four others follow the model's adaptation
policy (M11, local search). The learning curve is the agent's mean episode return (the sum
of its monthly utility over the horizon) against two baselines on the same seeds: the
agent following the adaptation policy itself, and the agent holding its 2010 levers.

Run (a few minutes on one CPU core; needs ``pip install 'netpolitik[rl]' stable-baselines3``)::

    python examples/train_env.py --timesteps 48000 --out docs/img/env_learning.html

It prints the curve as a table and writes a Plotly figure (HTML, and PNG when kaleido is
installed).
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import plotly.graph_objects as go

from netpolitik.env import CyberPoliticsEnv, SingleAgentEnv

COUNTRIES = ("USA", "CHN", "RUS", "DEU", "GBR")


def make_env(agent: str = "DEU", years: float = 2.0, seed: int = 0) -> CyberPoliticsEnv:
    """The five-state world with ``agent`` learning and the others adapting every 3 months."""
    return CyberPoliticsEnv.from_scenario(
        "baseline",
        countries=list(COUNTRIES),
        agents=[agent],
        years=years,
        seed=seed,
        overrides={"adaptation_period": 3},
    )


def evaluate(env: CyberPoliticsEnv, act, seeds: Sequence[int]) -> float:
    """Mean episode return of the agent under policy ``act(obs) -> flat action``."""
    single = SingleAgentEnv(env)
    total = 0.0
    for seed in seeds:
        obs, _ = single.reset(seed=seed)
        done = False
        while not done:
            obs, reward, term, trunc, _ = single.step(act(obs))
            total += reward
            done = term or trunc
    return total / len(seeds)


def baselines(env: CyberPoliticsEnv, seeds: Sequence[int]) -> dict[str, float]:
    """Mean returns of the adaptation policy and of holding the initial levers."""
    agent = env.possible_agents[0]
    adapt = float(np.mean([env.adaptation_returns(s)[agent] for s in seeds]))
    size = SingleAgentEnv(env).action_space.shape[0]
    hold = evaluate(env, lambda obs: np.concatenate([np.zeros(8), -np.ones(size - 8)]), seeds)
    return {"adaptation policy": adapt, "2010 levers held": hold}


def train(
    env: CyberPoliticsEnv,
    timesteps: int,
    *,
    every: int = 2400,
    seeds: Sequence[int] = (101, 102, 103, 104, 105),
    seed: int = 0,
    learning_rate: float = 3e-4,
) -> list[tuple[int, float]]:
    """PPO on the agent for ``timesteps`` steps, observations and rewards normalised
    (``VecNormalize``), the learning rate falling linearly to a tenth: (timesteps, mean
    return) pairs, the return of the deterministic policy on held-out ``seeds`` every
    ``every`` steps."""
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.vec_env import DummyVecEnv, VecNormalize

    torch.set_num_threads(1)
    horizon = env.months // env.months_per_step
    vec = VecNormalize(DummyVecEnv([lambda: SingleAgentEnv(env)]), gamma=0.99)
    done = [0]  # steps trained so far, read by the schedule

    def rate(_: float) -> float:
        return learning_rate * max(0.1, 1.0 - done[0] / timesteps)

    model = PPO(
        "MlpPolicy",
        vec,
        n_steps=10 * horizon,
        batch_size=5 * horizon,
        learning_rate=rate,
        gamma=0.99,
        seed=seed,
        device="cpu",
        verbose=0,
    )
    eval_env = make_env(env.possible_agents[0], env.months / 12)

    def act(obs: np.ndarray) -> np.ndarray:
        return model.predict(vec.normalize_obs(obs), deterministic=True)[0]

    curve = [(0, evaluate(eval_env, act, seeds))]
    while model.num_timesteps < timesteps:
        model.learn(min(every, timesteps - model.num_timesteps), reset_num_timesteps=False)
        done[0] = int(model.num_timesteps)
        curve.append((done[0], evaluate(eval_env, act, seeds)))
    return curve


def figure(
    curves: Mapping[str, list[tuple[int, float]]], reference: dict[str, float], agent: str
) -> go.Figure:
    """Learning curves (one per training run) against the baselines' mean returns."""
    fig = go.Figure()
    for name, curve in curves.items():
        fig.add_scatter(
            x=[t for t, _ in curve], y=[r for _, r in curve], mode="lines+markers", name=name
        )
    places = (("dash", "top left"), ("dot", "bottom right"))
    for (name, value), (dash, where) in zip(reference.items(), places, strict=False):
        fig.add_hline(
            y=value,
            line_dash=dash,
            annotation_text=f"{name}: {value:.3f}",
            annotation_position=where,
        )
    fig.update_layout(
        title=f"{agent} learning its cyber policy among adapting states (5 states, 2 years)",
        xaxis_title="training steps (months)",
        yaxis_title="mean episode return (sum of monthly utility)",
        template="plotly_white",
    )
    return fig


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agent", default="DEU")
    parser.add_argument("--timesteps", type=int, default=48_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--years", type=float, default=2.0)
    parser.add_argument("--out", type=Path, default=Path("env_learning.html"))
    args = parser.parse_args(argv)
    env = make_env(args.agent, args.years)
    seeds = (101, 102, 103, 104, 105)
    reference = baselines(make_env(args.agent, args.years), seeds)
    started = time.process_time()
    curve = train(env, args.timesteps, seeds=seeds, seed=args.seed)
    print(f"trained in {time.process_time() - started:.0f} CPU s")
    for t, r in curve:
        print(f"{t:>8d} steps  mean return {r:.4f}")
    for name, value in reference.items():
        print(f"{name:>20s}  mean return {value:.4f}")
    fig = figure({f"PPO, seed {args.seed}": curve}, reference, args.agent)
    fig.write_html(args.out)
    try:
        fig.write_image(args.out.with_suffix(".png"), width=900, height=500)
    except (ImportError, ValueError, RuntimeError) as exc:  # kaleido or a browser missing
        print(f"no PNG: {exc}")


if __name__ == "__main__":
    main()
