"""Django merges every plugin's catalogue into one per language, and for a message two catalogues
both translate, only one of them wins (the first app in INSTALLED_APPS, or the project's
``locale/``). Two plugins translating 条 as "Article" and as "opinions" meant that a point's
scorecard said "12 Article": a message has one English meaning across the product, and words
that mean two things carry a context (``pgettext``, ``{% translate … context … %}``)."""

from collections import defaultdict
from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

ROOT = Path(settings.BASE_DIR)


def _catalogues():
    return sorted(ROOT.glob("*/locale/en/LC_MESSAGES/django.po")) + [
        ROOT / "locale/en/LC_MESSAGES/django.po"
    ]


def test_a_message_means_one_thing_in_english_whichever_catalogue_wins():
    meanings = defaultdict(dict)
    for path in _catalogues():
        for entry in polib.pofile(str(path)):
            if entry.msgstr and not entry.obsolete and "fuzzy" not in entry.flags:
                meanings[(entry.msgctxt, entry.msgid)][path.parts[-5]] = entry.msgstr
    clashes = {key: by_app for key, by_app in meanings.items() if len(set(by_app.values())) > 1}
    assert not clashes, "give these one English wording or a context: " + repr(clashes)


def test_words_with_two_meanings_read_right_in_english():
    with translation.override("en"):
        assert translation.pgettext("unit of opinions", "条") == "opinions"
        assert translation.gettext("条") == "Article"
        assert translation.pgettext("article history", "删除") == "Removed"
        assert translation.pgettext("button", "删除") == "Delete"
        assert translation.pgettext("task progress", "已报送") == "Reported"
        assert translation.pgettext("point gallery", "图片") == "Photos"
        assert translation.pgettext("how many", "联系点") == "Contact points"
        assert translation.gettext("联系点") == "Contact point"
