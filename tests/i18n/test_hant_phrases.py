"""zh-hant is converted phrase by phrase, in one stated standard: Hong Kong character forms with
mainland vocabulary (docs/languages.md). Pages, the admin's machine translation and the UI
catalogues all go through ``core.translation``."""

from pathlib import Path

import polib
import pytest
from django.conf import settings

from core.management.commands.make_hant_messages import catalogues
from core.translation import html_to_traditional, to_traditional


@pytest.mark.parametrize(
    "simplified, traditional",
    [
        # One simplified character, several traditional ones: the phrase decides.
        ("请把桌面擦干净", "請把桌面擦乾淨"),  # 乾淨, not 幹淨
        ("干部", "幹部"),
        ("理发店的头发", "理髮店的頭髮"),  # 頭髮, not 頭發
        ("发表意见", "發表意見"),
        ("后面的条款", "後面的條款"),
        ("皇后", "皇后"),  # a queen, not "behind"
        ("征求意见", "徵求意見"),
        ("出征", "出征"),
        # Hong Kong forms, not the dictionary's older ones (爲, 臺, 衆) nor Taiwan's (說, 戶).
        ("为了群众", "為了羣眾"),
        ("后台说明", "後台説明"),
        ("用户", "用户"),
        ("里面", "裏面"),
        # Mainland vocabulary is kept: no rewording of legal and institutional terms.
        ("基层立法联系点", "基層立法聯繫點"),
        ("个人信息", "個人信息"),
    ],
)
def test_phrases_in_hong_kong_forms(simplified, traditional):
    assert to_traditional(simplified) == traditional


def test_a_phrase_split_by_markup_is_still_a_phrase():
    assert html_to_traditional("<p>头<b>发</b>要擦<em>干</em>净</p>") == (
        "<p>頭<b>髮</b>要擦<em>乾</em>淨</p>"
    )
    # Tags and attributes stay as they are.
    html = '<p><a href="/zh-hans/后面/" title="后面">后面</a>的说明</p>'
    assert (
        html_to_traditional(html) == '<p><a href="/zh-hans/后面/" title="后面">後面</a>的説明</p>'
    )


def test_ui_catalogues_are_the_conversion_of_their_msgids():
    """`make_hant_messages` was run with the current converter: every zh_Hant string is what
    ``to_traditional`` makes of its msgid (so the UI and the pages follow one standard)."""
    stale = []
    base_dir = Path(settings.BASE_DIR)
    # Wagtail's own words translated by the project for zh-hans: converted from that Chinese.
    admin = {}
    for domain in ("django", "djangojs"):
        for entry in polib.pofile(str(base_dir / f"locale/zh_Hans/LC_MESSAGES/{domain}.po")):
            chinese = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
            admin[(domain, entry.msgid)] = to_traditional(chinese)
    hants = [
        (en_po.parent.parent.parent / "zh_Hant" / "LC_MESSAGES" / "django.po", "django")
        for en_po in catalogues(base_dir)
    ]
    hants.append((base_dir / "locale/zh_Hant/LC_MESSAGES/djangojs.po", "djangojs"))
    for hant, domain in hants:
        for entry in polib.pofile(str(hant)):
            expected = admin.get((domain, entry.msgid)) or to_traditional(entry.msgid)
            got = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
            if got != expected:
                stale.append(f"{hant.relative_to(settings.BASE_DIR)}: {got} ≠ {expected}")
    assert not stale, "run `manage.py make_hant_messages`:\n" + "\n".join(stale[:20])
