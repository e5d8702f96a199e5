"""Reading one cell of an incident table: start years, severities, integer codes.

Release files of DCID (see :mod:`netpolitik.validate.dcid`) come as CSV or Excel, so a
cell may be a date, an Excel serial day number, text in several date styles, a bare year
or a number stored as text. Each reader returns the value or raises :class:`RowProblem`
with a one-line reason and the fix; the table reader adds the file and row.

Examples
--------
>>> parse_year("9/15/2010"), parse_year(40436), parse_year("2010 (approx.)")
(2010, 2010, 2010)
>>> parse_severity("3")
3
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

import numpy as np
import pandas as pd

SEVERITY_RANGE = (0, 10)
YEAR_RANGE = (1946, 2100)
_EXCEL_EPOCH = datetime(1899, 12, 30)
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(19|20)\d{2}(?!\d)")
_FRACTIONAL_YEAR = re.compile(r"\d{4}\.\d+")
# Text that states a day: d/m/y-like numbers or a month name. Such text must parse as a real
# calendar date; only text without a day (e.g. "2010 (approx.)") falls back to its year.
_DAY_IN_TEXT = re.compile(
    r"\d{1,4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,4}"
    r"|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b",
    re.IGNORECASE,
)
_TIME_ONLY = re.compile(r"\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*([ap]\.?m\.?)?", re.IGNORECASE)


class RowProblem(Exception):
    """A problem with one row; turned into an :class:`InputError` by the caller."""


def shown(value: object, limit: int = 60) -> str:
    """``repr(value)``, shortened so that a huge cell cannot flood the error line."""
    text = repr(value)
    return text if len(text) <= limit else f"{text[: limit - 5]}...{text[-2:]}"


def is_missing(value: object) -> bool:
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and bool(np.isnan(value))


def as_integer(value: object) -> int | None:
    """Return ``value`` as an int if it is an integral number or digit string, else None."""
    if isinstance(value, bool) or is_missing(value):
        return None
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return int(value) if float(value).is_integer() else None
    text = str(value).strip()
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        try:  # int(), not float(): a long digit string is no code, not an overflow
            return int(text.split(".", 1)[0])
        except ValueError:  # more digits than Python converts (sys.int_info)
            return None
    return None


def _fractional(value: object) -> RowProblem:
    return RowProblem(
        f"{shown(value)} is a fractional year, not a date; give the start date "
        "(e.g. 2012-09-15) or a whole year"
    )


def _year_from_number(value: float) -> int:
    if float(value).is_integer() and YEAR_RANGE[0] <= value <= YEAR_RANGE[1]:
        return int(value)
    if YEAR_RANGE[0] <= value < YEAR_RANGE[1] + 1:  # 2012.7: never guessed as an Excel date
        raise _fractional(value)
    if 1 <= value < 2_958_466:  # Excel serial day numbers (1900-01-01 .. 9999-12-31)
        return (_EXCEL_EPOCH + timedelta(days=float(value))).year
    raise RowProblem(f"cannot read a year from {shown(value)}")


def _year_from_text(text: str) -> int:
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    if _FRACTIONAL_YEAR.fullmatch(text):
        raise _fractional(text)
    if not re.search(r"\d", text) or _TIME_ONLY.fullmatch(text):
        # "now", "today" or a bare time of day would parse as today's date
        raise RowProblem(f"cannot read a date or year from {shown(text)}")
    try:
        return pd.Timestamp(text).year
    except (ValueError, TypeError, OverflowError):
        if _DAY_IN_TEXT.search(text):  # e.g. 2/30/2010, "Feb 30 2010": not a calendar date
            raise RowProblem(
                f"{shown(text)} is not a real calendar date; fix the date (e.g. 2010-02-28)"
            ) from None
        match = _YEAR_IN_TEXT.search(text)
        if match is None:
            raise RowProblem(f"cannot read a date or year from {shown(text)}") from None
        return int(match.group(0))


def parse_year(value: object) -> int:
    """Return the calendar year of a date cell (date, Excel serial, text or bare year)."""
    if is_missing(value):
        raise RowProblem("missing start date; fill in the date or year the incident began")
    if isinstance(value, datetime | date | pd.Timestamp):
        year = value.year
    elif isinstance(value, time):  # an Excel cell holding only a time of day
        raise RowProblem(f"cannot read a year from the time of day {shown(value)}; fix the date")
    elif isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool):
        try:
            number = float(value)
        except OverflowError:  # an integer with hundreds of digits
            raise RowProblem(f"cannot read a year from {shown(value)}") from None
        year = _year_from_number(number)
    else:
        year = _year_from_text(str(value).strip())
    if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise RowProblem(f"year {year} outside {YEAR_RANGE[0]}-{YEAR_RANGE[1]}; fix the date")
    return year


def parse_severity(value: object) -> int:
    """Return an integer severity on the DCID scale."""
    severity = as_integer(value)
    low, high = SEVERITY_RANGE
    if severity is None or not low <= severity <= high:
        raise RowProblem(
            f"severity {shown(value)} is not an integer in {low}-{high}; fix the value"
        )
    return severity
