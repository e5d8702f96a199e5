"""Parameter uncertainty of the rolling-origin scores (verification of the harness)."""

from __future__ import annotations

import numpy as np

from netpolitik.params import Params
from netpolitik.validate.uncertainty import CALIBRATED, SPREAD, parameter_sets


def test_parameter_sets_cover_the_range_and_respect_bounds():
    p = Params()
    sets = parameter_sets(p, draws=40, seed=1)
    for name in CALIBRATED:
        values = np.array([s[name] for s in sets])
        base = getattr(p, name)
        assert values.min() >= base / SPREAD - 1e-12 and values.max() <= base * SPREAD + 1e-12
        # Latin hypercube: one draw in each of the 40 strata of the log range
        strata = np.floor((np.log(values / base) / np.log(SPREAD) + 1) / 2 * 40)
        assert len(set(np.clip(strata, 0, 39).astype(int))) == 40
    assert parameter_sets(p, 3, seed=2) == parameter_sets(p, 3, seed=2)


def test_uncertainty_command_prints_every_fold(capsys):
    from netpolitik.cli import main

    assert main(["validate", "uncertainty", "--draws", "2", "--seeds", "1"]) == 0
    out = capsys.readouterr().out
    assert "fold 1" in out and "fold 2" in out and "Spearman" in out
    assert main(["validate", "uncertainty", "--draws", "0"]) == 2
