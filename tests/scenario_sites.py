"""Sites built in a subprocess of their own (settings are read once per process), each on an SQLite
file: the plugin-removal contract (tests/core/test_plugin_contract.py) and the example plugin from
docs/plugins.md (tests/core/test_docs_plugins.py).

Running ``migrate`` from an empty database in every scenario was most of their cost: Django's,
Wagtail's and the house's own migrations (users, core, home) are the same in every scenario and
the longest part. They run once, from scratch, in the scenario without any optional plugin; that
database (the *core site*) is kept in a file and every other scenario starts from a copy of it,
so its ``migrate`` runs exactly the optional plugins' migrations, from their first one, with the
removed plugin absent. This still proves the contract, for two reasons:

- a plugin can only come to depend on another through the plugins' own migrations (a dependency,
  a RunPython reading another app's models), and those all run in every scenario;
- if a house or Wagtail migration depended on a plugin's migration (or had to run after one),
  the copied history would be inconsistent, and ``migrate`` refuses an inconsistent history
  (``InconsistentMigrationHistory``) instead of passing quietly.

The core site is built once per test run, shared by the xdist workers through a file lock in
their common temporary folder."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
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
        [sys.executable, "-c", script, *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    return Result(done.returncode, done.stdout, done.stderr)


def core_site(shared: Path) -> tuple[Path, Result]:
    """The scenario without any optional plugin, run once per test run (the first worker to ask
    builds it, the others wait for it): its database, migrated from empty, and its result."""
    all_plugins = ",".join(installed_optional()) or "none"
    database = shared / "core-site.sqlite3"
    log = shared / "core-site.log"
    with open(shared / "core-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not log.exists():
            result = run(database, disabled=all_plugins)
            log.write_text(
                f"{result.returncode}\n{result.stdout}\0{result.stderr}", encoding="utf-8"
            )
    code, _, rest = log.read_text(encoding="utf-8").partition("\n")
    stdout, _, stderr = rest.partition("\0")
    return database, Result(int(code), stdout, stderr)


def copy_of_core_site(shared: Path, target: Path) -> Path:
    database, result = core_site(shared)
    assert result.returncode == 0, f"the site without any optional plugin:\n{result.stderr[-3000:]}"
    shutil.copyfile(database, target)
    return target
