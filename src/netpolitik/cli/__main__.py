"""``python -m netpolitik.cli``."""

from netpolitik.cli import entry

entry()
