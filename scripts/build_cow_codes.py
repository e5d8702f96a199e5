"""Write the package copy of the Correlates of War state code table.

Reads the shared COW country-code list (columns ``StateAbb, CCode, StateNme``) and writes
``src/netpolitik/data/cow_codes.csv`` with one row per numeric code, sorted by code.
The COW codes are public facts; the package ships them so that
:func:`netpolitik.validate.dcid.read_dcid` can map numeric codes to abbreviations offline.

Usage::

    python scripts/build_cow_codes.py [SOURCE_CSV]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SOURCE = REPO.parent / "shared" / "data" / "world" / "cow_country_codes.csv"
TARGET = REPO / "src" / "netpolitik" / "data" / "cow_codes.csv"
COLUMNS = ("StateAbb", "CCode", "StateNme")


def load_rows(source: Path) -> list[dict[str, str]]:
    """Read the COW list, keeping the first row of each numeric code.

    Parameters
    ----------
    source : Path
        CSV with columns ``StateAbb, CCode, StateNme``.

    Returns
    -------
    list of dict
        Rows sorted by numeric code, one per code.
    """
    with source.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"{source}: missing columns {missing}; expected {list(COLUMNS)}")
        rows: dict[int, dict[str, str]] = {}
        for row in reader:
            code = int(row["CCode"])
            rows.setdefault(code, {c: row[c].strip() for c in COLUMNS})
    return [rows[code] for code in sorted(rows)]


def main(argv: list[str]) -> int:
    """Build the package table from ``argv[0]`` (or the shared default)."""
    source = Path(argv[0]) if argv else DEFAULT_SOURCE
    rows = load_rows(source)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} COW codes to {TARGET.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
