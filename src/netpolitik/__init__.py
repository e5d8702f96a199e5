"""netpolitik: simulate international cyber politics.

Can security and collaboration coexist? Nations choose cyber policies between strict
security and openness; those choices drive trust, incidents, attribution and sanctions.
"""

#: The single source of the version: pyproject.toml reads it, ``netpolitik --version``
#: prints it and every run manifest records it as ``netpolitik_version``.
__version__ = "0.2.0"
