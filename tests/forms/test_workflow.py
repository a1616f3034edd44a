"""Status workflow: every transition recorded, invalid ones refused, replies notify."""

import pytest
from django.core import mail

from forms.intake import Submission, create_opinion
from forms.masking import mask_email, mask_name, mask_phone
from forms.models import Channel, Opinion
from forms.notifiers import ConsoleSMSNotifier
from forms.workflow import Status, TransitionError, transition


def make(page, **kwargs):
    return create_opinion(
        page, Submission(text=kwargs.pop("text", "意见"), **kwargs), channel=Channel.WEB
    )


def test_full_path_is_recorded(form_page, editor):
    opinion = make(form_page)
    transition(opinion, Status.REVIEWING, user=editor, note="开始审核")
    transition(opinion, Status.FORWARDED, user=editor)
    transition(opinion, Status.PARTLY_ADOPTED, user=editor, reply="部分吸收。")
    opinion.refresh_from_db()
    assert opinion.status == Status.PARTLY_ADOPTED and opinion.reply == "部分吸收。"
    assert opinion.replied_at is not None
    history = list(
        opinion.history.values_list("from_status", "to_status", "user__username", "note")
    )
    assert history == [
        ("", "received", None, "网站"),
        ("received", "reviewing", "editor", "开始审核"),
        ("reviewing", "forwarded", "editor", ""),
        ("forwarded", "partly", "editor", ""),
    ]


@pytest.mark.parametrize(
    ("path", "target", "kwargs"),
    [
        ([], Status.ADOPTED, {"reply": "x"}),  # no skipping the committee
        ([], Status.FORWARDED, {}),
        ([Status.REVIEWING, Status.FORWARDED], Status.ADOPTED, {}),  # a decision needs a reply
        ([Status.REVIEWING, Status.FORWARDED, Status.NOT_ADOPTED], Status.ADOPTED, {"reply": "x"}),
        ([], Status.DUPLICATE, {}),  # duplicate of what?
        ([], "deleted", {}),
    ],
)
def test_invalid_transitions_are_refused(form_page, path, target, kwargs):
    opinion = make(form_page)
    for step in path:
        transition(opinion, step, reply="答复" if step in {Status.NOT_ADOPTED} else "")
    before = opinion.history.count()
    with pytest.raises(TransitionError):
        transition(opinion, target, **kwargs)
    opinion.refresh_from_db()
    assert opinion.history.count() == before
    assert opinion.status == (path[-1] if path else Status.RECEIVED)


def test_duplicate_and_invalid_are_kept_and_reversible(form_page):
    first, second, spam = make(form_page), make(form_page), make(form_page, text="广告")
    transition(second, Status.DUPLICATE, duplicate_of=first)
    transition(spam, Status.INVALID, note="广告")
    assert Opinion.objects.get(pk=second.pk).duplicate_of == first
    with pytest.raises(Exception, match="不可删除"):
        spam.delete()
    with pytest.raises(Exception, match="不可删除"):
        Opinion.objects.filter(pk=spam.pk).delete()
    transition(spam, Status.REVIEWING, note="误判")
    assert Opinion.objects.get(pk=spam.pk).status == Status.REVIEWING


def test_reply_notifies_by_email_or_sms(form_page, django_capture_on_commit_callbacks):
    by_mail = make(form_page, email="wang@example.com")
    by_phone = make(form_page, phone="13800001111")
    nobody = make(form_page)
    mail.outbox.clear()
    ConsoleSMSNotifier.sent = []
    for opinion in (by_mail, by_phone, nobody):
        transition(opinion, Status.REVIEWING)
        transition(opinion, Status.FORWARDED)
        with django_capture_on_commit_callbacks(execute=True):
            transition(opinion, Status.NOT_ADOPTED, reply="经研究暂不采纳，理由如下。")
    assert [m.to for m in mail.outbox] == [["wang@example.com"]]
    assert "经研究暂不采纳" in mail.outbox[0].body
    assert by_mail.receipt_code in mail.outbox[0].subject
    assert [phone for phone, _subject in ConsoleSMSNotifier.sent] == ["13800001111"]


def test_masking_rules():
    assert mask_name("张三") == "张*"
    assert mask_name("欧阳娜娜") == "欧**"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_email("zhang@example.com") == "z***@example.com"
    assert mask_name("") == mask_phone("") == mask_email("") == ""
