"""The model's assumptions and their plausible ranges, read from :class:`Params`.

An assumption is a scalar parameter whose ``source`` contains ``"assumption"``; the set is
read from :class:`~netpolitik.params.Params` at run time, so parameters added later are
included automatically. Its plausible range (:func:`plausible_range`) around the value
``v`` it has in the scenario is ``v x [0.5, 2]`` clipped to the field's bounds (from
:meth:`Params.describe`); for a share bounded above by ``hi <= 1`` whose value is nearer
``hi`` than 0 (``v > hi / 2``), its distance to ``hi`` is scaled instead,
``hi - (hi - v) x [2, 0.5]``; a value of 0 varies over the first tenth of its bounds.

Examples
--------
>>> plausible_range(0.05, 0, 1)
(0.025, 0.1)
>>> plausible_range(0.99, 0, 0.9999)
(0.9801, 0.99495)
>>> plausible_range(1.5, 1.01, 10)
(1.01, 3.0)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

from netpolitik.errors import InputError
from netpolitik.experiment.factors import Factor
from netpolitik.params import Params

#: Text in a parameter's source that marks it as an assumption.
MARK = "assumption"
#: Multiplicative span of the plausible range around the scenario's value.
SPAN = (0.5, 2.0)


def _bounds(name: str) -> tuple[float | None, float | None]:
    """The field's ``[lo, hi]`` from :meth:`Params.describe` (None when open)."""
    found = re.fullmatch(r"\[(.*), (.*)\]", Params.describe(name)["range"])
    if not found:
        return None, None
    lo, hi = (None if x.strip() == "None" else float(x) for x in found.groups())
    return lo, hi


def plausible_range(value: float, lo: float | None, hi: float | None) -> tuple[float, float]:
    """The plausible range of a parameter of value ``value`` and bounds ``[lo, hi]``
    (see the module docstring), rounded to 12 significant digits."""
    a, b = SPAN
    if value == 0:
        top = 0.1 * (hi - (lo or 0.0)) if hi is not None else 0.0
        low, high = (lo or 0.0), (lo or 0.0) + top
    elif hi is not None and hi <= 1 and value > hi / 2:
        low, high = hi - (hi - value) * b, hi - (hi - value) * a
    else:
        low, high = sorted((value * a, value * b))
    low = max(low, lo) if lo is not None else low
    high = min(high, hi) if hi is not None else high
    return float(f"{low:.12g}"), float(f"{high:.12g}")


def assumption_names() -> list[str]:
    """Every scalar parameter whose source contains ``"assumption"``, in declaration
    order."""
    return [
        name
        for name, field in Params.model_fields.items()
        if field.annotation is float and MARK in Params.describe(name)["source"].lower()
    ]


def assumptions(
    params: Params,
    only: Sequence[str] | None = None,
    ranges: dict[str, tuple[float, float]] | None = None,
) -> list[Factor]:
    """The assumptions as parameter factors over their plausible ranges.

    Parameters
    ----------
    params : the scenario's parameters (the ranges centre on its values).
    only : restrict to these names (each must be an assumption).
    ranges : explicit ``{name: (low, high)}`` replacing the plausible range.

    Raises
    ------
    InputError
        An unknown or non-assumption name, or a range outside the field's bounds.
    """
    names = assumption_names()
    chosen = list(dict.fromkeys(only)) if only else names
    for option, name in [*(("--only", n) for n in chosen), *(("--range", n) for n in ranges or {})]:
        if name not in names:
            raise InputError(
                f"{option} {name}: not a scalar parameter whose source is an "
                f"assumption (allowed: {', '.join(names[:6])}, ... - the "
                f"{len(names)} assumptions among `netpolitik params`)"
            )
    factors = []
    for name in chosen:
        lo, hi = _bounds(name)
        low, high = (ranges or {}).get(name) or plausible_range(
            float(getattr(params, name)), lo, hi
        )
        if (lo is not None and low < lo) or (hi is not None and high > hi) or low > high:
            raise InputError(
                f"--range {name}={low}:{high}: outside the parameter's bounds "
                f"{Params.describe(name)['range']} or LOW > HIGH; give a range "
                "inside them"
            )
        if high > low:
            factors.append(Factor("param", name, low, high))
    if not factors:
        raise InputError("--only: no assumption with a range to vary; name other parameters")
    return factors


def range_table(params: Params, factors: Sequence[Factor]) -> pd.DataFrame:
    """One row per varied assumption: value in the scenario, bounds, plausible range."""
    rows = []
    for f in factors:
        d = Params.describe(f.name)
        rows.append(
            {
                "parameter": f.name,
                "value": float(getattr(params, f.name)),
                "low": f.low,
                "high": f.high,
                "bounds": d["range"],
                "unit": d["unit"],
                "source": d["source"],
            }
        )
    return pd.DataFrame(rows)
