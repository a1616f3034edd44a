"""The HTML opinion forms' defences: image processing only for a submission that will be
stored, and never for a heavy animation; kept attachments bounded and never silently lost;
questionnaires only through their own form; a form posted twice stored once; invisible text
refused."""

import io
import re
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.spam import started_token
from forms import kept_uploads
from forms.models import KeptUpload, Opinion

from .conftest import valid_post
from .test_hardening import _kept_token, _pdf, captcha_answer, human_post, limits, pending  # noqa: F401


def _gif(frames=5, size=(500, 500)):
    from PIL import Image

    images = [Image.new("L", size, (i * 50) % 256) for i in range(frames)]
    out = io.BytesIO()
    images[0].save(out, "GIF", save_all=True, append_images=images[1:])
    return SimpleUploadedFile("动图.gif", out.getvalue(), "image/gif")


def _jpeg():
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(out, "JPEG")
    return SimpleUploadedFile("photo.jpg", out.getvalue(), "image/jpeg")


@pytest.fixture
def reencodes(monkeypatch):
    """Every image re-encoding of the opinion forms, recorded."""
    import forms.public_forms as public_forms

    calls, real = [], public_forms.reencode_image

    def spy(upload, mime):
        calls.append(upload.name)
        return real(upload, mime)

    monkeypatch.setattr(public_forms, "reencode_image", spy)
    return calls


# --- image processing -----------------------------------------------------------------------------


def test_heavy_animation_is_refused_from_its_header(client, draft, settings, reencodes):
    settings.UPLOAD_MAX_ANIMATION_PIXELS = 1_000_000  # 5 frames × 500 × 500 = 1.25 million
    url = reverse("opinions_new", args=[draft.pk])
    started = time.monotonic()
    response = client.post(url, {**valid_post(), "attachments": [_gif()]})
    assert time.monotonic() - started < 10
    assert response.status_code == 400
    assert "帧数过多" in " ".join(response.context["form"].errors["attachments"])
    assert reencodes == []
    assert not Opinion.objects.filter(text=valid_post()["text"]).exists()
    settings.UPLOAD_MAX_ANIMATION_PIXELS = 2_000_000
    assert client.post(url, {**valid_post(), "attachments": [_gif()]}).status_code == 302
    assert reencodes == ["动图.gif"]


@pytest.mark.parametrize(
    "spoil",
    [{"privacy_consent": ""}, {"text": ""}, {"text": "\u200b"}, {"email": "nobody@"}],
)
def test_no_image_processing_for_a_refused_submission(client, draft, reencodes, spoil):
    url = reverse("opinions_new", args=[draft.pk])
    response = client.post(url, {**valid_post(**spoil), "attachments": [_jpeg()]})
    assert response.status_code == 400
    assert reencodes == []
    # Sent again with the kept photo: processed once, now that it will be stored.
    html = response.content.decode()
    sent = client.post(url, {**valid_post(), "kept_attachments": _kept_token(html)})
    assert sent.status_code == 302
    assert reencodes == ["photo.jpg"]
    assert Opinion.objects.latest("pk").attachments.get().content_type == "image/jpeg"


def test_no_image_processing_when_the_captcha_is_asked(client, draft, limits, reencodes):  # noqa: F811
    url = reverse("opinions_new", args=[draft.pk])
    for _ in range(2):
        client.post(url, human_post())
    refused = client.post(url, {**human_post(), "attachments": [_jpeg()]})
    assert refused.status_code == 429 and reencodes == []


# --- kept attachments -----------------------------------------------------------------------------


def test_nothing_is_kept_for_a_likely_bot(client, draft, limits, pending):  # noqa: F811
    url = reverse("opinions_new", args=[draft.pk])
    before = KeptUpload.objects.count()
    for spoil in ({"website": "http://spam.example"}, {"form_started": started_token()}):
        response = client.post(url, {**human_post(), **spoil, "attachments": [_pdf()]})
        assert response.status_code == 400
        html = response.content.decode()
        assert "已保留您上次选择的附件" not in html and "未能保留" in html
    assert pending() == [] and KeptUpload.objects.count() == before


def test_kept_files_have_a_quota_per_address_and_overall(client, draft, settings, pending):  # noqa: F811
    size = len(_pdf().read())
    settings.KEPT_UPLOADS_PER_CLIENT_BYTES = size * 2
    settings.KEPT_UPLOADS_TOTAL_BYTES = size * 3
    url = reverse("opinions_new", args=[draft.pk])

    def refused_post(ip, name):
        data = {**valid_post(privacy_consent=""), "attachments": [_pdf(name)]}
        return client.post(url, data, REMOTE_ADDR=ip).content.decode()

    assert "已保留您上次选择的附件：a.pdf" in refused_post("10.0.0.1", "a.pdf")
    assert "已保留您上次选择的附件：b.pdf" in refused_post("10.0.0.1", "b.pdf")
    html = refused_post("10.0.0.1", "c.pdf")  # over this address's quota
    assert "附件“c.pdf”未能保留，提交时请重新选择" in html and "kept_attachments" in html
    assert "已保留您上次选择的附件：d.pdf" in refused_post("10.0.0.2", "d.pdf")
    html = refused_post("10.0.0.3", "e.pdf")  # over the overall quota
    assert "附件“e.pdf”未能保留" in html
    assert len(pending()) == 3


def test_kept_files_live_briefly_and_expire_without_a_cron(client, draft, settings, pending):  # noqa: F811
    url = reverse("opinions_new", args=[draft.pk])
    client.post(url, {**valid_post(text=""), "attachments": [_pdf("old.pdf")]})
    assert len(pending()) == 1
    KeptUpload.objects.update(created_at=timezone.now() - timezone.timedelta(hours=3))
    # The next refused post sweeps what has outlived the two hours.
    client.post(url, {**valid_post(text=""), "attachments": [_pdf("new.pdf")]})
    assert len(pending()) == 1
    assert list(KeptUpload.objects.values_list("path", flat=True)) == [
        str(pending()[0].relative_to(settings.PRIVATE_MEDIA_ROOT))
    ]


def test_a_kept_file_that_has_gone_is_reported(client, draft, pending, monkeypatch):  # noqa: F811
    url = reverse("opinions_new", args=[draft.pk])
    html = client.post(url, {**valid_post(text=""), "attachments": [_pdf()]}).content.decode()
    token = _kept_token(html)
    before = Opinion.objects.count()
    for path in pending():
        path.unlink()
    response = client.post(url, {**valid_post(), "kept_attachments": token})
    assert response.status_code == 400
    page = response.content.decode()
    assert "已保留的附件“意见材料.pdf”已过期删除，请重新选择后再提交" in page
    assert valid_post()["text"] in page  # nothing typed is lost
    assert Opinion.objects.count() == before
    # Re-sent as the form now stands (no kept file left): accepted.
    assert client.post(url, {**valid_post(), "kept_attachments": ""}).status_code == 302

    # A token older than the files' lifetime says the same.
    past = time.time() - 3 * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: past)
    old = kept_uploads.sign(
        [{"path": "opinions/pending/x.pdf", "name": "旧.pdf", "type": "", "size": 1}]
    )
    monkeypatch.undo()
    response = client.post(url, {**valid_post(), "kept_attachments": old})
    assert response.status_code == 400 and "“旧.pdf”已过期删除" in response.content.decode()


# --- questionnaires only through their own form ---------------------------------------------------


def test_generic_form_sends_a_questionnaire_to_its_own_page(client, form_page):
    url = reverse("opinions_new", args=[form_page.pk])
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == form_page.url
    before = Opinion.objects.count()
    response = client.post(url, valid_post(text="没有填写必填项的提交。"))
    assert response.status_code == 302 and response["Location"] == form_page.url
    assert Opinion.objects.count() == before


# --- double posts and invisible text --------------------------------------------------------------


def _token(html):
    return re.search(r'name="submission_token" value="([0-9a-f]{32})"', html).group(1)


def test_the_same_form_posted_twice_gives_one_opinion_and_the_same_receipt(client, draft):
    url = reverse("opinions_new", args=[draft.pk])
    token = _token(client.get(url).content.decode())
    before = Opinion.objects.count()
    first = client.post(url, {**valid_post(), "submission_token": token})
    second = client.post(url, {**valid_post(), "submission_token": token})  # back button, retap
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Opinion.objects.count() == before + 1
    assert client.get(second["Location"]).status_code == 200
    # Back to the form, which comes with a fresh token and the browser's refill of the same
    # words: still the same opinion.
    token2 = _token(client.get(url).content.decode())
    assert token2 != token
    again = client.post(url, {**valid_post(), "submission_token": token2})
    assert again["Location"] == first["Location"]
    assert Opinion.objects.count() == before + 1
    # Other words from the same browser are another opinion.
    token3 = _token(client.get(url).content.decode())
    other = client.post(url, {**valid_post(text="另一条意见。"), "submission_token": token3})
    assert other["Location"] != first["Location"]
    assert Opinion.objects.count() == before + 2


def test_a_refused_form_keeps_its_token(client, draft):
    url = reverse("opinions_new", args=[draft.pk])
    token = _token(client.get(url).content.decode())
    refused = client.post(url, {**valid_post(privacy_consent=""), "submission_token": token})
    assert _token(refused.content.decode()) == token
    assert client.post(url, {**valid_post(), "submission_token": token}).status_code == 302


def test_questionnaire_posted_twice_gives_one_opinion(client, form_page):
    token = _token(client.get(form_page.url).content.decode())
    data = {**valid_post(text="建议制定电动自行车管理条例。"), "建议立法项目名称": "电动自行车管理条例",
            "所属领域": "城市管理", "submission_token": token}  # fmt: skip
    before = Opinion.objects.count()
    first, second = client.post(form_page.url, data), client.post(form_page.url, data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Opinion.objects.count() == before + 1


def test_concurrent_posts_of_one_form_store_one(draft):
    """The unique index decides when two posts of one form race past the first look-up."""
    from forms.intake import Submission, create_opinion, idempotency_key

    key = idempotency_key(f"web:{draft.pk}", "f" * 32)
    before = Opinion.objects.count()
    first = create_opinion(draft, Submission(text="同时提交。", idempotency_key=key), channel="web")
    second = create_opinion(
        draft, Submission(text="同时提交。", idempotency_key=key), channel="web"
    )
    assert not first.replayed and second.replayed and second.pk == first.pk
    assert Opinion.objects.count() == before + 1


@pytest.mark.parametrize("text", ["\u200b\u200b", "\ufeff\u2060", "\u3000\u00ad", "\u200d\n\u200c"])
def test_invisible_only_text_is_refused_in_the_form(client, draft, text):
    url = reverse("opinions_new", args=[draft.pk])
    before = Opinion.objects.count()
    response = client.post(url, valid_post(text=text))
    assert response.status_code == 400
    assert "不可见字符" in " ".join(response.context["form"].errors["text"])
    assert 'value="张三"' in response.content.decode()
    assert Opinion.objects.count() == before


def test_visible_text_keeps_its_inner_joiners(client, draft):
    url = reverse("opinions_new", args=[draft.pk])
    text = "\u200b建议增加家庭👨\u200d👩\u200d👧停车位。\u200b"
    assert client.post(url, valid_post(text=text)).status_code == 302
    assert Opinion.objects.latest("pk").text == "建议增加家庭👨\u200d👩\u200d👧停车位。"


def test_every_visitor_gets_a_token_of_their_own(form_page, settings):
    """A cached questionnaire would hand one token to every visitor, and the second visitor's
    post would be taken for the first's (their receipt shown): form pages are never cached."""
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 300
    pages = [Client().get(form_page.url) for _ in range(2)]
    assert all("no-cache" in page["Cache-Control"] for page in pages)
    assert _token(pages[0].content.decode()) != _token(pages[1].content.decode())
