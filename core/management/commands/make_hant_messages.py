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


def admin_words(base_dir: Path, domain: str) -> list[polib.POEntry]:
    """The project's zh_Hans translations of other apps' (English) msgids, converted."""
    path = base_dir / "locale" / "zh_Hans" / "LC_MESSAGES" / f"{domain}.po"
    if not path.exists():
        return []
    converted = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.translated():
            continue
        copy = polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt, comment=entry.comment)
        if entry.msgid_plural:
            copy.msgid_plural = entry.msgid_plural
            copy.msgstr_plural = {0: to_traditional(entry.msgstr_plural[0])}
        else:
            copy.msgstr = to_traditional(entry.msgstr)
        converted.append(copy)
    return converted


def _metadata(source: polib.POFile) -> dict:
    return {**source.metadata, "Language": "zh_Hant", "Plural-Forms": "nplurals=1; plural=0;"}


def _save(target: polib.POFile, out_dir: Path, domain: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    po_path = out_dir / f"{domain}.po"
    target.save(str(po_path))
    target.save_as_mofile(str(out_dir / f"{domain}.mo"))
    return po_path


def convert(en_po: Path, extra: Iterable[polib.POEntry] = ()) -> Path:
    source = polib.pofile(str(en_po))
    target = polib.POFile()
    target.metadata = _metadata(source)
    for entry in source:
        if entry.obsolete:
            continue
        converted = polib.POEntry(
            msgid=entry.msgid, msgctxt=entry.msgctxt, occurrences=entry.occurrences
        )
        if entry.msgid_plural:
            converted.msgid_plural = entry.msgid_plural
            converted.msgstr_plural = {0: to_traditional(entry.msgid)}
        else:
            converted.msgstr = to_traditional(entry.msgid)
        target.append(converted)
    own = {(entry.msgctxt, entry.msgid) for entry in target}
    target.extend(entry for entry in extra if (entry.msgctxt, entry.msgid) not in own)
    return _save(target, en_po.parent.parent.parent / "zh_Hant" / "LC_MESSAGES", "django")


def convert_script_words(base_dir: Path) -> Path | None:
    """The admin's script words (``djangojs``): only the project's translations of Wagtail's."""
    entries = admin_words(base_dir, "djangojs")
    if not entries:
        return None
    source = polib.pofile(str(base_dir / "locale" / "zh_Hans" / "LC_MESSAGES" / "djangojs.po"))
    target = polib.POFile()
    target.metadata = _metadata(source)
    target.extend(entries)
    return _save(target, base_dir / "locale" / "zh_Hant" / "LC_MESSAGES", "djangojs")


class Command(BaseCommand):
    help = "Write zh_Hant catalogues (OpenCC, Hong Kong forms) beside each English one."

    def handle(self, *args, **options):
        base_dir = Path(settings.BASE_DIR)
        project = base_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
        for en_po in catalogues(base_dir):
            extra = admin_words(base_dir, "django") if en_po == project else []
            path = convert(en_po, extra)
            self.stdout.write(f"wrote {path.relative_to(base_dir)}")
        script = convert_script_words(base_dir)
        if script is not None:
            self.stdout.write(f"wrote {script.relative_to(base_dir)}")
