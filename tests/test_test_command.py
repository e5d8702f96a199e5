"""The README's test command is the whole suite CI runs (verification).

``.ci/run`` only calls ``make test``; ``make test`` installs Debian's Chromium when it is
missing; without a browser the browser tests fail instead of skipping.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _recipe(target: str) -> list[str]:
    """The recipe lines of ``target`` in the Makefile."""
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def test_ci_runs_only_the_readme_test_command():
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    assert commands[-1] == "make test"
    assert not any("apt-get" in c or "pytest" in c for c in commands), commands
    assert "make test" in (ROOT / "README.md").read_text()


def test_make_test_installs_chromium_before_pytest_and_runs_doctests():
    recipe = _recipe("test")
    first = next(i for i, line in enumerate(recipe) if "ensure_chromium.sh" in line)
    tests = next(i for i, line in enumerate(recipe) if "pytest" in line)
    assert first < tests, recipe
    script = (ROOT / "scripts" / "ensure_chromium.sh").read_text()
    assert re.search(r"apt-get update", script) and "apt-get install -y" in script
    assert "chromium" in script.split("apt-get install")[-1]
    assert "--doctest-modules" in recipe[tests] and "src" in recipe[tests].split()


def test_chromium_script_does_nothing_when_the_browser_exists(tmp_path):
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    env = {**os.environ, "NETPOLITIK_CHROMIUM": str(fake), "PATH": str(tmp_path)}
    res = subprocess.run(
        ["/bin/bash", str(ROOT / "scripts" / "ensure_chromium.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert res.returncode == 0 and res.stderr == "", res.stderr


def test_a_missing_browser_fails_instead_of_skipping(tmp_path):
    env = {**os.environ, "NETPOLITIK_CHROMIUM": str(tmp_path / "no-chromium")}
    env.pop("CI", None)
    res = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-n",
            "0",
            str(ROOT / "tests" / "browser" / "test_browser_report.py"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        cwd=tmp_path,
    )
    assert res.returncode != 0, res.stdout
    assert "Chromium not found" in res.stdout
    assert " skipped" not in res.stdout.splitlines()[-1], res.stdout


def test_no_test_asserts_a_wall_clock_limit():
    """Speed belongs in ``benchmarks/``: no test measures elapsed time against a limit."""
    pattern = re.compile(
        r"perf_counter|process_time|\btook\b\s*<|monotonic\(\)\s*-\s*\w+\s*<"
        r"|settings\(.*deadline=[0-9]"
    )
    exempt = {"test_test_command.py"}
    found = [
        f"{p.relative_to(ROOT)}:{i}"
        for p in sorted((ROOT / "tests").rglob("*.py"))
        if p.name not in exempt
        for i, line in enumerate(p.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == [], found


def test_no_machine_specific_paths_in_the_repository():
    """Docs, code and data name paths relative to the repository, never one machine's."""
    roots = ("/" + "work/", "/" + "home/", "/" + "root/", "/" + "Users/")
    files = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    found = []
    for name in files:
        path = ROOT / name
        if path.suffix in (".png", ".parquet", ".xlsx") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{name}: {root}" for root in roots if root in text]
    assert found == [], found
