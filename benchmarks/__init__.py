"""Benchmarks of netpolitik (run the scripts here; see docs/performance.md)."""
