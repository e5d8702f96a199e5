"""netpolitik: simulate international cyber politics.

Can security and collaboration coexist? Nations choose cyber policies between strict
security and openness; those choices drive trust, incidents, attribution and sanctions.
"""

__version__ = "0.1.0"
