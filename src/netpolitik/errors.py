"""The one error type that user-facing code raises for bad input.

The CLI turns an :class:`InputError` into a single line on stderr and exit code 2.
Messages name the field, the bad value and the fix, e.g.::

    countries[3]: unknown ISO3 code 'XXX'; use one of `netpolitik world` (e.g. 'EST')
"""

from __future__ import annotations


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
