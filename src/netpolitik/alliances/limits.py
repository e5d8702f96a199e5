"""Size limits of :mod:`netpolitik.alliances.landscape`, importable without numpy (the CLI
shows them in ``netpolitik landscape --help``)."""

#: Largest number of actors ``mode="exact"`` accepts.
EXACT_MAX: int = 24
#: Largest number of actors for which ``mode="auto"`` enumerates exactly.
EXACT_AUTO_MAX: int = 20
#: Local minima listed by default (the lowest; the rest are counted).
MAX_MINIMA: int = 100
