"""The production recipe in docs/operations.md, followed word for word, passes
`check --deploy --fail-level WARNING` with no warning: its `export` lines are run by bash exactly as
written (a stale or missing variable in the docs fails here), then the check it names."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "operations.md"


def _recipe() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Production with PostgreSQL and Redis", 1)[1]
    return re.search(r"```sh\n(.*?)```", section, re.S).group(1)


def test_the_recipe_names_the_check_it_promises():
    assert "manage.py check --deploy --fail-level WARNING" in _recipe()


def test_the_production_recipe_passes_the_deploy_check_with_no_warning():
    exports = [line for line in _recipe().splitlines() if line.startswith("export ")]
    assert exports, "the recipe exports nothing"
    script = "\n".join(
        [
            "set -eu",
            *exports,
            f'"{sys.executable}" manage.py check --deploy --fail-level WARNING',
        ]
    )
    env = {
        name: value
        for name, value in os.environ.items()
        # Only what an operator's fresh shell has: nothing of the test run's own settings.
        if name in {"PATH", "HOME", "LANG", "LC_ALL"}
    }
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output and "issues" not in output.replace("no issues", ""), output


def test_production_keeps_connections_checks_them_and_purges_every_varnish():
    """A new PostgreSQL connection per request cost a third of an uncached page; kept ones are
    health-checked so a database restart costs no request. Each Varnish named is purged."""
    exports = [line for line in _recipe().splitlines() if line.startswith("export ")]
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "d = s.DATABASES['default']; "
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'], "
        "sorted((k, v['BACKEND'], v['LOCATION']) for k, v in s.WAGTAILFRONTENDCACHE.items()))"
    )
    script = "\n".join(
        [
            "set -eu",
            *exports,
            "export VARNISH_URLS='http://10.0.0.21:6081, http://10.0.0.22:6081'",
            f'"{sys.executable}" -c "{probe}"',
        ]
    )
    env = {name: value for name, value in os.environ.items() if name in {"PATH", "HOME", "LANG"}}
    result = subprocess.run(
        ["bash", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:2] == ["60", "True"]
    assert "core.frontend_cache.VarnishBackend" in result.stdout
    assert "http://10.0.0.21:6081" in result.stdout and "http://10.0.0.22:6081" in result.stdout
