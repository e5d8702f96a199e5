"""Scenarios: what world to simulate, with which levers and parameters, for how long."""

from netpolitik.scenario.run import RunResult, simulate_world

__all__ = ["RunResult", "simulate_world"]
