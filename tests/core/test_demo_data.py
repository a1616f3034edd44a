"""Demo content is data: each plugin's ``demo_data/`` files parse, the demo reads every one of
them, and a plugin whose data is missing fails loudly instead of loading less."""

import importlib
import os
import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from wagtail import hooks

from core.demo import DATA_FOLDER, DemoData, DemoDataMissing, markdown_blocks, recording_reads
from core.plugins import DEMO_CONTENT_HOOK, DemoContext


def _data_folders() -> dict[str, Path]:
    folders = {}
    for config in apps.get_app_configs():
        folder = Path(config.path) / DATA_FOLDER
        if folder.is_dir():
            folders[config.name] = folder
    return folders


def _data_files() -> list[Path]:
    return sorted(
        path for folder in _data_folders().values() for path in folder.rglob("*") if path.is_file()
    )


def _demo_apps() -> list[str]:
    """The apps that contribute demo content (their hook function's package). core's own step
    only converts the others' pages to zh-hant: it has no content of its own."""
    packages = {fn.__module__.split(".")[0] for fn in hooks.get_hooks(DEMO_CONTENT_HOOK)}
    return sorted(packages - {"core"})


@pytest.fixture(scope="module")
def files_read(django_db_setup, django_db_blocker):
    """The data files one run of ``load_demo`` resolves, over the demo already in the database
    (so it also proves that a second run reads them all, not only the first)."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        recording_reads() as paths,
        open(os.devnull, "w") as devnull,
    ):
        call_command("load_demo", "--no-admin", stdout=devnull)
        transaction.set_rollback(True)  # leave the session's demo as it was
    return paths


@pytest.mark.parametrize(
    "path", _data_files(), ids=lambda path: str(path.relative_to(path.parents[2]))
)
def test_demo_data_file_parses(path):
    if path.suffix == ".toml":
        with path.open("rb") as file:
            assert tomllib.load(file)
    else:
        assert path.suffix == ".md", f"{path}: demo data is TOML, or Markdown for long bodies"
        assert path.read_text(encoding="utf-8").strip()


def test_every_demo_data_file_is_read_by_the_demo(files_read, demo_site):
    unread = [str(path) for path in _data_files() if path not in files_read]
    assert not unread, f"demo data files the demo never reads: {unread}"


def test_every_plugin_with_demo_content_reads_its_own_data(files_read, demo_site):
    assert "home" in _demo_apps() and "law_education" in _demo_apps()
    folders = _data_folders()
    for app in _demo_apps():
        assert app in folders, f"{app} contributes demo content but has no {DATA_FOLDER}/"
        assert any(path.is_relative_to(folders[app]) for path in files_read), app


@pytest.mark.parametrize("app", _demo_apps())
def test_plugin_demo_fails_when_its_data_is_missing(
    app, demo_site, home_page, tmp_path, monkeypatch
):
    data = importlib.import_module(f"{app}.demo").DATA
    monkeypatch.setattr(data, "folder", tmp_path)
    demo = DemoContext(homes={"zh-hans": home_page})
    with pytest.raises(DemoDataMissing, match=str(tmp_path)):
        for fn in hooks.get_hooks(DEMO_CONTENT_HOOK):
            if fn.__module__.split(".")[0] == app:
                fn(demo)


def test_missing_file_names_itself(tmp_path):
    data = DemoData(str(tmp_path / "demo.py"))
    with pytest.raises(DemoDataMissing, match="absent.toml"):
        data.toml("absent.toml")


def test_markdown_body_is_headings_and_paragraphs():
    text = "## 如何提出意见\n\n打开草案。\n\nOne paragraph\nover two lines.\n"
    assert markdown_blocks(text) == [
        ("heading", {"text": "如何提出意见", "level": "h2"}),
        ("paragraph", "<p>打开草案。</p>"),
        ("paragraph", "<p>One paragraph over two lines.</p>"),
    ]
