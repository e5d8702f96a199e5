"""Tests for the Axelrod & Bennett (1993) landscape theory of aggregation."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from netpolitik.alliances.landscape import (
    Alignment,
    align,
    energy,
    format_alignment,
    read_landscape_csv,
)
from netpolitik.errors import InputError


def random_instance(rng: np.random.Generator, n: int) -> tuple[np.ndarray, np.ndarray]:
    p = rng.uniform(-1.0, 1.0, size=(n, n))
    p = np.triu(p, 1)
    return rng.lognormal(size=n), p + p.T


def brute_force(sizes: np.ndarray, prop: np.ndarray) -> tuple[float, set[tuple[int, ...]]]:
    """Plain python loops over all configurations with actor 0 on side 0."""
    n = len(sizes)

    def e(x: tuple[int, ...]) -> float:
        return sum(
            sizes[i] * sizes[j] * prop[i, j] * (x[i] != x[j])
            for i in range(n)
            for j in range(i + 1, n)
        )

    configs = [(0, *rest) for rest in itertools.product((0, 1), repeat=n - 1)]
    energies = {x: e(x) for x in configs}
    minima = set()
    for x, ex in energies.items():
        neighbours = [tuple(1 - v if k == i else v for k, v in enumerate(x)) for i in range(n)]
        if all(e(y) >= ex - 1e-12 for y in neighbours):
            minima.add(x)
    return min(energies.values()), minima


def test_energy_hand_example() -> None:
    sizes = [1.0, 2.0, 3.0]
    prop = [[0, -1, 2], [-1, 0, 1], [2, 1, 0]]
    # apart pairs: (0,1): 1*2*-1 = -2 and (0,2): 1*3*2 = 6
    assert energy([0, 1, 1], sizes, prop) == pytest.approx(4.0)
    assert energy([0, 0, 0], sizes, prop) == 0.0
    # apart pairs: (0,1): -2 and (1,2): 2*3*1 = 6
    assert energy([0, 1, 0], sizes, prop) == pytest.approx(4.0)
    result = align(sizes, prop)
    assert result.energy == pytest.approx(energy(result.sides, sizes, prop))


@pytest.mark.parametrize("mode", ["exact", "heuristic"])
def test_two_obvious_blocs(mode: str) -> None:
    rng = np.random.default_rng(7)
    bloc = np.array([0, 1, 0, 1, 1, 0, 0, 1, 0, 1])
    same = bloc[:, None] == bloc[None, :]
    prop = np.where(same, 1.0, -1.0) + rng.uniform(-0.2, 0.2, (10, 10))
    prop = np.triu(prop, 1) + np.triu(prop, 1).T
    result = align(rng.uniform(1, 3, 10), prop, mode=mode)
    assert isinstance(result, Alignment)
    np.testing.assert_array_equal(result.sides, bloc)
    assert result.sides[0] == 0 and result.mode == mode
    if mode == "exact":
        assert result.local_minima is not None
        np.testing.assert_array_equal(result.local_minima[0][0], bloc)
    else:
        assert result.local_minima is None


@pytest.mark.parametrize("seed", range(4))
def test_exact_matches_brute_force_n8(seed: int) -> None:
    sizes, prop = random_instance(np.random.default_rng(seed), 8)
    best, minima = brute_force(sizes, prop)
    result = align(sizes, prop, mode="exact")
    assert result.energy == pytest.approx(best, abs=1e-10)
    assert result.local_minima is not None
    assert {tuple(int(v) for v in x) for x, _ in result.local_minima} == minima
    energies = [en for _, en in result.local_minima]
    assert energies == sorted(energies) and energies[0] == pytest.approx(result.energy)
    for x, en in result.local_minima:
        assert en == pytest.approx(energy(x, sizes, prop), abs=1e-10)


def test_heuristic_finds_global_minimum() -> None:
    rng = np.random.default_rng(2024)
    hits = 0
    for k in range(100):
        sizes, prop = random_instance(rng, int(rng.integers(8, 21)))
        exact = align(sizes, prop, mode="exact")
        heuristic = align(sizes, prop, mode="heuristic", seed=k)
        assert heuristic.energy == pytest.approx(energy(heuristic.sides, sizes, prop))
        hits += heuristic.energy <= exact.energy + 1e-9 * abs(exact.energy)
    assert hits >= 95


def test_auto_mode_and_large_heuristic() -> None:
    rng = np.random.default_rng(3)
    assert align(*random_instance(rng, 20)).mode == "exact"
    big = align(*random_instance(rng, 210))
    assert big.mode == "heuristic" and big.sides.shape == (210,) and big.sides[0] == 0
    # Reproducible with a fixed seed.
    sizes, prop = random_instance(rng, 60)
    first, second = align(sizes, prop, seed=5), align(sizes, prop, seed=5)
    np.testing.assert_array_equal(first.sides, second.sides)


@pytest.mark.parametrize(
    "sizes,prop,match",
    [
        ([1.0], [[0.0]], "sizes"),
        ([1.0, -2.0], np.zeros((2, 2)), r"sizes\[1\]"),
        ([1.0, np.inf], np.zeros((2, 2)), r"sizes\[1\]"),
        ([1.0, 2.0], np.zeros((3, 3)), "propensity: shape"),
        ([1.0, 2.0, 3.0], [[0, 1, 2], [1, 0, 3], [2, 3.5, 0]], r"propensity\[1, 2\]"),
        ([1.0, 2.0], [[0, np.nan], [np.nan, 0]], r"propensity\[0, 1\]"),
    ],
)
def test_align_validation(sizes: list, prop: list, match: str) -> None:
    with pytest.raises(InputError, match=match):
        align(sizes, prop)


def test_align_rejects_bad_mode_and_restarts() -> None:
    sizes, prop = random_instance(np.random.default_rng(0), 25)
    with pytest.raises(InputError, match="mode"):
        align(sizes, prop, mode="exact")
    with pytest.raises(InputError, match="mode"):
        align(sizes, prop, mode="fast")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="restarts"):
        align(sizes, prop, restarts=0)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_read_landscape_csv_roundtrip(tmp_path: Path) -> None:
    s = write(tmp_path / "sizes.csv", "actor,size\nUSA,3\nRUS,2\nCHN,2.5\n")
    m = write(tmp_path / "matrix.csv", ",CHN,RUS,USA\nCHN,0,1,-1\nRUS,1,0,-1\nUSA,-1,-1,0\n")
    names, sizes, prop = read_landscape_csv(s, m)
    assert names == ["USA", "RUS", "CHN"]
    np.testing.assert_allclose(sizes, [3, 2, 2.5])
    np.testing.assert_allclose(prop, [[0, -1, -1], [-1, 0, 1], [-1, 1, 0]])
    text = format_alignment(names, align(sizes, prop))
    assert "USA" in text and "CHN, RUS" not in text and "RUS, CHN" in text
    assert "energy" in text and "Local minima" in text


GOOD_SIZES = "actor,size\nA,1\nB,2\n"
GOOD_MATRIX = ",A,B\nA,0,-1\nB,-1,0\n"


@pytest.mark.parametrize(
    "sizes_text,matrix_text,match",
    [
        (None, GOOD_MATRIX, "sizes file not found"),
        (GOOD_SIZES, None, "matrix file not found"),
        ("actor,weight\nA,1\nB,2\n", GOOD_MATRIX, "missing column 'size'"),
        ("actor,size\n", GOOD_MATRIX, "no data rows"),
        ("actor,size\nA,1\nB,big\n", GOOD_MATRIX, "line 3, actor 'B', size: 'big'"),
        ("actor,size\nA,1\nB,0\n", GOOD_MATRIX, "not > 0"),
        ("actor,size\nA,1\nA,2\n", GOOD_MATRIX, "listed twice"),
        (GOOD_SIZES, ",A,B\nA,0,x\nB,-1,0\n", r"row 'A', column 'B'\): 'x'"),
        (GOOD_SIZES, ",A,B\nA,0,-1\n", "not square"),
        (GOOD_SIZES, ",A,B\nA,0,-1\nB,-1\n", "line 3 has 1 values"),
        (GOOD_SIZES, ",A,B\nA,0,-1\nC,-1,0\n", "row names differ"),
        (GOOD_SIZES, ",A,C\nA,0,-1\nC,-1,0\n", "'B' is in .*sizes.csv only"),
        (GOOD_SIZES, ",A,B\nA,0,-1\nB,0.5,0\n", "make the matrix symmetric"),
    ],
)
def test_read_landscape_csv_errors(
    tmp_path: Path, sizes_text: str | None, matrix_text: str | None, match: str
) -> None:
    s, m = tmp_path / "sizes.csv", tmp_path / "matrix.csv"
    if sizes_text is not None:
        write(s, sizes_text)
    if matrix_text is not None:
        write(m, matrix_text)
    with pytest.raises(InputError, match=match) as info:
        read_landscape_csv(s, m)
    message = str(info.value)
    assert "\n" not in message
    assert ("sizes.csv" in message) or ("matrix.csv" in message)


def test_format_alignment_heuristic_and_name_mismatch() -> None:
    sizes, prop = random_instance(np.random.default_rng(1), 5)
    result = align(sizes, prop, mode="heuristic")
    text = format_alignment(list("abcde"), result)
    assert text.startswith("Alignment (heuristic, 5 actors)")
    assert "Local minima" not in text
    with pytest.raises(InputError, match="names"):
        format_alignment(["a"], result)
