"""Benchmarks: ``python -m bench <name> [options]`` (``make bench BENCH_ARGS='opinions --size 100000'``)."""
