"""SubmissionKind (core.interfaces): a page that takes 建议 with a required project name, answered
列入计划 / 列入调研 / 暂不列入, gets those words everywhere the opinions plugin shows a status or a
decision — the form, the receipt and status pages, the notice, the admin, exports, the public
feedback — while the workflow underneath stays the same. Tested on the demo draft made to
declare a kind (the real proposal page lives in another plugin)."""

import pytest
from django.core import mail
from django.urls import reverse

from core.interfaces import SubmissionKind
from forms.models import Opinion, PageOpinionSettings
from forms.workflow import Publication, Status, decide_publication, transition
from tests.forms.conftest import valid_post

KIND = SubmissionKind(
    noun="建议",
    subject_label="建议项目名称",
    decision_labels={"adopted": "列入计划", "partly": "列入调研", "not_adopted": "暂不列入"},
)


@pytest.fixture
def proposals(draft, monkeypatch):
    """The demo draft, declaring the proposal kind for this test only."""
    monkeypatch.setattr(type(draft), "submission_kind", lambda self: KIND, raising=False)
    return draft


def _send(client, page, **extra):
    response = client.post(reverse("opinions_new", args=[page.pk]), valid_post(**extra))
    return response, Opinion.objects.filter(page=page).order_by("-pk").first()


def _decide(opinion, status=Status.ADOPTED, **kwargs):
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    transition(opinion, status, reply="拟列入明年计划。", **kwargs)


def test_the_form_asks_for_the_subject_and_stores_it(client, proposals):
    html = client.get(reverse("opinions_new", args=[proposals.pk])).content.decode()
    assert "建议项目名称" in html and 'name="subject"' in html
    before = Opinion.objects.count()
    response, _opinion = _send(client, proposals)
    assert response.status_code == 400 and "请填写“建议项目名称”" in response.content.decode()
    assert Opinion.objects.count() == before  # nothing stored, what was typed is kept
    assert valid_post()["text"] in response.content.decode()
    response, _opinion = _send(client, proposals, subject="x" * 201)
    assert response.status_code == 400 and Opinion.objects.count() == before
    response, opinion = _send(client, proposals, subject="  养老服务条例  ")
    assert response.status_code == 302 and opinion.subject == "养老服务条例"
    receipt = client.get(response["Location"]).content.decode()
    assert "建议已收到" in receipt and "养老服务条例" in receipt and "建议项目名称" in receipt


def test_an_ordinary_page_has_no_subject_and_its_usual_words(client, draft):
    html = client.get(reverse("opinions_new", args=[draft.pk])).content.decode()
    assert 'name="subject"' not in html
    response, opinion = _send(client, draft)
    assert response.status_code == 302 and opinion.subject == ""
    _decide(opinion, notify=False)
    assert opinion.status_display == "已采纳"


def test_status_page_notice_and_history_use_the_kinds_words(
    client, proposals, django_capture_on_commit_callbacks
):
    _response, opinion = _send(client, proposals, subject="养老服务条例", email="p@example.com")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _decide(opinion)
    assert mail.outbox and "您的建议已有答复" in mail.outbox[-1].subject
    assert "列入计划" in mail.outbox[-1].body and "养老服务条例" in mail.outbox[-1].body
    assert "已采纳" not in mail.outbox[-1].body
    lookup = {"code": opinion.receipt_code, "phone_last4": "5678", "email": ""}
    html = client.post(reverse("opinions_status"), lookup).content.decode()
    assert "列入计划" in html and "已采纳" not in html and "养老服务条例" in html


def test_admin_list_detail_and_decision_choices(client, proposals, editor):
    _response, opinion = _send(client, proposals, subject="养老服务条例")
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    client.force_login(editor)
    html = client.get(
        reverse("wagtailsnippets_forms_opinion:inspect", args=[opinion.pk])
    ).content.decode()
    for label in ("列入计划", "列入调研", "暂不列入"):
        assert f">{label}</option>" in html
    assert ">已采纳</option>" not in html and "养老服务条例" in html
    transition(opinion, Status.PARTLY_ADOPTED, reply="先调研。", notify=False)
    listing = client.get(
        reverse("wagtailsnippets_forms_opinion:list"), {"q": opinion.receipt_code}
    ).content.decode()
    assert "列入调研" in listing


def test_exports_use_the_kinds_words(client, proposals, privileged_editor):
    from tests.forms.conftest import login_with_2fa

    _response, opinion = _send(client, proposals, subject="养老服务条例")
    _decide(opinion, status=Status.NOT_ADOPTED, notify=False)
    login_with_2fa(client, privileged_editor)
    response = client.get(
        reverse("wagtailsnippets_forms_opinion:list"), {"export": "csv", "q": opinion.receipt_code}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "暂不列入" in body and "养老服务条例" in body and "未采纳" not in body


def test_the_batch_export_uses_the_kinds_words(client, proposals):
    import openpyxl

    from forms.exports import export_storage, save_batch_exports
    from forms.models import Batch

    _response, opinion = _send(client, proposals, subject="养老服务条例")
    _decide(opinion, notify=False)
    batch = Batch.objects.create(title="建议汇总")
    xlsx_name, _docx = save_batch_exports(batch, Opinion.objects.filter(pk=opinion.pk))
    with export_storage().open(xlsx_name, "rb") as handle:
        cells = [c.value for row in openpyxl.load_workbook(handle).active.iter_rows() for c in row]
    assert "列入计划" in cells and "已采纳" not in cells


def test_public_feedback_uses_the_kinds_words(client, proposals, privileged_editor):
    from forms.feedback import page_feedback

    _response, opinion = _send(client, proposals, subject="养老服务条例")
    _decide(opinion, notify=False)
    decide_publication(opinion, Publication.MASKED, user=privileged_editor)
    PageOpinionSettings.objects.update_or_create(
        page=proposals, defaults={"show_public_opinions": True, "feedback_published": True}
    )
    section = page_feedback(None, proposals)
    assert section.context["decision_labels"] == {
        "adopted": "列入计划",
        "partly": "列入调研",
        "not_adopted": "暂不列入",
    }
    from django.template.loader import render_to_string

    html = render_to_string(section.template_name, {"ctx": section.context, "section": section})
    assert "列入计划" in html and "已采纳" not in html
