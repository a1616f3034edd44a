"""Intake through the HTML form: the happy path and everything a visitor can get wrong."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forms.models import Channel, Opinion, StatusChange
from forms.receipts import ALPHABET
from tests.html_checks import assert_good_page

from .conftest import valid_post

CODE = re.compile(rf"LB-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}")


def test_article_link_opens_form_with_article_and_returns_to_it(client, draft, article3):
    url = reverse("opinions_new", args=[draft.pk]) + f"?article={article3.key}"
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert_good_page(html)
    assert article3.text[:20] in html  # the visitor sees what they comment on
    assert f'<option value="{article3.key}" selected>' in html
    assert 'maxlength="5000"' in html and "data-counter" in html

    response = client.post(
        reverse("opinions_new", args=[draft.pk]), valid_post(article=article3.key)
    )
    assert response.status_code == 302
    opinion = Opinion.objects.latest("pk")
    assert response["Location"] == reverse("opinions_receipt", args=[opinion.receipt_code])
    assert CODE.fullmatch(opinion.receipt_code)
    assert opinion.article_key == article3.key and opinion.article_label == article3.label
    assert opinion.article_ordinal == 3
    assert opinion.channel == Channel.WEB and opinion.language == "zh-hans"
    assert list(opinion.history.values_list("to_status", flat=True)) == ["received"]

    receipt = client.get(response["Location"])
    html = receipt.content.decode()
    assert_good_page(html)
    assert opinion.receipt_code in html
    assert f'href="{draft.url}#article-3"' in html  # back to where the visitor was reading


def test_receipt_page_is_only_for_the_submitting_browser(client, draft):
    client.post(reverse("opinions_new", args=[draft.pk]), valid_post())
    code = Opinion.objects.latest("pk").receipt_code
    from django.test import Client

    # Another browser (WeChat, another phone) gets the contact check, never the opinion itself.
    _asks_for_the_contact_check(Client().get(reverse("opinions_receipt", args=[code])), code)


def _asks_for_the_contact_check(response, code):
    assert response.status_code == 200
    html = response.content.decode()
    assert valid_post()["text"] not in html
    assert f'value="{code}"' in html  # the code filled in, waiting for the last four digits


def test_receipt_cookie_is_signed_and_keeps_the_visitor_on_cached_pages(client, draft, settings):
    """The browser remembers its receipt codes in a signed cookie, not a session: a session cookie
    would take every page the commenter reads afterwards out of the anonymous page cache."""
    from django.core.cache import cache

    from core import page_cache

    settings.PAGE_CACHE_SECONDS = 300
    cache.clear()
    client.post(reverse("opinions_new", args=[draft.pk]), valid_post())
    code = Opinion.objects.latest("pk").receipt_code
    assert settings.SESSION_COOKIE_NAME not in client.cookies
    assert client.get(reverse("opinions_receipt", args=[code])).status_code == 200
    client.get(draft.url)
    assert client.get(draft.url)[page_cache.HEADER] == "hit"
    # A forged cookie naming someone else's code shows nothing but the contact check.
    from django.test import Client

    forger = Client()
    forger.cookies["lb_receipts"] = code
    _asks_for_the_contact_check(forger.get(reverse("opinions_receipt", args=[code])), code)
    cache.clear()


def test_english_site_marks_the_language(client, draft):
    client.post("/en" + reverse("opinions_new", args=[draft.pk]), valid_post())
    assert Opinion.objects.latest("pk").language == "en"


def test_script_is_stored_as_text_and_shown_escaped(client, draft):
    payload = '<script>alert("x")</script><b>粗体</b>'
    client.post(reverse("opinions_new", args=[draft.pk]), valid_post(text=payload))
    opinion = Opinion.objects.latest("pk")
    assert opinion.text == payload
    html = client.get(reverse("opinions_receipt", args=[opinion.receipt_code])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"text": ""}, "text", "请填写意见内容"),
        ({"text": "   "}, "text", "请填写意见内容"),
        ({"text": "长" * 5001}, "text", "最多 5000 字"),
        ({"privacy_consent": ""}, "privacy_consent", "请阅读并同意隐私说明"),
        ({"category": "hacker"}, "category", ""),
        ({"publish_consent": "everywhere"}, "publish_consent", ""),
        ({"phone": "not-a-phone"}, "phone", "有效的电话号码"),
        ({"email": "nobody@"}, "email", ""),
        ({"article": "00000000-forged-key"}, "article", "所选条文不存在"),
    ],
)
def test_bad_input_is_refused_with_a_clear_error(client, draft, overrides, field, message):
    before = Opinion.objects.count()
    response = client.post(reverse("opinions_new", args=[draft.pk]), valid_post(**overrides))
    assert response.status_code == 400
    assert Opinion.objects.count() == before
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    html = response.content.decode()
    assert_good_page(html)
    assert 'class="invalid-feedback' in html or "is-invalid" in html


def test_text_of_exactly_5000_characters_is_accepted(client, draft):
    response = client.post(reverse("opinions_new", args=[draft.pk]), valid_post(text="字" * 5000))
    assert response.status_code == 302


def test_unknown_draft_is_404(client, demo_site):
    assert client.get(reverse("opinions_new", args=[999999])).status_code == 404
    assert client.post(reverse("opinions_new", args=[999999]), valid_post()).status_code == 404


def test_page_that_takes_no_comments_is_404(client, home_page):
    assert client.get(reverse("opinions_new", args=[home_page.pk])).status_code == 404


def test_closed_window_shows_message_and_gives_the_text_back(client, closed_draft):
    url = reverse("opinions_new", args=[closed_draft.pk])
    response = client.get(url)
    html = response.content.decode()
    assert 'name="text"' not in html  # no form to fill in
    text = "这条意见在窗口打开时写好，提交时已经截止了。"
    before = Opinion.objects.count()
    response = client.post(url, valid_post(text=text))
    assert response.status_code == 409
    assert Opinion.objects.count() == before
    html = response.content.decode()
    assert_good_page(html)
    assert "意见征集已截止" in html
    assert text in html  # not lost: shown back to copy


def test_receipt_email_when_an_email_is_given(client, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("opinions_new", args=[draft.pk]), valid_post(email="resident@example.com")
        )
    opinion = Opinion.objects.latest("pk")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["resident@example.com"]
    assert opinion.receipt_code in mail.outbox[0].subject
    assert "/opinions/status/" in mail.outbox[0].body


def test_no_email_without_an_address(client, draft, django_capture_on_commit_callbacks):
    before = Opinion.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("opinions_new", args=[draft.pk]), valid_post())
    # The submission was accepted (a refused one would also send nothing and prove nothing) and
    # its after-commit work ran: only the e-mail is missing.
    assert response.status_code == 302
    assert Opinion.objects.count() == before + 1
    assert callbacks
    assert mail.outbox == []


def _png() -> bytes:
    """A real 1×1 PNG (attachments are decoded and re-encoded, so it must be a valid one)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (1, 1), (255, 0, 0, 255)).save(out, "PNG")
    return out.getvalue()


PNG = _png()


def test_attachment_is_content_checked(client, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("opinions_new", args=[draft.pk])
    fake = SimpleUploadedFile("report.pdf", b"MZ this is an executable", "application/pdf")
    response = client.post(url, {**valid_post(), "attachments": [fake]})
    assert response.status_code == 400
    assert "内容与文件类型不符" in " ".join(response.context["form"].errors["attachments"])
    exe = SimpleUploadedFile("tool.exe", b"MZ", "application/octet-stream")
    response = client.post(url, {**valid_post(), "attachments": [exe]})
    assert response.status_code == 400

    image = SimpleUploadedFile("photo.png", PNG, "image/png")
    response = client.post(url, {**valid_post(), "attachments": [image]})
    assert response.status_code == 302
    attachment = Opinion.objects.latest("pk").attachments.get()
    assert attachment.content_type == "image/png" and attachment.original_name == "photo.png"
    assert "photo" not in attachment.file.name  # stored under an unguessable name


def test_form_page_submission_enters_the_same_pipeline(client, form_page):
    response = client.get(form_page.url)
    html = response.content.decode()
    assert_good_page(html)
    assert 'name="建议立法项目名称"' in html  # readable keys for Chinese labels
    response = client.post(
        form_page.url,
        {**valid_post(text="建议制定电动自行车管理条例。"), "建议立法项目名称": "电动自行车管理条例",
         "所属领域": "城市管理"},
    )  # fmt: skip
    assert response.status_code == 302
    opinion = Opinion.objects.latest("pk")
    assert opinion.channel == Channel.FORM and opinion.page_id == form_page.pk
    assert opinion.form_data == {"建议立法项目名称": "电动自行车管理条例", "所属领域": "城市管理"}
    assert StatusChange.objects.filter(opinion=opinion, to_status="received").exists()
    assert "/opinions/receipt/" in response["Location"]


def test_questionnaire_without_free_text_builds_the_text_from_answers(client, form_page):
    form_page.require_opinion_text = False
    form_page.save_revision().publish()
    response = client.post(
        form_page.url,
        {**valid_post(text=""), "建议立法项目名称": "养老服务条例", "所属领域": "社会民生"},
    )
    assert response.status_code == 302
    assert Opinion.objects.latest("pk").text == "建议立法项目名称：养老服务条例\n所属领域：社会民生"
