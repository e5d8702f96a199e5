"""Collaboration is a composite of observable behaviour, and it moves when behaviour moves.

The first tests are **verification** of the composite's definition; the last two check, on
real-world runs, that the composite responds to a change of behaviour that no rule sets
directly (more sharing, a breach with sanctions).
"""

from __future__ import annotations

import numpy as np
import pytest

from netpolitik.engine.record import COLLABORATION_WEIGHTS, collaboration, trailing
from netpolitik.scenario import ensemble, load_builtin
from netpolitik.scenario.schema import parse_scenario

N = 10


def _g(steps: int = 24, **over):
    g = {
        k: np.zeros(steps)
        for k in ("attributed", "joint_attributions", "accessions", "exits", "agreements")
    }
    g["mean_trust"] = np.full(steps, 0.5)
    g["mean_pooled"] = np.full(steps, 0.2)
    g.update({k: np.asarray(v, float) for k, v in over.items()})
    return g


def test_weights_sum_to_one():
    assert sum(COLLABORATION_WEIGHTS.values()) == pytest.approx(1.0)


def test_trailing_sums_a_year():
    x = np.arange(1, 25, dtype=float)
    t = trailing(x, 12)
    assert t[0] == 1 and t[11] == x[:12].sum() and t[23] == x[12:].sum()


def test_each_component_raises_collaboration():
    base = collaboration(_g(), N)
    assert np.allclose(base, 0.4 * 0.5 + 0.2 * 0.2 + 0.1 * 0.5 + 0.1 * 0.5)
    one = collaboration(_g(attributed=np.r_[1.0, np.zeros(23)]), N)
    assert abs(one[0] - base[0]) <= 0.1 * 0.2 + 1e-12  # one attribution: bounded move
    steps = 24
    for change in (
        {"mean_trust": np.full(steps, 0.7)},
        {"mean_pooled": np.full(steps, 0.4)},
        {"agreements": np.full(steps, 30.0)},
        {"accessions": np.ones(steps)},
    ):
        assert (collaboration(_g(**change), N) > base).all(), change
    joint = collaboration(_g(attributed=np.ones(steps), joint_attributions=np.ones(steps)), N)
    lonely = collaboration(_g(attributed=np.ones(steps)), N)
    assert (joint > base).all() and (lonely < base).all()
    exits = collaboration(_g(exits=np.ones(steps)), N)
    assert (exits < base).all()


def _runs(scenario, **kw):
    return ensemble(scenario, 8, seed=5, years=2, countries=COUNTRIES, tables=False, **kw)


def _paired(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    d = b - a
    return float(d.mean()), float(d.std(ddof=1) / np.sqrt(d.size))


COUNTRIES = [
    "USA",
    "GBR",
    "FRA",
    "DEU",
    "POL",
    "EST",
    "RUS",
    "CHN",
    "IRN",
    "PRK",
    "JPN",
    "KOR",
    "IND",
    "PAK",
    "ISR",
    "TUR",
    "BRA",
    "AUS",
    "CAN",
    "UKR",
]


def _last_year(results, column="collaboration"):
    return np.array([r.trajectory.global_[column][-12:].mean() for r in results])


def test_collaboration_rises_with_sharing():
    """Validation-style: world-wide sharing raises the composite (links, pooled
    intelligence and the trust that cooperation earns), not only one term."""
    base = load_builtin("baseline")
    share = parse_scenario(
        "name: sharing_world\nlevers: {defaults: {liberal: {sharing: 0.95},"
        " hybrid: {sharing: 0.95}, authoritarian: {sharing: 0.95}}}\n"
    )
    a, b = _runs(base), _runs(share)
    mean, se = _paired(_last_year(a), _last_year(b))
    assert mean > 2 * se and mean > 0.01
    mean, se = _paired(_last_year(a, "mean_trust"), _last_year(b, "mean_trust"))
    assert mean > 2 * se


def test_collaboration_falls_after_breaches_and_sanctions():
    """A breach of every state by Russia, answered by sanctions, lowers collaboration."""
    base = load_builtin("baseline")
    breach = parse_scenario(
        "name: breach_world\nevents:\n  - kind: attributed_breach\n    date: 2010-06\n"
        "    values: {attacker: RUS, severity: 7}\nparams: {response_sanction: 3.0}\n"
    )
    a, b = _runs(base), _runs(breach)
    mean, se = _paired(_last_year(a), _last_year(b))
    assert mean < -2 * se
    mean, se = _paired(_last_year(a, "mean_trust"), _last_year(b, "mean_trust"))
    assert mean < -2 * se and mean < -0.01
