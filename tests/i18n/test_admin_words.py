"""Wagtail strings its own zh_Hans catalogue lacks, translated in the project's catalogue
(locale/zh_Hans): an office user never reads English on an admin page."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_keyboard_shortcuts_note_is_in_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Keyboard shortcuts are currently" not in html
    assert "键盘快捷键已开启" in html and "账户设置" in html


def test_the_admin_script_words_are_in_chinese(admin_client):
    """The rich-text placeholder and the sidebar's new-items note come from the script
    catalogue (locale/zh_Hans/LC_MESSAGES/djangojs.po)."""
    script = admin_client.get("/admin/jsi18n/").content.decode("unicode_escape")
    assert "输入内容，或键入“/”插入段落、列表等" in script
    assert "此菜单中有 %(number)s 个新项目" in script
