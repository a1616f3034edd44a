"""``manage.py make_hant_messages``: zh-hant UI strings converted from the zh-hans msgids.

Our msgids are simplified Chinese, so the traditional catalogue is a conversion, not a translation:
for every ``<locale dir>/en/LC_MESSAGES/django.po`` (the project's and each app's) this writes the
sibling ``zh_Hant`` catalogue with OpenCC and compiles it. Run it after ``makemessages``.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand

from core.translation import to_traditional


def catalogues(base_dir: Path) -> list[Path]:
    found = sorted(base_dir.glob("*/locale/en/LC_MESSAGES/django.po"))
    found += sorted(base_dir.glob("locale/en/LC_MESSAGES/django.po"))
    return [path for path in found if ".venv" not in path.parts]


def convert(en_po: Path) -> Path:
    source = polib.pofile(str(en_po))
    target = polib.POFile()
    target.metadata = {
        **source.metadata,
        "Language": "zh_Hant",
        "Plural-Forms": "nplurals=1; plural=0;",
    }
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
    out_dir = en_po.parent.parent.parent / "zh_Hant" / "LC_MESSAGES"
    out_dir.mkdir(parents=True, exist_ok=True)
    po_path = out_dir / "django.po"
    target.save(str(po_path))
    target.save_as_mofile(str(out_dir / "django.mo"))
    return po_path


class Command(BaseCommand):
    help = "Write zh_Hant catalogues (OpenCC, Hong Kong forms) beside each English one."

    def handle(self, *args, **options):
        for en_po in catalogues(Path(settings.BASE_DIR)):
            path = convert(en_po)
            self.stdout.write(f"wrote {path.relative_to(settings.BASE_DIR)}")
