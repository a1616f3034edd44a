"""Short admin words in English. Django merges every app's catalogue, and a word such as 修改 already
means "Changed" (a history column) elsewhere; the task and status pages give theirs a context so
that the button reads "Edit", not "Changed"."""

from pathlib import Path

import pytest
from django.template import engines
from django.utils import translation

ROOT = Path(__file__).resolve().parents[2]

CASES = [
    ("consultations/templates/consultations/admin/task.html", "修改", "button", "Edit"),
    ("consultations/templates/consultations/admin/task.html", "报送时间", "report", "Reported at"),
    ("consultations/templates/consultations/admin/step_form.html", "删除", "button", "Delete"),
    ("consultations/templates/consultations/admin/index.html", "已报送", "report", "Reported"),
    ("assessment/templates/assessment/admin/statuses.html", "记录", "button", "Record"),
    ("assessment/templates/assessment/admin/card.html", "已完成", "obligation", "Met"),
    ("assessment/templates/assessment/admin/obligations.html", "未完成", "obligation", "Missed"),
]


@pytest.mark.parametrize("template,msgid,context,english", CASES)
def test_admin_word_reads_as_meant_in_english(template, msgid, context, english):
    tag = f'{{% translate "{msgid}" context "{context}" %}}'
    assert tag in (ROOT / template).read_text(encoding="utf-8")
    rendered = engines["django"].from_string("{% load i18n %}" + tag)
    with translation.override("en"):
        assert rendered.render({}) == english
    with translation.override("zh-hans"):
        assert rendered.render({}) == msgid


def test_progress_chips_read_as_meant_in_english():
    """已报送 is "Sent" in another app's catalogue (a message was sent): a reported point must not
    read as a sent task on the board."""
    from consultations.admin_views import _chip_labels
    from consultations.workflow import AssignmentState as S

    with translation.override("en"):
        labels = _chip_labels()
        assert (labels[S.NOT_STARTED], labels[S.IN_PROGRESS], labels[S.REPORTED]) == (
            "Not started",
            "In progress",
            "Reported",
        )
        assert str(S.REPORTED.label) == "Reported"
    with translation.override("zh-hans"):
        assert _chip_labels()[S.REPORTED] == "已报送"
