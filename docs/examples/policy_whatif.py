"""Policy what-if: the built-in ``open_alliance`` against the baseline, paired by seed.

The liberal democracies adopt open, accountable cyber policies and form an open
threat-sharing alliance. Both worlds (all 194 states, 5 years) are run on the same 10 seeds
(common random numbers), so each outcome's change is the mean of 10 paired differences with
its Student-t 95% interval, as ``netpolitik compare`` prints it. The docs build executes
this script (markdown-exec) and shows what it prints; ``python docs/examples/policy_whatif.py``
prints the same Markdown.
"""

import pandas as pd

from netpolitik.report import ensemble_intervals, interval_band_figure
from netpolitik.report.ensembles import difference_figure
from netpolitik.scenario import load_builtin
from netpolitik.scenario.compare import compare_ensembles, run_pair

YEARS, RUNS, SEED = 5, 10, 0
baseline, policy = load_builtin("baseline"), load_builtin("open_alliance")

# Both ensembles on the children of SeedSequence(SEED): run k of A and B share a stream.
runs_a, runs_b = run_pair(baseline, policy, RUNS, seed=SEED, years=YEARS)
table = compare_ensembles(runs_a, runs_b)

rows = pd.DataFrame(
    {
        "outcome": table["label"],
        "baseline": table["a"],
        "open_alliance": table["b"],
        "change": table["diff"],
        "95% interval": [
            f"[{lo:.4g}, {hi:.4g}]" for lo, hi in zip(table["lo"], table["hi"], strict=True)
        ],
        "clear": ["yes" if clear else "" for clear in table["clear"]],
    }
)
print(f"**{RUNS} paired runs, {YEARS} years, seed {SEED}, all 194 states.**\n")
print(rows.to_markdown(index=False, floatfmt=".3f"))

clear = table[table["clear"]]
rises = "; ".join(clear.loc[clear["diff"] > 0, "label"])
falls = "; ".join(clear.loc[clear["diff"] < 0, "label"])
print(
    f"\nThe 95% interval of the paired change excludes zero (*clear*) for "
    f"{len(clear)} of {len(table)} outcomes. Up: {rises or 'none'}. Down: {falls or 'none'}.\n"
)

# The ensembles over time: mean and central 90% of the runs, one band per arm.
metrics = ("security", "collaboration", "coexistence", "successful")
bands = pd.concat(
    [
        ensemble_intervals(runs_a, "baseline", metrics),
        ensemble_intervals(runs_b, "open_alliance", metrics),
    ]
)
figure = interval_band_figure(bands)
figure.update_layout(height=520, margin={"t": 40})
print(figure.to_html(full_html=False, include_plotlyjs=False, div_id="what-if-bands"))

# The paired changes of the key outcomes: mean difference and its 95% interval.
key = table.loc[["security", "collaboration", "coexistence", "successful"]]
changes = difference_figure(key, "open_alliance - baseline")
changes.update_layout(height=560, margin={"t": 40})
print(changes.to_html(full_html=False, include_plotlyjs=False, div_id="what-if-changes"))
