"""``manage.py make_hant_messages``: zh-hant UI strings converted from the zh-hans msgids.

Our msgids are simplified Chinese, so the traditional catalogue is a conversion, not a translation:
for every ``<locale dir>/en/LC_MESSAGES/django.po`` (the project's and each app's) this writes the
sibling ``zh_Hant`` catalogue with OpenCC and compiles it. Run it after ``makemessages``.

The project's ``locale/zh_Hans`` catalogues translate Wagtail's own (English) admin words where
Wagtail's zh_Hans catalogue has none or other words; Wagtail's zh_Hant catalogue lacks the same
ones, so their Chinese is converted into the project's zh_Hant catalogues too (``django`` and
``djangojs``), behind the project's own entries.
"""

from collections.abc import Iterable
from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

from core.translation import to_traditional


def catalogues(base_dir: Path) -> list[Path]:
    found = sorted(base_dir.glob("*/locale/en/LC_MESSAGES/django.po"))
    found += sorted(base_dir.glob("locale/en/LC_MESSAGES/django.po"))
    return [path for path in found if ".venv" not in path.parts]


def _traditional(entry: polib.POEntry, chinese: str) -> polib.POEntry:
    """``entry`` for the zh_Hant catalogue: ``chinese`` (its msgid, or the project's zh_Hans
    translation of another app's English msgid) in traditional forms."""
    converted = polib.POEntry(
        msgid=entry.msgid, msgctxt=entry.msgctxt, occurrences=entry.occurrences
    )
    if entry.msgid_plural:
        converted.msgid_plural = entry.msgid_plural
        converted.msgstr_plural = {0: to_traditional(chinese)}
    else:
        converted.msgstr = to_traditional(chinese)
    return converted


def admin_words(base_dir: Path, domain: str) -> tuple[dict, list[polib.POEntry]]:
    """The project's zh_Hans translations of other apps' (English) msgids, converted; with the
    zh_Hans catalogue's metadata (empty when there is no such catalogue)."""
    path = base_dir / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return {}, []
    source = polib.pofile(str(path))
    entries = [
        _traditional(entry, entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr)
        for entry in source
        if not entry.obsolete and entry.translated()
    ]
    return source.metadata, entries


def _save(metadata: dict, entries: Iterable[polib.POEntry], out_dir: Path, domain: str) -> Path:
    target = polib.POFile()
    target.metadata = {
        **metadata,
        "Language": "zh_Hant",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
    target.extend(entries)
    out_dir.mkdir(parents=True, exist_ok=True)
    po_path = out_dir / f"{domain}.po"
    target.save(str(po_path))
    target.save_as_mofile(str(out_dir / f"{domain}.mo"))
    return po_path


def convert(en_po: Path, extra: Iterable[polib.POEntry] = ()) -> Path:
    source = polib.pofile(str(en_po))
    entries = [_traditional(entry, entry.msgid) for entry in source if not entry.obsolete]
    own = {(entry.msgctxt, entry.msgid) for entry in entries}
    entries += [entry for entry in extra if (entry.msgctxt, entry.msgid) not in own]
    out_dir = en_po.parent.parent.parent / "zh_Hant" / "LC_MESSAGES"
    return _save(source.metadata, entries, out_dir, "django")


def convert_script_words(base_dir: Path) -> Path | None:
    """The admin's script words (``djangojs``): only the project's translations of Wagtail's."""
    metadata, entries = admin_words(base_dir, "djangojs")
    if not entries:
        return None
    return _save(metadata, entries, base_dir / "locale" / "zh_Hant" / "LC_MESSAGES", "djangojs")


class Command(BaseCommand):
    help = "Write zh_Hant catalogues (OpenCC, Hong Kong forms) beside each English one."

    def handle(self, *args, **options):
        base_dir = Path(settings.BASE_DIR)
        project = base_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
        for en_po in catalogues(base_dir):
            extra = admin_words(base_dir, "django")[1] if en_po == project else []
            path = convert(en_po, extra)
            self.stdout.write(f"wrote {path.relative_to(base_dir)}")
        script = convert_script_words(base_dir)
        if script is not None:
            self.stdout.write(f"wrote {script.relative_to(base_dir)}")
