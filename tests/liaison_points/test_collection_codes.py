"""Collection codes (征集码) a point prints, and opinions credited through them."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import signing

from core.plugins import collection_source
from forms.models import Opinion
from liaison_points import codes
from liaison_points.models import CollectionSite, CommunityGrid, LiaisonPointPage, SourceKind
from liaison_points.sources import create_code
from tests.factories import DraftFactory
from tests.forms.conftest import valid_post
from tests.signin import login_with_2fa

pytestmark = pytest.mark.usefixtures("demo_site")


def _point(slug="shizhong-jiedao"):
    return LiaisonPointPage.objects.get(slug=slug, locale__language_code="zh-hans")


@pytest.fixture
def draft():
    return DraftFactory(articles=3)


@pytest.fixture
def site_code(draft):
    point = _point()
    site = CollectionSite.objects.filter(point=point).first()
    return create_code(point, draft, kind=SourceKind.SITE, site=site)


# --- the code itself -------------------------------------------------------------------------


def test_codes_avoid_look_alikes_and_read_back_however_typed():
    for _ in range(200):
        code = codes.new_code()
        assert len(code) == codes.LENGTH and not set(code) & set("01OIL")
    assert codes.normalise("abc2345") == "ABC2345"
    assert codes.normalise("ＡＢＣ２３４５") == "ABC2345"  # a Chinese input method's full width
    assert codes.normalise(" abc-2345 ") == "ABC2345"
    for bad in ("", "ABC\x002345", "ABC😀2345", "<b>ABC2345</b>", "A" * 10_000, "OIL0101", None):
        assert codes.normalise(bad) == ""


def test_a_code_resolves_to_its_point_and_site_whatever_the_case(site_code):
    source = collection_source(site_code.code.lower())
    assert source.point_id == site_code.point_id
    assert source.kind == "site" and source.label == site_code.site.name
    typed_full_width = "".join(chr(ord(c) + 0xFEE0) for c in site_code.code)
    assert collection_source(typed_full_width).point_id == site_code.point_id


def test_a_forged_or_edited_token_credits_nobody(site_code):
    genuine = collection_source(site_code.code).token
    assert collection_source(genuine).point_id == site_code.point_id
    other = _point("huanghe-shequ")
    forged = signing.dumps({"p": other.pk, "k": "point", "r": None}, salt="wrong-salt")
    assert collection_source(forged) is None
    assert collection_source(genuine[:-2] + "xx") is None
    site_code.active = False
    site_code.save()
    assert collection_source(genuine) is None  # switched off: no longer credited


# --- /c/<code> → the opinion form → an opinion credited to the point -------------------------


def test_scanning_a_card_credits_the_opinion_to_the_point_and_site(client, site_code, draft):
    response = client.get(f"/c/{site_code.code.lower()}")
    assert response.status_code == 302
    form_url = response["Location"]
    assert f"/opinions/new/{draft.pk}/" in form_url and "source=" in form_url
    assert site_code.code not in form_url  # the form carries a signed token, not the code
    page = client.get(form_url)
    html = page.content.decode()
    assert site_code.site.name in html and 'name="source"' in html
    token = page.context["source"].token
    post = valid_post(source=token, text="建议在小区门口设置宣传栏。")
    response = client.post(f"/opinions/new/{draft.pk}/", post)
    assert response.status_code == 302, response.content.decode()[:2000]
    opinion = Opinion.objects.get(text="建议在小区门口设置宣传栏。")
    assert opinion.point_id == site_code.point_id
    assert (opinion.source_kind, opinion.source_code) == ("site", site_code.code)
    assert opinion.source_label == site_code.site.name


@pytest.mark.parametrize(
    "path",
    ["/c/ZZZZZZZ", "/c/%F0%9F%98%80", "/c/" + "A" * 10_000, "/c/%3Cscript%3E", "/c/ＺＺ"],
)
def test_bad_codes_get_a_clear_page_never_a_500(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "没有找到这个征集码" in response.content.decode()
    assert "<script>" not in response.content.decode()


def test_nul_bytes_are_refused_before_any_lookup(client):
    # core's bad-input middleware answers a NUL in the path; a NUL typed into the form is ours.
    assert client.get("/c/%00%00").status_code == 400
    response = client.get("/c/", {"code": "ABC\x002345"})
    assert response.status_code in (400, 404)


def test_a_typed_code_is_followed_and_bad_input_explained(client, site_code):
    assert client.get("/c/").status_code == 200
    spaced = f" {site_code.code[:3].lower()} {site_code.code[3:]} "
    assert client.get("/c/", {"code": spaced}).status_code == 302
    response = client.get("/c/", {"code": "x" * 500})
    assert response.status_code == 400


def test_wrong_codes_are_rate_limited(client, settings):
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {**settings.LAWBRIDGE_RATELIMITS, "collection_code_miss": "3/h"}
    statuses = [client.get(f"/c/ZZZZZZ{c}").status_code for c in "2345"]
    assert statuses == [404, 404, 404, 429]


# --- admin: point staff act for their own point only --------------------------------------------


@pytest.fixture
def staff():
    user = get_user_model().objects.create_user("staff-codes", "s@example.com", "pw")
    user.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    return user


def test_staff_make_and_print_codes_for_their_own_point_only(client, staff, draft):
    login_with_2fa(client, staff)
    mine, other = _point(), _point("huanghe-shequ")
    grid = CommunityGrid.objects.create(point=mine, name="幸福里网格")
    assert client.get("/admin/points/codes/").status_code == 302  # straight to their one point
    url = f"/admin/points/{mine.pk}/codes/"
    response = client.post(
        f"{url}?page={draft.pk}",
        {"page": draft.pk, "kind": "grid", "grid": grid.pk, "every_article": "on", "create": "1"},
    )
    assert response.status_code == 302
    made = list(mine.collection_codes.filter(page=draft))
    assert len(made) == 3 and {c.kind for c in made} == {"grid"}
    assert {c.article_label for c in made} == {"第一条", "第二条", "第三条"}
    for layout in ("card", "poster", "table"):
        response = client.get(f"{url}print/{layout}/")
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    # Another point: not found, whether listing, making, printing or switching off.
    assert client.get(f"/admin/points/{other.pk}/codes/").status_code == 404
    assert client.get(f"/admin/points/{other.pk}/codes/print/card/").status_code == 404
    theirs = create_code(other, draft, kind="point")
    toggle = f"/admin/points/{other.pk}/codes/{theirs.pk}/toggle/"
    assert client.post(toggle).status_code == 404
    # …nor another point's site or grid slipped into their own point's form.
    other_site = CollectionSite.objects.filter(point=other).first()
    response = client.post(
        f"{url}?page={draft.pk}",
        {"page": draft.pk, "kind": "site", "site": other_site.pk, "create": "1"},
    )
    assert (
        response.status_code == 200 and "只能选择本联系点的信息采集点" in response.content.decode()
    )


def test_cards_pdf_holds_the_chinese_text_and_the_code(client, staff, draft):
    from io import BytesIO

    from pypdf import PdfReader

    point = _point()
    code = create_code(
        point, draft, kind="deputy", label="王代表", target=draft.get_comment_targets()[1]
    )
    login_with_2fa(client, staff)
    for layout in ("card", "poster", "table"):
        response = client.get(f"/admin/points/{point.pk}/codes/print/{layout}/?code={code.code}")
        pages = PdfReader(BytesIO(response.content)).pages
        assert len(pages) == 1, layout  # a tent's two faces, a card sheet: one A4 sheet
        text = "".join(page.extract_text() for page in pages)
        # A long title wraps anywhere ("第二\n条"): compare the text without its line breaks.
        text = text.replace("\n", "")
        assert codes.pretty(code.code) in text, layout
        assert "市中街道" in text and "第二条" in text and "王代表" in text, layout
