"""Scenarios: what world to simulate, with which levers, clubs, events and parameters.

``load_scenario(name_or_file)`` reads a built-in or a YAML file; ``run_scenario`` runs it
once, ``ensemble`` many times on spawned seeds; ``compare_ensembles`` pairs two. The schema
is documented in ``docs/scenarios.md``.
"""

from netpolitik.scenario.library import builtin_names, load_builtin, load_scenario
from netpolitik.scenario.run import RunResult, ensemble, run_scenario, simulate_world
from netpolitik.scenario.schema import Scenario, load_file, parse_scenario, to_yaml

__all__ = [
    "RunResult",
    "Scenario",
    "builtin_names",
    "ensemble",
    "load_builtin",
    "load_file",
    "load_scenario",
    "parse_scenario",
    "run_scenario",
    "simulate_world",
    "to_yaml",
]
