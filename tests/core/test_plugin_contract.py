"""A site must pass its checks, migrate and render its home page with any optional plugin removed
from INSTALLED_APPS; one scenario also loads the whole demo without a plugin the others' demo
content refers to.

Each scenario runs in one subprocess (settings are read once per process) on an SQLite file:
``check``, ``migrate`` and the home page in every language. The scenario without any optional
plugin migrates from an empty database; every optional plugin's migrations then run once on a
copy of it (the full site), and each removal starts from a copy of the full site with the
removed plugin's tables, migration records, content types and permissions taken out (why that
still proves the contract: tests/scenario_sites.py). The demo is loaded in one scenario only;
the main suite loads the full demo anyway."""

import sqlite3
from contextlib import closing

import pytest
from django.conf import settings

from tests import scenario_sites

# One removal scenario for each optional plugin of this repository (and one with all of them
# removed): the settings' list, so a new plugin gets its scenario without a list of its own. A
# package from outside (LAWBRIDGE_EXTRA_PLUGINS) is not built into the scenarios' sites.
PLUGINS = [
    name
    for name in settings.LAWBRIDGE_OPTIONAL_PLUGINS
    if name not in settings.LAWBRIDGE_EXTRA_PLUGINS
]

DEMO_SCENARIO = scenario_sites.DEMO_SCENARIO


def _plugins_to_remove():
    return [name for name in PLUGINS if name in settings.INSTALLED_APPS]


def _check(removed: str, result) -> None:
    assert result.returncode == 0, f"without {removed}:\n{result.stderr[-3000:]}"
    remaining = set(scenario_sites.installed_optional()) - set(removed.split(","))
    assert f"site ok: {','.join(sorted(remaining))}\n" in result.stdout


@pytest.mark.slow
@pytest.mark.scenario
def test_site_runs_without_any_optional_plugin(scenario_dir):
    """Migrated from an empty database: the core site the other scenarios start from."""
    _, result = scenario_sites.core_site(scenario_dir)
    _check(",".join(scenario_sites.installed_optional()) or "none", result)


@pytest.mark.slow
@pytest.mark.scenario
def test_every_optional_plugin_migrates_onto_the_core_site(scenario_dir):
    """The site the removal scenarios start from: every plugin's migrations, from its first."""
    _, result = scenario_sites.full_site(scenario_dir)
    _check("none", result)


@pytest.mark.slow
@pytest.mark.scenario
def test_the_core_site_gives_wagtails_default_groups_their_rights(scenario_dir):
    """Without the plugins the migrations run in another order: the two groups Wagtail creates
    (renamed by core/migrations/0006) still get every right its migrations grant them by their
    English names. The test database starts from this site on SQLite (tests/shared_build.py)."""
    database, result = scenario_sites.core_site(scenario_dir)
    assert result.returncode == 0, result.stderr[-3000:]
    with closing(sqlite3.connect(database)) as connection:
        rows = connection.execute(
            "SELECT g.name, t.app_label || '.' || p.codename FROM auth_group g"
            " JOIN auth_group_permissions gp ON gp.group_id = g.id"
            " JOIN auth_permission p ON p.id = gp.permission_id"
            " JOIN django_content_type t ON t.id = p.content_type_id"
        ).fetchall()
    rights = {name: {right for group, right in rows if group == name} for name, _ in rows}
    granted_by_name = {
        "wagtailadmin.access_admin",
        "wagtailimages.add_image",
        "wagtaildocs.add_document",
        "wagtail_localize.submit_translation",
    }
    for group in ("网站编辑", "网站审核员"):
        assert granted_by_name <= rights.get(group, set()), (group, rights.get(group))


@pytest.mark.slow
@pytest.mark.scenario
@pytest.mark.parametrize(
    "removed",
    # ``removal`` names the scenario a worker waiting for the test database may run ahead
    # (tests/conftest.py, scenario_sites.run_ahead).
    [pytest.param(name, marks=pytest.mark.scenario(removal=name)) for name in _plugins_to_remove()],
)
def test_site_runs_without_plugin(removed, scenario_dir):
    _check(removed, scenario_sites.removal(scenario_dir, removed))


def test_the_demo_scenario_is_one_of_the_removals():
    """Renaming the plugin must not silently drop the one demo scenario."""
    if DEMO_SCENARIO not in settings.INSTALLED_APPS:
        pytest.skip(f"{DEMO_SCENARIO} is not installed here")
    assert DEMO_SCENARIO in _plugins_to_remove()


@pytest.mark.slow
@pytest.mark.scenario
def test_a_removed_plugin_leaves_nothing_the_site_could_find(scenario_dir, tmp_path):
    """What a removal scenario starts from: no table, migration record, content type or
    permission of the removed plugin, and no row pointing at one."""
    import sqlite3

    plugin = next(p for p in _plugins_to_remove() if p != DEMO_SCENARIO)
    label, tables = scenario_sites.plugin_tables(plugin)
    database = scenario_sites.site_without(scenario_dir, tmp_path / "site.sqlite3", plugin)
    connection = sqlite3.connect(database)
    try:
        names = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
        assert tables and not set(tables) & names
        for query in (
            "SELECT count(*) FROM django_migrations WHERE app = ?",
            "SELECT count(*) FROM django_content_type WHERE app_label = ?",
            "SELECT count(*) FROM auth_permission JOIN django_content_type ct"
            " ON ct.id = content_type_id WHERE ct.app_label = ?",
        ):
            assert connection.execute(query, (label,)).fetchone() == (0,), query
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        # The other plugins are still there.
        assert connection.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 50
    finally:
        connection.close()
