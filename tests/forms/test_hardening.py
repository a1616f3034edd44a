"""Hardening of the opinions plugin: rate limits that keep what people typed, the spam defence with
an offline CAPTCHA, withdrawal, the PIPL audit log, retention, and safe attachments."""

import io
import itertools
import re
import time

import pytest
from captcha.models import CaptchaStore
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from core.models import PersonalDataAccess
from core.spam import started_token
from forms.feedback import opinion_counts
from forms.intake import Submission, create_opinion
from forms.models import Channel, Opinion, PageOpinionSettings
from forms.workflow import Status
from tests.forms.conftest import login_with_2fa, valid_post

TEXT = "建议在小区门口设置非机动车停放区，方便老人出行。"


@pytest.fixture
def limits(settings):
    settings.RATELIMIT_ENABLE = True
    settings.SPAM_DEFENCE = True
    settings.SPAM_MIN_FILL_SECONDS = 3
    settings.LAWBRIDGE_RATELIMITS = {
        "opinion_submit": "2/h",
        "opinion_submit_hard": "5/h",
        "api_opinion_submit": "2/h",
        "status_lookup": "100/h",
        "status_lookup_code": "2/h",
        "admin_login": "2/15m",
    }
    return settings


_NTH = itertools.count(1)


def human_post(**overrides):
    """What a person's browser sends: the form was shown 10 s ago, the honeypot left empty. Each
    call is another opinion (the same words again from one browser are the same opinion)."""
    overrides.setdefault("text", f"{TEXT}（第{next(_NTH)}条）")
    return valid_post(form_started=started_token(time.time() - 10), website="", **overrides)


def captcha_answer(html):
    key = re.search(r'name="captcha_0" value="([0-9a-f]+)"', html).group(1)
    return {"captcha_0": key, "captcha_1": CaptchaStore.objects.get(hashkey=key).response}


def test_over_the_limit_the_form_comes_back_with_the_text_and_a_captcha(client, draft, limits):
    url = reverse("opinions_new", args=[draft.pk])
    before = Opinion.objects.count()
    for _ in range(2):
        assert client.post(url, human_post()).status_code == 302
    refused = client.post(url, human_post(name="李四"))
    html = refused.content.decode()
    assert refused.status_code == 429
    assert TEXT in html and 'value="李四"' in html  # nothing typed is lost
    assert "验证码" in html and 'src="/captcha/image/' in html  # served from our host
    assert Opinion.objects.count() == before + 2
    # A wrong answer is explained; the right one gets the opinion in.
    wrong = client.post(url, {**human_post(), **captcha_answer(html), "captcha_1": "0000"})
    assert wrong.status_code == 400 and "验证码不正确" in wrong.content.decode()
    solved = client.post(url, {**human_post(name="李四"), **captcha_answer(wrong.content.decode())})
    assert solved.status_code == 302
    assert Opinion.objects.latest("pk").name == "李四"
    assert Opinion.objects.count() == before + 3


def test_hard_limit_refuses_even_with_captcha(client, draft, limits):
    url = reverse("opinions_new", args=[draft.pk])
    html = ""
    statuses = []
    for _ in range(6):
        data = human_post()
        if 'name="captcha_0"' in html:
            data.update(captcha_answer(html))
        response = client.post(url, data)
        statuses.append(response.status_code)
        # After a refusal the answer shows the next CAPTCHA; after a success the form does.
        html = (response if response.status_code != 302 else client.get(url)).content.decode()
    assert statuses[-1] == 429
    assert "暂时不能再提交" in html and TEXT in html


@pytest.mark.parametrize(
    "spoil",
    [
        {"website": "http://cheap-pills.example"},  # honeypot filled
        {"form_started": None},  # no timestamp
        {"form_started": "forged"},  # bad signature
    ],
)
def test_bots_are_refused_with_a_clear_answer(client, draft, limits, spoil):
    url = reverse("opinions_new", args=[draft.pk])
    data = {k: v for k, v in {**human_post(), **spoil}.items() if v is not None}
    before = Opinion.objects.count()
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "为确认是您本人提交" in html and TEXT in html
    assert Opinion.objects.count() == before
    # A person (an autofilling browser) solves the CAPTCHA and loses nothing.
    assert client.post(url, {**data, **captcha_answer(html)}).status_code == 302
    assert Opinion.objects.count() == before + 1


def test_too_fast_is_refused(client, draft, limits):
    url = reverse("opinions_new", args=[draft.pk])
    response = client.post(url, {**human_post(), "form_started": started_token()})
    assert response.status_code == 400 and "为确认是您本人提交" in response.content.decode()


def test_captcha_refresh_and_image_without_javascript(client, draft, limits):
    url = reverse("opinions_new", args=[draft.pk])
    html = client.post(url, {**human_post(), "website": "x"}).content.decode()
    first = captcha_answer(html)["captcha_0"]
    refreshed = client.post(url, {**human_post(), "captcha_refresh": "1"})
    page = refreshed.content.decode()
    assert refreshed.status_code == 200 and TEXT in page
    assert captcha_answer(page)["captcha_0"] != first
    assert re.search(r'<label\s+for="id_captcha_1"', page) and "换一张" in page
    image = client.get(f"/captcha/image/{first}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert "img-src 'self'" in refreshed["Content-Security-Policy"]


def test_defence_off_by_setting(client, draft, settings):
    settings.SPAM_DEFENCE = False
    settings.RATELIMIT_ENABLE = False
    url = reverse("opinions_new", args=[draft.pk])
    for _ in range(5):
        assert client.post(url, valid_post()).status_code == 302


def test_api_answers_429_in_json(client, draft, limits):
    from tests.forms.test_api import register_client

    client.defaults["HTTP_X_API_KEY"] = register_client()
    body = {"page_id": draft.pk, "text": TEXT, "privacy_consent": True}
    codes = [
        client.post("/api/opinions/", body, content_type="application/json").status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]
    refused = client.post("/api/opinions/", body, content_type="application/json")
    assert refused.status_code == 429 and "太频繁" in refused.json()["message"]


def test_status_lookup_limited_per_receipt_code_across_addresses(client, draft, limits):
    """Misses on one code from many addresses: past the code's budget everyone must solve the
    CAPTCHA first (tests/forms/test_receipt_lookup.py: the owner then still gets in)."""
    opinion = create_opinion(draft, Submission(text=TEXT, phone="13812345678"), channel="web")
    url = reverse("opinions_status")
    for ip in ("10.0.0.1", "10.0.0.2"):  # the code's budget of misses: 2
        assert client.post(url, {"code": opinion.receipt_code, "contact": "0000"},
                           REMOTE_ADDR=ip).status_code == 404  # fmt: skip
    asked = client.post(url, {"code": opinion.receipt_code, "contact": "5678"},
                        REMOTE_ADDR="10.0.0.3")  # fmt: skip
    assert asked.status_code == 400
    html = asked.content.decode()
    assert opinion.receipt_code in html and "captcha_0" in html and TEXT not in html
    api = client.post("/api/opinions/status", {"code": opinion.receipt_code, "contact": "5678"},
                      content_type="application/json", REMOTE_ADDR="10.0.0.4")  # fmt: skip
    assert api.status_code == 429 and api.json()["message"]
    # Another code is not affected.
    other = create_opinion(draft, Submission(text=TEXT, phone="13900001111"), channel="web")
    ok = client.post(url, {"code": other.receipt_code, "contact": "1111"})
    assert ok.status_code == 200


# --- Withdrawal ------------------------------------------------------------------------------


def test_submitter_withdraws_with_code_and_contact(client, draft, privileged_editor):
    opinion = create_opinion(
        draft,
        Submission(text=TEXT, name="王五", phone="13812345678", publish_consent="full"),
        channel=Channel.WEB,
    )
    from forms.workflow import Publication, decide_publication, transition

    transition(opinion, Status.REVIEWING)
    decide_publication(opinion, Publication.MASKED, user=privileged_editor)  # would be public
    PageOpinionSettings.objects.update_or_create(
        page=draft, defaults={"show_public_opinions": True}
    )
    assert Opinion.objects.filter(page=draft).publicly_visible().filter(pk=opinion.pk).exists()
    counted = opinion_counts(draft)[None]

    status_page = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "contact": "5678"}
    ).content.decode()
    assert f"{reverse('opinions_withdraw')}?code={opinion.receipt_code}" in status_page
    url = reverse("opinions_withdraw")
    assert client.get(url, {"code": opinion.receipt_code}).status_code == 200
    wrong = client.post(url, {"code": opinion.receipt_code, "contact": "0000", "confirm": "on"})
    assert wrong.status_code == 404
    unconfirmed = client.post(url, {"code": opinion.receipt_code, "contact": "5678"})
    assert unconfirmed.status_code == 400
    done = client.post(
        url,
        {"code": opinion.receipt_code, "contact": "5678", "reason": "想再完善", "confirm": "on"},
    )
    assert done.status_code == 200 and "已撤回" in done.content.decode()
    opinion.refresh_from_db()
    assert opinion.status == Status.WITHDRAWN and opinion.text == TEXT
    assert (opinion.name, opinion.phone, opinion.email) == ("", "", "")
    last = opinion.history.last()
    assert (last.from_status, last.to_status, last.note) == (
        Status.REVIEWING,
        Status.WITHDRAWN,
        "想再完善",
    )
    assert not Opinion.objects.filter(page=draft).publicly_visible().filter(pk=opinion.pk).exists()
    assert opinion_counts(draft)[None] == counted - 1
    assert TEXT not in client.get(draft.url).content.decode()
    # Not in exports either.
    login_with_2fa(client, privileged_editor)
    csv = client.get(reverse("wagtailsnippets_forms_opinion:list"), {"export": "csv"})
    assert opinion.receipt_code not in b"".join(csv.streaming_content).decode()


def test_withdraw_through_the_api(client, draft):
    opinion = create_opinion(draft, Submission(text=TEXT, email="a@example.com"), channel="api")
    body = {"code": opinion.receipt_code, "contact": "a@example.com"}
    response = client.post("/api/opinions/withdraw", body, content_type="application/json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"
    again = client.post(
        "/api/opinions/withdraw", {"code": opinion.receipt_code}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["message"]
    assert Opinion.objects.get(pk=opinion.pk).history.filter(to_status="withdrawn").count() == 1


# --- PIPL: audit log, masked exports ------------------------------------------------------------


@pytest.fixture
def opinion(draft):
    return create_opinion(
        draft,
        Submission(text=TEXT, name="张三", phone="13812345678", email="zhang@example.com"),
        channel=Channel.WEB,
    )


def test_viewing_personal_data_is_audit_logged(client, editor, privileged_editor, opinion):
    inspect = reverse("wagtailsnippets_forms_opinion:inspect", args=[opinion.pk])
    client.force_login(editor)
    assert "13812345678" not in client.get(inspect).content.decode()
    assert not PersonalDataAccess.objects.exists()  # masked: nothing to log

    login_with_2fa(client, privileged_editor)
    assert "13812345678" in client.get(inspect).content.decode()
    entry = PersonalDataAccess.objects.get()
    assert (entry.user, entry.action, entry.object_type) == (
        privileged_editor,
        "view",
        "forms.opinion",
    )
    assert entry.object_ids == [opinion.pk] and entry.path == inspect
    client.get(reverse("wagtailsnippets_forms_opinion:list"))
    listed = PersonalDataAccess.objects.filter(action="list").get()
    assert opinion.pk in listed.object_ids


def test_exports_are_masked_without_the_permission(client, editor, opinion):
    from django.contrib.auth.models import Permission

    url = reverse("wagtailsnippets_forms_opinion:list")
    client.force_login(editor)
    refused = client.get(url, {"export": "csv"})  # no export permission
    assert refused.status_code in (302, 403) and not refused.streaming
    editor.user_permissions.add(Permission.objects.get(codename="export_opinions"))
    client.force_login(editor)
    masked = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode()
    assert opinion.receipt_code in masked and "138****5678" in masked and "张*" in masked
    assert "13812345678" not in masked and "zhang@example.com" not in masked
    assert not PersonalDataAccess.objects.exists()

    editor.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    login_with_2fa(client, editor)
    clear = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode()
    assert "13812345678" in clear and "zhang@example.com" in clear
    entry = PersonalDataAccess.objects.get(action="export")
    assert (
        opinion.pk in entry.object_ids
        and entry.count == Opinion.objects.exclude(status="withdrawn").count()
    )


def test_audit_log_is_read_only_and_for_superusers(client, admin_user, editor, opinion):
    PersonalDataAccess.objects.create(at=timezone.now(), action="view", object_type="forms.opinion",
                                      object_ids=[opinion.pk], count=1, username="x")  # fmt: skip
    client.force_login(admin_user)
    index = client.get("/admin/personal-data-access/")
    assert index.status_code == 200 and "forms.opinion" in index.content.decode()
    entry = PersonalDataAccess.objects.get()
    assert client.get(f"/admin/personal-data-access/inspect/{entry.pk}/").status_code == 200
    assert client.get(f"/admin/personal-data-access/edit/{entry.pk}/").status_code in (302, 403)
    assert client.get("/admin/personal-data-access/new/").status_code in (302, 403)
    assert client.post(f"/admin/personal-data-access/delete/{entry.pk}/").status_code in (302, 403)
    assert PersonalDataAccess.objects.filter(pk=entry.pk).exists()
    client.force_login(editor)
    assert client.get("/admin/personal-data-access/").status_code in (302, 403)


# --- Retention ------------------------------------------------------------------------------


def test_purge_contact_details_after_feedback(draft, closed_draft, opinion):
    old = create_opinion(
        closed_draft,
        Submission(text="旧草案的意见", name="赵六", phone="13700001111", region="江海区",
                   form_data={"联系地址": "某路 1 号", "建议立法项目名称": "停车"}),
        channel=Channel.FORM, check_window=False,
    )  # fmt: skip
    settings_row, _ = PageOpinionSettings.objects.update_or_create(
        page=closed_draft, defaults={"feedback_published": True}
    )
    PageOpinionSettings.objects.filter(pk=settings_row.pk).update(
        feedback_published_at=timezone.now() - timezone.timedelta(days=200)
    )
    out = io.StringIO()
    call_command("purge_contact_details", "--dry-run", stdout=out)
    assert "would erase" in out.getvalue()
    assert Opinion.objects.get(pk=old.pk).phone == "13700001111"
    call_command("purge_contact_details", "--days", "365", stdout=io.StringIO())
    assert Opinion.objects.get(pk=old.pk).phone == "13700001111"  # not due yet

    call_command("purge_contact_details", stdout=io.StringIO())
    old.refresh_from_db()
    assert (old.name, old.phone, old.email, old.region) == ("", "", "", "")
    assert old.text == "旧草案的意见" and old.form_data == {"建议立法项目名称": "停车"}
    assert Opinion.objects.get(pk=opinion.pk).phone == "13812345678"  # draft without feedback
    erase = PersonalDataAccess.objects.get(action="erase")
    assert old.pk in erase.object_ids


def test_purge_task_wrapper(closed_draft):
    from forms.tasks import purge_contact_details

    create_opinion(closed_draft, Submission(text="x意见", email="p@example.com"),
                   channel=Channel.WEB, check_window=False)  # fmt: skip
    PageOpinionSettings.objects.update_or_create(
        page=closed_draft,
        defaults={"feedback_published": True,
                  "feedback_published_at": timezone.now() - timezone.timedelta(days=181)},
    )  # fmt: skip
    result = purge_contact_details.enqueue()
    assert result.return_value >= 1
    assert not Opinion.objects.filter(page=closed_draft).exclude(email="").exists()


# --- Attachments ----------------------------------------------------------------------------


def _jpeg_with_gps() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (40, 30), (200, 10, 10))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (22.0, 35.0, 1.0), 3: "E", 4: (113.0, 4.0, 50.0)}  # GPS
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    assert b"PhoneMaker" in out.getvalue()
    return out.getvalue()


def test_images_are_reencoded_stored_privately_and_served_safely(
    client, draft, editor, privileged_editor, settings
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    photo = SimpleUploadedFile("photo.jpg", _jpeg_with_gps(), "image/jpeg")
    url = reverse("opinions_new", args=[draft.pk])
    assert client.post(url, {**valid_post(), "attachments": [photo]}).status_code == 302
    attachment = Opinion.objects.latest("pk").attachments.get()
    data = attachment.file.read()
    assert b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (40, 30) and not image.getexif()
    path = attachment.file.path
    assert str(settings.PRIVATE_MEDIA_ROOT) in path and str(settings.MEDIA_ROOT) not in path

    download = reverse("wagtailsnippets_forms_opinion:attachment", args=[attachment.pk])
    client.force_login(editor)
    assert client.get(download).status_code in (302, 403)
    login_with_2fa(client, privileged_editor)
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert PersonalDataAccess.objects.filter(action="download").exists()


def test_broken_image_is_refused(client, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("x.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
    url = reverse("opinions_new", args=[draft.pk])
    response = client.post(url, {**valid_post(), "attachments": [fake]})
    assert response.status_code == 400
    assert "无法读取" in " ".join(response.context["form"].errors["attachments"])


# --- attachments survive a refused submission -----------------------------------------------


def _pdf(name="意见材料.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def _kept_token(html):
    return re.search(r'name="kept_attachments" value="([^"]+)"', html).group(1)


@pytest.fixture
def pending(settings):
    """Pending files made by this test (other tests may leave theirs in the shared folder)."""
    folder = settings.PRIVATE_MEDIA_ROOT / "opinions" / "pending"

    def listing():
        return set(folder.iterdir()) if folder.exists() else set()

    before = listing()
    return lambda: sorted(listing() - before)


def test_attachments_are_kept_when_the_form_comes_back(
    client, draft, pending, django_capture_on_commit_callbacks
):
    url = reverse("opinions_new", args=[draft.pk])
    before = Opinion.objects.count()
    # Consent forgotten: the form comes back; the file need not be chosen again.
    refused = client.post(url, {**valid_post(privacy_consent=""), "attachments": [_pdf()]})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "已保留您上次选择的附件：意见材料.pdf" in html
    assert len(pending()) == 1
    # Sent again without choosing the file: the opinion has it, the pending copy is gone.
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(url, {**valid_post(), "kept_attachments": _kept_token(html)})
    assert sent.status_code == 302
    assert Opinion.objects.count() == before + 1
    attachment = Opinion.objects.latest("pk").attachments.get()
    assert attachment.original_name == "意见材料.pdf"
    assert attachment.file.read().startswith(b"%PDF")
    assert pending() == []


def test_kept_attachments_can_be_dropped_and_count_towards_the_limit(client, draft, settings):
    url = reverse("opinions_new", args=[draft.pk])
    html = client.post(
        url, {**valid_post(text=""), "attachments": [_pdf("a.pdf"), _pdf("b.pdf")]}
    ).content.decode()
    token = _kept_token(html)
    # Two kept + two new is over the limit of three.
    over = client.post(
        url,
        {**valid_post(), "kept_attachments": token, "attachments": [_pdf("c.pdf"), _pdf("d.pdf")]},
    )
    assert over.status_code == 400
    assert "最多上传 3 个附件" in over.content.decode()
    # "不再附上已保留的附件": only the new file goes with the opinion.
    sent = client.post(
        url,
        {
            **valid_post(),
            "kept_attachments": token,
            "drop_kept": "on",
            "attachments": [_pdf("e.pdf")],
        },
    )
    assert sent.status_code == 302
    names = list(Opinion.objects.latest("pk").attachments.values_list("original_name", flat=True))
    assert names == ["e.pdf"]


def test_a_forged_kept_token_attaches_nothing(client, draft, settings):
    from django.core import signing

    from forms import kept_uploads

    forged = signing.dumps([{"path": "../../etc/passwd", "name": "x", "type": "", "size": 1}])
    signed_elsewhere = kept_uploads.sign(
        [{"path": "opinions/attachments/2026/01/x.pdf", "name": "x", "type": "", "size": 1}]
    )
    url = reverse("opinions_new", args=[draft.pk])
    for token in (forged, signed_elsewhere, "garbage"):
        assert client.post(url, {**valid_post(), "kept_attachments": token}).status_code == 302
        assert not Opinion.objects.latest("pk").attachments.exists()


def test_pending_attachments_of_abandoned_forms_are_purged(client, draft, pending):
    url = reverse("opinions_new", args=[draft.pk])
    client.post(url, {**valid_post(text=""), "attachments": [_pdf()]})
    assert len(pending()) == 1
    call_command("purge_contact_details", stdout=io.StringIO())
    assert len(pending()) == 1  # younger than a day: kept
    from forms import kept_uploads

    assert kept_uploads.purge_stale(now=timezone.now() + timezone.timedelta(days=2)) >= 1
    assert pending() == []


def test_attachments_survive_the_captcha(client, draft, limits):
    url = reverse("opinions_new", args=[draft.pk])
    for _ in range(2):
        client.post(url, human_post())
    refused = client.post(url, {**human_post(), "attachments": [_pdf()]})
    html = refused.content.decode()
    assert refused.status_code == 429 and "验证码" in html
    assert "附件需要重新选择" not in html and "已保留您上次选择的附件" in html
    solved = client.post(
        url, {**human_post(), **captcha_answer(html), "kept_attachments": _kept_token(html)}
    )
    assert solved.status_code == 302
    assert Opinion.objects.latest("pk").attachments.get().original_name == "意见材料.pdf"
