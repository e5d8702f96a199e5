"""Measure the essay scenarios' outcomes in the full world (docs/model.md, "Essay
coverage"): whether norms converge in 30 years and under which conditions, whether the
inspired consortium forms, and where the R&D hub forms.

Usage::

    PYTHONPATH=src python scripts/essay_measures.py [--runs 2]

Prints one line per condition; every figure is measured from simulated runs (nothing is
set by the scenario). The same measurements, on a smaller world, are asserted in
``tests/test_essay_scenarios.py``.
"""

from __future__ import annotations

import argparse

import numpy as np

from netpolitik.scenario import ensemble, load_builtin
from netpolitik.scenario.schema import Levers
from netpolitik.world import load_world

#: Conditions of the 30-year norm-convergence world: label -> (params, keep the norms).
CONDITIONS: dict[str, tuple[dict, bool]] = {
    "diffusion 0.02 + Budapest norms": ({}, True),
    "Budapest norms only": ({"norm_diffusion_rate": 0.0}, True),
    "diffusion only": ({}, False),
    "diffusion, trust floor 0.6": ({"norm_trust_floor": 0.6}, False),
    "diffusion, trust floor 0.4": ({"norm_trust_floor": 0.4}, False),
    "nothing (baseline levers)": ({"norm_diffusion_rate": 0.0}, False),
}


def stack(results, table: str, column: str) -> np.ndarray:
    return np.stack([getattr(r.trajectory, table)[column] for r in results])


def convergence(runs: int) -> None:
    base = load_builtin("norm_convergence")
    for label, (params, norms) in CONDITIONS.items():
        s = base.model_copy(
            update={"params": {**base.params, **params}, **({} if norms else {"clubs": []})}
        )
        r = ensemble(s, runs, seed=0, tables=False)
        d = stack(r, "global_", "lever_dispersion")
        trust = stack(r, "global_", "mean_trust")
        off, dis = (
            stack(r, "countries", "offense")[:, -1],
            stack(r, "countries", "disclosure")[:, -1],
        )
        in_norm = ((off <= 0.3 + 1e-6) & (dis >= 0.6 - 1e-6)).mean()
        print(
            f"norm_convergence | {label:32s} | dispersion {d[:, 0].mean():.3f} -> "
            f"{d[:, -1].mean():.3f} | mean trust {trust[:, :12].mean():.3f} -> "
            f"{trust[:, -12:].mean():.3f} | states within the Budapest norm {in_norm:.2f}"
        )


def consortium(runs: int) -> None:
    r = ensemble(load_builtin("public_private_consortium"), runs, seed=0, tables=False)
    c = r[0].trajectory.clubs.index("OECD_INDUSTRY")
    months = [np.flatnonzero(x.trajectory.members[:, :, c].any(axis=1)) for x in r]
    formed = [int(m[0]) + 1 for m in months if m.size]
    firms = stack(r, "global_", "firm_memberships")[:, -12:].mean()
    print(
        f"public_private_consortium | industry consortium formed in {len(formed)}/{runs} "
        f"runs, months {formed} | firm memberships (last year) {firms:.1f}"
    )


def hub_race(runs: int) -> None:
    race = load_builtin("rd_hub_race")
    for label, s in (
        ("as written", race),
        ("2010 levers", race.model_copy(update={"levers": Levers()})),
    ):
        r = ensemble(s, runs, seed=0, tables=False)
        w = load_world(list(r[0].trajectory.iso3)).countries
        eu, ea = (w["region"] == "Europe").to_numpy(), (w["subregion"] == "Eastern Asia").to_numpy()
        i = stack(r, "countries", "research_intensity")[:, -12:].mean(axis=(0, 1))
        theft = stack(r, "global_", "research_theft")[:, -12:].sum(axis=1).mean()
        print(
            f"rd_hub_race | {label:11s} | research intensity per state: Europe "
            f"{i[eu].mean():.2f}, Eastern Asia {i[ea].mean():.2f}, rest "
            f"{i[~(eu | ea)].mean():.2f} | IP stolen from projects, last year US$ "
            f"{theft / 1e9:.1f} bn"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=2)
    runs = parser.parse_args().runs
    convergence(runs)
    consortium(runs)
    hub_race(runs)


if __name__ == "__main__":
    main()
