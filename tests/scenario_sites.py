"""Sites built in a subprocess of their own (settings are read once per process), each on an SQLite
file: the plugin-removal contract (tests/core/test_plugin_contract.py) and the example plugin from
docs/plugins.md (tests/core/test_docs_plugins.py).

``migrate`` is almost all of a scenario's cost (Django renders the models' state again for each
operation, and every plugin's pages pull in Wagtail's whole page tree). So each migration runs
once per test run: Django's, Wagtail's and the house's in the scenario without any optional
plugin (the *core site*, from an empty database), then every optional plugin's on a copy of it
(the *full site*). A removal scenario starts from a copy of the full site with the removed
plugin taken out as if it had never been installed (``forget``: its tables and the triggers
naming them, its migration records, its content types and permissions and every row pointing at
them), then runs ``check``, ``migrate`` and the home page without it. This still proves the
contract:

- a plugin can only come to need another through its migrations' dependencies (a model state
  or a RunPython reading another app's models needs one), and ``migrate`` without the removed
  plugin loads the migration graph of the others, which refuses a dependency on a migration that
  is not there (``NodeNotFoundError``);
- if a house or Wagtail migration depended on a plugin's migration, the core site (built
  without any plugin) would fail, and an applied migration whose dependency is missing makes
  ``migrate`` refuse the history (``InconsistentMigrationHistory``);
- at run time the site without the plugin finds nothing of it in the database: no table to
  query by raw SQL, no permission codename or content type to look up by string.

The shared sites are built once per test run, shared by the xdist workers through a file lock
in their common temporary folder. On SQLite the test database starts from the full site too
(``migrated_full_site``, tests/shared_build.py), so a run with the scenarios migrates once."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

# check, migrate, then the home page in two languages (``--demo``: the whole demo first, and one
# of its pages too). One process per scenario.
SCENARIO = """
import sys
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client

call_command("check", fail_level="ERROR", verbosity=0)
call_command("migrate", interactive=False, verbosity=0)
urls = ["/", "/en/"]
if "--demo" in sys.argv:
    call_command("load_demo", "--no-admin", verbosity=0)
    urls.append("/about/")
client = Client()
for url in urls:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
installed = sorted(set(settings.LAWBRIDGE_OPTIONAL_PLUGINS) & set(settings.INSTALLED_APPS))
print("site ok:", ",".join(installed))
"""


# Appended to every scenario's script: once it has said what it found, the process ends without
# Python's own shutdown, which frees every module and object of a started Django site one by one
# (0.7-0.8 s of CPU a process, against 2.1 s for the whole of a removal scenario). The database
# file is complete once Django's connections are closed: SQLite writes committed transactions
# to it, and this project never switches it to a write-ahead log.
QUICK_EXIT = """
import os, sys
from django.db import connections
connections.close_all()
sys.stdout.flush()
sys.stderr.flush()
os._exit(0)
"""


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str


def installed_optional() -> list[str]:
    return [name for name in settings.LAWBRIDGE_OPTIONAL_PLUGINS if name in settings.INSTALLED_APPS]


def run(
    database: Path,
    *,
    disabled: str = "",
    extra_plugins: str = "",
    pythonpath: list[Path] = (),
    args: list[str] = (),
    script: str = SCENARIO,
) -> Result:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lawbridge.settings.test",
        "DATABASE_URL": f"sqlite:///{database}",
        "LAWBRIDGE_DISABLED_PLUGINS": disabled,
        "LAWBRIDGE_EXTRA_PLUGINS": extra_plugins,
        "PYTHONPATH": os.pathsep.join([*map(str, pythonpath), str(ROOT)]),
    }
    done = subprocess.run(
        [sys.executable, "-c", script + QUICK_EXIT, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return Result(done.returncode, done.stdout, done.stderr)


def _built_once(shared: Path, name: str, build) -> tuple[Path, Result]:
    """A site every xdist worker of this run shares: the first worker to ask builds it (``build``
    fills the database file and gives the scenario's result), the others wait for it."""
    database = shared / f"{name}.sqlite3"
    log = shared / f"{name}.log"
    with open(shared / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not log.exists():
            result = build(database)
            log.write_text(
                f"{result.returncode}\n{result.stdout}\0{result.stderr}", encoding="utf-8"
            )
    code, _, rest = log.read_text(encoding="utf-8").partition("\n")
    stdout, _, stderr = rest.partition("\0")
    return database, Result(int(code), stdout, stderr)


def core_site(shared: Path) -> tuple[Path, Result]:
    """The scenario without any optional plugin, run once per test run: its database, migrated
    from empty, and its result."""
    all_plugins = ",".join(installed_optional()) or "none"
    return _built_once(shared, "core-site", lambda database: run(database, disabled=all_plugins))


def copy_of_core_site(shared: Path, target: Path) -> Path:
    database, result = core_site(shared)
    assert result.returncode == 0, f"the site without any optional plugin:\n{result.stderr[-3000:]}"
    shutil.copyfile(database, target)
    return target


def full_site(shared: Path) -> tuple[Path, Result]:
    """The core site with every optional plugin migrated onto it, run once per test run: every
    plugin's migrations, from its first, on top of the house's."""

    def build(database: Path) -> Result:
        copy_of_core_site(shared, database)
        return run(database)

    return _built_once(shared, "full-site", build)


def migrated_full_site(shared: Path) -> Path | None:
    """The full site's database, for the test database to start from (tests/shared_build.py):
    the same tables and rows as ``migrate`` gives in process, so each migration runs once per
    test run on SQLite. None when the site could not be built: the test database is then
    migrated as usual, and the scenarios' tests say what failed."""
    try:
        database, result = full_site(shared)
    except AssertionError:  # the core site failed
        return None
    return database if result.returncode == 0 else None


def site_without(shared: Path, target: Path, plugin: str) -> Path:
    """A copy of the full site as if ``plugin`` had never been installed (``forget``)."""
    database, result = full_site(shared)
    assert result.returncode == 0, f"the site with every optional plugin:\n{result.stderr[-3000:]}"
    shutil.copyfile(database, target)
    forget(target, plugin)
    return target


# The plugin whose removal scenario also loads the whole demo (the others' demo content links to
# its drafts: events, 普法 articles and opinions refer to drafts through the page roles).
DEMO_SCENARIO = "drafts"


def removal(shared: Path, plugin: str) -> Result:
    """The scenario without ``plugin`` (``check``, ``migrate``, the home page; the whole demo too
    for ``DEMO_SCENARIO``), run once per test run on a copy of the full site as if the plugin
    had never been installed: by its test, or earlier by a worker waiting for the test database
    (``run_ahead``)."""

    def build(database: Path) -> Result:
        site_without(shared, database, plugin)
        return run(database, disabled=plugin, args=["--demo"] if plugin == DEMO_SCENARIO else [])

    return _built_once(shared, f"without-{plugin}", build)[1]


def run_ahead(shared: Path, removals: list[str], done: Callable[[], bool]) -> None:
    """Work a worker does while another builds the test database (most of a minute of one core,
    which would otherwise sit idle): the full site, then the run's removal scenarios, the one
    with the demo first (the longest), until ``done`` says the test database is there. Whatever
    is left runs in its own test."""
    full_site(shared)
    for plugin in sorted(removals, key=lambda name: name != DEMO_SCENARIO):
        if done():
            return
        removal(shared, plugin)


def plugin_tables(plugin: str) -> tuple[str, list[str]]:
    """The app label of the plugin module ``plugin`` and the tables of its models (many-to-many
    tables included), read from this process, where every plugin is installed."""
    from django.apps import apps

    config = next(c for c in apps.get_app_configs() if c.name == plugin)
    models = config.get_models(include_auto_created=True)
    return config.label, sorted({model._meta.db_table for model in models})


def forget(database: Path, plugin: str) -> None:
    """Take ``plugin``'s footprint out of a site's database: its tables, the triggers that name
    them, its migration records, its content types and permissions and every row pointing at
    those. What is left is what a site that never installed the plugin holds, as far as the
    site without it can tell: a leftover table, permission or content type would let a string
    coupling to the plugin (a permission codename, a model label, raw SQL) pass unnoticed."""
    label, tables = plugin_tables(plugin)
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            " AND (" + " OR ".join("sql LIKE ?" for _ in tables) + ")",
            [f"%{table}%" for table in tables],
        ).fetchall():
            connection.execute(f'DROP TRIGGER "{name}"')
        for table in tables:
            connection.execute(f'DROP TABLE IF EXISTS "{table}"')
        connection.execute("DELETE FROM django_migrations WHERE app = ?", (label,))
        gone = {
            "django_content_type": _ids(
                connection, "SELECT id FROM django_content_type WHERE app_label = ?", label
            )
        }
        gone["auth_permission"] = _ids(
            connection,
            "SELECT id FROM auth_permission WHERE content_type_id IN (SELECT value FROM json_each(?))",
            json.dumps(gone["django_content_type"]),
        )
        for (table,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
        ).fetchall():
            for row in connection.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
                target, column = row[2], row[3]
                if target in gone and table not in gone:
                    connection.execute(
                        f'DELETE FROM "{table}" WHERE "{column}" IN (SELECT value FROM json_each(?))',
                        (json.dumps(gone[target]),),
                    )
        for table, ids in (("auth_permission", gone["auth_permission"]),
                           ("django_content_type", gone["django_content_type"])):  # fmt: skip
            connection.execute(
                f"DELETE FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids),),
            )
        left = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE ? ESCAPE '!'",
            (label.replace("_", "!_") + "!_%",),
        ).fetchall()
        assert not left, f"{plugin}'s tables not found among its models: {left}"
        broken = connection.execute("PRAGMA foreign_key_check").fetchall()
        assert not broken, f"rows still pointing at {plugin}'s: {broken[:5]}"
        connection.commit()
    finally:
        connection.close()


def _ids(connection, query: str, value) -> list[int]:
    return [row[0] for row in connection.execute(query, (value,)).fetchall()]
