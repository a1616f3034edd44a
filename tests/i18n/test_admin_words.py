"""Wagtail strings its own zh_Hans catalogue lacks, translated in the project's catalogue
(locale/zh_Hans): an office user never reads English on an admin page."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _script_words(client) -> str:
    """The admin's script catalogue, its ``\\uXXXX`` escapes read as the characters they are."""
    script = client.get("/admin/jsi18n/").content.decode()
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match.group(1), 16)), script)


def test_the_keyboard_shortcuts_note_is_in_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Keyboard shortcuts are currently" not in html
    assert "键盘快捷键已开启" in html and "账户设置" in html


def test_the_admin_script_words_are_in_chinese(admin_client):
    """The rich-text placeholder and the sidebar's new-items note come from the script
    catalogue (locale/zh_Hans/LC_MESSAGES/djangojs.po)."""
    script = _script_words(admin_client)
    assert "输入内容，或键入“/”插入段落、列表等" in script
    assert "此菜单中有 %(number)s 个新项目" in script


@pytest.mark.parametrize(
    "english",
    [
        "You saved a new version in another window",
        "%(user_name)s saved a new version",
        "You have unsaved changes in another window",
        "%(user_name)s has unsaved changes",
        "Proceeding will overwrite the changes you made in that window.",
        "Proceeding will overwrite the changes made by %(user_name)s.",
        "Alternatively, you can view the latest version in a new tab.",
        "Troubleshoot your connection to the site before proceeding. Open the editor in a "
        "separate tab to view the last saved version.",
    ],
)
def test_the_dialog_about_a_newer_version_is_in_chinese(english):
    """The editor's dialog when the page was saved in another window or by someone else
    (Wagtail's editing_sessions/list.html): an editor who publishes from two tabs reads it."""
    from django.utils import translation

    for language in ("zh-hans", "zh-hant"):
        with translation.override(language):
            chinese = translation.gettext(english)
        assert re.search("[\u4e00-\u9fff]", chinese), (language, chinese)
        assert re.findall(r"%\(\w+\)s", chinese) == re.findall(r"%\(\w+\)s", english)


def test_an_office_user_reading_the_admin_in_traditional_chinese_gets_the_same_words(client):
    """Wagtail's zh_Hant catalogue lacks the words the project translates for zh-hans (and has
    檢查 where the office says 查看): they come converted from the project's zh_Hans catalogues
    (``make_hant_messages``), in the pages and in the admin's script words."""
    from django.contrib.auth import get_user_model
    from django.utils import translation
    from wagtail.users.models import UserProfile

    user = get_user_model().objects.create_superuser("hant-admin", "h@example.com", "pw")
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language="zh-hant")
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "鍵盤快捷鍵已開啓" in html and "键盘快捷键已开启" not in html
    script = _script_words(client)
    assert "此菜單中有 %(number)s 個新項目" in script
    with translation.override("zh-hant"):
        assert translation.gettext("Inspect") == "查看"  # Wagtail's zh_Hant: 檢查
        assert translation.gettext("Snippets") == "內容庫"  # Wagtail's zh_Hant: 片段
        assert translation.gettext("You saved a new version in another window") == (
            "您在另一個窗口中保存了新版本"
        )
