"""Verification: a fuzzed results store never yields a wrong number or a traceback.

One pristine store (an ensemble of 6 runs in 3 chunks, 3 countries, 1 year) is built
once; each trial copies it and applies 1-3 random faults: corrupt bytes, truncate,
duplicate one file over another or under a new name, delete, add junk files or folders.
Then ``results show``, ``results sql``, ``results export`` and ``results verify`` either
give exactly the pristine output or one ``error:`` line; and, when the catalogue is
intact, ``results repair`` plus a resume restores a store equal to the uninterrupted one,
row by row, with ``results verify`` clean. The tallies are checked at the end and
reported in ``docs/reliability.md``.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from netpolitik.cli import main
from netpolitik.errors import InputError
from netpolitik.store.experiments import ExperimentStore

TRIALS = int(os.environ.get("NETPOLITIK_FUZZ_TRIALS", "200"))
TINY = "USA,RUS,EST"
ENSEMBLE = [
    "ensemble",
    "baseline",
    "--runs",
    "6",
    "--years",
    "1",
    "--countries",
    TINY,
    "--chunk-size",
    "2",
    "--workers",
    "1",
    "--no-report",
    "--quiet",
]
SAMPLE = 5  # every SAMPLE-th trial also runs show, export and a full resume
SQL = "SELECT run, security, collaboration FROM summary ORDER BY run"


def call(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(argv)
        except BaseException as exc:  # noqa: BLE001 - a traceback is what we count
            return -1, out.getvalue(), f"{type(exc).__name__}: {exc}"
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory):
    shm = Path("/dev/shm")  # memory-backed where available: no disk syncs
    root = (
        Path(tempfile.mkdtemp(dir=shm))
        if shm.is_dir() and os.access(shm, os.W_OK)
        else tmp_path_factory.mktemp("fuzz")
    )
    folder = root / "pristine"
    assert call([*ENSEMBLE, "--store", str(folder)])[0] == 0
    with ExperimentStore(folder) as st:
        (exp,) = st.experiments()["id"]
        steps, summary = st.steps(exp), st.summary(exp)
    show = call(["results", "show", exp, "--store", str(folder)])
    sql = call(["results", "sql", SQL, "--store", str(folder), "--format", "csv"])
    assert show[0] == 0 and sql[0] == 0
    yield {
        "folder": folder,
        "exp": exp,
        "steps": steps,
        "summary": summary,
        "show": show[1],
        "sql": sql[1],
        "root": root,
    }
    shutil.rmtree(root, ignore_errors=True)


def damage(folder: Path, rng: random.Random) -> list[str]:
    """Apply 1-3 random faults; return what was done."""
    done = []
    for _ in range(rng.randint(1, 3)):
        files = sorted(p for p in (folder / "chunks").rglob("*") if p.is_file())
        kind = rng.choice(
            ["corrupt", "truncate", "duplicate", "copy", "delete", "add", "folder", "catalogue"]
            if files
            else ["add", "catalogue"]
        )
        target = rng.choice(files) if files else None
        if kind == "corrupt":
            data = bytearray(target.read_bytes())
            for _ in range(rng.randint(1, 4)):
                if data:
                    data[rng.randrange(len(data))] ^= rng.randint(1, 255)
            target.write_bytes(bytes(data))
        elif kind == "truncate":
            target.write_bytes(target.read_bytes()[: rng.randrange(target.stat().st_size + 1)])
        elif kind == "duplicate":  # one file over another of the same table
            same = [
                p
                for p in files
                if p != target and p.name.split(".", 1)[-1] == target.name.split(".", 1)[-1]
            ]
            if same:
                shutil.copyfile(rng.choice(same), target)
        elif kind == "copy":  # a whole file under a new chunk-like name
            shutil.copyfile(
                target,
                target.with_name(f"c{rng.getrandbits(64):016x}.{target.name.split('.', 1)[-1]}"),
            )
        elif kind == "delete":
            target.unlink()
        elif kind == "add":
            base = (
                folder
                / "chunks"
                / rng.choice([p.name for p in (folder / "chunks").iterdir()] or ["x"])
            )
            base.mkdir(parents=True, exist_ok=True)
            name = rng.choice(
                [
                    "notes.txt",
                    ".hidden",
                    "c0ffee.summary.parquet",
                    "data.parquet",
                    f"c{rng.getrandbits(32):08x}.steps.parquet",
                ]
            )
            (base / name).write_bytes(rng.randbytes(rng.randint(0, 300)))
        elif kind == "folder":
            (target.parent / rng.choice(["sub", target.name + ".d"])).mkdir(exist_ok=True)
        else:
            cat = folder / "catalogue.duckdb"
            if rng.random() < 0.5:
                cat.unlink(missing_ok=True)
            elif cat.exists():
                cat.write_bytes(cat.read_bytes()[: rng.randrange(cat.stat().st_size)])
        done.append(kind)
    return done


def one_line(err: str) -> bool:
    lines = [line for line in err.splitlines() if line.strip()]
    return len(lines) == 1 and lines[0].startswith("error: ") and "Traceback" not in err


def check_reader(
    tally: Counter, name: str, result: tuple[int, str, str], want: str | None, log: list[str]
) -> None:
    code, out, err = result
    if code == 0 and (want is None or out == want):
        tally[f"{name} right"] += 1
    elif code == 2 and one_line(err):
        tally[f"{name} refused"] += 1
    elif code == 0:
        tally["wrong numbers"] += 1
        log.append(f"{name}: wrong output")
    else:
        tally["tracebacks"] += 1
        log.append(f"{name}: exit {code}: {err[-300:]}")


def frames_or_refusal(folder: Path, exp: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """The stored tables through the Python API, or None when it refuses in one line."""
    try:
        with ExperimentStore(folder) as st:
            return st.steps(exp), st.summary(exp)
    except InputError as exc:
        assert "\n" not in str(exc)
        return None


def readers(pristine: dict, folder: Path, k: int, tally: Counter, log: list[str]) -> None:
    """Every reading command: the pristine output, or one error line."""
    exp, store = pristine["exp"], ["--store", str(folder)]
    check_reader(
        tally, "sql", call(["results", "sql", SQL, *store, "--format", "csv"]), pristine["sql"], log
    )
    got = frames_or_refusal(folder, exp)
    if got is not None and not (
        got[0].equals(pristine["steps"]) and got[1].equals(pristine["summary"])
    ):
        tally["wrong numbers"] += 1
        log.append("api: wrong rows")
    if k % SAMPLE:
        return
    check_reader(tally, "show", call(["results", "show", exp, *store]), pristine["show"], log)
    out = folder.parent / f"e{k}"
    exported = call(["results", "export", exp, *store, "--out", str(out)])
    check_reader(tally, "export", exported, None, log)
    if exported[0] == 0 and not pd.read_parquet(out / "summary.parquet").equals(
        pristine["summary"]
    ):
        tally["wrong numbers"] += 1
        log.append("export: wrong summary")


def repaired(pristine: dict, folder: Path, tally: Counter, log: list[str]) -> bool:
    """``results verify`` and ``results repair``; then the done runs hold exactly the
    pristine rows and the rest are pending. False when the store was refused."""
    store = ["--store", str(folder)]
    code, _, err = call(["results", "verify", *store])
    if code not in (0, 1) and not (code == 2 and one_line(err)):
        tally["tracebacks"] += 1
        log.append(f"verify: exit {code}: {err[-300:]}")
    code, _, err = call(["results", "repair", *store])
    if code == 2 and one_line(err):
        tally["repair refused (no usable catalogue)"] += 1
        return False
    if code != 0:
        tally["tracebacks"] += 1
        log.append(f"repair: exit {code}: {err[-300:]}")
        return False
    with ExperimentStore(folder) as st:
        exp = pristine["exp"]
        done = sorted(set(range(6)) - set(st.pending(exp)))
        steps, summary = st.steps(exp), st.summary(exp)
    want = pristine["summary"][pristine["summary"]["run"].isin(done)].reset_index(drop=True)
    want_steps = pristine["steps"][pristine["steps"]["run"].isin(done)].reset_index(drop=True)
    if done and not (summary.equals(want) and steps.equals(want_steps)):
        tally["wrong numbers"] += 1
        log.append("after repair: done runs differ")
    tally["runs recomputed"] += 6 - len(done)
    return True


def trial(pristine: dict, k: int, tally: Counter, log: list[str]) -> None:
    rng = random.Random(k)
    folder = pristine["root"] / f"t{k}"
    shutil.copytree(pristine["folder"], folder)
    kinds = damage(folder, rng)
    tally.update(f"fault {kind}" for kind in kinds)
    readers(pristine, folder, k, tally, log)
    if not repaired(pristine, folder, tally, log):
        shutil.rmtree(folder, ignore_errors=True)
        return
    tally["repaired"] += 1
    if k % SAMPLE == 0:  # the whole loop: resume, then equal to the uninterrupted store
        resumed = call([*ENSEMBLE, "--store", str(folder)])
        got = frames_or_refusal(folder, pristine["exp"]) if resumed[0] == 0 else None
        clean = call(["results", "verify", "--store", str(folder)])[0] == 0
        ok = (
            got is not None
            and got[0].equals(pristine["steps"])
            and got[1].equals(pristine["summary"])
            and clean
        )
        tally["resumed and equal" if ok else "not restored"] += 1
        if not ok:
            log.append(f"restore failed after {kinds}: {resumed[2][-200:]}")
    shutil.rmtree(folder, ignore_errors=True)


def test_fuzzed_store_gives_right_numbers_or_one_line(pristine, capsys):
    tally: Counter = Counter()
    log: list[str] = []
    for k in range(TRIALS):
        trial(pristine, k, tally, log)
    tally["wrong numbers"] += 0  # shown even when zero
    tally["tracebacks"] += 0
    with capsys.disabled():
        print(
            f"\nstore fuzz, {TRIALS} trials: "
            + ", ".join(f"{key} {n}" for key, n in sorted(tally.items()))
        )
    assert tally["wrong numbers"] == 0 and tally["tracebacks"] == 0, log[:10]
    assert tally["not restored"] == 0, log[:10]
    assert tally["repaired"] + tally["repair refused (no usable catalogue)"] == TRIALS
    assert tally["repaired"] >= TRIALS // 2  # most trials keep the catalogue
    assert tally["resumed and equal"] > 0 and tally["runs recomputed"] > 0
    assert tally["sql refused"] > 0 and tally["sql right"] > 0
