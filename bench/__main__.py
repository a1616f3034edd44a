"""Tiny dispatcher: ``python -m bench <name> [args]`` imports bench.<name> and calls main(args)."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]))
    names = [n for n in names if not n.startswith("_")]
    if not argv or argv[0] not in names:
        print(f"usage: python -m bench <{'|'.join(names)}> [args]")
        return 0 if not argv else 2
    return importlib.import_module(f"bench.{argv[0]}").main(argv[1:]) or 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
