"""A frontier and its robustness: can NATO raise security and collaboration together?

A small NSGA-II search (pymoo) of NATO's sharing, surveillance and offense levers in a
10-state world for 4 years, each candidate run on the same 2 seeds, gives the Pareto set of
the group's security and collaboration and a verdict (``both``, ``tradeoff`` or
``neither``), decided on 4 fresh seeds. The robustness check then asks whether that verdict
survives the model's assumptions: Morris screening of four assumption parameters over their
plausible ranges, Sobol' indices of the two that matter most, and the share of parameter
points giving each verdict. Everything is sized for the docs build (a few hundred runs,
about 15 CPU seconds), not for conclusions: see ``docs/experiments.md`` for a measured
robustness run. The docs build executes this script (markdown-exec) and shows what it
prints; ``python docs/examples/frontier_robustness.py`` prints the same Markdown.
"""

import tempfile

import pandas as pd

from netpolitik import experiment as ex
from netpolitik.report import pareto_figure, sensitivity_figure

WORLD = "USA,GBR,DEU,FRA,POL,EST,CHN,RUS,IRN,JPN"
LEVERS, GROUP, YEARS = "sharing,surveillance,offense", "NATO", 4
ASSUMPTIONS = ["trust_base", "sharing_free_ride", "surveillance_detection", "sharing_noise"]


def markdown(frame: pd.DataFrame) -> str:
    """A table for the page: integers as they are, other numbers with 3 decimals."""
    formats = [".0f" if pd.api.types.is_integer_dtype(t) else ".3f" for t in frame.dtypes]
    return frame.to_markdown(index=False, floatfmt=formats)


def change(row: pd.Series, name: str) -> str:
    """An objective's paired change from the baseline with its 95% interval."""
    return (
        f"{row[f'{name}_diff']:+.3f} "
        f"[{row[f'{name}_diff_lower']:+.3f}, {row[f'{name}_diff_upper']:+.3f}]"
    )


with tempfile.TemporaryDirectory() as store:  # a results store that lives for the page
    common = {"years": YEARS, "countries": WORLD, "store": store, "workers": 1}
    front = ex.frontier(
        "baseline", LEVERS, GROUP, seeds=2, check_seeds=4, population=12, generations=4, **common
    )
    robust = ex.robustness(
        "baseline",
        LEVERS,
        GROUP,
        trajectories=2,
        samples=4,
        top=2,
        mixes=2,
        seeds=2,
        only=ASSUMPTIONS,
        **common,
    )

print("## The frontier\n")
print(f"> {front.attrs['verdict']}\n")
shares = ", ".join(f"{c} {v:.0%}" for c, v in front.attrs["verdict_shares"].items())
print(
    f"Verdict class **{front.attrs['verdict_class']}** (bootstrap over the 4 check seeds: "
    f"{shares}). The Pareto set, each objective's paired change from the baseline and its "
    "95% interval over the 2 search seeds:\n"
)
levers = LEVERS.split(",")
table = front[[*levers, "security", "collaboration"]].copy()
for name in ("security", "collaboration"):
    table[f"change of {name} [95%]"] = [change(row, name) for _, row in front.iterrows()]
print(markdown(table), end="\n\n")

base = front.attrs["baseline"]
points = pd.concat(
    [
        front.assign(
            group="Pareto set",
            label=[
                ", ".join(f"{lv} {row[lv]:.2f}" for lv in levers) for _, row in front.iterrows()
            ],
        ),
        pd.DataFrame([{**base, "group": "baseline", "label": "baseline levers"}]),
    ],
    ignore_index=True,
)
figure = pareto_figure(points)
figure.update_layout(title={"text": f"Pareto set of {GROUP}'s levers, and the baseline"})
print(figure.to_html(full_html=False, include_plotlyjs=False, div_id="frontier-pareto"))

print("\n## Its robustness\n")
print(f"> {robust['shares'].attrs['summary']}\n")
print("Share of parameter points giving each verdict class (indicative 95% Wilson interval):\n")
print(markdown(robust["shares"]))
morris = robust["morris"].pivot(index="parameter", columns="index", values="value")
morris = morris.sort_values("mu_star", ascending=False).reset_index()
print("\nMorris screening of the score (`mu_star`: mean absolute elementary effect):\n")
print(markdown(morris[["parameter", "mu_star", "mu", "sigma"]]))
print("\nSobol' indices of the assumptions that matter most (N = 4: a ranking, not numbers):\n")
print(markdown(robust["sobol"]), end="\n\n")
ranking = robust["morris"][robust["morris"]["index"] == "mu_star"]
bars = ranking.rename(columns={"value": "effect"}).assign(metric="Morris mu_star of the score")
figure = sensitivity_figure(bars[["parameter", "effect", "lower", "upper", "metric"]])
print(figure.to_html(full_html=False, include_plotlyjs=False, div_id="robustness-morris"))
