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
