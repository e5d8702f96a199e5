"""A Griffe extension for the docs site: the Sphinx roles of the docstrings as Markdown.

The numpydoc docstrings cross-reference with Sphinx roles (``:func:`ensemble```,
``:class:`~netpolitik.store.experiments.ExperimentStore```), which mkdocstrings would
print as they are. Loaded by ``mkdocs.yml`` (``extensions:`` of the python handler), this
rewrites each role when the package is loaded: a full ``netpolitik.`` path becomes a
mkdocstrings cross-reference (``~`` shows only its last name, as in Sphinx), which the
strict build requires to resolve, except for data and attributes (:data:`OPTIONAL`: often
constants without a docstring, hence without an entry), which link when they can; any other
target becomes inline code.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:py:)?(func|class|mod|meth|data|attr|obj|exc|const):`(~?)([^`<]+)`")
#: Roles whose targets are often module constants that have no docstring of their own, so
#: no page: their links are optional (plain code when the target is not in the reference).
OPTIONAL = {"data", "attr", "const"}


def markdown_roles(text: str) -> str:
    """``text`` with every Sphinx role rewritten as Markdown.

    Examples
    --------
    >>> markdown_roles(":func:`~netpolitik.experiment.ensemble` and :meth:`with_overrides`")
    '[`ensemble`][netpolitik.experiment.ensemble] and `with_overrides`'
    >>> markdown_roles(":data:`~netpolitik.engine.state.SECTORS`")
    '<autoref identifier="netpolitik.engine.state.SECTORS" optional><code>SECTORS</code></autoref>'
    """

    def replace(match: re.Match[str]) -> str:
        role, short, target = match[1], match[2] == "~", match[3].strip()
        if not target.startswith("netpolitik."):
            return f"`{target.lstrip('.')}`"
        shown = target.rsplit(".", 1)[-1] if short else target
        if role in OPTIONAL:
            return f'<autoref identifier="{target}" optional><code>{shown}</code></autoref>'
        return f"[`{shown}`][{target}]"

    return ROLE.sub(replace, text)


def _rewrite(obj: Any) -> None:
    if obj.is_alias:
        return
    if obj.docstring is not None:
        obj.docstring.value = markdown_roles(obj.docstring.value)
    for member in obj.members.values():
        _rewrite(member)


class SphinxRoles(griffe.Extension):
    """Rewrite the Sphinx roles of every docstring of a loaded package."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        _rewrite(pkg)
