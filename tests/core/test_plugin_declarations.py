"""What plugins declare about themselves (``core.plugins.PluginConfig``), and the rule that no
plugin names another's models, apps or permissions in its code."""

import ast
import re
import subprocess
import types
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from wagtail import hooks

from core import plugins

ROOT = Path(__file__).resolve().parents[2]


def _string_constants(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def _names_another_plugin(value: str, others: list[str]) -> bool:
    # "events", "events.EventNoticePage", "forms.view_personal_data" — not prose that merely
    # contains the word, and not file names such as "events.ics".
    head = value.split(".", 1)
    return head[0] in others and (
        len(head) == 1
        or head[1][:1].isalpha()
        and "/" not in value
        and not head[1].endswith(("ics", "xml", "html", "txt"))
    )


def test_no_plugin_names_another_in_its_code():
    installed = [p for p in settings.LAWBRIDGE_OPTIONAL_PLUGINS if apps.is_installed(p)]
    found = []
    for plugin in installed:
        others = [p for p in installed if p != plugin]
        for path in (ROOT / plugin).rglob("*.py"):
            if "migrations" in path.parts:
                continue  # migrations freeze history, including cross-app dependencies
            for line, value in _string_constants(path):
                if _names_another_plugin(value, others):
                    found.append(f"{path.relative_to(ROOT)}:{line}: {value!r}")
    # The only place a plugin may name another: the optional dependencies in its AppConfig.
    allowed = {f"{plugin}/apps.py" for plugin in installed}
    found = [f for f in found if f.split(":")[0] not in allowed]
    assert not found, "plugins must meet through core.plugins, not names:\n" + "\n".join(found)


def test_every_optional_plugin_describes_itself():
    for name in settings.LAWBRIDGE_OPTIONAL_PLUGINS:
        if apps.is_installed(name):
            config = apps.get_app_config(name)
            assert isinstance(config, plugins.PluginConfig), name
            for dependency in config.optional_dependencies:
                assert dependency in settings.LAWBRIDGE_OPTIONAL_PLUGINS, (name, dependency)


def test_page_roles_resolve_to_page_models():
    from wagtail.models import Page

    for role in (plugins.POINT_PAGE, plugins.DRAFT_PAGE, plugins.EVENT_PAGE):
        models = plugins.page_models_for(role)
        assert models and all(issubclass(m, Page) for m in models), role
    # Events live under points because the points plugin says which page is a point.
    from events.models import EventNoticePage

    assert EventNoticePage.parent_page_types == plugins.page_types_for(plugins.POINT_PAGE)


def test_home_sections_follow_the_declared_order():
    ordered = sorted(hooks.get_hooks(plugins.HOME_SECTIONS_HOOK), key=plugins._hook_order)
    owners = [apps.get_containing_app_config(fn.__module__).label for fn in ordered]
    orders = [apps.get_app_config(label).home_section_order for label in owners]
    assert orders == sorted(orders)
    assert owners.index("events") < owners.index("law_education") < owners.index("liaison_points")


def test_search_facets_and_cache_exclusions_come_from_the_plugins():
    facets = plugins.search_facets()
    assert {"draft", "article", "event", "point", "law_education"} <= set(facets)
    assert "/opinions/" not in settings.PAGE_CACHE_EXCLUDED_PREFIXES
    assert "/opinions/" in plugins.page_cache_excluded_prefixes()


@pytest.mark.django_db
def test_point_staff_receive_what_plugins_declare():
    from django.contrib.auth.models import Permission

    from liaison_points.staff import _plugin_permissions

    declared = set(plugins.point_staff_permissions())
    assert ("forms", "enter_offline_opinions") in declared
    granted = {(p.content_type.app_label, p.codename) for p in _plugin_permissions()}
    assert granted == declared
    assert Permission.objects.filter(codename="enter_offline_opinions").exists()


def test_default_settings_fill_gaps_and_never_override(tmp_path, settings):
    settings.LB_EXAMPLE_SET = "project"

    class ExampleConfig(plugins.PluginConfig):
        name = "example_plugin"
        default_settings = {"LB_EXAMPLE_SET": "plugin", "LB_EXAMPLE_NEW": 7}

    module = types.ModuleType("example_plugin")
    module.__path__ = [str(tmp_path)]
    ExampleConfig("example_plugin", module)
    assert settings.LB_EXAMPLE_SET == "project"
    assert settings.LB_EXAMPLE_NEW == 7
    del settings.LB_EXAMPLE_NEW


@pytest.mark.django_db
def test_saves_and_deletes_of_what_plugins_declare_readers_see_drop_the_page_cache():
    from core import page_cache

    declared = {model._meta.label: model for model in plugins.page_cache_models()}
    assert "forms.PageOpinionSettings" in declared
    for label, model in declared.items():
        instance = model.objects.first()
        assert instance is not None, f"the demo has no {label} to save"
        before = page_cache.current_generation()
        instance.save()
        assert page_cache.current_generation() > before, f"saving a {label}"
        before = page_cache.current_generation()
        instance.delete()
        assert page_cache.current_generation() > before, f"deleting a {label}"


def _plugin_lists_in_python(source: str, ours: set[str]):
    """Line numbers of list, tuple and set literals naming six or more of the plugins (a plugin's
    own ``optional_dependencies`` are a declaration, not a list of the plugins)."""
    tree = ast.parse(source)
    declared = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", None) == "optional_dependencies" for t in node.targets)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.List | ast.Tuple | ast.Set) and id(node) not in declared:
            named = {e.value for e in node.elts if isinstance(e, ast.Constant) and e.value in ours}
            if len(named) >= 6:
                yield node.lineno


def _plugin_lists_in_text(text: str, ours: set[str]):
    """Line numbers where five lines of a Makefile, shell script or TOML name six or more."""
    lines = text.splitlines()
    for number in range(len(lines)):
        words = set(re.findall(r"[a-z_]+", "\n".join(lines[number : number + 5])))
        if len(words & ours) >= 6:
            yield number + 1


def test_the_optional_plugins_are_listed_once():
    """Adding a plugin touches its own folder and one list, ``LAWBRIDGE_OPTIONAL_PLUGINS``:
    the Makefile, the tests and the tools read it rather than keep lists of their own, which
    fall behind (a plugin left out of one is silently never translated, checked or tested)."""
    ours = {p for p in settings.LAWBRIDGE_OPTIONAL_PLUGINS if (ROOT / p).is_dir()}
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in tracked:
        path = ROOT / name
        if name == "lawbridge/settings/base.py" or not path.is_file():
            continue
        if path.suffix == ".py":
            lines = list(_plugin_lists_in_python(path.read_text(encoding="utf-8"), ours))
        elif path.suffix in {".toml", ".cfg", ".ini", ".sh"} or path.name in {"Makefile", "run"}:
            lines = list(_plugin_lists_in_text(path.read_text(encoding="utf-8"), ours))
        else:
            continue
        found += [f"{name}:{line}" for line in lines[:1]]
    assert not found, f"lists of the plugins beside the settings' one: {found}"


def test_the_list_finder_finds_lists():
    """The finder above finds the kinds of list it is there to refuse, and not a declaration."""
    ours = set(settings.LAWBRIDGE_OPTIONAL_PLUGINS[:6])
    makefile = (
        "PLUGINS := " + " ".join(sorted(ours)[:4]) + "\nPLUGINS += " + " ".join(sorted(ours)[4:])
    )
    assert list(_plugin_lists_in_text(makefile, ours)) == [1]
    assert not list(_plugin_lists_in_text("PLUGINS := drafts forms", ours))
    names = ", ".join(f'"{name}"' for name in sorted(ours))
    assert list(_plugin_lists_in_python(f"x = 1\nSOURCE_DIRS = ({names})\n", ours)) == [2]
    assert not list(_plugin_lists_in_python(f"optional_dependencies = ({names})\n", ours))
