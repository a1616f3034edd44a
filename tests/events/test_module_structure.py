"""events/ depends one way at import time: the modules that serve requests (listing,
registration, calendar_feeds) import the page models; models.py reaches them only from inside
``get_context``/``serve``/``register``, when a request comes, so neither needs the other half-built.
"""

import ast
from pathlib import Path

EVENTS = Path(__file__).resolve().parents[2] / "events"
REQUEST_MODULES = {"listing", "registration", "calendar_feeds", "views", "urls", "admin_views"}


def import_time_imports(source: str) -> set[str]:
    """The events modules a module imports when it is itself imported: statements at module
    level and in class bodies (and the ``if``/``try``/``with`` blocks around them), not those
    inside functions and methods."""
    found = set()

    def visit(statements):
        for node in statements:
            if isinstance(node, ast.ImportFrom):
                if node.level == 1 and node.module:
                    found.add(node.module.split(".")[0])
                elif node.level == 1:  # from . import x
                    found.update(alias.name for alias in node.names)
                elif node.level == 0 and (node.module or "").startswith("events."):
                    found.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                found.update(
                    alias.name.split(".")[1]
                    for alias in node.names
                    if alias.name.startswith("events.")
                )
            elif isinstance(node, ast.ClassDef):
                visit(node.body)
            elif isinstance(node, ast.If | ast.With):
                visit(node.body)
                visit(getattr(node, "orelse", []))
            elif isinstance(node, ast.Try):
                visit(node.body)
                for handler in node.handlers:
                    visit(handler.body)
                visit(node.orelse)
                visit(node.finalbody)

    visit(ast.parse(source).body)
    return found


def events_import_graph() -> dict[str, set[str]]:
    return {
        path.stem: import_time_imports(path.read_text(encoding="utf-8"))
        for path in EVENTS.glob("*.py")
    }


def test_models_import_no_request_module_at_import_time():
    imported = import_time_imports((EVENTS / "models.py").read_text(encoding="utf-8"))
    assert not imported & REQUEST_MODULES, sorted(imported & REQUEST_MODULES)


def test_request_modules_import_the_models():
    # The other half of "one way": if these stopped importing models.py the check above would
    # still pass while the split it guards had been undone some other way.
    graph = events_import_graph()
    for name in ("listing", "registration", "calendar_feeds"):
        assert "models" in graph[name], name


def test_no_import_cycle_within_events():
    graph = events_import_graph()
    done: set[str] = set()

    def walk(module: str, path: list[str]):
        assert module not in path, " → ".join([*path, module])
        if module in done:
            return
        for imported in graph.get(module, ()):
            walk(imported, [*path, module])
        done.add(module)

    for module in graph:
        walk(module, [])


def test_the_check_sees_imports_in_class_bodies_and_blocks_not_in_functions():
    source = (
        "from .models import X\n"
        "import events.phones\n"
        "if True:\n    from . import listing\n"
        "class A:\n    from .registration import sign_up\n"
        "    def f(self):\n        from .calendar_feeds import ical_all\n"
        "def g():\n    from .views import x\n"
    )
    assert import_time_imports(source) == {"models", "phones", "listing", "registration"}
