"""Seat codes: the random tokens that let a team (or the facilitator) act.

A code is drawn with :func:`secrets.token_urlsafe`; only its SHA-256 digest is stored, and
codes are compared in constant time (:func:`hmac.compare_digest`), so the exercise file
does not hold the codes and one team cannot guess another's.

Examples
--------
>>> code = new_code()
>>> len(code) >= 16 and matches(code, digest(code)) and not matches("x" + code, digest(code))
True
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: Bytes of randomness in a code (about 11 URL-safe characters per 8 bytes).
CODE_BYTES = 12
#: The role name of the facilitator in the store and the web app.
FACILITATOR = "facilitator"


def new_code() -> str:
    """A fresh random code."""
    return secrets.token_urlsafe(CODE_BYTES)


def digest(code: str) -> str:
    """The stored SHA-256 hex digest of ``code``."""
    return hashlib.sha256(code.strip().encode("utf-8")).hexdigest()


def matches(code: object, stored: str) -> bool:
    """Whether ``code`` is the code whose digest is ``stored`` (constant-time)."""
    if not isinstance(code, str) or not code.strip() or len(code) > 200:
        return False
    return hmac.compare_digest(digest(code), stored)


def role_of(code: object, digests: dict[str, str]) -> str | None:
    """The role (a seat's ISO3 code or :data:`FACILITATOR`) whose code is ``code``."""
    found = None
    for role, stored in digests.items():
        if matches(code, stored):  # check every role: no early exit on a match
            found = role
    return found
