"""The PettingZoo ``ParallelEnv`` of netpolitik: chosen governments as learning agents.

Each agent is a government (named by its ISO3 code). Every step (``months_per_step``
months, default one) each agent

* moves its eight levers by at most ``max_delta`` each (clipped to [0, 1]);
* chooses, for each partner, its response to a public attribution of an operation against
  it to that partner in this step: ``0`` leaves it to the model's multinomial logit (M6),
  ``1 + r`` picks :data:`~netpolitik.engine.state.RESPONSES` ``[r]``.

The world then runs the full model (:data:`~netpolitik.engine.simulator.ORDER`); the other
governments follow the model's adaptation policy (M11, :func:`~netpolitik.engine.adaptation.adapt`
with the agents' levers kept). Each agent observes its fog-of-war view
(:mod:`netpolitik.env.observation`) and is rewarded with its documented utility
(:func:`netpolitik.engine.adaptation.utility`), the mean over the step's months. Episodes
are truncated at the horizon (``months``); nothing terminates them earlier.

Examples
--------
>>> env = CyberPoliticsEnv.synthetic(4, agents=2, months=3)
>>> obs, infos = env.reset(seed=1)
>>> sorted(obs) == sorted(env.agents)
True
>>> actions = {a: env.action_space(a).sample() for a in env.agents}
>>> obs, rewards, terminations, truncations, infos = env.step(actions)
>>> len(rewards)
2
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
from gymnasium import spaces
from pettingzoo import ParallelEnv

from netpolitik.engine import adaptation as adaptation_mech
from netpolitik.engine import responses
from netpolitik.engine.simulator import ORDER, Mechanism, advance, check_world, make_rng, start
from netpolitik.engine.state import RESPONSES, Setting, State
from netpolitik.env import observation
from netpolitik.errors import InputError
from netpolitik.params import Params
from netpolitik.policy import LEVERS

#: Response code 0: the model's multinomial logit chooses (M6).
MODEL_CHOICE = 0


class CyberPoliticsEnv(ParallelEnv):
    """Chosen governments learn their levers and responses; the others adapt (M11).

    Parameters
    ----------
    setting, levers, gdp : the world, its ``(N, 8)`` initial levers and ``(N,)`` GDP.
    agents : ISO3 codes of the learning governments (default: all).
    params : model parameters (defaults when None).
    months : horizon in months; episodes are truncated there.
    months_per_step : months simulated per step.
    max_delta : largest change of one lever in one step, lever units.
    seed : seed of the episodes when ``reset`` gets none.
    adaptation : how the other governments adapt: ``"local"`` or ``"imitation"`` (M11),
        ``"off"`` keeps their levers; default the setting's mode, ``"local"`` if it is off.
    """

    metadata = {"name": "netpolitik_v0", "render_modes": [], "is_parallelizable": True}

    def __init__(
        self,
        setting: Setting,
        levers: np.ndarray,
        gdp: np.ndarray,
        *,
        agents: Sequence[str] | None = None,
        params: Params | None = None,
        months: int = 24,
        months_per_step: int = 1,
        max_delta: float = 0.1,
        seed: int = 0,
        adaptation: str | None = None,
        render_mode: str | None = None,
    ) -> None:
        check_world(setting)
        _check(months, months_per_step, max_delta, render_mode)
        mode = adaptation or ("local" if setting.adaptation == "off" else setting.adaptation)
        if mode not in adaptation_mech.MODES:
            raise InputError(
                f"adaptation: {mode!r} unknown; use one of {', '.join(adaptation_mech.MODES)}"
            )
        self.setting = replace(setting, adaptation=mode)
        self.initial_levers = np.asarray(levers, dtype=float)
        self.gdp = np.asarray(gdp, dtype=float)
        self.params = params or Params()
        self.months, self.months_per_step, self.max_delta = months, months_per_step, max_delta
        self.render_mode = render_mode
        chosen = list(setting.iso3) if agents is None else list(agents)
        self.index = {a: _country(setting, a) for a in chosen}
        if len(self.index) != len(chosen) or not chosen:
            raise InputError(f"agents: {chosen}; name at least one country, each once")
        self.possible_agents = chosen
        self.agents: list[str] = []
        self.keep = np.zeros(setting.n, bool)
        self.keep[list(self.index.values())] = True
        self._spaces = self._make_spaces()
        self._seeds = np.random.SeedSequence(seed)
        self.world: State = start(self.setting, self.initial_levers, self.gdp, self.params)
        self.rng = make_rng(0)

    # ------------------------------------------------------------------ construction
    @classmethod
    def synthetic(cls, n: int, *, agents: int = 2, world_seed: int = 0, **kw: Any):
        """A random world of ``n`` countries, whose first ``agents`` countries learn
        (:func:`~netpolitik.engine.synthetic.synthetic_setting`, rivalry share 0.3)."""
        from netpolitik.engine.synthetic import synthetic_setting

        setting, levers, gdp = synthetic_setting(n=n, seed=world_seed, rivalry_share=0.3)
        return cls(setting, levers, gdp, agents=list(setting.iso3[:agents]), **kw)

    @classmethod
    def from_scenario(
        cls,
        scenario: str | Path,
        *,
        countries: Sequence[str] | None = None,
        agents: Sequence[str] | None = None,
        years: float | None = None,
        overrides: Mapping[str, float] | None = None,
        **kw: Any,
    ):
        """The world of a scenario (built-in name or YAML file), horizon its years, its
        parameters with ``overrides`` (e.g. ``{"adaptation_period": 3}``)."""
        from netpolitik.scenario.library import load_scenario
        from netpolitik.scenario.run import prepare

        built = prepare(load_scenario(scenario), years=years, countries=countries)
        kw.setdefault("months", built.steps)
        kw.setdefault("seed", built.seed)
        return cls(
            built.setting,
            built.levers,
            built.gdp,
            agents=agents,
            params=built.params.with_overrides(dict(overrides or {})),
            **kw,
        )

    # ------------------------------------------------------------------ spaces
    def observation_space(self, agent: str) -> spaces.Box:
        """Fog-of-war observation (:mod:`netpolitik.env.observation`); the same object
        for every call, as PettingZoo requires."""
        return self._spaces[agent][0]

    def action_space(self, agent: str) -> spaces.Dict:
        """``levers``: Box of lever changes; ``responses``: one code per partner."""
        return self._spaces[agent][1]

    def _make_spaces(self) -> dict[str, tuple[spaces.Box, spaces.Dict]]:
        n, d = self.setting.n, np.float32(self.max_delta)
        out = {}
        for a in self.possible_agents:
            act = spaces.Dict(
                {
                    "levers": spaces.Box(-d, d, (len(LEVERS),), np.float32),
                    "responses": spaces.MultiDiscrete(np.full(n - 1, 1 + len(RESPONSES))),
                }
            )
            out[a] = (observation.space(n), act)
        return out

    # ------------------------------------------------------------------ episode
    def reset(
        self, seed: int | None = None, options: dict | None = None
    ) -> tuple[dict[str, np.ndarray], dict[str, dict]]:
        """Start an episode; the same ``seed`` gives the same episode for the same actions."""
        if seed is not None:
            self._seeds = np.random.SeedSequence(seed)
        self.rng = make_rng(self._seeds.spawn(1)[0])
        self.world = start(self.setting, self.initial_levers, self.gdp, self.params)
        self.agents = list(self.possible_agents)
        quiet = observation.no_events(self.setting.n)
        return self._observe({a: quiet for a in self.agents}), {a: {} for a in self.agents}

    def step(self, actions: Mapping[str, Any]) -> tuple[dict, dict, dict, dict, dict]:
        """Apply the agents' actions, run ``months_per_step`` months, observe and reward."""
        if not self.agents:
            raise InputError("step: the episode is over; call reset() first")
        levers = self.world.levers.copy()
        chosen = np.full((self.setting.n, self.setting.n), -1, np.int64)
        for agent, action in actions.items():
            i = self._agent(agent)
            delta = np.clip(np.asarray(action["levers"], float), -self.max_delta, self.max_delta)
            levers[i] = np.clip(levers[i] + delta, 0.0, 1.0)
            codes = np.asarray(action["responses"], np.int64)
            chosen[i, observation.partners(self.setting.n, i)] = codes - 1
        self.world = replace(self.world, levers=levers)
        mechanisms = self.mechanisms(chosen)
        counts = {a: observation.no_events(self.setting.n) for a in self.agents}
        reward = {a: 0.0 for a in self.agents}
        months = min(self.months_per_step, self.months - self.world.step)
        for _ in range(months):
            self.world = advance(self.world, self.params, self.rng, mechanisms)
            u = adaptation_mech.utility(self.world, self.params)
            for a in self.agents:
                counts[a] = counts[a] + observation.events(self.world, self.index[a])
                reward[a] += float(u[self.index[a]]) / months
        obs = self._observe(counts)
        done = self.world.step >= self.months
        trunc = {a: done for a in self.agents}
        term = {a: False for a in self.agents}
        infos = {a: {"month": self.world.step} for a in self.agents}
        if done:
            self.agents = []
        return obs, reward, term, trunc, infos

    def mechanisms(self, chosen: np.ndarray | None = None) -> tuple[tuple[str, Mechanism], ...]:
        """:data:`~netpolitik.engine.simulator.ORDER` with the agents' responses ``chosen``
        (``(N, N)``, -1 = the model's) and their levers kept by adaptation."""
        keep = self.keep

        def respond(state: State, params: Params, rng: np.random.Generator) -> State:
            return responses.respond(state, params, rng, chosen)

        def adapt(state: State, params: Params, rng: np.random.Generator) -> State:
            return adaptation_mech.adapt(state, params, rng, keep)

        hooks: dict[str, Mechanism] = {"responses": respond, "adaptation": adapt}
        return tuple((name, hooks.get(name, m)) for name, m in ORDER)

    def adaptation_returns(self, seed: int) -> dict[str, float]:
        """Each agent's episode return had every government followed the adaptation
        policy (M11) and the model's responses, from ``reset(seed=seed)``: the baseline
        learning is measured against. Ends the episode."""
        self.reset(seed=seed)
        total = {a: 0.0 for a in self.agents}
        while self.world.step < self.months:
            months = min(self.months_per_step, self.months - self.world.step)
            for _ in range(months):
                self.world = advance(self.world, self.params, self.rng, ORDER)
                u = adaptation_mech.utility(self.world, self.params)
                for a in total:
                    total[a] += float(u[self.index[a]]) / months
        self.agents = []
        return total

    def render(self) -> None:
        """No rendering: the trajectories are the model's tables (``netpolitik run``)."""
        return None

    def close(self) -> None:
        """Nothing to release."""

    def _agent(self, agent: str) -> int:
        if agent not in self.index or agent not in self.agents:
            raise InputError(f"actions: {agent!r} is not a live agent; use {self.agents}")
        return self.index[agent]

    def _observe(self, counts: Mapping[str, Any]) -> dict[str, np.ndarray]:
        elapsed = min(1.0, self.world.step / self.months)
        return {
            a: observation.observe(self.world, self.params, self.index[a], c, elapsed)
            for a, c in counts.items()
        }


def _country(setting: Setting, code: str) -> int:
    try:
        return setting.iso3.index(code)
    except ValueError:
        raise InputError(
            f"agents: {code!r} is not in the world; use ISO3 codes of {', '.join(setting.iso3)}"
        ) from None


def _check(months: int, per: int, delta: float, render_mode: str | None) -> None:
    if months < 1:
        raise InputError(f"months: {months}; the horizon is at least 1 month")
    if per < 1:
        raise InputError(f"months_per_step: {per}; a step is at least 1 month")
    if not 0 < delta <= 1:
        raise InputError(f"max_delta: {delta}; use a lever change in (0, 1]")
    if render_mode is not None:
        raise InputError(f"render_mode: {render_mode!r}; the environment has none, use None")
