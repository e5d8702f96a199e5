"""The levers: each country's cyber policy, and the indices derived from it.

A policy is an ``(..., N, 8)`` array of levers in [0, 1], in the order of :data:`LEVERS`
(see docs/design.md, glossary, and docs/model.md, "Levers and indices"). Derived indices
are pure functions of the levers and the country's static attributes; all lie in [0, 1].

Examples
--------
>>> import numpy as np
>>> from netpolitik.policy import LEVERS, lever, openness
>>> levers = np.full((2, len(LEVERS)), 0.5)
>>> round(float(openness(levers)[0]), 4)  # (0.5 + (1 - 0.5 * 0.5) + 0.5) / 3
0.5833
>>> float(lever(levers, "offense")[1])
0.5
"""

from __future__ import annotations

import numpy as np

from netpolitik.errors import InputError
from netpolitik.world.columns import LEVERS

__all__ = [
    "LEVERS",
    "lever",
    "lever_index",
    "check_levers",
    "unchecked_surveillance",
    "openness",
    "freedom",
    "legal_clarity",
    "base_security",
    "similarity",
]

_INDEX = {name: k for k, name in enumerate(LEVERS)}


def lever_index(name: str) -> int:
    """Column of lever ``name`` in a lever array."""
    try:
        return _INDEX[name]
    except KeyError:
        raise InputError(f"lever {name!r}: unknown; use one of {', '.join(LEVERS)}") from None


def lever(levers: np.ndarray, name: str) -> np.ndarray:
    """The ``(..., N)`` values of one lever."""
    return levers[..., _INDEX[name]]


def check_levers(levers: np.ndarray, where: str = "levers") -> np.ndarray:
    """Validate a lever array: finite, in [0, 1], last axis of length 8."""
    arr = np.asarray(levers, dtype=float)
    if arr.shape[-1] != len(LEVERS):
        raise InputError(f"{where}: last axis has {arr.shape[-1]} levers; expected {len(LEVERS)}")
    bad = ~np.isfinite(arr) | (arr < 0) | (arr > 1)
    if bad.any():
        idx = tuple(int(i) for i in np.argwhere(bad)[0])
        raise InputError(
            f"{where}.{LEVERS[idx[-1]]}: value {arr[idx]!r} out of range; levers lie in [0, 1]"
        )
    return arr


def unchecked_surveillance(levers: np.ndarray) -> np.ndarray:
    """Blanket surveillance not checked by oversight: ``surveillance * (1 - oversight)``.

    Source: §Personal Freedoms ("independent oversight, transparent procedures").
    """
    return lever(levers, "surveillance") * (1.0 - lever(levers, "oversight"))


def openness(levers: np.ndarray) -> np.ndarray:
    """Openness in [0, 1]: free data flow, no unchecked surveillance, transparency.

    Mean of ``1 - data_restriction``, ``1 - unchecked_surveillance`` and ``disclosure``.
    Source: §Landscape ("free flow of information"), §Diplomatic (transparency).
    """
    return (
        (1.0 - lever(levers, "data_restriction"))
        + (1.0 - unchecked_surveillance(levers))
        + lever(levers, "disclosure")
    ) / 3.0


def freedom(levers: np.ndarray, regime: np.ndarray) -> np.ndarray:
    """Personal freedom online in [0, 1].

    ``0.5 * regime + 0.3 * (1 - unchecked_surveillance) + 0.2 * (1 - data_restriction)``:
    the regime's civil liberties, tempered by surveillance without oversight and by
    filtering. Source: §Personal Freedoms; weights are an assumption.
    """
    return (
        0.5 * regime
        + 0.3 * (1.0 - unchecked_surveillance(levers))
        + 0.2 * (1.0 - lever(levers, "data_restriction"))
    )


def legal_clarity(levers: np.ndarray, regime: np.ndarray) -> np.ndarray:
    """Legal clarity in [0, 1]: mean of oversight, disclosure and regime.

    Source: §Business ("clear guidelines and transparent regulations").
    """
    return (lever(levers, "oversight") + lever(levers, "disclosure") + regime) / 3.0


def base_security(levers: np.ndarray, capability: np.ndarray) -> np.ndarray:
    """Own security (detection and protection) in [0, 1], before pooling and shocks.

    ``sqrt(defense * capability)``: investment only protects as far as national capability
    lets it. Source: §Landscape ("encryption, detection, protective frameworks");
    functional form is an assumption.
    """
    return np.sqrt(lever(levers, "defense") * capability)


def similarity(levers: np.ndarray) -> np.ndarray:
    """Policy similarity ``(..., N, N)`` in [0, 1]: 1 minus the mean absolute lever gap."""
    shape = (*levers.shape[:-1], levers.shape[-2])
    gap, diff = np.zeros(shape), np.empty(shape)
    for k in range(levers.shape[-1]):  # in place: no (N, N, 8) temporary
        col = levers[..., k]
        np.subtract(col[..., :, None], col[..., None, :], out=diff)
        np.abs(diff, out=diff)
        gap += diff
    gap *= -1.0 / levers.shape[-1]
    gap += 1.0
    return gap
