"""Dispatch ``python -m bench <name> …`` to ``bench/<name>.py:main(argv)``."""

import importlib
import sys

BENCHMARKS = ["opinions"]


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in BENCHMARKS:
        print(f"usage: python -m bench {{{','.join(BENCHMARKS)}}} [options]")
        return 2
    module = importlib.import_module(f"bench.{sys.argv[1]}")
    return module.main(sys.argv[2:]) or 0


if __name__ == "__main__":
    sys.exit(main())
