"""One agent of :class:`~netpolitik.env.parallel.CyberPoliticsEnv` as a flat gymnasium env.

Single-agent RL libraries (e.g. Stable-Baselines3) take a ``Box`` action; this view maps a
``Box(-1, 1, (8 + N - 1,))`` action onto the agent's ``Dict`` action:

* the first 8 entries, times ``max_delta``, are the lever changes;
* each further entry ``x`` picks response code ``min(floor((x + 1) / 2 * 6), 5)`` for one
  partner (0 = the model's choice, ``1 + r`` = ``RESPONSES[r]``).

The observation and reward are the agent's own. Other learning agents of the parallel env
(if any) hold their levers and leave their responses to the model; build the parallel env
with this one agent to have every other government adapt (M11).

Examples
--------
>>> from netpolitik.env.parallel import CyberPoliticsEnv
>>> env = SingleAgentEnv(CyberPoliticsEnv.synthetic(4, agents=1, months=2))
>>> obs, info = env.reset(seed=0)
>>> obs, reward, terminated, truncated, info = env.step(env.action_space.sample())
>>> obs.shape == env.observation_space.shape, terminated, truncated
(True, False, False)
"""

from __future__ import annotations

from typing import Any

import gymnasium
import numpy as np
from gymnasium import spaces

from netpolitik.engine.state import RESPONSES
from netpolitik.env.parallel import CyberPoliticsEnv
from netpolitik.errors import InputError
from netpolitik.policy import LEVERS

#: Number of response codes (the model's choice, then each of RESPONSES).
CODES = 1 + len(RESPONSES)


def dict_action(env: CyberPoliticsEnv, flat: np.ndarray) -> dict[str, np.ndarray]:
    """The ``Dict`` action of a flat ``Box(-1, 1)`` action (module docstring)."""
    x = np.clip(np.asarray(flat, dtype=float), -1.0, 1.0)
    k = len(LEVERS)
    codes = np.minimum(np.floor((x[k:] + 1.0) / 2.0 * CODES), CODES - 1).astype(np.int64)
    return {"levers": (x[:k] * env.max_delta).astype(np.float32), "responses": codes}


class SingleAgentEnv(gymnasium.Env):
    """Agent ``agent`` (default: the first) of a parallel env, with a flat action."""

    metadata = {"render_modes": []}

    def __init__(self, env: CyberPoliticsEnv, agent: str | None = None) -> None:
        self.env = env
        self.agent = agent or env.possible_agents[0]
        if self.agent not in env.possible_agents:
            raise InputError(f"agent: {self.agent!r}; use one of {env.possible_agents}")
        self.observation_space = env.observation_space(self.agent)
        size = len(LEVERS) + env.setting.n - 1
        self.action_space = spaces.Box(-1.0, 1.0, (size,), np.float32)
        n = env.setting.n
        self._idle = {"levers": np.zeros(len(LEVERS)), "responses": np.zeros(n - 1, np.int64)}

    def reset(
        self, *, seed: int | None = None, options: dict | None = None
    ) -> tuple[np.ndarray, dict]:
        """Start an episode of the parallel env."""
        super().reset(seed=seed)
        obs, infos = self.env.reset(seed=seed, options=options)
        return obs[self.agent], infos[self.agent]

    def step(self, action: np.ndarray) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
        """One step of the parallel env with this agent's action."""
        actions = {a: self._idle for a in self.env.agents}
        actions[self.agent] = dict_action(self.env, action)
        obs, reward, term, trunc, info = self.env.step(actions)
        a = self.agent
        return obs[a], float(reward[a]), bool(term[a]), bool(trunc[a]), info[a]
