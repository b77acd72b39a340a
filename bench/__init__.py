"""Benchmarks: `python -m bench [NAME…]` runs bench/bench_<NAME>.py:main (all when no name)."""
