"""The release is citable and its version has one source (verification).

``CITATION.cff`` validates against the Citation File Format schema (``cffconvert
--validate``), and the version it cites is the one the package, the CLI, the changelog and
every run manifest report.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import yaml
from cli_support import cli

from netpolitik import __version__
from netpolitik.scenario.run import simulate_world

ROOT = Path(__file__).resolve().parents[1]


def _cffconvert() -> str:
    """The ``cffconvert`` script next to this interpreter, else the one on PATH."""
    local = Path(sys.executable).with_name("cffconvert")
    found = str(local) if local.exists() else shutil.which("cffconvert")
    assert found, "cffconvert is missing: install the dev extra (pip install -e '.[dev]')"
    return found


def test_citation_cff_validates():
    r = subprocess.run(
        [_cffconvert(), "--validate", "-i", str(ROOT / "CITATION.cff")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    assert "valid" in r.stdout


def test_cffconvert_refuses_a_broken_citation(tmp_path: Path):
    broken = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    del broken["authors"]
    path = tmp_path / "CITATION.cff"
    path.write_text(yaml.safe_dump(broken))
    r = subprocess.run(
        [_cffconvert(), "--validate", "-i", str(path)], capture_output=True, text=True, timeout=120
    )
    assert r.returncode != 0


def test_version_is_0_2_0_and_has_one_source():
    assert __version__ == "0.2.0"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "netpolitik.__version__"}


def test_citation_and_changelog_cite_this_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert str(citation["version"]) == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text()
    assert re.search(rf"^## \[{re.escape(__version__)}\]", changelog, re.MULTILINE)


def test_cli_prints_the_version():
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.strip() == f"netpolitik {__version__}"


def test_run_manifest_carries_the_version():
    run = simulate_world(["USA", "EST", "RUS"], years=1 / 12, seed=0)
    assert run.manifest["netpolitik_version"] == __version__
