"""Benchmarks: ``python -m bench <name> [args]`` runs ``bench.<name>.main(args)``."""
