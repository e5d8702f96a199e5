"""Experiments at scale: ensembles, sweeps, sensitivity and the security-collaboration
frontier, streamed into a crash-safe, resumable results store, on any executor (a local
process pool by default, or Dask).

* :func:`ensemble` -- many runs on the spawned seeds of one SeedSequence; means and 95%
  intervals over time (:func:`horizon` for the horizon).
* :func:`sweep` -- model parameters and levers (of a country, a group or everyone) over a
  grid or a Latin hypercube.
* :func:`sensitivity` -- Sobol' or Morris indices with SALib.
* :func:`frontier` -- NSGA-II (pymoo) search of a group's levers for the Pareto front of
  security and collaboration, with a plain-language verdict, its class and uncertainty.
* :func:`robustness` -- the verdict over every "assumption" parameter: Morris screening,
  then Sobol' on the few that matter, and the share of the plausible parameter space
  giving each verdict class.

Every run is one :class:`~netpolitik.experiment.tasks.Task` executed by
:func:`~netpolitik.experiment.tasks.execute`; results go to
:class:`~netpolitik.store.experiments.ExperimentStore`. See ``docs/experiments.md``.
"""

from netpolitik.experiment.api import (
    ensemble,
    frontier,
    horizon,
    load,
    plan,
    sensitivity,
    sweep,
)
from netpolitik.experiment.factors import Factor, parse_factor, resolve_group
from netpolitik.experiment.robustness import robustness
from netpolitik.experiment.tasks import RunOutput, Task, execute

__all__ = [
    "Factor",
    "RunOutput",
    "Task",
    "ensemble",
    "execute",
    "frontier",
    "horizon",
    "load",
    "parse_factor",
    "plan",
    "resolve_group",
    "robustness",
    "sensitivity",
    "sweep",
]
