"""How many seeds does the frontier's verdict need? Disjoint seed sets, same class?

Run from the repository root (about a minute on a G20 world, 10 years)::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/verdict_seeds.py \
        --seeds 32 --for NATO --lever surveillance --years 10

The baseline and three settings of one lever of the group (0, 0.5, 1) run on ``--seeds``
common seeds; for the group's and the world's objectives it prints the paired differences'
means and standard deviations, then, for n = 4, 8, 16, 32 seeds, the verdict class
(:func:`netpolitik.experiment.frontier.classify`) on each disjoint set of n seeds and the
bootstrap shares on the first set. The default ``--check-seeds`` of ``netpolitik frontier``
is the smallest n whose disjoint sets all agree (see docs/experiments.md, "The frontier").
"""

from __future__ import annotations

import argparse

import numpy as np

from netpolitik.experiment.api import plan
from netpolitik.experiment.factors import Factor
from netpolitik.experiment.frontier import bootstrap, classify
from netpolitik.experiment.tasks import execute

G20 = "ARG,AUS,BRA,CAN,CHN,FRA,DEU,IND,IDN,ITA,JPN,KOR,MEX,RUS,SAU,ZAF,TUR,GBR,USA"
COLUMNS = {
    "group": ("group_security", "group_collaboration"),
    "world": ("security", "collaboration"),
}


def runs(seeds: int, group: str, lever: str, years: float, countries: str | None) -> np.ndarray:
    """``(4, seeds, 4)``: baseline and three lever values x seeds x the four objectives."""
    p = plan("baseline", years=years, countries=countries)
    factor = [Factor("lever", lever, 0, 1, group)]
    cols = [*COLUMNS["group"], *COLUMNS["world"]]
    out = np.zeros((4, seeds, 4))
    for m, value in enumerate((None, 0.0, 0.5, 1.0)):
        for r in range(seeds):
            task = (
                p.task(0, m, r, group=group, steps=False)
                if value is None
                else p.task(0, m, r, factor, [value], group, False)
            )
            summary = execute(task).summary
            out[m, r] = [summary[c] for c in cols]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=32)
    ap.add_argument("--for", dest="group", default="NATO")
    ap.add_argument("--lever", default="surveillance")
    ap.add_argument("--years", type=float, default=10)
    ap.add_argument("--countries", default=G20, help="ISO3 codes, or 'all' for the world")
    args = ap.parse_args()
    countries = None if args.countries == "all" else args.countries
    res = runs(args.seeds, args.group, args.lever, args.years, countries)
    d = res[1:] - res[0]
    for k, scope in enumerate(COLUMNS):
        dd = d[:, :, 2 * k : 2 * k + 2]
        print(
            f"{scope}: mean {np.round(dd.mean(1), 5).tolist()} sd "
            f"{np.round(dd.std(1, ddof=1), 5).tolist()}"
        )
        for n in (4, 8, 16, 32):
            if n > args.seeds:
                break
            classes = [classify(dd[:, j * n : (j + 1) * n]) for j in range(args.seeds // n)]
            print(
                f"  n={n}: classes on disjoint seed sets {classes}; bootstrap on the "
                f"first {bootstrap(dd[:, :n], 0)[0]}"
            )


if __name__ == "__main__":
    main()
