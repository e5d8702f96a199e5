"""Read the Dyadic Cyber Incident and Campaign Dataset (DCID 2.0) as directed incidents.

DCID 2.0 (Maness, Valeriano, Hedgecock, Jensen & Macias; release ``DCID_2.0_Release_update_
February_2023.xlsx``, earlier ``Master_DCID_2.0_Release_public_Sep2022.csv`` on Harvard
Dataverse, doi:10.7910/DVN/CQOMYV) has one row per incident.  The columns used here are

``StateA``, ``StateB``
    The two rival states.  Correlates of War (COW) numeric codes, COW abbreviations or
    country names (the February 2023 workbook spells names such as ``US`` or ``N Korea``).
``initiator``
    COW numeric code of the initiating state; the attacker.  The target is the other state.
``interactionstartdate``
    Start date (Excel date, ``m/d/yyyy`` text, ISO text or a bare year).  Aliases:
    :data:`DATE_ALIASES`.
``severity``
    Integer severity on the DCID 0-10 scale.
``Dyadpair`` (optional)
    The two COW codes written together (``2365`` = USA-Russia); used to find the target
    when a state name cannot be resolved.

The other release columns (``Cyberincidentnum``, ``Name``, ``interactionenddate``,
``method``, ``targettype``, ``cyber_objective``, ...) are ignored.  An already directed
table with columns ``attacker, target, year, severity`` (COW abbreviations) is read as is.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from netpolitik.errors import InputError
from netpolitik.validate.cells import (
    SEVERITY_RANGE,
    YEAR_RANGE,
    RowProblem,
    as_integer,
    is_missing,
    parse_severity,
    parse_year,
    shown,
)

__all__ = [
    "DATE_ALIASES",
    "DIRECTED_COLUMNS",
    "RAW_COLUMNS",
    "SEVERITY_RANGE",
    "SUFFIXES",
    "YEAR_RANGE",
    "cow_codes",
    "cow_number_to_abbreviation",
    "filter_period",
    "read_dcid",
]

DIRECTED_COLUMNS = ("attacker", "target", "year", "severity")
RAW_COLUMNS = ("StateA", "StateB", "initiator", "interactionstartdate", "severity")
DATE_ALIASES = (
    "interactionstartdate",
    "interaction_start_date",
    "startdate",
    "start_date",
    "startyear",
    "start_year",
    "year",
)
SUFFIXES = (".csv", ".xlsx", ".xls")
_NAME_ALIASES = {
    "us": "USA",
    "u.s.": "USA",
    "usa": "USA",
    "united states": "USA",
    "uk": "UKG",
    "britain": "UKG",
    "great britain": "UKG",
    "n korea": "PRK",
    "n. korea": "PRK",
    "dprk": "PRK",
    "s korea": "ROK",
    "s. korea": "ROK",
    "republic of korea": "ROK",
    "russian federation": "RUS",
    "prc": "CHN",
    "viet nam": "DRV",
    "uae": "UAE",
}


@dataclass(frozen=True)
class _CowMaps:
    """Lookups between COW numeric codes, abbreviations and names."""

    by_number: Mapping[int, str]
    by_abbreviation: Mapping[str, int]
    by_name: Mapping[str, str]


def cow_codes() -> pd.DataFrame:
    """Return the packaged COW state table.

    Returns
    -------
    pandas.DataFrame
        Columns ``StateAbb`` (str), ``CCode`` (int) and ``StateNme`` (str), one row per code.
    """
    source = resources.files("netpolitik").joinpath("data", "cow_codes.csv")
    with source.open("r", encoding="utf-8") as handle:
        return pd.read_csv(handle, dtype={"StateAbb": str, "CCode": int, "StateNme": str})


@lru_cache(maxsize=1)
def _cow_maps() -> _CowMaps:
    table = cow_codes()
    by_number = dict(zip(table["CCode"].astype(int), table["StateAbb"], strict=True))
    by_abbreviation = {abb: code for code, abb in by_number.items()}
    by_name = {_norm_name(n): a for n, a in zip(table["StateNme"], table["StateAbb"], strict=True)}
    by_name.update(_NAME_ALIASES)
    return _CowMaps(by_number, by_abbreviation, by_name)


def cow_number_to_abbreviation(code: int) -> str:
    """Map a COW numeric code (e.g. 365) to its abbreviation (``'RUS'``).

    Raises
    ------
    InputError
        If the code is not a COW state code.
    """
    try:
        return _state_from_number(code)
    except RowProblem as problem:
        raise InputError(f"COW code: {problem}") from None


def _norm_name(name: str) -> str:
    return " ".join(str(name).lower().split())


def _state_from_number(code: int) -> str:
    maps = _cow_maps()
    if code not in maps.by_number:
        raise RowProblem(
            f"unknown COW code {code}; use a Correlates of War state code "
            "(e.g. 2 = USA, 365 = RUS, 710 = CHN)"
        )
    return maps.by_number[code]


def _resolve_state(value: object) -> str:
    """Resolve a COW numeric code, COW abbreviation or country name to an abbreviation."""
    number = as_integer(value)
    if number is not None:
        return _state_from_number(number)
    if is_missing(value) or isinstance(value, float | np.floating):
        raise RowProblem(f"missing or non-integer state code {shown(value)}; fill in a COW code")
    text = str(value).strip()
    maps = _cow_maps()
    if text.upper() in maps.by_abbreviation:
        return text.upper()
    if _norm_name(text) in maps.by_name:
        return maps.by_name[_norm_name(text)]
    raise RowProblem(
        f"{shown(text)} is neither a numeric COW code nor a known COW abbreviation or state name; "
        "use a COW code such as 365 (RUS)"
    )


def _column_lookup(frame: pd.DataFrame) -> dict[str, Hashable]:
    """Map normalised column names (lower case, letters and digits only) to real names."""
    lookup: dict[str, Hashable] = {}
    for column in frame.columns:
        lookup.setdefault(re.sub(r"[^0-9a-z]", "", str(column).lower()), column)
    return lookup


def _find(lookup: Mapping[str, Hashable], *names: str) -> Hashable | None:
    for name in names:
        key = re.sub(r"[^0-9a-z]", "", name.lower())
        if key in lookup:
            return lookup[key]
    return None


def _missing_columns_error(path: Path, lookup: Mapping[str, Hashable]) -> InputError:
    roles: dict[str, tuple[str, ...]] = {
        "StateA": ("StateA",),
        "StateB": ("StateB",),
        "initiator": ("initiator",),
    }
    roles["start date"] = DATE_ALIASES
    roles["severity"] = ("severity",)
    missing = [role for role, names in roles.items() if _find(lookup, *names) is None]
    return InputError(
        f"{path}: missing column(s) {', '.join(missing)}; a raw DCID release needs "
        f"StateA, StateB, initiator, a start date ({' | '.join(DATE_ALIASES)}) and severity, "
        f"a directed table needs {', '.join(DIRECTED_COLUMNS)}; rename the columns"
    )


def _target_from_dyadpair(dyadpair: object, initiator: int) -> str:
    """Return the non-initiating state of a ``Dyadpair`` value such as ``2365``."""
    number = as_integer(dyadpair)
    text = str(number) if number is not None else str(dyadpair).strip()
    code = str(initiator)
    rest = [text[len(code) :]] if text.startswith(code) else []
    rest += [text[: -len(code)]] if text.endswith(code) else []
    for other in rest:
        if other.isdigit() and int(other) in _cow_maps().by_number:
            return _state_from_number(int(other))
    raise RowProblem(f"Dyadpair {shown(dyadpair)} does not contain initiator {initiator}")


def _direct_raw_row(row: Mapping[str, object]) -> tuple[str, str, int, int]:
    """Turn one raw DCID row (roles as keys) into ``(attacker, target, year, severity)``."""
    initiator = as_integer(row["initiator"])
    if initiator is None:
        raise RowProblem(
            f"initiator {shown(row['initiator'])} is not a numeric COW code; "
            "use the COW code of the initiating state"
        )
    attacker = _state_from_number(initiator)
    try:
        state_a, state_b = _resolve_state(row["StateA"]), _resolve_state(row["StateB"])
    except RowProblem:
        if is_missing(row.get("Dyadpair")):
            raise
        target = _target_from_dyadpair(row["Dyadpair"], initiator)
    else:
        if attacker not in (state_a, state_b) or state_a == state_b:
            raise RowProblem(
                f"initiator {initiator} ({attacker}) is not one of the two states "
                f"StateA={state_a}, StateB={state_b}; set initiator to the COW code of "
                "StateA or StateB"
            )
        target = state_b if attacker == state_a else state_a
    return attacker, target, parse_year(row["date"]), parse_severity(row["severity"])


def _direct_table_row(row: Mapping[str, object]) -> tuple[str, str, int, int]:
    """Validate one already directed row."""
    attacker, target = _resolve_state(row["attacker"]), _resolve_state(row["target"])
    if attacker == target:
        raise RowProblem(f"attacker and target are both {attacker}; a state cannot target itself")
    return attacker, target, parse_year(row["year"]), parse_severity(row["severity"])


def _collect(
    frame: pd.DataFrame,
    direct: Callable[[Mapping[str, object]], tuple[str, str, int, int]],
    path: Path,
    drop_invalid: bool,
) -> pd.DataFrame:
    """Apply ``direct`` to every row; raise on the first bad row unless ``drop_invalid``."""
    records, problems = [], []
    for number, row in enumerate(frame.to_dict("records"), start=2):
        try:
            records.append(direct(row))
        except RowProblem as problem:
            problems.append(f"row {number}: {problem}")
    if problems and not drop_invalid:
        more = f" (and {len(problems) - 1} more bad rows)" if len(problems) > 1 else ""
        raise InputError(f"{path}: {problems[0]}{more}; or pass drop_invalid=True to skip them")
    if problems:
        warnings.warn(
            f"{path}: dropped {len(problems)} bad rows, first: {problems[0]}", stacklevel=3
        )
    out = pd.DataFrame.from_records(records, columns=list(DIRECTED_COLUMNS))
    return out.astype({"attacker": str, "target": str, "year": "int64", "severity": "int64"})


def _load_table(path: Path) -> pd.DataFrame:
    """Read a csv or Excel file (first sheet) with no type guessing beyond pandas defaults."""
    if not path.is_file():
        raise InputError(
            f"{path}: file not found; pass the path of a DCID 2.0 release (.xlsx/.csv)"
        )
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"{path}: unknown extension {path.suffix!r}; use one of {', '.join(SUFFIXES)}"
        )
    try:
        if suffix == ".csv":
            return pd.read_csv(path)
        return pd.read_excel(path, sheet_name=0)
    except ImportError as error:
        raise InputError(
            f"{path}: cannot read Excel ({error}); install openpyxl (.xlsx) or xlrd (.xls)"
        ) from None
    except (ValueError, OSError, pd.errors.ParserError) as error:
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError(f"{path}: cannot read file ({message}); re-export it as csv") from None
    except Exception as error:  # noqa: BLE001 - a damaged workbook (BadZipFile, KeyError,
        # XML errors, ...) is bad input too
        message = str(error).splitlines()[0][:200] if str(error) else ""
        raise InputError(
            f"{path}: cannot read file ({type(error).__name__}: {message}); re-export it as csv"
        ) from None


def _raw_roles(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Rename the raw-release columns to role names, or raise listing the missing ones."""
    lookup = _column_lookup(frame)
    columns = {
        "StateA": _find(lookup, "StateA"),
        "StateB": _find(lookup, "StateB"),
        "initiator": _find(lookup, "initiator"),
        "date": _find(lookup, *DATE_ALIASES),
        "severity": _find(lookup, "severity"),
    }
    if any(column is None for column in columns.values()):
        raise _missing_columns_error(path, lookup)
    dyadpair = _find(lookup, "Dyadpair")
    if dyadpair is not None:
        columns["Dyadpair"] = dyadpair
    return pd.DataFrame({role: frame[column] for role, column in columns.items()})


def _directed_roles(frame: pd.DataFrame, path: Path) -> pd.DataFrame | None:
    """Return the directed columns, None if this is not a directed table, or raise."""
    lookup = _column_lookup(frame)
    if _find(lookup, "attacker") is None and _find(lookup, "target") is None:
        return None
    found = {name: _find(lookup, name) for name in DIRECTED_COLUMNS}
    missing = [name for name, column in found.items() if column is None]
    if missing:
        raise InputError(
            f"{path}: missing column(s) {', '.join(missing)}; a directed table needs "
            f"{', '.join(DIRECTED_COLUMNS)} (or give a raw DCID release with "
            f"{', '.join(RAW_COLUMNS)}); rename the columns"
        )
    return pd.DataFrame({name: frame[column] for name, column in found.items()})


def read_dcid(path: str | Path, *, drop_invalid: bool = False) -> pd.DataFrame:
    """Read DCID incidents as a directed table.

    Parameters
    ----------
    path : str or Path
        A raw DCID 2.0 release (``.xlsx``/``.xls``/``.csv`` with ``StateA``, ``StateB``,
        ``initiator``, a start date column and ``severity``) or an already directed ``.csv``
        with ``attacker, target, year, severity`` (COW abbreviations).  Column names match
        case- and punctuation-insensitively.
    drop_invalid : bool, default False
        Skip (with a warning) rows that fail validation instead of raising.

    Returns
    -------
    pandas.DataFrame
        One row per incident with columns ``attacker``, ``target`` (COW abbreviations),
        ``year`` (int, start year) and ``severity`` (int), in file order.

    Raises
    ------
    InputError
        Missing file, unknown extension, missing columns, non-numeric or unknown COW codes,
        an initiator that is not one of the two states, or an unreadable date or severity.
    """
    path = Path(path)
    frame = _load_table(path)
    frame = frame.dropna(how="all")
    directed = _directed_roles(frame, path)
    if directed is not None:
        return _collect(directed, _direct_table_row, path, drop_invalid)
    return _collect(_raw_roles(frame, path), _direct_raw_row, path, drop_invalid)


def filter_period(df: pd.DataFrame, start_year: int, years: int) -> pd.DataFrame:
    """Keep incidents with ``start_year <= year < start_year + years``.

    Parameters
    ----------
    df : pandas.DataFrame
        Directed incidents with an integer ``year`` column (see :func:`read_dcid`).
    start_year : int
        First year of the period.
    years : int
        Length of the period in years (at least 1).

    Returns
    -------
    pandas.DataFrame
        The matching rows, re-indexed from 0.
    """
    if "year" not in df.columns:
        raise InputError("incidents: no 'year' column; read the file with read_dcid first")
    if isinstance(years, bool) or not isinstance(years, int | np.integer) or years < 1:
        raise InputError(f"years: {years!r} is not a positive integer; use e.g. years=10")
    if isinstance(start_year, bool) or not isinstance(start_year, int | np.integer):
        raise InputError(f"start_year: {start_year!r} is not an integer; use e.g. 2010")
    keep = (df["year"] >= start_year) & (df["year"] < start_year + years)
    return df.loc[keep].reset_index(drop=True)
