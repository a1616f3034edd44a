"""Wagtail strings its own zh_Hans catalogue lacks, translated in the project's catalogue
(locale/zh_Hans): an office user never reads English on an admin page."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_keyboard_shortcuts_note_is_in_chinese(admin_client):
    html = admin_client.get("/admin/").content.decode()
    assert "Keyboard shortcuts are currently" not in html
    assert "键盘快捷键已开启" in html and "账户设置" in html
