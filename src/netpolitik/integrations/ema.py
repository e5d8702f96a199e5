"""An EMA Workbench model of a netpolitik scenario (optional extra ``ema``).

:func:`ema_model` builds an ``ema_workbench.Model`` whose

* uncertainties are the model's assumptions: every :class:`~netpolitik.params.Params`
  parameter whose source says "assumption", over its plausible range around the
  scenario's value (:mod:`netpolitik.experiment.assumptions`);
* levers are policy levers set for every country of a group, named ``lever@group``
  (e.g. ``sharing@EU``), over ``[0, 1]``;
* outcomes are the summary outcomes of one run: the global ones (``security``,
  ``collaboration``, ``coexistence``, ...) and, with ``group``, the group's
  (``group_coexistence``, ...), as in ``docs/experiments.md``.

Each experiment is one seeded run of the scenario (:func:`netpolitik.experiment.tasks.execute`),
so the same experiment gives the same outcomes under any evaluator; the model is picklable
and runs under ``SequentialEvaluator`` and ``MultiprocessingEvaluator``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from netpolitik.experiment.api import plan
from netpolitik.experiment.assumptions import assumptions
from netpolitik.experiment.factors import parse_factor
from netpolitik.experiment.tasks import Task, execute

#: Global outcomes the model reports (summary columns).
OUTCOMES = (
    "security",
    "collaboration",
    "coexistence",
    "incidents_total",
    "sanctions",
    "mean_freedom",
    "gdp_growth",
)
#: Group outcomes reported when the model has a group.
GROUP_OUTCOMES = ("group_security", "group_collaboration", "group_coexistence", "group_growth")


@dataclass(frozen=True)
class ScenarioFunction:
    """The scenario as a function of its uncertainties and levers (picklable); a lever
    not given keeps the scenario's own setting."""

    text: str
    name: str
    years: float
    seed: int
    countries: tuple[str, ...] | None
    levers: tuple[str, ...]
    group: str | None
    outcomes: tuple[str, ...]

    def __call__(self, **values: float) -> dict[str, float]:
        lever_values = tuple(
            (label.split("@")[0], label.split("@")[1], float(values.pop(label)))
            for label in self.levers
            if label in values
        )
        task = Task(
            scenario=self.text,
            name=self.name,
            years=self.years,
            seed=self.seed,
            countries=self.countries,
            run=0,
            point=0,
            replicate=0,
            params=tuple(sorted((k, float(v)) for k, v in values.items())),
            levers=lever_values,
            group=self.group,
            steps=False,
        )
        summary = execute(task).summary
        return {name: summary[name] for name in self.outcomes}


def ema_model(
    scenario: str = "baseline",
    levers: Sequence[str] = (),
    *,
    group: str | None = None,
    only: Sequence[str] | None = None,
    years: float | None = None,
    seed: int = 0,
    countries: str | Sequence[str] | None = None,
) -> Any:
    """An ``ema_workbench.Model`` of ``scenario``.

    Parameters
    ----------
    scenario : built-in name or YAML file.
    levers : ``lever@group`` names, e.g. ``("sharing@EU", "offense@RUS")``; each varies
        over ``[0, 1]`` (or ``lever@group=LOW:HIGH`` for a narrower range).
    group : also report this group's outcomes (``group_*``).
    only : restrict the uncertainties to these assumptions (default: every one).
    years, seed, countries : as for ``netpolitik run``.
    """
    from ema_workbench import Model, RealParameter, ScalarOutcome

    p = plan(scenario, years=years, seed=seed, countries=countries)
    factors = [parse_factor(t if "=" in t else f"{t}=0:1", "levers") for t in levers]
    outcomes = OUTCOMES + (GROUP_OUTCOMES if group else ())
    function = ScenarioFunction(
        p.scenario.source,
        p.name,
        p.built.years,
        seed,
        p.countries,
        tuple(f.label for f in factors),
        group,
        outcomes,
    )
    model = Model(p.name, function=function)
    model.uncertainties = [
        RealParameter(f.name, f.low, f.high) for f in assumptions(p.built.params, only)
    ]
    model.levers = [RealParameter(f.label, f.low, f.high) for f in factors]
    model.outcomes = [ScalarOutcome(name) for name in outcomes]
    return model
