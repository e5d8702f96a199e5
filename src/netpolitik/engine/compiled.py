"""Compiled kernels: the engine's dense per-month loops as Numba ``@njit`` functions.

A mechanism that fuses its ``(N, N)`` work writes the loop as a plain Python function in
its own module and wraps it with :func:`kernel`; the NumPy expression it replaces stays in
the module as the *reference* (``tests/test_kernels.py`` checks that both agree). Numba is
imported and the loop compiled on the kernel's first call, not at import, so importing the
engine (and starting the CLI) does not pay for Numba; ``cache=True`` keeps the machine code
in ``__pycache__``, so later processes load it instead of compiling.

Kernels do no transcendental work (``exp``, ``log``, ``**``): scalar libm calls in a
compiled loop are slower than NumPy's vectorised ones, so a mechanism runs those as NumPy
ufuncs in place (``out=``) between kernels. Kernels use no ``fastmath``: every operation
is done in the order the NumPy reference does it, so results are bit-identical, and row
sums use :func:`pairwise_sum`, NumPy's own summation order.

Kernels draw no random numbers: every draw stays in the run's
:class:`numpy.random.Generator`, in the order documented by
:mod:`netpolitik.engine.simulator`.

Examples
--------
>>> import numpy as np
>>> from netpolitik.engine.compiled import pairwise_sum
>>> x = np.random.default_rng(0).random(1000)
>>> bool(pairwise_sum(x) == x.sum())
True
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import numpy as np

#: Scratch ``(N, N)`` float64 buffers a state's setting lends to kernels (never returned).
SCRATCH_KEY = "scratch"


class Kernel:
    """A Python loop compiled with ``numba.njit(cache=True)`` on its first call.

    Kernels it calls by global name are compiled first and bound in its module, so one
    kernel can call another (e.g. :func:`pairwise_sum`).
    """

    def __init__(self, func: Callable[..., Any]) -> None:
        self.py_func = func
        self.__doc__ = func.__doc__
        self.__name__ = func.__name__
        self.__wrapped__ = func
        self._compiled: Callable[..., Any] | None = None

    def compiled(self) -> Callable[..., Any]:
        """The Numba dispatcher (importing Numba and binding callees on first use)."""
        if self._compiled is None:
            import numba

            self._compiled = numba.njit(cache=True, nogil=True)(self.py_func)
            names = self.py_func.__globals__
            for name in self.py_func.__code__.co_names:
                callee = names.get(name)
                if isinstance(callee, Kernel):
                    names[name] = callee.compiled()
        return self._compiled

    def __call__(self, *args: Any) -> Any:
        return self.compiled()(*args)


def kernel(func: Callable[..., Any]) -> Kernel:
    """Decorator: ``func`` becomes a :class:`Kernel` (compiled lazily, cached on disk)."""
    return Kernel(func)


@kernel
def pairwise_sum(a: np.ndarray) -> float:  # pragma: no cover - compiled
    """Sum of the 1-D ``a`` in NumPy's pairwise order (``np.add.reduce`` of a contiguous
    row): blocks of up to 128 summed with 8 accumulators, halves combined recursively."""
    n = a.size
    if n < 8:
        res = 0.0
        for i in range(n):
            res += a[i]
        return res
    if n <= 128:
        r0, r1, r2, r3 = a[0], a[1], a[2], a[3]
        r4, r5, r6, r7 = a[4], a[5], a[6], a[7]
        i = 8
        end = n - n % 8
        while i < end:
            r0 += a[i]
            r1 += a[i + 1]
            r2 += a[i + 2]
            r3 += a[i + 3]
            r4 += a[i + 4]
            r5 += a[i + 5]
            r6 += a[i + 6]
            r7 += a[i + 7]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            res += a[i]
            i += 1
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return pairwise_sum(a[:n2]) + pairwise_sum(a[n2:])


def scratch(setting: Any, name: str, shape: tuple[int, ...]) -> np.ndarray:
    """A float64 work buffer of ``shape`` kept on ``setting`` under ``name`` (one per
    thread): reused from month to month so kernels do not allocate. Its contents are
    garbage on return and it is never part of a state."""
    store = setting.derived.setdefault((SCRATCH_KEY, threading.get_ident()), {})
    buf = store.get(name)
    if buf is None or buf.shape != shape:
        buf = store[name] = np.empty(shape)
    return buf


def nonzero_cells(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.nonzero(a)`` of a 2-D array (same cells, same row-major order), for sparse
    ``a``: NumPy's fast count, then one compiled scan for the indices."""
    if a.ndim != 2 or not a.flags.c_contiguous:
        rows, cols = np.nonzero(a)
        return rows, cols
    flat = np.empty(np.count_nonzero(a), dtype=np.int64)
    _nonzero_kernel(a.reshape(-1), flat)
    return np.divmod(flat, a.shape[1])


@kernel
def _nonzero_kernel(values: np.ndarray, out: np.ndarray) -> None:  # pragma: no cover
    """The flat indices of the nonzero ``values``, in order, into ``out`` (sized by the
    count)."""
    k = 0
    for i in range(values.size):
        if values[i] != 0:
            out[k] = i
            k += 1
