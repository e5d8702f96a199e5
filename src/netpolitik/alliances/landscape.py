"""Landscape theory of aggregation: predicted two-bloc alignments (Axelrod & Bennett 1993).

Each actor ``i`` has a size ``s_i > 0`` and each pair a propensity ``p_ij`` (positive:
affinity, negative: antagonism). A configuration splits the actors into two sides; its
*energy* (total frustration) is

.. math::  E = \\sum_{i<j} s_i s_j p_{ij} d_{ij},

where ``d_ij = 1`` if ``i`` and ``j`` are on opposite sides and 0 otherwise. Myopic actors
switch sides while that lowers their own frustration; because propensities are symmetric
this lowers ``E`` too, so the system settles in a *local minimum*: a configuration where
no single actor's switch lowers the energy. With ``W_ij = s_i s_j p_ij`` and spins
``z_i = +-1`` one has ``E = (sum(W) - z'Wz) / 4`` and switching actor ``i`` changes the
energy by ``z_i (Wz)_i``; both are evaluated for all configurations at once.

``exact`` mode enumerates all ``2^(N-1)`` configurations with actor 0 fixed on side 0
(in chunks built from numpy bit operations; ``N <= 24``) and lists every local minimum.
``heuristic`` mode (any ``N``) starts from the sign of the leading eigenvector of ``W``
plus random configurations and runs greedy single-switch descent on all starts at once.

References
----------
Axelrod, R. & Bennett, D. S. (1993). A landscape theory of aggregation. *British Journal
of Political Science* 23(2), 211-233.
"""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from netpolitik.alliances.limits import EXACT_AUTO_MAX, EXACT_MAX, MAX_MINIMA
from netpolitik.alliances.solvers import CHUNK_BITS, Alignment, exact, heuristic
from netpolitik.errors import InputError

__all__ = [
    "EXACT_AUTO_MAX",
    "EXACT_MAX",
    "MAX_MINIMA",
    "Alignment",
    "align",
    "energy",
    "format_alignment",
    "read_landscape_csv",
]

_SYM_RTOL, _SYM_ATOL = 1e-9, 1e-12

Mode = Literal["auto", "exact", "heuristic"]


def _validate(sizes: ArrayLike, propensity: ArrayLike) -> tuple[NDArray, NDArray]:
    try:
        s = np.asarray(sizes, dtype=float)
        p = np.asarray(propensity, dtype=float)
    except (TypeError, ValueError) as exc:
        raise InputError(f"sizes/propensity: not numeric ({exc}); use numeric arrays") from exc
    if s.ndim != 1 or s.size < 2:
        raise InputError(f"sizes: shape {s.shape} is invalid; use a 1-D array of >= 2 actors")
    bad = np.flatnonzero(~(np.isfinite(s) & (s > 0)))
    if bad.size:
        i = bad[0]
        raise InputError(f"sizes[{i}]: {s[i]:g} is not a positive finite size; use a size > 0")
    n = s.size
    if p.shape != (n, n):
        raise InputError(
            f"propensity: shape {p.shape} does not match {n} sizes; use an {n}x{n} matrix"
        )
    bad2 = np.argwhere(~np.isfinite(p))
    if bad2.size:
        i, j = bad2[0]
        raise InputError(f"propensity[{i}, {j}]: {p[i, j]:g} is not finite; use a finite number")
    asym = np.argwhere(np.triu(~np.isclose(p, p.T, rtol=_SYM_RTOL, atol=_SYM_ATOL), 1))
    if asym.size:
        i, j = asym[0]
        raise InputError(
            f"propensity[{i}, {j}]: {p[i, j]:g} differs from propensity[{j}, {i}] = "
            f"{p[j, i]:g}; use a symmetric matrix"
        )
    with np.errstate(over="ignore", invalid="ignore"):
        w = _weights(s, p)
        total = np.abs(w).sum() * s.size  # the energy and the switch gains stay below this
    if not np.isfinite(total):
        raise InputError(
            f"sizes/propensity: size x size x propensity overflows (largest size {s.max():g}, "
            f"largest |propensity| {np.abs(p).max():g}); rescale them, e.g. sizes to shares "
            "of the total and propensities to [-1, 1]"
        )
    return s, p


def _weights(s: NDArray, p: NDArray) -> NDArray[np.float64]:
    w = np.outer(s, s) * (p + p.T) / 2.0
    np.fill_diagonal(w, 0.0)
    return w


def energy(sides: ArrayLike, sizes: ArrayLike, propensity: ArrayLike) -> float:
    """Energy ``E = sum_{i<j} s_i s_j p_ij d_ij`` of one configuration.

    Parameters
    ----------
    sides : array_like of int
        Side (0 or 1) of each actor.
    sizes : array_like
        Positive actor sizes.
    propensity : array_like
        Symmetric propensity matrix (diagonal ignored).

    Returns
    -------
    float

    Examples
    --------
    >>> energy([0, 1, 1], [1, 2, 3], [[0, -1, 2], [-1, 0, 1], [2, 1, 0]])
    4.0
    """
    s, p = _validate(sizes, propensity)
    x = np.asarray(sides)
    if x.shape != s.shape or not np.isin(x, (0, 1)).all():
        raise InputError(f"sides: {x.tolist()} is invalid; use one 0 or 1 per actor")
    apart = x[:, None] != x[None, :]
    return float(np.triu(_weights(s, p) * apart, 1).sum())


def exact_bytes(n: int, max_minima: int) -> int:
    """Memory exact mode needs for ``n`` actors listing ``max_minima`` minima (bytes)."""
    low = min(n - 1, CHUNK_BITS)
    kept = min(max_minima, 2 ** (n - 1))
    return 8 * (2**low) * n * 8 + kept * (8 * n + 200) + 2**low * 16


def available_bytes() -> int | None:
    """Memory available to this process now (``MemAvailable``), None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        return None
    return None


def degenerate(s: NDArray, p: NDArray, w: NDArray) -> tuple[str, ...]:
    """Warnings for input whose landscape is flat or lost to underflow."""
    off = ~np.eye(s.size, dtype=bool)
    if not np.any(p[off]):
        return (
            "propensity: every propensity is 0, so every configuration has energy 0 and "
            "is a local minimum; the alignment shown is arbitrary",
        )
    lost = int(np.count_nonzero((p[off] != 0) & (w[off] == 0)) // 2)
    if lost:
        return (
            f"sizes: size x size x propensity underflows to 0 for {lost} pair(s) "
            f"(smallest size {s.min():g}); energies there read as 0: rescale the sizes, "
            "e.g. to shares of the total",
        )
    return ()


def align(
    sizes: ArrayLike,
    propensity: ArrayLike,
    mode: Mode = "auto",
    restarts: int = 64,
    seed: int | np.random.Generator | None = 0,
    max_minima: int = MAX_MINIMA,
) -> Alignment:
    """Predict the two-bloc alignment that minimises landscape energy.

    Parameters
    ----------
    sizes : array_like, shape (N,)
        Positive finite actor sizes (e.g. national capabilities).
    propensity : array_like, shape (N, N)
        Symmetric pairwise propensities (> 0 affinity, < 0 antagonism; diagonal ignored).
    mode : {"auto", "exact", "heuristic"}, default "auto"
        ``exact`` enumerates every configuration (N <= 24) and lists all local minima;
        ``heuristic`` runs spectral-start plus random-restart greedy descent (any N);
        ``auto`` is exact for N <= 20, heuristic otherwise.
    restarts : int, default 64
        Random starts in heuristic mode (in addition to two spectral starts).
    seed : int, Generator or None, default 0
        Randomness for heuristic restarts.
    max_minima : int, default 100
        Exact mode lists at most this many local minima (the lowest) and counts the rest.

    Returns
    -------
    Alignment

    Raises
    ------
    InputError
        On invalid sizes, propensities, mode or restarts.

    Examples
    --------
    >>> p = [[0, 1, -1, -1], [1, 0, -1, -1], [-1, -1, 0, 1], [-1, -1, 1, 0]]
    >>> result = align([1, 1, 1, 1], p)
    >>> result.sides.tolist(), result.energy, len(result.local_minima)
    ([0, 0, 1, 1], -4.0, 1)
    """
    s, p = _validate(sizes, propensity)
    n = s.size
    if mode not in ("auto", "exact", "heuristic"):
        raise InputError(f"mode: {mode!r} is unknown; use 'auto', 'exact' or 'heuristic'")
    if mode == "exact" and n > EXACT_MAX:
        raise InputError(
            f"mode: 'exact' supports at most {EXACT_MAX} actors (got {n}); use 'heuristic'"
        )
    if isinstance(restarts, bool) or not isinstance(restarts, int | np.integer) or restarts < 1:
        raise InputError(f"restarts: {restarts!r} is invalid; use a positive integer")
    if not (
        seed is None
        or isinstance(seed, np.random.Generator)
        or (isinstance(seed, int | np.integer) and not isinstance(seed, bool) and seed >= 0)
    ):
        raise InputError(f"seed: {seed!r} is not a seed; use an integer >= 0")
    if (
        isinstance(max_minima, bool)
        or not isinstance(max_minima, int | np.integer)
        or max_minima < 0
    ):
        raise InputError(f"--max-minima: {max_minima!r} is invalid; use an integer >= 0")
    w = _weights(s, p)
    tol = 1e-10 * max(float(np.abs(w).max()), 1e-300) * n
    warn = degenerate(s, p, w)
    if mode == "exact" or (mode == "auto" and n <= EXACT_AUTO_MAX):
        _check_memory(n, int(max_minima))
        found = exact(w, tol, int(max_minima))
    else:
        found = heuristic(w, int(restarts), np.random.default_rng(seed), tol)
    return dataclasses.replace(found, warnings=warn)


def _check_memory(n: int, max_minima: int) -> None:
    need, have = exact_bytes(n, max_minima), available_bytes()
    if have is not None and need > have:
        raise InputError(
            f"mode: exact with {n} actors and --max-minima {max_minima:,} needs "
            f"about {need / 2**30:.1f} GiB, more than the {have / 2**30:.1f} GiB "
            "available; lower --max-minima or use --mode heuristic"
        )


def _read_csv_rows(path: str | Path, what: str, fix: str) -> tuple[Path, list[tuple[int, list]]]:
    """Non-blank rows of a CSV file as ``(line number, stripped cells)``."""
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: {what} file not found; check the path")
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.reader(fh)
            rows = [(reader.line_num, [c.strip() for c in row]) for row in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"{p}: cannot read {what} file ({exc}); save it as UTF-8 CSV") from exc
    rows = [(line, row) for line, row in rows if any(row)]
    if len(rows) < 2:
        raise InputError(f"{p}: {what} file has no data rows; {fix}")
    return p, rows


def _number(text: str, where: str, fix: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = np.nan
    if not np.isfinite(value):
        shown = repr(text) if len(text) <= 60 else f"{text[:50]!r}... ({len(text)} characters)"
        raise InputError(f"{where}: {shown} is not a finite number; {fix}")
    return value


def _read_sizes(path: str | Path) -> tuple[list[str], NDArray[np.float64]]:
    fix = "use a header 'actor,size' and one row per actor"
    p, rows = _read_csv_rows(path, "sizes", fix)
    header = [h.lower() for h in rows[0][1]]
    for col in ("actor", "size"):
        if col not in header:
            raise InputError(f"{p}: missing column '{col}' in header {rows[0][1]}; {fix}")
    ia, isz = header.index("actor"), header.index("size")
    names: list[str] = []
    seen: set[str] = set()  # (a set: a list makes a long file quadratic)
    sizes: list[float] = []
    for line, row in rows[1:]:
        name = row[ia] if ia < len(row) else ""
        cell = row[isz] if isz < len(row) else ""
        if not name:
            raise InputError(f"{p}: line {line} has an empty actor name; {fix}")
        if name in seen:
            raise InputError(f"{p}: actor {name!r} is listed twice (line {line}); list it once")
        size = _number(cell, f"{p}: line {line}, actor {name!r}, size", "use a size > 0")
        if size <= 0:
            raise InputError(f"{p}: line {line}, actor {name!r}: size {size:g} is not > 0")
        names.append(name)
        seen.add(name)
        sizes.append(size)
    return names, np.asarray(sizes)


def _read_matrix(path: str | Path) -> tuple[list[str], NDArray[np.float64]]:
    fix = "use actor names as the header row and first column, numbers elsewhere"
    p, rows = _read_csv_rows(path, "matrix", fix)
    cols = rows[0][1][1:]
    if len(set(cols)) != len(cols) or "" in cols:
        raise InputError(f"{p}: header names {cols} are empty or repeated; {fix}")
    if len(rows) - 1 != len(cols):
        raise InputError(
            f"{p}: matrix is not square ({len(rows) - 1} rows x {len(cols)} columns); {fix}"
        )
    names, values = [], np.empty((len(cols), len(cols)))
    for k, (line, row) in enumerate(rows[1:]):
        if len(row) != len(cols) + 1:
            raise InputError(
                f"{p}: line {line} has {len(row) - 1} values but the header has "
                f"{len(cols)} actors; make the matrix square"
            )
        names.append(row[0])
        for j, cell in enumerate(row[1:]):
            where = f"{p}: cell (row {row[0]!r}, column {cols[j]!r})"
            values[k, j] = _number(cell, where, "use a numeric propensity")
    if sorted(names) != sorted(cols):
        extra = sorted(set(names) ^ set(cols)) or sorted(names)
        raise InputError(f"{p}: row names differ from header names (e.g. {extra[0]!r}); {fix}")
    order = [names.index(c) for c in cols]
    return cols, values[order]


def read_landscape_csv(
    sizes_path: str | Path, matrix_path: str | Path
) -> tuple[list[str], NDArray[np.float64], NDArray[np.float64]]:
    """Read actor sizes and a propensity matrix from two CSV files.

    ``sizes.csv`` has columns ``actor,size``; ``matrix.csv`` is square with the actor names
    as header row and first column (any order). Every problem raises a one-line
    :class:`~netpolitik.errors.InputError` naming the file, the problem and the fix.

    Parameters
    ----------
    sizes_path, matrix_path : str or Path

    Returns
    -------
    names : list of str
        Actor names in the order of the sizes file.
    sizes : ndarray, shape (N,)
    propensity : ndarray, shape (N, N)
        Reordered to match ``names``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (d / "s.csv").write_text("actor,size\\nA,1\\nB,2\\n")
    >>> _ = (d / "m.csv").write_text(",A,B\\nA,0,-1\\nB,-1,0\\n")
    >>> names, sizes, prop = read_landscape_csv(d / "s.csv", d / "m.csv")
    >>> names, sizes.tolist(), prop.tolist()
    (['A', 'B'], [1.0, 2.0], [[0.0, -1.0], [-1.0, 0.0]])
    """
    names, sizes = _read_sizes(sizes_path)
    if len(names) < 2:
        raise InputError(
            f"{sizes_path}: {len(names)} actor; an alignment needs at least 2, "
            "add rows 'actor,size'"
        )
    cols, matrix = _read_matrix(matrix_path)
    missing = [n for n in names if n not in cols]
    extra = [c for c in cols if c not in names]
    if missing or extra:
        detail = (
            f"{missing[0]!r} is in {sizes_path} only"
            if missing
            else (f"{extra[0]!r} is in {matrix_path} only")
        )
        raise InputError(
            f"{matrix_path}: actor names differ from {sizes_path} ({detail}); "
            "use the same actors in both files"
        )
    idx = [cols.index(n) for n in names]
    prop = matrix[np.ix_(idx, idx)]
    bad = np.argwhere(np.triu(~np.isclose(prop, prop.T, rtol=_SYM_RTOL, atol=_SYM_ATOL), 1))
    if bad.size:
        i, j = bad[0]
        raise InputError(
            f"{matrix_path}: cell (row {names[i]!r}, column {names[j]!r}) = {prop[i, j]:g} but "
            f"(row {names[j]!r}, column {names[i]!r}) = {prop[j, i]:g}; make the matrix symmetric"
        )
    try:
        _validate(sizes, prop)  # e.g. sizes x propensities that overflow
    except InputError as exc:
        raise InputError(f"{sizes_path}, {matrix_path}: {exc}") from None
    return names, sizes, prop


def format_alignment(names: Sequence[str], alignment: Alignment) -> str:
    """Plain-text report of an alignment for the command line.

    Examples
    --------
    >>> p = [[0, 1, -1], [1, 0, -1], [-1, -1, 0]]
    >>> print(format_alignment(["A", "B", "C"], align([1, 1, 1], p)))
    Alignment (exact, 3 actors), energy -2
      Side 1 (2): A, B
      Side 2 (1): C
    Local minima (1):
      1. energy -2: A, B | C
    """
    names = [str(n) for n in names]
    sides = np.asarray(alignment.sides)
    if len(names) != sides.size:
        raise InputError(
            f"names: {len(names)} names for {sides.size} actors; give one name per actor"
        )

    def split(x: NDArray) -> tuple[list[str], list[str]]:
        pairs = list(zip(names, x, strict=True))
        return [n for n, s in pairs if s == 0], [n for n, s in pairs if s == 1]

    a, b = split(sides)
    lines = [
        f"Alignment ({alignment.mode}, {sides.size} actors), energy {alignment.energy:.6g}",
        f"  Side 1 ({len(a)}): {', '.join(a) or '-'}",
        f"  Side 2 ({len(b)}): {', '.join(b) or '-'}",
    ]
    if alignment.local_minima is not None:
        shown = len(alignment.local_minima)
        total = alignment.minima_total if alignment.minima_total is not None else shown
        lines.append(f"Local minima ({total}):")
        for k, (x, e) in enumerate(alignment.local_minima, start=1):
            a, b = split(x)
            lines.append(f"  {k}. energy {e:.6g}: {', '.join(a) or '-'} | {', '.join(b) or '-'}")
        if total > shown:
            lines.append(f"  ... and {total - shown:,} more (raise --max-minima to list them)")
    return "\n".join(lines)
