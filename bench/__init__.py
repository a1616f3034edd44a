"""Benchmarks: ``python -m bench <name> [args]`` runs ``bench.<name>.main(args)``
(``make bench BENCH_ARGS="opinions --size 100000"``)."""
