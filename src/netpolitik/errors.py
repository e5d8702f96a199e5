"""The one error type that user-facing code raises for bad input.

The CLI turns an :class:`InputError` into a single line on stderr and exit code 2.
Messages name the field, the bad value and the fix, e.g.::

    countries[3]: unknown ISO3 code 'XXX'; use one of `netpolitik world` (e.g. 'EST')
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class InputError(ValueError):
    """Bad user input: a one-line message naming the field, the bad value and the fix."""

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))


class ScenarioError(InputError):
    """Every problem found in a scenario, one line each (``path: message (got X; ...)``).

    ``str()`` joins the lines with newlines; the CLI prints each as its own ``error:`` line.
    """

    def __init__(self, problems: list[str]) -> None:
        self.problems = [" ".join(str(p).split()) for p in problems] or ["scenario: invalid"]
        ValueError.__init__(self, "\n".join(self.problems))


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """``" (did you mean 'X'?)"`` for the closest of ``choices`` to ``word`` (difflib,
    case-insensitive), or ``""`` when none is close.

    >>> did_you_mean("basline", ["baseline", "firewall_world"])
    " (did you mean 'baseline'?)"
    >>> did_you_mean("est", ["EST", "USA"])
    " (did you mean 'EST'?)"
    >>> did_you_mean("zzz", ["EST", "USA"])
    ''
    """
    options = [str(c) for c in choices]
    by_fold = {c.casefold(): c for c in options}
    found = difflib.get_close_matches(str(word).casefold(), list(by_fold), n=1, cutoff=0.6)
    return f" (did you mean {by_fold[found[0]]!r}?)" if found else ""
