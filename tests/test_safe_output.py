"""Verification: every writing command overwrites only what netpolitik made.

Through the one helper :mod:`netpolitik.io`: without ``--overwrite`` an existing target
is never replaced; with it, only an empty target or an earlier netpolitik output of the
same kind is; anything else is refused in one ``error:`` line and left untouched.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_support import cli, refused

from netpolitik.errors import InputError
from netpolitik.experiment import ensemble
from netpolitik.io import made_by_netpolitik, replace_file, replace_folder

TINY = "USA,RUS,EST"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("store")
    exp = ensemble("baseline", runs=2, years=1, countries=TINY, store=folder, workers=1).attrs[
        "experiment"
    ]
    return folder, exp


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("runs") / "r"
    assert (
        cli("run", "--years", "1", "--countries", TINY, "--quiet", "--out", str(out)).returncode
        == 0
    )
    return out


def test_results_export_overwrite_never_deletes_a_users_folder(store, tmp_path, monkeypatch):
    folder, exp = store
    proj = tmp_path / "proj"
    proj.mkdir()
    (proj / "thesis.txt").write_text("years of work")
    monkeypatch.chdir(proj)
    refused(
        ["results", "export", exp, "--store", str(folder), "--out", ".", "--overwrite"],
        "not a results export",
        "--overwrite only replaces",
    )
    assert (proj / "thesis.txt").read_text() == "years of work"
    refused(
        ["results", "export", exp, "--store", str(folder), "--out", str(folder), "--overwrite"],
        "not a results export",
    )
    assert (folder / "catalogue.duckdb").is_file()


def test_results_export_default_is_under_runs_and_replaces_only_its_own(
    store, tmp_path, monkeypatch
):
    folder, exp = store
    monkeypatch.chdir(tmp_path)
    assert cli("results", "export", exp, "--store", str(folder)).returncode == 0
    out = tmp_path / "runs" / f"{exp}-export"
    assert made_by_netpolitik(out, "results export")
    refused(["results", "export", exp, "--store", str(folder)], "already holds", "--overwrite")
    assert cli("results", "export", exp, "--store", str(folder), "--overwrite").returncode == 0
    assert not [p for p in (tmp_path / "runs").iterdir() if p.name.startswith(".")]


def test_report_out_never_replaces_a_file_silently(run_dir, tmp_path):
    mine = tmp_path / "notes.html"
    mine.write_text("<html>my notes</html>")
    refused(["report", str(run_dir), "--out", str(mine)], "already exists", "--overwrite")
    refused(["report", str(run_dir), "--out", str(mine), "--overwrite"], "not a report")
    assert mine.read_text() == "<html>my notes</html>"
    ours = tmp_path / "ours.html"
    assert cli("report", str(run_dir), "--out", str(ours)).returncode == 0
    refused(["report", str(run_dir), "--out", str(ours)], "already exists")
    assert cli("report", str(run_dir), "--out", str(ours), "--overwrite").returncode == 0
    assert cli("report", str(run_dir)).returncode == 0  # the run's own report is rebuilt


def test_export_to_an_existing_folder_needs_overwrite_and_a_netpolitik_export(run_dir, tmp_path):
    user = tmp_path / "user"
    user.mkdir()
    (user / "data.csv").write_text("a,b\n")
    refused(["export", str(run_dir), "--to", str(user)], "--to", "already holds")
    refused(["export", str(run_dir), "--out", str(user), "--overwrite"], "not a network export")
    assert (user / "data.csv").read_text() == "a,b\n"
    out = tmp_path / "net"
    assert cli("export", str(run_dir), "--out", str(out)).returncode == 0
    refused(["export", str(run_dir), "--out", str(out)], "already holds")
    assert cli("export", str(run_dir), "--to", str(out), "--overwrite").returncode == 0
    assert (out / "network.gexf").is_file()


def test_export_defaults_under_runs(run_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert cli("export", str(run_dir)).returncode == 0
    assert (tmp_path / "runs" / f"{run_dir.name}-export" / "network.graphml").is_file()


def test_overwrite_through_a_symlink_leaves_nothing_stale(tmp_path):
    real = tmp_path / "real"
    with replace_folder(real, "run folder") as tmp:
        (tmp / "manifest.json").write_text("1")
    link = tmp_path / "link"
    link.symlink_to(real)
    with replace_folder(link, "run folder", overwrite=True) as tmp:
        (tmp / "manifest.json").write_text("2")
    assert link.is_symlink() and (link / "manifest.json").read_text() == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link", "real"]


def test_long_names_work_and_too_long_names_say_so(tmp_path):
    ok = tmp_path / ("a" * 250)
    with replace_folder(ok, "run folder") as tmp:
        (tmp / "manifest.json").write_text("{}")
    assert (ok / "manifest.json").is_file()
    with pytest.raises(InputError, match="too long") as info:
        with replace_folder(tmp_path / ("b" * 300), "run folder"):
            pass
    assert "free space" not in str(info.value)


def test_failed_write_keeps_the_old_output(tmp_path):
    out = tmp_path / "r.html"
    with replace_file(out) as tmp:
        tmp.write_text('<meta name="generator" content="netpolitik"> old')
    with pytest.raises(RuntimeError), replace_file(out, overwrite=True) as tmp:
        tmp.write_text("half")
        raise RuntimeError("crash")
    assert out.read_text().endswith("old") and os.listdir(tmp_path) == ["r.html"]


def test_compare_report_option_is_out_with_report_as_a_hidden_alias():
    r = cli("compare", "--help")
    assert (
        r.returncode == 0
        and "--out" in r.stdout
        and "--report" not in r.stdout
        and "runs/" in r.stdout
    )
