"""The documentation site's configuration (``mkdocs.yml``, ``scripts/docs_site.py``).

The site itself is built by ``make docs`` (``mkdocs build --strict``), which ``make test``
runs before pytest; these tests check, without building it, that every page is in the nav,
that the executed examples exist and are wired in, and that the generated pages (the README
as home page, the API reference) point at files and modules that exist.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def config() -> dict:
    return yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site():
    """``scripts/docs_site.py`` as a module (its pages are written only under mkdocs)."""
    return _load(ROOT / "scripts" / "docs_site.py", "docs_site")


def _nav_pages(entry) -> list[str]:
    if isinstance(entry, str):
        return [entry]
    if isinstance(entry, list):
        return [page for item in entry for page in _nav_pages(item)]
    if isinstance(entry, dict):
        return [page for value in entry.values() for page in _nav_pages(value)]
    return []


def test_every_docs_page_is_in_the_nav(config):
    """Each Markdown file under docs/ has a nav entry (the strict build also refuses a page
    left out: ``validation.omitted_files: warn``); a nav entry names an existing page or a
    generated one."""
    nav = set(_nav_pages(config["nav"]))
    pages = {p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")}
    missing = sorted(pages - nav)
    assert not missing, f"add these pages to `nav` in mkdocs.yml: {missing}"
    generated = {"index.md", "changelog.md", "paper.md", "reference/"}
    assert sorted(nav - pages - generated) == []
    assert config["validation"]["omitted_files"] == "warn"
    assert config["strict"] is True


def test_examples_are_scripts_executed_by_their_pages():
    """Two worked examples, each a script under docs/examples/ that its page includes in a
    ``python exec="on"`` block (markdown-exec runs it at build time)."""
    pages = {
        "policy-what-if.md": "policy_whatif.py",
        "frontier-robustness.md": "frontier_robustness.py",
    }
    for page, script in pages.items():
        assert (DOCS / "examples" / script).is_file()
        text = (DOCS / "examples" / page).read_text(encoding="utf-8")
        block = re.search(r'```python exec="on"[^\n]*\n--8<-- "([^"]+)"\n```', text)
        assert block is not None, f"{page}: no executed block including its script"
        assert block[1] == f"docs/examples/{script}"
        source = (DOCS / "examples" / script).read_text(encoding="utf-8")
        compile(source, script, "exec")  # a syntax error fails here, not only in the build


def test_make_test_builds_the_site_strictly():
    """``make test`` (CI's command) depends on ``make docs``, which builds with --strict."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^test: .*\bdocs\b", makefile, re.M)
    recipe = makefile.split("\ndocs:", 1)[1].split("\n\n", 1)[0]
    assert "mkdocs build --strict" in recipe
    assert ",docs]" in makefile  # `make install` installs the docs extra


def test_readme_links_are_rewritten_for_the_site(site):
    """The home page is the README with ``docs/x.md`` -> ``x.md``; every rewritten relative
    link names a page under docs/ or a root file the generator publishes."""
    page = site.readme_page((ROOT / "README.md").read_text(encoding="utf-8"))
    assert "](docs/" not in page
    published = set(site.ROOT_FILES.values()) | set(site.DOWNLOADS)
    targets = re.findall(r"\]\(([^)#\s]+)", page)
    assert targets, "the README has links"
    for target in targets:
        if re.match(r"[a-z]+:", target):
            continue
        assert (DOCS / target).exists() or target in published, target
    for source in [*site.ROOT_FILES, *site.DOWNLOADS]:
        assert (ROOT / source).is_file()


def test_an_unpublished_link_stops_the_build(site):
    """A README link to a file the site does not publish is refused with its name."""
    with pytest.raises(SystemExit, match="src/netpolitik/params"):
        site.readme_page("see [the code](src/netpolitik/params/core.py)")
    assert site.readme_page("[m](docs/model.md#state)") == "[m](model.md#state)"


def test_api_reference_names_existing_modules(site):
    """Every module of the API reference exists, and the public packages the reference
    promises (scenario, engine, params, experiment, store, report, integrations) are in
    it."""
    modules = [m for _, _, names in site.API for m in names]
    assert len(modules) == len(set(modules))
    for name in modules:
        assert importlib.util.find_spec(name) is not None, name
    for package in ("scenario", "engine", "params", "experiment", "store", "report"):
        assert any(m.startswith(f"netpolitik.{package}") for m in modules), package
    assert "netpolitik.integrations.ema" in modules
    mechanisms = {p.stem for p in (ROOT / "src" / "netpolitik" / "engine").glob("*.py")}
    listed = {m.rsplit(".", 1)[1] for m in modules if m.startswith("netpolitik.engine.")}
    assert mechanisms - listed <= {"__init__", "synthetic"}, mechanisms - listed


def test_parameter_table_lists_every_parameter(site):
    """The parameters page's table has one row per parameter, with unit and source."""
    from netpolitik.params import Params

    table = site.params_table()
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert len(rows) == len(Params.model_fields)
    row = next(r for r in rows if r.startswith("| `trust_rate`"))
    assert "1/month" in row and Params.describe("trust_rate")["source"] in row


def test_sphinx_roles_become_markdown_cross_references():
    """The Griffe extension turns ``:func:`~netpolitik.x.y``` into a cross-reference shown
    as ``y`` (one the strict build must resolve), data roles into optional links, and
    relative targets into inline code."""
    roles = _load(ROOT / "scripts" / "griffe_sphinx_roles.py", "griffe_sphinx_roles")
    text = roles.markdown_roles(
        "see :func:`~netpolitik.experiment.ensemble`, :class:`netpolitik.params.Params`, "
        ":meth:`with_overrides` and :data:`~netpolitik.engine.state.SECTORS`"
    )
    assert text.startswith("see [`ensemble`][netpolitik.experiment.ensemble], ")
    assert "[`netpolitik.params.Params`][netpolitik.params.Params]" in text
    assert "`with_overrides`" in text and ":meth:" not in text
    assert '<autoref identifier="netpolitik.engine.state.SECTORS" optional>' in text
