"""A straightforward Mesa 3 implementation of netpolitik's core rules, for benchmarking.

It implements the rules of :data:`netpolitik.engine.simulator.CORE` (security, M1 trust,
M4 incidents, M5 attribution, M6 responses, economy) the way a modeller would write them in
Mesa: one :class:`~benchmarks.mesa_reference.agents.Country` agent per state holding its
own levers, capability, GDP, security, exposure, beliefs (log-odds) and trust row,
sanctions, trade partners and pending incidents, and Python loops per agent and per pair.
Static pair terms (rivalry, shared memberships, alliances, the record before the start
year) are computed once per run, as a modeller who profiles would. It reads the same
:class:`netpolitik.params.Params` and the same world (:func:`netpolitik.engine.setup.from_world`)
but none of the engine's vectorised step functions. Random numbers come from the model's
own ``numpy`` Generator (``model.rng``), so its draws differ from the engine's: the two agree
statistically (``benchmarks/equivalence.py``), not draw for draw.

Examples
--------
>>> from netpolitik.engine.synthetic import synthetic_setting
>>> from benchmarks.mesa_reference import CyberPoliticsModel
>>> model = CyberPoliticsModel(*synthetic_setting(n=5, seed=0), seed=1)
>>> model.run(3)
>>> len(model.history["attempts"])
3
"""

from .agents import Country
from .model import CyberPoliticsModel

__all__ = ["Country", "CyberPoliticsModel"]
