"""Fuzzing the command line: thousands of bad option values, each refused cleanly.

Every example changes one option of a tiny, otherwise valid command (``--years 0.1``,
three countries) to a bad value and calls :func:`netpolitik.cli.main` in-process. It must
end with exit code 2 and only ``error:`` lines on stderr naming the option, never a
traceback or a hang (per-example deadline), and it must not touch an output that already
exists (a run folder, an experiment store, a report) nor create a new one.

The tests at the end pin gaps found by this fuzzing and since fixed (bad values echoed in
conversion errors, an upper bound on ``--runs``).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netpolitik.cli import main
from netpolitik.params import Params
from netpolitik.policy import LEVERS
from netpolitik.world import load_world

SMALL = ["--years", "0.1", "--countries", "USA,EST,RUS"]
WORLD = load_world()
CODES = frozenset(WORLD.countries["iso3"])
GROUPS = frozenset(
    g.lower()
    for g in (
        "all",
        "liberal",
        "hybrid",
        "authoritarian",
        *WORLD.organisations(),
        *WORLD.countries["region"].dropna(),
        *WORLD.countries["subregion"].dropna(),
    )
)
PARAMS = frozenset(Params.model_fields)
DCID = Path(__file__).parent / "fixtures" / "dcid_synthetic.csv"
#: A line with a way out: what to use, choose, give, write, ... instead.
FIX = re.compile(
    r"\b(use|choose|give|write|add|list|fix|rename|pass|save|make|widen|"
    r"allowed|at most|rescale|free|run `|see `|re-export|check|install|"
    r"fill in|vary|join|expected|needs|lie in)\b|--help|e\.g\.",
    re.IGNORECASE,
)
FUZZ = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.data_too_large,
    ],
)


# ------------------------------------------------------------------------------ helpers
def call(argv: list[str]) -> tuple[int, str]:
    """``main(argv)`` with stdout and stderr captured: (exit code, stderr)."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(argv)
    return code, err.getvalue()


def refused(code: int, err: str, option: str, value: str | None = None) -> list[str]:
    """Exit 2, only ``error:`` lines, the first naming ``option`` (and ``value``) and a fix."""
    lines = [line for line in err.splitlines() if line.strip()]
    assert code == 2, (code, err)
    assert "Traceback" not in err, err
    assert lines and all(line.startswith("error: ") for line in lines), err
    assert option in lines[0], (option, err)
    if value is not None:
        assert value in lines[0], (value, err)
    assert FIX.search(lines[0]), f"no fix named: {err}"
    return lines


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder``: (size, mtime in ns)."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """Outputs that already exist: a run folder, an experiment store, a report."""
    root = tmp_path_factory.mktemp("outputs")
    run, store, report = root / "run", root / "store", root / "report.html"
    assert call(["run", *SMALL, "--out", str(run), "--quiet"])[0] == 0
    assert (
        call(
            [
                "ensemble",
                "--runs",
                "2",
                *SMALL,
                "--store",
                str(store),
                "--workers",
                "1",
                "--no-report",
                "--quiet",
            ]
        )[0]
        == 0
    )
    report.write_text("<html>an earlier comparison</html>")
    (root / "file").write_text("not a folder")
    return {
        "root": root,
        "run": run,
        "store": store,
        "report": report,
        "file": root / "file",
        "fresh": root / "fresh",
    }


@pytest.fixture
def untouched(outputs):
    """Fails the test if any existing output changed or a new one appeared."""
    before = snapshot(outputs["root"])
    yield outputs
    assert snapshot(outputs["root"]) == before
    assert not outputs["fresh"].exists()


# ---------------------------------------------------------------------------- strategies
finite = st.floats(allow_nan=False, allow_infinity=False)
#: Numbers that are no horizon: <= 0, > 1000, NaN, +-inf (as the shell passes them).
bad_years = st.one_of(
    finite.filter(lambda y: y <= 0),
    st.floats(min_value=1000.0, exclude_min=True),
    st.sampled_from([math.nan, math.inf, -math.inf, -0.0]),
    st.integers(max_value=0),
    st.integers(min_value=1001, max_value=10**30),
)
#: Text that is no number at all (Typer refuses it before netpolitik sees it).
not_a_number = st.text(
    st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=12
).filter(lambda t: _not_float(t))
negative = st.integers(max_value=-1)
not_positive = st.integers(max_value=0)
#: Printable characters (letters, digits, punctuation, symbols) but the list separator.
code_chars = st.characters(codec="utf-8", categories=["L", "N", "P", "S"], exclude_characters=",\\")
bad_code = st.text(code_chars, min_size=1, max_size=6).filter(
    lambda c: c.strip() and c.strip().upper() not in CODES
)


def _not_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return not text.strip().lstrip("+-").isdigit()
    return False


def _countries() -> st.SearchStrategy[tuple[str, str]]:
    """``--countries`` with at least one unknown code among known ones: (value, bad code)."""
    return st.tuples(
        st.lists(st.sampled_from(["USA", "EST", "RUS", "CHN", "DEU"]), max_size=3, unique=True),
        bad_code,
        st.integers(0, 3),
    ).map(lambda t: (",".join(t[0][: t[2]] + [t[1]] + t[0][t[2] :]), t[1].strip()))


# ------------------------------------------------------------------------------- run
@FUZZ
@given(data=st.data())
def test_run_refuses_bad_options(untouched, data):
    out = untouched["fresh"] if data.draw(st.booleans()) else untouched["run"]
    argv = ["run", "--quiet", "--out", str(out), "--overwrite", *SMALL]
    kind = data.draw(st.sampled_from(["years", "years-text", "seed", "seed-text", "countries"]))
    if kind == "years":
        years = str(data.draw(bad_years))
        refused(*call([*argv, "--years", years]), "--years", repr(float(years)))
    elif kind == "years-text":
        refused(*call([*argv, "--years", data.draw(not_a_number)]), "--years")
    elif kind == "seed":
        seed = data.draw(negative)
        refused(*call([*argv, "--seed", str(seed)]), "--seed", str(seed))
    elif kind == "seed-text":
        refused(*call([*argv, "--seed", data.draw(not_a_number)]), "--seed")
    else:
        value, bad = data.draw(_countries())
        refused(*call([*argv, "--countries", value]), "--countries", bad.upper())


def test_run_refuses_an_existing_output(untouched):
    refused(*call(["run", *SMALL, "--out", str(untouched["run"])]), "--out", "already")
    refused(*call(["run", *SMALL, "--out", str(untouched["file"])]), "--out", "is a file")
    refused(
        *call(["run", *SMALL, "--out", str(untouched["store"]), "--overwrite"]),
        "--out",
        "not a run folder",
    )


# ----------------------------------------------------------------------------- world
@FUZZ
@given(code=bad_code)
def test_world_refuses_unknown_countries(code):
    lines = refused(*call(["world", "--country", code]), "countr")
    assert repr(code.upper())[1:-1] in lines[0] or code.upper() in lines[0]


# --------------------------------------------------------------------------- compare
@FUZZ
@given(data=st.data())
def test_compare_refuses_bad_options(untouched, data):
    argv = ["compare", "baseline", "baseline", "--report", str(untouched["report"]), *SMALL]
    kind = data.draw(st.sampled_from(["runs", "runs-text", "years", "countries"]))
    if kind == "runs":
        runs = data.draw(not_positive)
        refused(*call([*argv, "--runs", str(runs)]), "--runs", str(runs))
    elif kind == "runs-text":
        refused(*call([*argv, "--runs", data.draw(not_a_number)]), "--runs")
    elif kind == "years":
        years = data.draw(finite.filter(lambda y: y <= 0))
        refused(*call([*argv, "--runs", "2", "--years", str(years)]), "--years")
    else:
        value, bad = data.draw(_countries())
        refused(*call([*argv, "--runs", "2", "--countries", value]), "--countries", bad.upper())


# -------------------------------------------------------------------------- ensemble
@FUZZ
@given(data=st.data())
def test_ensemble_refuses_bad_options(untouched, data):
    argv = [
        "ensemble",
        "baseline",
        "--store",
        str(untouched["store"]),
        "--no-report",
        "--quiet",
        "--workers",
        "1",
        *SMALL,
    ]
    kind = data.draw(
        st.sampled_from(
            ["runs", "runs-text", "chunk", "workers", "dask", "for", "years", "countries"]
        )
    )
    if kind == "runs":
        runs = data.draw(not_positive)
        refused(*call([*argv, "--runs", str(runs)]), "--runs", str(runs))
    elif kind == "runs-text":
        refused(*call([*argv, "--runs", data.draw(not_a_number)]), "--runs")
    elif kind == "chunk":
        size = data.draw(not_positive)
        refused(*call([*argv, "--runs", "2", "--chunk-size", str(size)]), "--chunk-size", str(size))
    elif kind == "workers":
        n = data.draw(not_positive)
        refused(*call([*argv, "--runs", "2", "--workers", str(n)]), "--workers", str(n))
    elif kind == "dask":
        address = data.draw(
            st.text(code_chars, min_size=1, max_size=20).filter(
                lambda a: a != "local" and "://" not in a and a.strip()
            )
        )
        refused(*call([*argv, "--runs", "2", "--dask", address]), "--dask")
    elif kind == "for":
        group = data.draw(
            st.text(
                st.characters(codec="ascii", categories=["Lu", "Ll"]), min_size=4, max_size=10
            ).filter(lambda g: g.lower() not in GROUPS)
        )
        refused(*call([*argv, "--runs", "2", "--for", group]), "--for", group)
    elif kind == "years":
        years = data.draw(bad_years)
        refused(*call([*argv, "--runs", "2", "--years", str(years)]), "--years")
    else:
        value, bad = data.draw(_countries())
        refused(*call([*argv, "--runs", "2", "--countries", value]), "--countries", bad.upper())


# ----------------------------------------------------------------------------- sweep
name_chars = st.characters(codec="ascii", categories=["Ll", "Lu", "Nd", "Pc"])


def _bad_factor() -> st.SearchStrategy[str]:
    """``--param`` values that are invalid for one reason each."""
    param = st.sampled_from(["trust_rate"])  # a [0, 1] parameter
    number = finite.map(lambda x: f"{x:g}")
    lever = st.sampled_from(LEVERS)
    return st.one_of(
        st.text(name_chars, min_size=1, max_size=15),  # no '='
        st.tuples(
            st.text(name_chars, min_size=1, max_size=12).filter(
                lambda n: n not in PARAMS and n not in LEVERS
            ),
            number,
            number,
        ).map(lambda t: f"{t[0]}={t[1]}:{t[2]}"),  # unknown name
        st.tuples(param, finite, finite)
        .map(lambda t: (t[0], max(t[1:]), min(t[1:])))
        .filter(lambda t: t[1] > t[2])
        .map(lambda t: f"{t[0]}={t[1]!r}:{t[2]!r}"),  # LOW > HIGH
        st.tuples(param, st.sampled_from(["nan", "inf", "-inf", "x", "", "1e999"]), number).map(
            lambda t: f"{t[0]}={t[1]}:{t[2]}"
        ),  # not a finite number
        st.tuples(param, st.floats(1.0, 1e300, exclude_min=True)).map(
            lambda t: f"{t[0]}=0:{t[1]!r}"
        ),  # outside the parameter's range
        st.tuples(param, number, number, number).map(
            lambda t: f"{t[0]}={t[1]}:{t[2]}:{t[3]}"
        ),  # three parts
        lever.map(lambda lv: f"{lv}=0:1"),  # a lever without a group
        st.tuples(lever, st.floats(1.0, 1e9, exclude_min=True)).map(
            lambda t: f"{t[0]}@all=0:{t[1]!r}"
        ),  # lever outside [0, 1]
        st.tuples(
            lever, st.text(st.characters(codec="ascii", categories=["Lu"]), min_size=4, max_size=8)
        ).map(lambda t: f"{t[0]}@{t[1]}X=0:1"),  # unknown group
    )


@FUZZ
@given(data=st.data())
def test_sweep_refuses_bad_options(untouched, data):
    argv = [
        "sweep",
        "baseline",
        "--store",
        str(untouched["store"]),
        "--no-report",
        "--quiet",
        "--workers",
        "1",
        *SMALL,
    ]
    kind = data.draw(st.sampled_from(["param", "param", "param", "samples", "design", "per-point"]))
    if kind == "param":
        factor = data.draw(_bad_factor())
        refused(*call([*argv, "--param", factor]), "--param")
    elif kind == "samples":
        n = data.draw(not_positive)
        refused(
            *call([*argv, "--param", "trust_rate=0:1", "--samples", str(n)]), "--samples", str(n)
        )
    elif kind == "design":
        design = data.draw(
            st.text(name_chars, min_size=1, max_size=8).filter(lambda d: d not in ("grid", "lhs"))
        )
        refused(*call([*argv, "--param", "trust_rate=0:1", "--design", design]), "--design", design)
    else:
        n = data.draw(not_positive)
        refused(
            *call([*argv, "--param", "trust_rate=0:1", "--runs-per-point", str(n)]),
            "--runs-per-point",
            str(n),
        )


# ------------------------------------------------------------------ landscape, hindcast
cells = st.one_of(
    st.sampled_from(["nan", "inf", "-inf", "1e999", "x", "", "--", "0x1"]),
    st.text(
        st.characters(codec="utf-8", exclude_characters=',\n\r"\x00'), min_size=1, max_size=8
    ).filter(lambda t: _not_float(t)),
)


@FUZZ
@given(data=st.data())
def test_landscape_refuses_bad_files_and_options(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("landscape")
    sizes, matrix = folder / "sizes.csv", folder / "matrix.csv"
    sizes.write_text("actor,size\nA,1\nB,2\nC,3\n")
    matrix.write_text(",A,B,C\nA,0,-1,1\nB,-1,0,2\nC,1,2,0\n")
    argv = ["landscape", "--sizes", str(sizes), "--propensity", str(matrix)]
    kind = data.draw(st.sampled_from(["size-cell", "matrix-cell", "missing", "seed", "mode"]))
    if kind == "size-cell":
        cell = data.draw(cells)
        sizes.write_text(f"actor,size\nA,{cell}\nB,2\nC,3\n")
        refused(*call(argv), str(sizes))
    elif kind == "matrix-cell":
        cell = data.draw(cells)
        matrix.write_text(f",A,B,C\nA,0,{cell},1\nB,{cell},0,2\nC,1,2,0\n")
        refused(*call(argv), str(matrix))
    elif kind == "missing":
        gone = folder / data.draw(st.text(name_chars, min_size=1, max_size=10))
        refused(*call(["landscape", "--sizes", str(gone), "--propensity", str(matrix)]), str(gone))
    elif kind == "seed":
        seed = data.draw(negative)
        refused(*call([*argv, "--mode", "heuristic", "--seed", str(seed)]), "seed", str(seed))
    else:
        mode = data.draw(
            st.text(name_chars, min_size=1, max_size=8).filter(
                lambda m: m not in ("auto", "exact", "heuristic")
            )
        )
        refused(*call([*argv, "--mode", mode]), "--mode")


@FUZZ
@given(data=st.data())
def test_hindcast_refuses_bad_files_and_options(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("dcid")
    argv = ["validate", "hindcast", "--dcid", str(DCID), "--runs", "1"]
    kind = data.draw(
        st.sampled_from(["runs", "years", "seed", "missing", "suffix", "cell", "period"])
    )
    if kind == "runs":
        n = data.draw(not_positive)
        refused(*call([*argv, "--runs", str(n)]), "--runs", str(n))
    elif kind == "years":
        n = data.draw(st.one_of(not_positive, st.integers(1001, 10**12)))
        refused(*call([*argv, "--years", str(n)]), "--years", str(n))
    elif kind == "seed":
        n = data.draw(negative)
        refused(*call([*argv, "--seed", str(n)]), "--seed", str(n))
    elif kind == "missing":
        gone = folder / (data.draw(st.text(name_chars, min_size=1, max_size=10)) + ".csv")
        refused(*call(["validate", "hindcast", "--dcid", str(gone)]), str(gone))
    elif kind == "suffix":
        path = folder / (
            "incidents."
            + data.draw(
                st.text(name_chars, min_size=1, max_size=5).filter(
                    lambda s: s.lower() not in ("csv", "xlsx", "xls")
                )
            )
        )
        path.write_text(DCID.read_text())
        refused(*call(["validate", "hindcast", "--dcid", str(path)]), str(path))
    elif kind == "cell":
        column = data.draw(
            st.sampled_from(["initiator", "interactionstartdate", "severity"])
        )  # (StateA has a fallback)
        cell = data.draw(
            cells.filter(
                lambda c: (
                    c.strip()
                    and not (column == "interactionstartdate" and any(ch.isdigit() for ch in c))
                )
            )
        )
        lines = DCID.read_text().splitlines()
        header = lines[0].split(",")
        row = lines[1].split(",")
        row[header.index(column)] = cell
        path = folder / "dcid.csv"
        path.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n")
        refused(*call(["validate", "hindcast", "--dcid", str(path)]), str(path))
    else:
        start = data.draw(
            st.one_of(st.integers(max_value=1990), st.integers(min_value=2021, max_value=10**9))
        )
        refused(*call([*argv, "--from", str(start), "--years", "5"]), "--from")


# ------------------------------------------------------------- gaps found and fixed
def test_type_errors_name_the_bad_value():
    refused(*call(["run", "--years", "ten"]), "--years", "ten")


def test_sweep_non_finite_bound_names_a_fix():
    refused(*call(["sweep", "baseline", "--param", "trust_rate=nan:1", *SMALL]), "--param", "nan")


def _limited(
    argv: list[str], memory: int = 2 << 30, seconds: float = 60
) -> subprocess.CompletedProcess:
    """``netpolitik ARGV`` in a subprocess with at most ``memory`` bytes of data and a
    timeout (killed when it expires), so that a regression cannot take the machine."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_DATA, (memory, memory))

    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "netpolitik.cli", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds,
        preexec_fn=limit,
    )


@pytest.mark.parametrize("runs", ["10000000000000000000000", "1000000000"])
def test_ensemble_refuses_a_huge_number_of_runs(tmp_path, runs):
    res = _limited(
        [
            "ensemble",
            "--runs",
            runs,
            *SMALL,
            "--store",
            str(tmp_path / "s"),
            "--quiet",
            "--no-report",
        ]
    )
    refused(res.returncode, res.stderr, "--runs")
    assert not (tmp_path / "s").exists()


def test_sweep_refuses_a_huge_grid(tmp_path):
    res = _limited(
        [
            "sweep",
            "baseline",
            "--param",
            "trust_rate=0:1",
            "--param",
            "defense@all=0:1",
            "--samples",
            "1000000000",
            *SMALL,
            "--store",
            str(tmp_path / "s"),
            "--quiet",
            "--no-report",
        ]
    )
    refused(res.returncode, res.stderr, "--samples")


@pytest.mark.parametrize(
    "command",
    [
        ["compare", "baseline", "baseline", *SMALL],
        ["validate", "hindcast", "--dcid", str(DCID), "--years", "1"],
    ],
)
def test_a_huge_number_of_runs_is_refused(command):
    res = _limited([*command, "--runs", "10000000000000000000000"])
    refused(res.returncode, res.stderr, "--runs")
