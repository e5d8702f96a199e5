"""Load the shipped real-data world: countries, memberships, rivalries, dyad history and
provenance.

The tables are built by ``scripts/build_world.py`` from public sources (see ``docs/data.md``)
and ship inside the package (``netpolitik/data``).

Examples
--------
>>> from netpolitik.world import load_world
>>> world = load_world(["USA", "EST", "RUS"])
>>> world.iso3
['EST', 'RUS', 'USA']
>>> bool(world.members("NATO")[world.index_of("USA")])
True
"""

from __future__ import annotations

import copy
import functools
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from netpolitik.errors import InputError, did_you_mean
from netpolitik.world.history import dyad_matrix

_DATA_PACKAGE = "netpolitik.data"
_TEXT_COLUMNS = ["iso3", "name", "region", "subregion", "cow_code", "imputed"]


@dataclass(frozen=True, eq=False)
class World:
    """The static world: one row per country, sorted by ISO3 (index 0..N-1).

    Attributes
    ----------
    countries : attributes and initial levers (columns: :data:`netpolitik.world.COLUMNS`).
    memberships : org, iso3, joined, left (nullable), kind, source.
    rivalries : a, b (ISO3), since, source; strategic rivalries ongoing in 2010.
    provenance : sources, licences and sha256 of the raw inputs and derived tables.
    dyads : a, b (ISO3), operations, disputes: the decayed 2000-2010 record of cyber
        operations a -> b and of militarised disputes (``dyad_history.csv``).
    """

    countries: pd.DataFrame
    memberships: pd.DataFrame
    rivalries: pd.DataFrame
    provenance: dict
    dyads: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["a", "b", "operations", "disputes"])
    )

    @property
    def iso3(self) -> list[str]:
        """ISO3 codes in row order."""
        return list(self.countries["iso3"])

    def index_of(self, iso3: str) -> int:
        """Row of country ``iso3``; InputError if it is not in this world."""
        codes = self.iso3
        if iso3 not in codes:
            raise InputError(_unknown_message("iso3", iso3, codes))
        return codes.index(iso3)

    def organisations(self) -> list[str]:
        """Every organisation in the shipped table and in this world's memberships, sorted
        (a subset world keeps the full list, so matrix columns do not depend on the subset)."""
        return sorted(_shipped_orgs() | set(self.memberships["org"].tolist()))

    def org_kinds(self) -> dict[str, str]:
        """Kind of every organisation (``defense_pact``, ``trade_bloc``, ...), from the
        shipped table, so a subset world knows organisations none of its countries joined."""
        shipped = _read_tables()[1]
        table = pd.concat([shipped, self.memberships]).drop_duplicates("org")
        return dict(zip(table["org"], table["kind"], strict=True))

    def members(self, org: str, year: int = 2010) -> np.ndarray:
        """``(N,)`` True for countries that belong to ``org`` in ``year``
        (joined <= year and not left by then)."""
        orgs, matrix = self.membership_matrix(year)
        if org not in orgs:
            raise InputError(f"org: unknown organisation {org!r}; use one of {', '.join(orgs)}")
        return matrix[:, orgs.index(org)]

    def membership_matrix(self, year: int = 2010) -> tuple[list[str], np.ndarray]:
        """Organisations (sorted) and a ``(N, n_orgs)`` bool matrix of membership in ``year``."""
        m = self.memberships
        orgs = self.organisations()
        left = m["left"].astype("Float64").fillna(np.inf).to_numpy(float)
        active = m[(m["joined"].to_numpy() <= year) & (left > year)]
        matrix = np.zeros((len(self.countries), len(orgs)), dtype=bool)
        rows = {code: k for k, code in enumerate(self.iso3)}
        cols = {org: k for k, org in enumerate(orgs)}
        for org, code in zip(active["org"].tolist(), active["iso3"].tolist(), strict=True):
            if code in rows:
                matrix[rows[code], cols[org]] = True
        return orgs, matrix

    def operations_matrix(self) -> np.ndarray:
        """``(N, N)`` decayed count of cyber operations of row i against column j observed
        2000-2010 (DCID 2.0 and CFR, deduplicated; ``docs/data.md``), 0 where none."""
        return dyad_matrix(self.dyads, self.iso3, "operations")

    def disputes_matrix(self) -> np.ndarray:
        """``(N, N)`` symmetric hostility-weighted, decayed militarised-dispute score to 2010
        (COW dyadic MID 4.03; ``docs/data.md``), 0 where none."""
        return dyad_matrix(self.dyads, self.iso3, "disputes")

    def rivalry_matrix(self) -> np.ndarray:
        """``(N, N)`` symmetric float matrix: 1.0 for a rivalry pair, else 0.0."""
        rows = {code: k for k, code in enumerate(self.iso3)}
        matrix = np.zeros((len(rows), len(rows)), dtype=float)
        for a, b in zip(self.rivalries["a"], self.rivalries["b"], strict=True):
            matrix[rows[a], rows[b]] = matrix[rows[b], rows[a]] = 1.0
        return matrix


def _folder(data_dir: str | None):
    """The shipped package data, or a folder written by ``scripts/build_world.py``."""
    return resources.files(_DATA_PACKAGE) if data_dir is None else Path(data_dir)


def _read_csv(name: str, data_dir: str | None = None, **kwargs: object) -> pd.DataFrame:
    """Read one world CSV from the package data (or ``data_dir``)."""
    with _folder(data_dir).joinpath(name).open("r", encoding="utf-8") as f:
        return pd.read_csv(f, **kwargs)


@functools.lru_cache(maxsize=4)
def _read_tables(
    data_dir: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, dict, pd.DataFrame]:
    """The shipped tables, read once per process (callers must copy before changing)."""
    text = {c: str for c in _TEXT_COLUMNS}
    countries = _read_csv(
        "countries.csv",
        data_dir,
        dtype=text | {"cow_ccode": "Int64"},
        keep_default_na=False,
        na_values={"cow_ccode": [""]},
    )
    memberships = _read_csv(
        "memberships.csv",
        data_dir,
        dtype={"org": str, "iso3": str, "joined": int, "left": "Int64", "kind": str},
        keep_default_na=False,
        na_values={"left": [""]},
    )
    rivalries = _read_csv(
        "rivalries.csv", data_dir, dtype={"a": str, "b": str, "since": int},
        keep_default_na=False,
    )  # fmt: skip
    dyads = _read_csv(
        "dyad_history.csv", data_dir,
        dtype={"a": str, "b": str, "operations": float, "disputes": float},
        keep_default_na=False,
    )  # fmt: skip
    raw = _folder(data_dir).joinpath("provenance.json").read_text("utf-8")
    return countries, memberships, rivalries, json.loads(raw), dyads


@functools.lru_cache(maxsize=1)
def _shipped_orgs() -> frozenset[str]:
    """Every organisation of the shipped memberships table."""
    return frozenset(_read_tables()[1]["org"].tolist())


def _unknown_message(field: str, code: object, valid: list[str]) -> str:
    """One-line message for an unknown ISO3 code, with a hint when it is a COW code."""
    hint = ""
    countries = _read_tables()[0]
    match = countries.loc[countries["cow_code"] == str(code).upper(), "iso3"]
    if len(match):
        hint = f" ('{code}' is a COW code; its ISO3 code is '{match.iloc[0]}')"
    example = "EST" if "EST" in valid else (valid[0] if valid else "EST")
    close = "" if hint else did_you_mean(code, valid)
    return (
        f"{field}: unknown ISO3 code {code!r}{hint}{close}; run `netpolitik world` to "
        f"list valid codes (e.g. '{example}')"
    )


def _select(countries: pd.DataFrame, codes: object) -> pd.DataFrame:
    """Rows for ``codes`` (validated: a non-empty list of known, unique ISO3 codes)."""
    if isinstance(codes, str) or not isinstance(codes, list | tuple) or not codes:
        raise InputError("countries: expected a non-empty list of ISO3 codes, e.g. ['EST']")
    valid = list(countries["iso3"])
    seen: set[str] = set()
    for k, code in enumerate(codes):
        if code in seen:
            raise InputError(f"countries[{k}]: duplicate ISO3 code {code!r}; list each once")
        if not isinstance(code, str) or code not in valid:
            raise InputError(_unknown_message(f"countries[{k}]", code, valid))
        seen.add(code)
    return countries[countries["iso3"].isin(seen)]


def load_world(countries: list[str] | None = None, data_dir: str | Path | None = None) -> World:
    """The shipped world, or the subset of ``countries`` (ISO3 codes, any order).

    Rows are sorted by ISO3 and indexed 0..N-1; memberships, rivalries and the dyad history
    are restricted to the selected countries. ``data_dir`` reads the tables from a folder
    written by ``scripts/build_world.py --out-dir`` instead of the shipped ones. Raises
    :class:`~netpolitik.errors.InputError` on an unknown or duplicate code.
    """
    folder = None if data_dir is None else str(Path(data_dir).resolve())
    all_countries, memberships, rivalries, provenance, dyads = _read_tables(folder)
    table = all_countries if countries is None else _select(all_countries, countries)
    table = table.sort_values("iso3").reset_index(drop=True)
    chosen = set(table["iso3"])
    memberships = memberships[memberships["iso3"].isin(chosen)].reset_index(drop=True)
    keep = rivalries["a"].isin(chosen) & rivalries["b"].isin(chosen)
    pairs = dyads["a"].isin(chosen) & dyads["b"].isin(chosen)
    return World(
        countries=table.copy(),
        memberships=memberships.copy(),
        rivalries=rivalries[keep].reset_index(drop=True).copy(),
        provenance=copy.deepcopy(provenance),
        dyads=dyads[pairs].reset_index(drop=True).copy(),
    )
