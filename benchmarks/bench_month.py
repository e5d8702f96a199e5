"""CPU time of one month, compiled kernels against the plain-NumPy references, interleaved.

Run from the repository root::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python benchmarks/bench_month.py [--sizes 195 1000]

For each N (195 = the real world, else ``synthetic_setting(n, seed=0)``) it warms a state
for three months, then alternates one month of the compiled engine and one month of the
NumPy-only engine (``trust.step_reference``, ``capacity.step_reference`` and the reference
helpers; ``tests/test_kernels.py`` shows both give identical states) from that same state,
and prints the median CPU milliseconds (``time.process_time``) of each, their median ratio,
and the "fused floor": the bytes a month must stream once (the dyadic arrays it reads and
writes) at the bandwidth of a NumPy ``add`` measured on arrays of the same size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from netpolitik.engine import capacity, incidents, responses, trust  # noqa: E402
from netpolitik.engine.setup import from_world  # noqa: E402
from netpolitik.engine.simulator import CORE, ORDER, advance, make_rng, start  # noqa: E402
from netpolitik.engine.synthetic import synthetic_setting  # noqa: E402
from netpolitik.params import Params  # noqa: E402
from netpolitik.world import load_world  # noqa: E402

#: Bytes per dyad a month reads (trust, partners, rivalry, past operations, sanctions,
#: trade) and writes (trust, partners, sanctions, rates, attempts, successes).
BYTES_PER_PAIR = 8 + 8 + 8 + 8 + 8 + 1 + 8 + 8 + 8 + 8 + 8 + 8


def reference(mechanisms):
    """``mechanisms`` with the NumPy references of the compiled steps."""
    swap = {"trust": trust.step_reference, "capacity": capacity.step_reference}
    return tuple((name, swap.get(name, step)) for name, step in mechanisms)


class NumpyOnly:
    """Context: the compiled helpers that mechanisms call go through their references."""

    def __enter__(self):
        self.saved = (incidents.rates, trust.apply_evidence, trust.tie_columns)
        self.nonzero = (trust.nonzero_cells, responses.nonzero_cells)

        def rates(state, params):
            rate = incidents.attack_rate(state, params)
            return rate, np.cumsum(rate.ravel())

        incidents.rates = rates
        trust.apply_evidence = trust.apply_evidence_reference
        trust.tie_columns = trust.tie_columns_reference
        trust.nonzero_cells = responses.nonzero_cells = np.nonzero
        return self

    def __exit__(self, *exc) -> None:
        incidents.rates, trust.apply_evidence, trust.tie_columns = self.saved
        trust.nonzero_cells, responses.nonzero_cells = self.nonzero


def bandwidth(n: int) -> float:
    """Bytes per second of ``np.add(a, b, out=c)`` on ``(n, n)`` float64 arrays."""
    a, b, c = np.ones((n, n)), np.ones((n, n)), np.empty((n, n))
    np.add(a, b, out=c)
    times = []
    for _ in range(5):
        t0 = time.process_time()
        np.add(a, b, out=c)
        times.append(time.process_time() - t0)
    return 3 * a.nbytes / max(statistics.median(times), 1e-9)


def month_ms(n: int, repeats: int, core: bool) -> tuple[float, float, float]:
    """Median CPU ms of a compiled and a NumPy-only month, and their median ratio."""
    params = Params()
    setting, levers, gdp = from_world(load_world()) if n == 195 else synthetic_setting(n, 0)
    mechanisms = CORE if core else ORDER
    state, rng = start(setting, levers, gdp, params), make_rng(0)
    for _ in range(3):
        state = advance(state, params, rng, mechanisms)
    fast, slow = [], []
    for k in range(repeats):
        t0 = time.process_time()
        advance(state, params, make_rng(k), mechanisms)
        fast.append(time.process_time() - t0)
        with NumpyOnly():
            t0 = time.process_time()
            advance(state, params, make_rng(k), reference(mechanisms))
            slow.append(time.process_time() - t0)
    ratio = statistics.median(f / s for f, s in zip(fast, slow, strict=True))
    return 1e3 * statistics.median(fast), 1e3 * statistics.median(slow), ratio


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="compiled vs NumPy-only month, CPU time")
    ap.add_argument("--sizes", type=int, nargs="+", default=[195, 1000])
    ap.add_argument("--core", action="store_true", help="core rules only")
    args = ap.parse_args(argv)
    print(f"{'N':>6} {'compiled ms':>12} {'NumPy ms':>10} {'ratio':>6} {'floor ms':>9}")
    for n in args.sizes:
        repeats = 30 if n <= 300 else 8 if n <= 1500 else 2
        fast, slow, ratio = month_ms(n, repeats, args.core)
        floor = 1e3 * BYTES_PER_PAIR * n * n / bandwidth(n)
        print(f"{n:>6} {fast:>12.2f} {slow:>10.2f} {ratio:>6.2f} {floor:>9.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
