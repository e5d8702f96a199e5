"""Verification: landscape output stays bounded and degenerate input is flagged.

An all-zero propensity makes every configuration a local minimum (2^(N-1) of them); at
most ``--max-minima`` are listed, with a count of the rest. Exact mode refuses, in one
line, an N whose memory would exceed the available RAM.
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest

from netpolitik.alliances import landscape
from netpolitik.alliances.landscape import align, format_alignment
from netpolitik.cli import main
from netpolitik.errors import InputError


def test_all_zero_propensity_lists_at_most_max_minima_and_counts_the_rest():
    n = 16
    result = align(np.ones(n), np.zeros((n, n)), mode="exact")
    assert result.minima_total == 2 ** (n - 1) and len(result.local_minima) == 100
    assert any("every propensity is 0" in w for w in result.warnings)
    text = format_alignment([f"a{k}" for k in range(n)], result)
    assert f"Local minima ({2 ** (n - 1)})" in text
    assert f"and {2 ** (n - 1) - 100:,} more" in text and len(text.splitlines()) < 110


def test_the_kept_minima_are_the_lowest():
    rng = np.random.default_rng(3)
    p = rng.normal(size=(10, 10))
    p = (p + p.T) / 2
    full = align(np.ones(10), p, mode="exact", max_minima=10**6)
    few = align(np.ones(10), p, mode="exact", max_minima=2)
    assert few.minima_total == full.minima_total == len(full.local_minima)
    assert [e for _, e in few.local_minima] == [e for _, e in full.local_minima[:2]]


def test_underflowing_sizes_are_warned_about():
    p = np.array([[0, 1, -1], [1, 0, -1], [-1, -1, 0]], dtype=float)
    result = align([1e-200, 1e-200, 1.0], p)
    assert any("underflows" in w for w in result.warnings)
    assert not align([1.0, 1.0, 1.0], p).warnings


def test_exact_refuses_more_memory_than_available(monkeypatch):
    monkeypatch.setattr(landscape, "available_bytes", lambda: 10 * 2**20)
    with pytest.raises(InputError, match=r"needs about .* GiB, more than the 0\.0 GiB"):
        align(np.ones(20), np.zeros((20, 20)), mode="exact", max_minima=10**7)


def test_cli_bounds_output_and_warns(tmp_path):
    n = 20
    names = [f"a{k}" for k in range(n)]
    (tmp_path / "s.csv").write_text("actor,size\n" + "".join(f"{a},1\n" for a in names))
    (tmp_path / "p.csv").write_text(
        "actor,"
        + ",".join(names)
        + "\n"
        + "".join(f"{a}," + ",".join("0" for _ in names) + "\n" for a in names)
    )
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(
            [
                "landscape",
                "--sizes",
                str(tmp_path / "s.csv"),
                "--propensity",
                str(tmp_path / "p.csv"),
                "--max-minima",
                "5",
            ]
        )
    assert code == 0 and len(out.getvalue().splitlines()) == 3 + 1 + 5 + 1
    assert err.getvalue().startswith("warning: propensity: every propensity is 0")
