"""Everything our code imports is declared in requirements.txt, not left to arrive through Wagtail."""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
# The house and every optional plugin of this repository (the settings' one list of them).
SOURCE_DIRS = [
    "lawbridge",
    "users",
    "core",
    "home",
    "bench",
    *(p for p in settings.LAWBRIDGE_OPTIONAL_PLUGINS if (ROOT / p).is_dir()),
]


def imported_top_level_modules() -> set[str]:
    names = set()
    for folder in SOURCE_DIRS:
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module.split(".")[0])
    return names


def declared_distributions() -> set[str]:
    declared = set()
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            declared.add(re.split(r"[\[<>=!~ ]", line)[0].lower().replace("_", "-"))
    return declared


def test_every_imported_package_is_declared():
    ours = {p.name for p in ROOT.iterdir() if p.is_dir()} | {"manage", "conftest"}
    stdlib = set(sys.stdlib_module_names) | {"__future__"}
    owners = packages_distributions()
    declared = declared_distributions()
    undeclared = {}
    for module in imported_top_level_modules() - ours - stdlib:
        dists = {d.lower().replace("_", "-") for d in owners.get(module, [])}
        if not dists & declared:
            undeclared[module] = sorted(dists) or ["(not installed)"]
    assert not undeclared, f"imported but not in requirements.txt: {undeclared}"
