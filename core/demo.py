"""Helpers for plugins' demo content: the data files a plugin ships, and idempotent page creation
(find by slug, otherwise create and publish).

A plugin keeps its demo content in ``<plugin>/demo_data/``: TOML for structured content and
Markdown for long bodies; its ``demo.py`` only turns that data into pages and snippets. TOML
because ``tomllib`` is in the standard library from Python 3.11 (the project's minimum), so the
data costs no dependency, and unlike JSON it has comments, dates and multi-line strings."""

from __future__ import annotations

import datetime as dt
import tomllib
from contextlib import contextmanager
from pathlib import Path

from wagtail.models import Locale, Page

DATA_FOLDER = "demo_data"

# Sets of paths being recorded by ``recording_reads`` (the test that no data file is left unread).
_recorders: list[set[Path]] = []


class DemoDataMissing(FileNotFoundError):
    pass


class DemoData:
    """The demo data files of the plugin whose ``demo.py`` is ``module_file``."""

    def __init__(self, module_file: str):
        self.folder = Path(module_file).resolve().parent / DATA_FOLDER

    def path(self, name: str) -> Path:
        """``name`` inside the folder; a missing file fails here, naming itself, rather than
        leaving a page out of the demo."""
        path = self.folder / name
        if not path.is_file():
            raise DemoDataMissing(f"demo data file missing: {path}")
        for recorder in _recorders:
            recorder.add(path)
        return path

    def toml(self, name: str) -> dict:
        with self.path(name).open("rb") as file:
            return tomllib.load(file)

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def blocks(self, name: str) -> list[tuple[str, object]]:
        return markdown_blocks(self.text(name))


def markdown_blocks(text: str) -> list[tuple[str, object]]:
    """A body of ``heading`` and ``paragraph`` blocks from a small Markdown subset: blocks are
    separated by blank lines, ``## `` starts a heading; a paragraph's lines join with a space,
    as in Markdown (so Chinese paragraphs are best kept on one line)."""
    blocks = []
    for chunk in text.split("\n\n"):
        line = " ".join(part.strip() for part in chunk.strip().splitlines())
        if not line:
            continue
        if line.startswith("## "):
            blocks.append(("heading", {"text": line[3:].strip(), "level": "h2"}))
        else:
            blocks.append(("paragraph", f"<p>{line}</p>"))
    return blocks


def days_from(base, value):
    """A date or time in demo data: a whole number is days from ``base`` (today, or now), so that
    the demo stays current; a TOML date or date-time is taken as written."""
    if isinstance(value, int):
        return base + dt.timedelta(days=value)
    return value


@contextmanager
def recording_reads():
    """The demo data files resolved while the block runs."""
    paths: set[Path] = set()
    _recorders.append(paths)
    try:
        yield paths
    finally:
        _recorders.remove(paths)


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ensure_child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The live child of ``parent`` with ``slug``; created (and published) only if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    return publish(page)


def ensure_translation(page: Page, language_code: str, **fields) -> Page:
    """A published translation of ``page`` into ``language_code`` with ``fields`` set.

    Parents are translated first by the caller (demo content walks the tree top-down)."""
    locale = Locale.objects.get(language_code=language_code)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    return publish(translation)
