"""采纳证书 for the point that collected an adopted opinion, 感谢信 for the resident —
issued once, printed as A4 PDFs with the office's name, seal and a verification QR code, verified on
a public page that shows only what the resident chose to publish."""

import io

import pypdf
import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from core import pdf
from core.models import PersonalDataAccess
from forms import certificates
from forms.certificate_models import IssuedDocument
from forms.intake import Submission, create_opinion
from forms.models import Channel, PublishConsent
from forms.workflow import Status, transition
from tests.signin import login_with_2fa

pytestmark = pytest.mark.usefixtures("demo_site")
needs_font = pytest.mark.skipif(not pdf.installed_cjk_font(), reason="no CJK font installed")

LETTER = IssuedDocument.Kind.LETTER
CERTIFICATE = IssuedDocument.Kind.CERTIFICATE


def _point(slug="shizhong-jiedao"):
    from liaison_points.models import LiaisonPointPage

    return LiaisonPointPage.objects.get(slug=slug, locale__language_code="zh-hans")


def _decide(opinion, status=Status.ADOPTED):
    transition(opinion, Status.REVIEWING)
    transition(opinion, Status.FORWARDED)
    transition(opinion, status, reply="已吸收到第五条。", notify=False)
    opinion.refresh_from_db()
    return opinion


def _opinion(draft, *, status=Status.ADOPTED, point="shizhong-jiedao", **fields):
    data = {
        "text": "建议增加夜间施工噪音的处罚。",
        "name": "王小明",
        "phone": "13812345678",
        "email": "wang@example.com",
        "publish_consent": PublishConsent.ANONYMOUS,
        **fields,
    }
    opinion = create_opinion(
        draft,
        Submission(**data),
        channel=Channel.OFFLINE if point else Channel.WEB,
        point=_point(point) if point else None,
        check_window=False,
    )
    return _decide(opinion, status) if status else opinion


def _text(content: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return [page.extract_text().replace(" ", "").replace("\n", "") for page in reader.pages]


def _images(content: bytes) -> int:
    """Distinct pictures in the document (WeasyPrint may list all of them on every page)."""
    reader = pypdf.PdfReader(io.BytesIO(content))
    return len({image.name for page in reader.pages for image in page.images})


# --- Issuing ----------------------------------------------------------------------------------


def test_issued_once_and_only_for_adopted_opinions(closed_draft):
    adopted = _opinion(closed_draft)
    letter = certificates.issue(adopted, LETTER)
    certificate = certificates.issue(adopted, CERTIFICATE)
    assert letter.code != certificate.code and len(letter.code) == 12
    assert certificate.point_id == _point().pk and letter.point_id is None
    # Reload, double click: the same document.
    assert certificates.issue(adopted, LETTER) == letter
    assert IssuedDocument.objects.filter(opinion=adopted).count() == 2
    # The database refuses a second one, whatever asks.
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedDocument.objects.create(opinion=adopted, kind=LETTER, code="ABCDEFGHJKMN")

    partly = _opinion(closed_draft, status=Status.PARTLY_ADOPTED, text="部分采纳的意见")
    assert certificates.issue(partly, LETTER) is not None
    refused = _opinion(closed_draft, status=Status.NOT_ADOPTED, text="未采纳的意见")
    assert certificates.issue(refused, LETTER) is None
    pending = _opinion(closed_draft, status=None, text="还没办理")
    assert certificates.issue(pending, LETTER) is None
    # A resident's own web opinion earns a letter; no point collected it, so no certificate.
    web = _opinion(closed_draft, point=None, text="网上提交的意见")
    assert certificates.issue(web, LETTER) is not None
    assert certificates.issue(web, CERTIFICATE) is None


def test_issue_missing_issues_each_once(closed_draft):
    from forms.models import Opinion

    _opinion(closed_draft, text="第一条意见")
    _opinion(closed_draft, text="第二条意见", point=None)
    adopted = Opinion.objects.filter(status__in=certificates.ADOPTED)
    certificates.issue_missing(adopted, LETTER)
    certificates.issue_missing(adopted, CERTIFICATE)
    letters = IssuedDocument.objects.filter(kind=LETTER).count()
    assert letters == adopted.count()
    assert (
        IssuedDocument.objects.filter(kind=CERTIFICATE).count()
        == adopted.filter(point__isnull=False).count()
    )
    assert certificates.issue_missing(adopted, LETTER) == 0
    assert IssuedDocument.objects.filter(kind=LETTER).count() == letters


def test_codes_are_read_as_typed():
    assert certificates.normalise_code("abcd-efgh-jkmn") == "ABCDEFGHJKMN"
    assert certificates.normalise_code("ＡＢＣＤ ＥＦＧＨ ＪＫＭＮ") == "ABCDEFGHJKMN"
    for bad in ("", "ABCD", "ABCDEFGHJKM0", "ABC\x00EFGHJKMN", "x" * 10_000, "=HYPERLINK(1)"):
        assert certificates.normalise_code(bad) == ""


# --- The documents ----------------------------------------------------------------------------


@needs_font
def test_letter_names_the_resident_only_with_consent_and_never_a_contact(closed_draft):
    named = _opinion(closed_draft, publish_consent=PublishConsent.FULL, text="同意公开姓名")
    anonymous = _opinion(closed_draft, text="不公开姓名")
    content = certificates.render(
        [certificates.issue(named, LETTER), certificates.issue(anonymous, LETTER)]
    )
    reader = pypdf.PdfReader(io.BytesIO(content))
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4
    first, second = _text(content)
    assert "感谢信" in first and "尊敬的王小明" in first
    assert "尊敬的市民" in second and "王小明" not in second
    for page in (first, second):
        assert closed_draft.title in page
        assert "市人大常委会法制工作委员会" in page  # the office, from the site settings
        assert "被采纳" in page
        assert "13812345678" not in page and "5678" not in page and "wang@" not in page
    assert certificates.issue(named, LETTER).display_code in first
    assert _images(content) == 2  # one QR code each, no seal configured


@needs_font
def test_certificate_names_the_point_draft_article_and_outcome(closed_draft):
    article = closed_draft.get_comment_targets()[1]
    opinion = _opinion(closed_draft, status=Status.PARTLY_ADOPTED)
    opinion.article_key, opinion.article_label = article.key, article.label
    opinion.save()
    document = certificates.issue(opinion, CERTIFICATE)
    (page,) = _text(certificates.render([document]))
    assert "采纳证书" in page and "市中街道基层立法联系点" in page
    assert article.label in page and "部分采纳" in page
    assert document.display_code in page
    assert "/opinions/verify/" + document.code in page  # the absolute URL printed under the QR code
    assert "http://testserver/opinions/verify/" in certificates.verification_url(document)


@needs_font
def test_seal_from_the_site_settings_and_printing_without_one(closed_draft, tmp_path):
    from django.core.files.images import ImageFile
    from PIL import Image
    from wagtail.models import Site

    from core.models import CustomImage, SiteSettings

    buffer = io.BytesIO()
    Image.new("RGBA", (200, 200), (200, 0, 0, 128)).save(buffer, "PNG")
    seal = CustomImage.objects.create(title="公章", file=ImageFile(buffer, name="seal.png"))
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.seal = seal
    site_settings.save()
    document = certificates.issue(_opinion(closed_draft), LETTER)
    assert _images(certificates.render([document])) == 2  # the seal and the QR code
    # The seal's file is gone: the letter still prints, without it.
    seal.renditions.all().delete()
    seal.file.storage.delete(seal.file.name)
    content = certificates.render([document])
    assert _images(content) == 1 and "感谢信" in _text(content)[0]


# --- The public verification page -------------------------------------------------------------


def test_verification_page_confirms_only_what_was_published(client, closed_draft):
    named = _opinion(closed_draft, publish_consent=PublishConsent.FULL, text="同意公开")
    anonymous = _opinion(closed_draft, text="匿名")
    certificate = certificates.issue(named, CERTIFICATE)
    response = client.get(reverse("opinions_verify", args=[certificate.code]))
    html = response.content.decode()
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert "本证书真实有效" in html and "noindex" in html
    assert "采纳证书" in html and "市中街道基层立法联系点" in html and closed_draft.title in html
    assert "王小明" not in html  # a certificate is the point's

    html = client.get(
        reverse("opinions_verify", args=[certificates.issue(named, LETTER).code])
    ).content.decode()
    assert "感谢信" in html and "王小明" in html
    letter = certificates.issue(anonymous, LETTER)
    html = client.get(reverse("opinions_verify", args=[letter.code.lower()])).content.decode()
    assert "本证书真实有效" in html and "王小明" not in html
    for secret in ("13812345678", "5678", "wang@example.com", "匿名", named.receipt_code):
        assert secret not in html

    letter.revoked = True
    letter.save()
    html = client.get(reverse("opinions_verify", args=[letter.code])).content.decode()
    assert "本证书已作废" in html and "本证书真实有效" not in html


def test_unknown_codes_are_refused_and_cannot_be_enumerated(client, closed_draft, settings):
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {**settings.LAWBRIDGE_RATELIMITS, "status_lookup_miss": "5/h"}
    real = certificates.issue(_opinion(closed_draft), LETTER)
    # A NUL anywhere in a URL is refused before any view (core/bad_input.py).
    assert client.get(reverse("opinions_verify", args=["A\x00B"])).status_code == 400
    for code in ("ABCDEFGHJKMN", "<script>", "x" * 300, "ＡＢＣ", "=HYPERLINK(1)"):
        response = client.get(reverse("opinions_verify", args=[code]))
        assert response.status_code == 404
        notice = response.content.decode().split("alert-danger")[1].split("</div>")[0]
        assert "未找到该编号" in notice
        assert "<script>" not in notice and "x" * 21 not in notice and "\x00" not in notice
    # Past the budget even a real code is refused for a while.
    response = client.get(reverse("opinions_verify", args=[real.code]))
    assert response.status_code == 429 and "本证书真实有效" not in response.content.decode()


# --- The resident's download ------------------------------------------------------------------


@needs_font
def test_resident_downloads_the_letter_after_the_receipt_check(client, closed_draft):
    opinion = _opinion(closed_draft, point=None)
    response = client.post(
        reverse("opinions_status"), {"code": opinion.receipt_code, "phone_last4": "5678"}
    )
    html = response.content.decode()
    assert "下载感谢信（PDF）" in html
    assert reverse("opinions_thank_you_letter") in html

    # The button posts the proof again; the letter view checks it.
    response = client.post(
        reverse("opinions_thank_you_letter"), {"code": opinion.receipt_code, "phone_last4": "5678"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "感谢信" in _text(response.content)[0]
    # Twice: still one letter.
    client.post(
        reverse("opinions_thank_you_letter"), {"code": opinion.receipt_code, "phone_last4": "5678"}
    )
    assert IssuedDocument.objects.filter(opinion=opinion, kind=LETTER).count() == 1


def test_no_letter_without_the_proof_or_the_adoption(client, closed_draft):
    opinion = _opinion(closed_draft, point=None)
    url = reverse("opinions_thank_you_letter")
    wrong = client.post(url, {"code": opinion.receipt_code, "phone_last4": "0000"})
    assert wrong.status_code == 404 and wrong["Content-Type"].startswith("text/html")
    # The code alone, in a link: only the browser that submitted it gets the letter.
    guessed = client.get(url + "?code=" + opinion.receipt_code)
    assert guessed["Content-Type"].startswith("text/html")
    assert not IssuedDocument.objects.filter(opinion=opinion).exists()
    for bad in ({"code": "\x00" * 50}, {"code": "=HYPERLINK(1)", "phone_last4": "１２３４"}, {}):
        assert client.post(url, bad).status_code == 400

    refused = _opinion(closed_draft, status=Status.NOT_ADOPTED, point=None, text="未采纳")
    html = client.post(
        reverse("opinions_status"), {"code": refused.receipt_code, "phone_last4": "5678"}
    ).content.decode()
    assert "下载感谢信" not in html
    response = client.post(url, {"code": refused.receipt_code, "phone_last4": "5678"})
    assert response.status_code == 404
    assert "这条意见没有被采纳，没有感谢信。" in response.content.decode()


def test_the_submitting_browser_gets_the_letter_by_link(client, closed_draft, monkeypatch):
    from forms import views

    opinion = _opinion(closed_draft, point=None)
    monkeypatch.setattr(views, "_remembered_receipts", lambda request: [opinion.receipt_code])
    monkeypatch.setattr(certificates, "render", lambda documents, request=None: b"%PDF-1.7 fake")
    response = client.get(reverse("opinions_thank_you_letter") + "?code=" + opinion.receipt_code)
    assert response.status_code == 200 and response.content == b"%PDF-1.7 fake"


def test_a_failing_pdf_engine_is_a_message_not_a_500(client, closed_draft, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "render_pdf", broken)
    opinion = _opinion(closed_draft, point=None)
    response = client.post(
        reverse("opinions_thank_you_letter"), {"code": opinion.receipt_code, "phone_last4": "5678"}
    )
    assert response.status_code == 503
    assert "暂时无法生成感谢信" in response.content.decode()


# --- The admin --------------------------------------------------------------------------------


@pytest.fixture
def office(db):
    user = get_user_model().objects.create_user("cert-office", "o@example.com", "pw")
    user.groups.add(Group.objects.get(name="意见办理员"))
    return user


@pytest.fixture
def point_staff(db):
    user = get_user_model().objects.create_user("cert-staff", "s@example.com", "pw")
    user.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    return user


def test_office_lists_both_kinds_and_point_staff_only_their_certificates(
    client, closed_draft, office, point_staff
):
    mine = _opinion(closed_draft, text="本点收集")
    other = _opinion(closed_draft, point="huanghe-shequ", text="别的点收集")
    url = reverse("forms_certificates")

    client.force_login(office)
    html = client.get(url).content.decode()
    codes = {d.kind + str(d.opinion_id): d.display_code for d in IssuedDocument.objects.all()}
    for key in (f"certificate{mine.pk}", f"letter{mine.pk}", f"certificate{other.pk}"):
        assert codes[key] in html
    assert "王小明" not in html and "13812345678" not in html

    login_with_2fa(client, point_staff)  # their group also calls back event sign-ups
    html = client.get(url).content.decode()
    assert codes[f"certificate{mine.pk}"] in html
    assert codes[f"certificate{other.pk}"] not in html
    assert codes[f"letter{mine.pk}"] not in html  # the residents' letters are the office's
    others = IssuedDocument.objects.get(opinion=other, kind=CERTIFICATE)
    letter = IssuedDocument.objects.get(opinion=mine, kind=LETTER)
    for document in (others, letter):
        response = client.get(reverse("forms_certificate_download", args=[document.pk]))
        assert response.status_code == 404


def test_without_the_right_no_certificates(client, closed_draft):
    user = get_user_model().objects.create_user("nobody", "n@example.com", "pw")
    user.groups.add(Group.objects.get(name="个人信息管理员"))  # sees opinions, not certificates
    client.force_login(user)
    assert client.get(reverse("forms_certificates")).status_code in (302, 403)


@needs_font
def test_bulk_print_is_one_pdf_one_page_each_and_named_letters_are_logged(
    client, closed_draft, office
):
    named = _opinion(closed_draft, publish_consent=PublishConsent.FULL, text="公开姓名")
    anonymous = _opinion(closed_draft, text="匿名")
    client.force_login(office)
    client.get(reverse("forms_certificates"))
    letters = IssuedDocument.objects.filter(opinion__in=[named, anonymous], kind=LETTER)
    before = PersonalDataAccess.objects.count()
    response = client.post(
        reverse("forms_certificates_print"), {"ids": [d.pk for d in letters] + ["abc", "9" * 30]}
    )
    assert response["Content-Type"] == "application/pdf"
    pages = _text(response.content)
    assert len(pages) == 2 and all("感谢信" in page for page in pages)
    log = PersonalDataAccess.objects.order_by("-id").first()
    assert PersonalDataAccess.objects.count() == before + 1
    assert log.object_ids == [named.pk] and log.action == "download"

    # Everything the filter selects, revoked ones left out.
    revoked = IssuedDocument.objects.get(opinion=anonymous, kind=LETTER)
    revoked.revoked = True
    revoked.save()
    response = client.post(
        reverse("forms_certificates_print"),
        {"all": "1", "kind": "letter", "page_id": str(closed_draft.pk)},
    )
    expected = IssuedDocument.objects.filter(
        kind=LETTER, opinion__page=closed_draft, revoked=False
    ).count()
    assert len(_text(response.content)) == expected
    assert revoked.display_code not in "".join(_text(response.content))
    # Nothing ticked: back to the list with a message (and its filters, whatever was posted).
    assert client.post(reverse("forms_certificates_print"), {}).status_code == 302
    response = client.post(
        reverse("forms_certificates_print"), {"kind": "letter\r\nSet-Cookie: x=1", "valid": "1"}
    )
    assert response.status_code == 302 and "\n" not in response["Location"]


def test_bulk_print_refuses_more_than_one_worker_can_lay_out(
    client, closed_draft, office, monkeypatch
):
    monkeypatch.setattr(certificates, "MAX_BULK", 1)
    monkeypatch.setattr(certificates, "render", lambda *a, **k: pytest.fail("rendered"))
    _opinion(closed_draft, text="一")
    _opinion(closed_draft, text="二")
    client.force_login(office)
    client.get(reverse("forms_certificates"))
    response = client.post(reverse("forms_certificates_print"), {"all": "1"}, follow=True)
    assert "一次最多打印 1 份" in response.content.decode()


def test_demo_adopted_opinions_get_their_documents(client, office):
    from forms.models import Opinion

    adopted = Opinion.objects.filter(status__in=certificates.ADOPTED)
    assert adopted.exists()
    client.force_login(office)
    assert client.get(reverse("forms_certificates")).status_code == 200
    assert IssuedDocument.objects.filter(opinion__in=adopted, kind=LETTER).count() == (
        adopted.count()
    )
    assert IssuedDocument.objects.filter(kind=CERTIFICATE).count() == (
        adopted.filter(point__isnull=False).count()
    )
