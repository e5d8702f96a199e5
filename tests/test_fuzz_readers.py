"""Fuzzing the file readers: malformed landscape CSVs and DCID files.

:func:`~netpolitik.alliances.landscape.read_landscape_csv` and
:func:`~netpolitik.validate.dcid.read_dcid` get random bytes, random CSV grids and valid
files broken in one way each (wrong headers, non-numeric cells, NaN/inf, huge numbers,
asymmetric or non-square matrices, duplicate names, non-UTF-8 bytes, empty files, damaged
workbooks, multi-MB files). Each either returns valid data or raises a one-line
:class:`~netpolitik.errors.InputError` naming the file; never another exception.

Neither reader has a size cap: a multi-MB file is read in full (``test_big_files``
bounds the time it takes).
"""

from __future__ import annotations

import contextlib
import csv
import io
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netpolitik.alliances.landscape import align, read_landscape_csv
from netpolitik.errors import InputError
from netpolitik.validate.dcid import DIRECTED_COLUMNS, SEVERITY_RANGE, YEAR_RANGE, read_dcid

FIXTURE = Path(__file__).parent / "fixtures" / "dcid_synthetic.csv"
FUZZ = settings(
    max_examples=1500,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)
SIZES = "actor,size\nA,1\nB,2\nC,3\n"
MATRIX = ",A,B,C\nA,0,-1,1\nB,-1,0,2\nC,1,2,0\n"


def one_line(exc: InputError, *needles: str) -> None:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text, text
    assert len(text) < 2000, f"{len(text)} characters"
    for needle in needles:
        assert needle in text, (needle, text)


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


# --------------------------------------------------------------------------- strategies
junk_cell = st.one_of(
    st.sampled_from(
        [
            "nan",
            "NaN",
            "inf",
            "-inf",
            "1e999",
            "-1e999",
            "1e308",
            "1e-320",
            "",
            " ",
            "x",
            "--",
            "0x10",
            "1,5",
            "1;2",
            "True",
            "None",
            '"',
            "'",
            "9" * 400,
            "\u00a0",
            "١٢",
            "1e",
            "e1",
            "+",
            ".",
        ]
    ),
    st.text(max_size=10),
    st.floats().map(repr),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)
grids = st.lists(st.lists(junk_cell, min_size=0, max_size=6), min_size=0, max_size=8)


def _mutated(text: str) -> st.SearchStrategy[str]:
    """``text`` (a CSV) with one cell, row or column changed."""
    rows = list(csv.reader(io.StringIO(text)))

    def replace_cell(t: tuple[int, int, str]) -> str:
        r, c, value = t
        new = [list(row) for row in rows]
        new[r % len(new)][c % len(new[r % len(new)])] = value
        return to_csv(new)

    return st.one_of(
        st.tuples(st.integers(0, 99), st.integers(0, 99), junk_cell).map(replace_cell),
        st.integers(0, 99).map(lambda r: to_csv(rows[: r % len(rows)] + rows[r % len(rows) + 1 :])),
        st.integers(0, 99).map(lambda r: to_csv(rows + [rows[1 + r % (len(rows) - 1)]])),
        junk_cell.map(lambda v: to_csv([row + [v] for row in rows])),
        st.binary(max_size=20).map(lambda b: text + b.decode("latin-1")),
    )


# ---------------------------------------------------------------------------- landscape
def _landscape_ok(names, sizes, prop) -> None:
    """What a successful read promises."""
    n = len(names)
    assert n >= 2 and len(set(names)) == n and all(names)
    assert sizes.shape == (n,) and np.isfinite(sizes).all() and (sizes > 0).all()
    assert prop.shape == (n, n) and np.isfinite(prop).all()
    assert np.allclose(prop, prop.T, rtol=1e-9, atol=1e-12)
    if n <= 8:
        assert np.isfinite(align(sizes, prop).energy)


def _read_landscape(folder: Path, sizes: bytes | str, matrix: bytes | str) -> None:
    s, m = folder / "sizes.csv", folder / "matrix.csv"
    for path, content in ((s, sizes), (m, matrix)):
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    try:
        _landscape_ok(*read_landscape_csv(s, m))
    except InputError as exc:
        one_line(exc, "csv")


@FUZZ
@given(data=st.data())
def test_landscape_reader_random_input(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("landscape")
    kind = data.draw(st.sampled_from(["bytes", "grid-sizes", "grid-matrix"]))
    if kind == "bytes":
        _read_landscape(folder, data.draw(st.binary(max_size=200)), MATRIX)
    elif kind == "grid-sizes":
        _read_landscape(folder, to_csv([["actor", "size"], *data.draw(grids)]), MATRIX)
    else:
        _read_landscape(folder, SIZES, to_csv([["", "A", "B", "C"], *data.draw(grids)]))


@FUZZ
@given(data=st.data())
def test_landscape_reader_broken_files(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("landscape")
    if data.draw(st.booleans()):
        _read_landscape(folder, data.draw(_mutated(SIZES)), MATRIX)
    else:
        _read_landscape(folder, SIZES, data.draw(_mutated(MATRIX)))


@pytest.mark.parametrize(
    "sizes, matrix, needle",
    [
        (b"", MATRIX, "no data rows"),
        (SIZES, b"", "no data rows"),
        (b"actor,size\n\xff\xfe,1\nB,2\n", MATRIX, "UTF-8"),
        ("actor,size\n".encode("utf-16") + b"A,1\n", MATRIX, "UTF-8"),
        ("name,weight\nA,1\nB,2\nC,3\n", MATRIX, "missing column 'actor'"),
        ("actor,size\nA,nan\nB,2\nC,3\n", MATRIX, "'nan' is not a finite number"),
        ("actor,size\nA,1e999\nB,2\nC,3\n", MATRIX, "not a finite number"),
        ("actor,size\nA,-1\nB,2\nC,3\n", MATRIX, "not > 0"),
        ("actor,size\nA,1\nA,2\nC,3\n", MATRIX, "listed twice"),
        ("actor,size\nA,1\n", ",A\nA,0\n", "at least 2"),
        ("actor,size\nA,1e200\nB,1e200\nC,1\n", MATRIX, "overflows"),
        (SIZES, ",A,B,C\nA,0,1e308,1\nB,1e308,0,2\nC,1,2,0\n", "overflows"),
        (SIZES, ",A,B,C\nA,0,inf,1\nB,inf,0,2\nC,1,2,0\n", "not a finite number"),
        (SIZES, ",A,B,C\nA,0,-1,1\nB,1,0,2\nC,1,2,0\n", "symmetric"),
        (SIZES, ",A,B,C\nA,0,-1,1\nB,-1,0,2\n", "not square"),
        (SIZES, ",A,B,C\nA,0,-1\nB,-1,0,2\nC,1,2,0\n", "square"),
        (SIZES, ",A,A,C\nA,0,-1,1\nA,-1,0,2\nC,1,2,0\n", "repeated"),
        (SIZES, ",A,B,D\nA,0,-1,1\nB,-1,0,2\nD,1,2,0\n", "differ"),
        ("actor,size\nA," + "9" * 200_000 + "\nB,2\n", MATRIX, "field limit"),
        ("actor,size\nA," + "9" * 5000 + "\nB,2\nC,3\n", MATRIX, "(5000 characters)"),
    ],
)
def test_landscape_reader_named_cases(tmp_path, sizes, matrix, needle):
    s, m = tmp_path / "sizes.csv", tmp_path / "matrix.csv"
    for path, content in ((s, sizes), (m, matrix)):
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(InputError) as info:
        read_landscape_csv(s, m)
    one_line(info.value, needle)


# --------------------------------------------------------------------------------- DCID
def _dcid_ok(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(DIRECTED_COLUMNS)
    if len(frame):
        assert frame["year"].between(*YEAR_RANGE).all()
        assert frame["severity"].between(*SEVERITY_RANGE).all()
        assert (frame["attacker"] != frame["target"]).all()


def _read_dcid(path: Path, content: bytes | str) -> None:
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    try:
        _dcid_ok(read_dcid(path))
    except InputError as exc:
        one_line(exc, str(path))


DIRECTED = "attacker,target,year,severity\nUSA,RUS,2010,3\nRUS,EST,2007,4\nCHN,USA,2014,5\n"
RAW = FIXTURE.read_text()
raw_header = st.sampled_from(
    [
        "StateA",
        "StateB",
        "initiator",
        "interactionstartdate",
        "severity",
        "Dyadpair",
        "attacker",
        "target",
        "year",
        "x",
        "",
        "start_date",
        "SEVERITY",
    ]
)


@FUZZ
@given(data=st.data())
def test_dcid_reader_random_input(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("dcid") / "dcid.csv"
    kind = data.draw(st.sampled_from(["bytes", "grid", "headers"]))
    if kind == "bytes":
        _read_dcid(path, data.draw(st.binary(max_size=300)))
    elif kind == "grid":
        _read_dcid(path, to_csv(data.draw(grids)))
    else:
        header = data.draw(st.lists(raw_header, min_size=1, max_size=7))
        _read_dcid(path, to_csv([header, *data.draw(grids)]))


@FUZZ
@given(data=st.data())
def test_dcid_reader_broken_files(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("dcid") / "dcid.csv"
    _read_dcid(path, data.draw(_mutated(RAW if data.draw(st.booleans()) else DIRECTED)))


def _zip(**members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in members.items():
            z.writestr(name, text)
    return out.getvalue()


@pytest.mark.parametrize(
    "name, content, needle",
    [
        ("empty.csv", b"", "cannot read file"),
        ("latin1.csv", "StateA,StateB\nCôte,1\n".encode("latin-1"), "codec"),
        ("utf16.csv", RAW.encode("utf-16"), "cannot read file"),
        (
            "quote.csv",
            b'StateA,StateB,initiator,interactionstartdate,severity\n"2,365\n',
            "cannot read file",
        ),
        ("columns.csv", b"a,b\n1,2\n", "missing column(s)"),
        ("directed.csv", b"attacker,year\nUSA,2010\n", "missing column(s) target, severity"),
        (
            "huge-code.csv",
            (
                "StateA,StateB,initiator,interactionstartdate,severity\n"
                "2,365," + "9" * 200_000 + ",2010,3\n"
            ).encode(),
            "row 2",
        ),
        (
            "nan-date.csv",
            b"StateA,StateB,initiator,interactionstartdate,severity\n2,365,2,nan,3\n",
            "missing start date",
        ),
        (
            "inf-date.csv",
            b"StateA,StateB,initiator,interactionstartdate,severity\n2,365,2,inf,3\n",
            "cannot read a year",
        ),
        (
            "now.csv",
            b"StateA,StateB,initiator,interactionstartdate,severity\n2,365,2,now,3\n",
            "cannot read a date",
        ),
        (
            "clock.csv",
            b"StateA,StateB,initiator,interactionstartdate,severity\n2,365,2,12:30,3\n",
            "cannot read a date",
        ),
        ("severity.csv", b"attacker,target,year,severity\nUSA,RUS,2010,1e999\n", "severity"),
        ("self.csv", b"attacker,target,year,severity\nUSA,USA,2010,3\n", "itself"),
        ("year.csv", b"attacker,target,year,severity\nUSA,RUS,1e308,3\n", "year"),
        ("incidents.txt", RAW.encode(), "unknown extension"),
        ("garbage.xlsx", b"\x00\x01 not a workbook", "cannot read file"),
        ("truncated.xlsx", b"PK\x03\x04" + b"\x00" * 60, "cannot read file"),
        ("not-a-workbook.xlsx", _zip(**{"hello.txt": "x"}), "cannot read file"),
        (
            "bad-xml.xlsx",
            _zip(**{"[Content_Types].xml": "<Types><", "xl/workbook.xml": "<"}),
            "cannot read file",
        ),
    ],
)
def test_dcid_reader_named_cases(tmp_path, name, content, needle):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_dcid(path)
    one_line(info.value, str(path), needle)


def test_dcid_reader_workbook_cells(tmp_path):
    """Cells a spreadsheet can hold: times of day, booleans, errors, out-of-range dates."""
    import datetime

    openpyxl = pytest.importorskip("openpyxl")
    header = ["StateA", "StateB", "initiator", "interactionstartdate", "severity"]
    for k, (cell, needle) in enumerate(
        [
            (datetime.time(12, 0), "time of day"),
            (True, "cannot read"),
            ("#DIV/0!", "start date"),
            (-5, "outside"),
            (1e10, "missing start date"),
        ]
    ):
        book = openpyxl.Workbook()
        book.active.append(header)
        book.active.append([2, 365, 2, cell, 3])
        book.active["D2"].number_format = "yyyy-mm-dd"
        path = tmp_path / f"cells{k}.xlsx"
        book.save(path)
        with pytest.warns(UserWarning) if cell == 1e10 else contextlib.nullcontext():
            with pytest.raises(InputError) as info:
                read_dcid(path)
        one_line(info.value, str(path), needle)


# ---------------------------------------------------------------------------- big files
def test_big_files_are_read_or_refused_in_bounded_time(tmp_path):
    """Neither reader caps the file size: ~5 MB files are read in full, in seconds, and a
    bad last row is still found (the sizes reader was quadratic in the rows: fixed)."""
    big_sizes = tmp_path / "sizes.csv"
    big_sizes.write_text(
        "actor,size\n" + "".join(f"a{k},{k + 1}\n" for k in range(400_000)) + "bad,x\n"
    )
    n = 800
    sizes = tmp_path / "sizes800.csv"
    sizes.write_text("actor,size\n" + "".join(f"a{k},1\n" for k in range(n)))
    big_matrix = tmp_path / "matrix.csv"
    names = [f"a{k}" for k in range(n)]
    rows = [",".join(["", *names])] + [",".join([a, *["0.5"] * n]) for a in names]
    big_matrix.write_text("\n".join(rows)[:-3] + "x\n")  # the last cell is 'x'
    big_dcid = tmp_path / "dcid.csv"
    body = "".join(RAW.splitlines(keepends=True)[1:])
    big_dcid.write_text(RAW + body * 2000 + "999,2365,2,365,bad,no date,,3,2,365,2,3\n")
    for path in (big_sizes, big_matrix, big_dcid):
        assert path.stat().st_size > 1_000_000, path
    for path, read in (
        (big_sizes, lambda: read_landscape_csv(big_sizes, big_sizes)),
        (big_matrix, lambda: read_landscape_csv(sizes, big_matrix)),
        (big_dcid, lambda: read_dcid(big_dcid)),
    ):
        with pytest.raises(InputError) as info:
            read()
        one_line(info.value, str(path))


# ---------------------------------------------------------------------------- CFR export
CFR_FIXTURE = Path(__file__).parent / "fixtures" / "cfr_synthetic.csv"
CFR_TEXT = CFR_FIXTURE.read_text(encoding="utf-8")
CFR_FUZZ = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.data_too_large])  # fmt: skip


def _read_cfr(path: Path, content: bytes | str) -> None:
    """read_cfr returns rows with an integer year and scorable shares, or one line."""
    from netpolitik.validate.cfr import observed_shares, read_cfr
    from netpolitik.world import load_world

    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    try:
        table = read_cfr(path)
    except InputError as exc:
        one_line(exc, "--cfr")
        return
    assert table["year"].dtype.kind == "i" and len(table) >= 0
    sent, hit, skipped = observed_shares(table, load_world())
    assert 0 <= skipped <= len(table)
    for shares in (sent, hit):
        assert shares.isna().all() or shares.sum() == pytest.approx(1.0)


@CFR_FUZZ
@given(data=st.data())
def test_cfr_reader_random_and_broken_input(tmp_path_factory, data):
    """Verification: random bytes, random grids under the CFR header, and the fixture with
    one cell, row or column broken are read or refused with a one-line InputError."""
    path = tmp_path_factory.mktemp("cfr") / "cfr.csv"
    kind = data.draw(st.sampled_from(["bytes", "grid", "broken"]))
    if kind == "bytes":
        _read_cfr(path, data.draw(st.binary(max_size=300)))
    elif kind == "grid":
        header = ["title", "date", "sponsor", "victims"]
        _read_cfr(path, to_csv([header, *data.draw(grids)]))
    else:
        _read_cfr(path, data.draw(_mutated(CFR_TEXT)))
