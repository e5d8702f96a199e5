"""Adapters from netpolitik to other modelling tools (each an optional extra)."""
