"""An ensemble of engine runs observed for validation, through the public simulate API.

Each run is :func:`netpolitik.engine.simulator.simulate` on
:func:`netpolitik.engine.setup.from_world`, with one extra observer appended to the
mechanism order: it reads the state at the end of every month (attributed operations and
their severities, sanctions in force) and returns the state unchanged, without drawing
random numbers, so a run is identical to one without it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from netpolitik.engine.setup import from_world
from netpolitik.engine.simulator import ORDER, simulate
from netpolitik.params import Params
from netpolitik.world import World

#: Months after an attribution within which a sanction counts as the victim's response.
RESPONSE_WINDOW = 12


@dataclass(frozen=True)
class RunRecord:
    """What validation reads from one run.

    Attributes
    ----------
    attributed : ``(N, N)`` attributed operations, attacker by target, over the horizon.
    severities : severity of every attributed operation.
    responded : True where the victim answered the attribution publicly (any response of
        M6's menu but restraint), or sanctioned the attacker within RESPONSE_WINDOW months.
    expected : ``(N, N)`` the run's expected attempts (``dyads["intensity"]``) scaled to its
        number of public attributions: the model's smooth forecast of who attacks whom.
    clubs : club names of ``members_*`` columns.
    members_start, members_end : ``(N, K)`` membership in the first and last month.
    gdp_start, gdp_end : ``(N,)`` GDP in the first and last month.
    """

    attributed: np.ndarray
    expected: np.ndarray
    severities: np.ndarray
    responded: np.ndarray
    clubs: tuple[str, ...]
    members_start: np.ndarray
    members_end: np.ndarray
    gdp_start: np.ndarray
    gdp_end: np.ndarray


class _Observer:
    """A mechanism that records attributions and sanctions; it never changes the state."""

    def __init__(self) -> None:
        self.events: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        self.sanctioning: list[np.ndarray] = []

    def __call__(self, state, params, rng):  # noqa: ANN001, ANN204 - mechanism signature
        f = state.flows
        month = len(self.sanctioning)
        answered = np.zeros(f.attributed_attacker.size, dtype=bool)
        if f.attributed_response.size == answered.size:
            answered = f.attributed_response > 0
        self.events.append((month, f.attributed_attacker.copy(), f.attributed_target.copy(),
                            f.attributed_severity.copy(), answered))  # fmt: skip
        self.sanctioning.append(np.asarray(state.sanctions) > 0)
        return state

    def responses(self) -> tuple[np.ndarray, np.ndarray]:
        """(severities, responded) of every attribution of the run."""
        sev, hit = [], []
        steps = len(self.sanctioning)
        for month, attackers, targets, severity, answered in self.events:
            later = self.sanctioning[month : min(month + RESPONSE_WINDOW, steps)]
            window = np.any(np.stack(later), axis=0)
            hit.append(window[targets, attackers] | answered)
            sev.append(severity)
        if not sev:
            return np.zeros(0), np.zeros(0, dtype=bool)
        return np.concatenate(sev).astype(float), np.concatenate(hit).astype(bool)


def _expected(traj) -> np.ndarray:
    """Expected attempts scaled to the run's public attributions (see RunRecord)."""
    intensity = np.asarray(traj.dyads["intensity"], dtype=float)
    total = float(intensity.sum())
    count = float(np.asarray(traj.dyads["attributed"]).sum())
    return intensity * (count / total) if total > 0 else intensity


def run_one(
    world: World,
    params: Params,
    year: int,
    months: int,
    seed: int,
    member_year: int | None = None,
) -> RunRecord:
    """One observed run of ``world`` from January of ``year`` for ``months``; memberships
    as of ``member_year`` (default ``year``)."""
    setting, levers, gdp = from_world(world, year if member_year is None else member_year,
                                      params)  # fmt: skip
    observer = _Observer()
    traj = simulate(setting, levers, gdp, steps=months, seed=seed, params=params,
                    mechanisms=(*ORDER, ("observe", observer)))  # fmt: skip
    severities, responded = observer.responses()
    members = traj.members if traj.members is not None else np.zeros((months, setting.n, 0))
    gdp_path = np.asarray(traj.countries["gdp"], dtype=float)
    return RunRecord(
        attributed=np.asarray(traj.dyads["attributed"], dtype=float),
        expected=_expected(traj),
        severities=severities,
        responded=responded,
        clubs=tuple(traj.clubs),
        members_start=members[0].astype(bool),
        members_end=members[-1].astype(bool),
        gdp_start=gdp_path[0],
        gdp_end=gdp_path[-1],
    )


def run_ensemble(
    world: World,
    params: Params,
    year: int,
    years: int,
    seeds: int,
    on_run: Callable[[], None] | None = None,
    member_year: int | None = None,
) -> list[RunRecord]:
    """``seeds`` observed runs (seeds 0..seeds-1) of ``years`` years from ``year``."""
    runs = []
    for seed in range(seeds):
        runs.append(run_one(world, params, year, 12 * years, seed, member_year))
        if on_run is not None:
            on_run()
    return runs
