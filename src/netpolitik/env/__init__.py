"""A PettingZoo environment of netpolitik (optional extra ``rl``): governments as agents.

:class:`~netpolitik.env.parallel.CyberPoliticsEnv` is a PettingZoo ``ParallelEnv`` in which
each chosen state is an agent with a fog-of-war observation
(:mod:`netpolitik.env.observation`), a bounded change of its levers plus its responses to
attributions as action, and its documented utility (M11) as reward; the other states
follow the model's adaptation policy. :class:`~netpolitik.env.single.SingleAgentEnv` is a
flat gymnasium view of one agent for single-agent RL libraries. See ``docs/env.md``.

Install with ``pip install 'netpolitik[rl]'`` (PettingZoo and gymnasium).
"""

from __future__ import annotations

try:
    from netpolitik.env.parallel import CyberPoliticsEnv
    from netpolitik.env.single import SingleAgentEnv
except ModuleNotFoundError as exc:  # pragma: no cover - depends on the installed extras
    if exc.name not in ("pettingzoo", "gymnasium"):
        raise
    raise ModuleNotFoundError(
        f"netpolitik.env needs {exc.name}: install the extra with pip install 'netpolitik[rl]'",
        name=exc.name,
    ) from exc

__all__ = ["CyberPoliticsEnv", "SingleAgentEnv"]
