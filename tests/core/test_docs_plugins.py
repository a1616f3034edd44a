"""docs/plugins.md's example plugin, built from the page itself, joins a site and shows on its home
page: a newcomer who follows the page gets a working plugin."""

import re
import shutil
from pathlib import Path

import pytest

from tests import scenario_sites

ROOT = Path(__file__).resolve().parents[2]
FILE_BLOCK = re.compile(r"<!-- file: (?P<path>[^ ]+) -->\n```\w*\n(?P<body>.*?)```", re.S)

# check, migrate and the home page, in one process (settings are read once per process).
RENDER_HOME = """
import django
django.setup()
from django.core.management import call_command
from django.test import Client
call_command("check", fail_level="ERROR", verbosity=0)
call_command("migrate", interactive=False, verbosity=0)
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
@pytest.mark.scenario
def test_example_plugin_runs(tmp_path, scenario_dir):
    for relative, body in example_files().items():
        path = tmp_path / "pkgs" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(body, encoding="utf-8")
    # From the site the plugin-removal scenarios start from (every migration but the example's
    # applied): migrate then runs the example's migrations on top of every other plugin's.
    database, built = scenario_sites.full_site(scenario_dir)
    assert built.returncode == 0, f"the site with every optional plugin:\n{built.stderr[-3000:]}"
    database = Path(shutil.copyfile(database, tmp_path / "site.sqlite3"))
    result = scenario_sites.run(
        database, extra_plugins="example_notice", pythonpath=[tmp_path / "pkgs"], script=RENDER_HOME
    )
    assert result.returncode == 0, f"the example plugin:\n{result.stderr[-3000:]}"
    assert "本周六上午九点，联系点开放接待。" in result.stdout
