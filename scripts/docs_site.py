"""Pages of the documentation site generated at build time (mkdocs-gen-files).

``mkdocs build`` runs this script (``plugins: gen-files`` in ``mkdocs.yml``); nothing it
writes lands in ``docs/``:

* ``index.md`` -- the README, its links rewritten for the site (``docs/model.md`` ->
  ``model.md``; the files of the repository root it links to are published beside it);
* ``changelog.md`` and ``paper.md`` -- the root's ``CHANGELOG.md`` and JOSS paper, and the
  root files ``CITATION.cff`` and ``paper.bib`` as downloads;
* ``reference/`` -- one API page per entry of :data:`API` (mkdocstrings renders the
  numpydoc docstrings; the parameters page also gets the table of every parameter) and
  its ``SUMMARY.md`` for mkdocs-literate-nav;
* ``assets/plotly.min.js`` -- Plotly's JavaScript from the installed ``plotly`` package,
  loaded by the example pages that draw figures (offline, no CDN).

A link of the README to a file the site does not publish fails the build with its name.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: Root files the README links to: published as pages (``.md``) or downloads.
ROOT_FILES = {"CHANGELOG.md": "changelog.md", "paper.md": "paper.md"}
DOWNLOADS = ("CITATION.cff", "paper.bib")

#: The API reference: (page, title, modules on it). Add a public module here.
API: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "netpolitik",
        "netpolitik",
        ("netpolitik", "netpolitik.errors", "netpolitik.io", "netpolitik.stats"),
    ),
    (
        "scenario",
        "Scenarios",
        (
            "netpolitik.scenario",
            "netpolitik.scenario.compare",
            "netpolitik.scenario.schema",
            "netpolitik.scenario.library",
            "netpolitik.scenario.build",
        ),
    ),
    (
        "world",
        "World, policy and published models",
        (
            "netpolitik.world",
            "netpolitik.world.loader",
            "netpolitik.policy",
            "netpolitik.models.timing",
            "netpolitik.models.sharing_game",
        ),
    ),
    (
        "params",
        "Parameters",
        (
            "netpolitik.params",
            "netpolitik.params.core",
            "netpolitik.params.behaviour",
            "netpolitik.params.clubs",
            "netpolitik.params.economy",
            "netpolitik.params.shocks",
        ),
    ),
    (
        "engine",
        "Engine mechanisms",
        (
            "netpolitik.engine.state",
            "netpolitik.engine.simulator",
            "netpolitik.engine.setup",
            "netpolitik.engine.trust",
            "netpolitik.engine.clubs",
            "netpolitik.engine.treaties",
            "netpolitik.engine.sharing",
            "netpolitik.engine.security",
            "netpolitik.engine.incidents",
            "netpolitik.engine.attribution",
            "netpolitik.engine.responses",
            "netpolitik.engine.shocks",
            "netpolitik.engine.capacity",
            "netpolitik.engine.investment",
            "netpolitik.engine.innovation",
            "netpolitik.engine.economy",
            "netpolitik.engine.adaptation",
            "netpolitik.engine.norms",
            "netpolitik.engine.firms",
            "netpolitik.engine.research",
            "netpolitik.engine.spread",
            "netpolitik.engine.record",
            "netpolitik.engine.compiled",
            "netpolitik.engine.synthetic",
        ),
    ),
    (
        "experiment",
        "Experiments",
        (
            "netpolitik.experiment",
            "netpolitik.experiment.frontier",
            "netpolitik.experiment.robustness",
            "netpolitik.experiment.factors",
            "netpolitik.experiment.assumptions",
            "netpolitik.experiment.executors",
        ),
    ),
    (
        "store",
        "Results store",
        (
            "netpolitik.store.experiments",
            "netpolitik.store.catalogue",
            "netpolitik.store.integrity",
            "netpolitik.store.run_output",
            "netpolitik.store.netcdf",
        ),
    ),
    (
        "report",
        "Reports and figures",
        ("netpolitik.report", "netpolitik.report.figures", "netpolitik.report.plotly_json"),
    ),
    (
        "integrations",
        "Integrations, environment and exercise",
        (
            "netpolitik.integrations.ema",
            "netpolitik.env",
            "netpolitik.env.observation",
            "netpolitik.exercise",
        ),
    ),
)

_LINK = re.compile(r"(\]\()([^)#\s]+)((?:#[^)\s]*)?\))")


def site_link(target: str) -> str:
    """Where a README link points on the site.

    Examples
    --------
    >>> site_link("docs/model.md"), site_link("CHANGELOG.md"), site_link("https://x.org")
    ('model.md', 'changelog.md', 'https://x.org')
    """
    if re.match(r"[a-z][a-z0-9+.-]*:", target):
        return target
    if target.startswith("docs/"):
        return target.removeprefix("docs/")
    if target in ROOT_FILES:
        return ROOT_FILES[target]
    if target in DOWNLOADS:
        return target
    raise SystemExit(f"README.md links to {target!r}, which the docs site does not publish")


def readme_page(text: str) -> str:
    """The README with every link rewritten by :func:`site_link`."""
    return _LINK.sub(lambda m: m[1] + site_link(m[2]) + m[3], text)


def api_page(title: str, modules: tuple[str, ...]) -> str:
    """A reference page: one mkdocstrings block per module."""
    blocks = "\n\n".join(f"::: {name}" for name in modules)
    return f"# {title}\n\n{blocks}\n"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def params_table() -> str:
    """Every model parameter as a Markdown table: name, default, unit, range, source,
    meaning (from :meth:`netpolitik.params.Params.table`, as ``netpolitik params``)."""
    from netpolitik.params import Params

    lines = [
        "## Every parameter\n",
        "Generated from the field metadata of `Params` (the same as `netpolitik params`).\n",
        "| name | default | unit | range | source | meaning |",
        "|---|---|---|---|---|---|",
    ]
    for row in Params.table():
        cells = [f"`{row['name']}`", row["default"], row["unit"], row["range"], row["source"]]
        lines.append("| " + " | ".join(_cell(c) for c in [*cells, row["doc"]]) + " |")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write the generated pages into the site's virtual files."""
    import mkdocs_gen_files
    import plotly

    with mkdocs_gen_files.open("index.md", "w") as out:
        out.write(readme_page((ROOT / "README.md").read_text(encoding="utf-8")))
    mkdocs_gen_files.set_edit_path("index.md", "../README.md")
    for source, page in ROOT_FILES.items():
        with mkdocs_gen_files.open(page, "w") as out:
            out.write((ROOT / source).read_text(encoding="utf-8"))
        mkdocs_gen_files.set_edit_path(page, f"../{source}")
    for name in DOWNLOADS:
        with mkdocs_gen_files.open(name, "w") as out:
            out.write((ROOT / name).read_text(encoding="utf-8"))
    summary = []
    for page, title, modules in API:
        with mkdocs_gen_files.open(f"reference/{page}.md", "w") as out:
            out.write(api_page(title, modules))
            if page == "params":
                out.write("\n" + params_table())
        summary.append(f"* [{title}]({page}.md)\n")
    with mkdocs_gen_files.open("reference/SUMMARY.md", "w") as out:
        out.writelines(summary)
    script = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    with mkdocs_gen_files.open("assets/plotly.min.js", "w") as out:
        out.write(script.read_text(encoding="utf-8"))


if __name__ == "<run_path>":  # run by mkdocs-gen-files during the build
    main()
