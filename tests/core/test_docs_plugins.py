"""docs/plugins.md's example plugin, built from the page itself, joins a site and shows on its home
page: a newcomer who follows the page gets a working plugin."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FILE_BLOCK = re.compile(r"<!-- file: (?P<path>[^ ]+) -->\n```\w*\n(?P<body>.*?)```", re.S)

RENDER_HOME = """
import django
django.setup()
from django.test import Client
response = Client().get("/")
assert response.status_code == 200, response.status_code
print(response.content.decode())
"""


def example_files() -> dict[str, str]:
    text = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    return {m["path"]: m["body"] for m in FILE_BLOCK.finditer(text)}


def test_the_page_holds_a_whole_plugin():
    files = example_files()
    assert {"example_notice/__init__.py", "example_notice/apps.py"} <= set(files)
    assert any(path.endswith("wagtail_hooks.py") for path in files)


@pytest.mark.slow
def test_example_plugin_runs(tmp_path):
    for relative, body in example_files().items():
        path = tmp_path / "pkgs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "lawbridge.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        "LAWBRIDGE_EXTRA_PLUGINS": "example_notice",
        "PYTHONPATH": os.pathsep.join([str(tmp_path / "pkgs"), str(ROOT)]),
    }

    def run(*args):
        result = subprocess.run(
            [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
            timeout=600, check=False,
        )  # fmt: skip
        assert result.returncode == 0, f"{args} failed:\n{result.stderr[-3000:]}"
        return result.stdout

    run("manage.py", "check")
    run("manage.py", "migrate", "--noinput")
    html = run("-c", RENDER_HOME)
    assert "本周六上午九点，联系点开放接待。" in html
