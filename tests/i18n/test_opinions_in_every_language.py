"""The opinion flow exists in every language: form errors, receipt, status page and emails in
zh-hans, zh-hant and English; an opinion sent from the English or traditional-Chinese site keeps
its language and joins the same draft as every other opinion."""

import re

import pytest
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.html_checks import assert_good_page
from tests.i18n.conftest import needs

pytestmark = [needs["forms"], needs["drafts"]]

PREFIX = {"zh-hans": "", "zh-hant": "/zh-hant", "en": "/en"}
# The same sentence in each language (English from forms/locale/en, zh-hant from OpenCC).
RECEIVED = {"zh-hans": "意见已收到，谢谢您！", "zh-hant": "意見已收到，謝謝您！",
            "en": "Opinion received. Thank you!"}  # fmt: skip
EMPTY_TEXT = {"zh-hans": "请填写意见内容。", "zh-hant": "請填寫意見內容。",
              "en": "Please write your opinion."}  # fmt: skip
STATUS = {"zh-hans": "当前状态", "zh-hant": "當前狀態", "en": "Current status"}
MAIL_SUBJECT = {"zh-hans": "意见已收到，回执码", "zh-hant": "意見已收到，回執碼",
                "en": "Opinion received, receipt code"}  # fmt: skip
REPLY_SUBJECT = {"zh-hans": "您的意见已有答复", "zh-hant": "您的意見已有答覆",
                 "en": "Your opinion has been answered"}  # fmt: skip
THANKS = {"zh-hans": "感谢您参与立法！", "zh-hant": "感謝您參與立法！",
          "en": "Thank you for taking part in law-making!"}  # fmt: skip
CLOSED = {"zh-hans": "意见征集已截止", "zh-hant": "意見徵集已截止",
          "en": "The comment period has closed"}  # fmt: skip
CHINESE_DATE = r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}"
ENGLISH_DATE = (
    r"(Jan\.|Feb\.|March|April|May|June|July|Aug\.|Sept\.|Oct\.|Nov\.|Dec\.) \d{1,2}, \d{4}"
)
DATE = {"zh-hans": CHINESE_DATE, "zh-hant": CHINESE_DATE, "en": ENGLISH_DATE}


def _form(**overrides):
    data = {"text": "建议第三条写明劝阻不文明行为的程序。", "article": "", "category": "public",
            "name": "李四", "phone": "13900001111", "email": "li@example.com", "region": "",
            "publish_consent": "anonymous", "privacy_consent": "on"}  # fmt: skip
    data.update(overrides)
    return data


def _page_in(language, draft, english_draft):
    if language == "en":
        return english_draft
    return (
        draft
        if language == "zh-hans"
        else draft.get_translation(
            draft.locale.__class__.objects.get(language_code="zh-hant")
        ).specific
    )


@pytest.fixture
def any_draft(request, draft, english_draft):
    return lambda language: _page_in(language, draft, english_draft)


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_opinion_from_any_language_is_one_of_the_drafts_opinions(
    client, language, draft, any_draft, django_capture_on_commit_callbacks
):
    from forms.feedback import opinion_counts
    from forms.models import Opinion

    page = any_draft(language)
    assert page.locale.language_code == language
    article = page.get_comment_targets()[2]
    before = opinion_counts(draft).get(article.key, 0)
    url = PREFIX[language] + f"/opinions/new/{page.pk}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _form(article=article.key))
    assert response.status_code == 302, response.content.decode()[:500]
    opinion = Opinion.objects.latest("pk")
    # Stored with the visitor's language, on the source draft, under the source article label,
    # so the office handles it with the others (same list, counts, groups and batches).
    assert opinion.language == language
    assert opinion.page_id == draft.pk
    assert opinion.article_label == draft.get_comment_targets()[2].label
    assert opinion_counts(draft)[article.key] == before + 1
    assert opinion_counts(page)[article.key] == before + 1  # the translation shows the same
    # The receipt in the visitor's language, back to the page they read.
    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert_good_page(html)
    assert RECEIVED[language] in html
    assert f'<html lang="{language}"' in html
    assert page.title in html
    assert f'href="{page.url}#article-3"' in html
    assert re.search(DATE[language], html), "submit time in the language's date format"
    # The receipt email, in the visitor's language, pointing to the status page of that language.
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject.startswith(MAIL_SUBJECT[language])
    assert THANKS[language] in message.body and page.title in message.body
    assert f"{PREFIX[language]}/opinions/status/" in message.body


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_status_page_and_reply_email_in_each_language(client, language, draft, any_draft):
    from forms.intake import Submission, create_opinion
    from forms.models import Channel
    from forms.tasks import notify_reply
    from forms.workflow import Status, transition

    page = any_draft(language)
    with translation.override(language):
        opinion = create_opinion(
            page, Submission(text="建议增设夜间噪音投诉渠道。", phone="13900002222",
                             email="wang@example.com"), channel=Channel.WEB,
        )  # fmt: skip
    assert opinion.language == language
    for status in (Status.REVIEWING, Status.FORWARDED):
        transition(opinion, status, user=None)
    mail.outbox.clear()
    transition(
        opinion, Status.ADOPTED, user=None, reply="已采纳，将在第二十条增加规定。", notify=False
    )
    notify_reply.enqueue(opinion.pk)
    assert mail.outbox, "the reply is sent to the submitter"
    assert any(m.subject.startswith(REPLY_SUBJECT[language]) for m in mail.outbox)

    url = PREFIX[language] + reverse("opinions_status")
    html = client.post(url, {"code": opinion.receipt_code, "contact": "2222"}).content.decode()
    assert_good_page(html)
    assert STATUS[language] in html and page.title in html
    assert "已采纳，将在第二十条增加规定。" in html
    assert re.search(DATE[language], html)
    assert not re.search(r">\s*\d{4}-\d{2}-\d{2}", html), "no hard-coded ISO dates on show"


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_form_errors_and_closed_window_in_each_language(client, language, any_draft, demo_site):
    from drafts.models import RegulationDraftPage
    from forms.models import Opinion

    page = any_draft(language)
    before = Opinion.objects.count()
    response = client.post(PREFIX[language] + f"/opinions/new/{page.pk}/", _form(text=""))
    assert response.status_code == 400
    assert EMPTY_TEXT[language] in response.content.decode()
    assert Opinion.objects.count() == before

    closed = RegulationDraftPage.objects.get(slug="tingche", locale__language_code="zh-hans")
    if language != "zh-hans":
        from tests.i18n.conftest import translate_into

        closed = (
            translate_into(closed, language)
            if language == "en"
            else closed.get_translation(page.locale)
        )
    response = client.post(PREFIX[language] + f"/opinions/new/{closed.pk}/", _form())
    html = response.content.decode()
    assert response.status_code == 409
    assert CLOSED[language] in html
    assert re.search(DATE[language], html), "the closing time in the language's format"


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_every_email_template_renders_in_each_language(language, draft):
    from forms.intake import Submission, create_opinion
    from forms.models import Batch, Channel

    opinion = create_opinion(draft, Submission(text="意见", email="a@example.com"),
                             channel=Channel.WEB)  # fmt: skip
    opinion.reply = "答复内容"
    context = {"opinion": opinion, "page_title": "TITLE", "status_url": "URL",
               "batch": Batch(title="第一批")}  # fmt: skip
    with translation.override(language):
        texts = {name: render_to_string(f"forms/email/{name}.txt", context)
                 for name in ("receipt", "reply", "batch")}  # fmt: skip
    assert THANKS[language] in texts["receipt"] and THANKS[language] in texts["reply"]
    assert "TITLE" in texts["receipt"] and "URL" in texts["reply"]
    assert "第一批" in texts["batch"]
    if language == "en":
        for text in texts.values():
            chinese = set(re.findall(r"[\u4e00-\u9fff]+", text)) - {"意见", "答复内容", "第一批"}
            assert chinese == set(), f"untranslated: {chinese}"
