"""A site must start, migrate, load its demo and render its home page with any optional plugin
removed from INSTALLED_APPS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

RENDER_HOME = """
import django
django.setup()
from django.test import Client
client = Client()
for url in ("/", "/en/", "/about/"):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
print("home ok")
"""


def _plugins_to_remove():
    installed = [
        name for name in settings.LAWBRIDGE_OPTIONAL_PLUGINS if name in settings.INSTALLED_APPS
    ]
    return [*installed, ",".join(installed) or "none"]


def _run(args, env):
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False
    )


@pytest.mark.slow
@pytest.mark.parametrize("removed", _plugins_to_remove())
def test_site_runs_without_plugin(removed, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lawbridge.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "LAWBRIDGE_DISABLED_PLUGINS": removed,
    }
    for args in (
        ["manage.py", "check"],
        ["manage.py", "migrate", "--noinput"],
        ["manage.py", "load_demo", "--no-admin"],
    ):
        result = _run([sys.executable, *args], env)
        assert result.returncode == 0, f"{args} failed without {removed}:\n{result.stderr[-3000:]}"
    result = _run([sys.executable, "-c", RENDER_HOME], env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "home ok" in result.stdout
