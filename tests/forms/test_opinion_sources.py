"""Every opinion records where it came from — offline entry offers only the
sources of the staff member's own point, the API takes a collection code, and the office sees
the source in its list and exports."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from core.plugins import point_sources
from forms.models import Opinion
from liaison_points.models import CollectionSite, LiaisonPointPage
from liaison_points.sources import create_code
from tests.forms.test_api import register_client
from tests.signin import login_with_2fa

pytestmark = pytest.mark.usefixtures("demo_site")

URL = "/admin/opinions/offline/"


def _point(slug):
    return LiaisonPointPage.objects.get(slug=slug, locale__language_code="zh-hans")


@pytest.fixture
def staff():
    """Staff of 市中街道 only: no superuser, no office rights."""
    user = get_user_model().objects.create_user("staff-sources", "s@example.com", "pw")
    user.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    return user


def _post(client, page, point, source):
    data = {
        "page": page.pk, "point": point.pk, "event": "", "source": source,
        "collected_on": timezone.localdate().isoformat(), "save": "1",
        "op-TOTAL_FORMS": "1", "op-INITIAL_FORMS": "0", "op-MIN_NUM_FORMS": "0",
        "op-MAX_NUM_FORMS": "50", "op-0-article": "", "op-0-text": "网格员收集：建议楼道禁止堆物。",
        "op-0-category": "public",
    }  # fmt: skip
    return client.post(f"{URL}?page={page.pk}", data)


def test_offline_entry_offers_and_accepts_only_the_own_points_sources(client, staff, draft):
    mine, other = _point("shizhong-jiedao"), _point("xiawa-zhen")
    login_with_2fa(client, staff)
    html = client.get(f"{URL}?page={draft.pk}").content.decode()
    select = re.search(r'<select name="source".*?</select>', html, re.S).group(0)
    ours, theirs_sites = (list(CollectionSite.objects.filter(point=p)) for p in (mine, other))
    assert ours and theirs_sites, "the demo gives both points collection sites"
    for site in ours:
        assert site.name in select
    for site in theirs_sites:
        assert site.name not in select
    # A token of another point's site, copied into the form, is refused; nothing is stored.
    theirs = next(s for s in point_sources(other) if s.kind == "site")
    before = Opinion.objects.count()
    response = _post(client, draft, mine, theirs.token)
    assert response.status_code == 200 and Opinion.objects.count() == before
    assert "只能选择本联系点的来源" in response.content.decode()
    site = next(s for s in point_sources(mine) if s.kind == "site")
    assert _post(client, draft, mine, site.token).status_code == 302
    opinion = Opinion.objects.latest("pk")
    assert (opinion.point_id, opinion.source_kind, opinion.source_label) == (
        mine.pk, "site", site.label,
    )  # fmt: skip


def test_offline_entry_without_a_source_counts_for_the_point_itself(client, staff, draft):
    mine = _point("shizhong-jiedao")
    login_with_2fa(client, staff)
    assert _post(client, draft, mine, "").status_code == 302
    opinion = Opinion.objects.latest("pk")
    assert (opinion.source_kind, opinion.source_label) == ("point", mine.title)


@pytest.fixture
def api_key():
    return register_client("征集码测试")


def _api(client, draft, key, **extra):
    body = {
        "page_id": draft.pk, "text": "扫码提交：建议增设宣传栏。", "privacy_consent": True,
        "publish_consent": "none", **extra,
    }  # fmt: skip
    return client.post("/api/opinions/", body, content_type="application/json", HTTP_X_API_KEY=key)


def test_the_api_takes_a_collection_code(client, draft, api_key):
    point = _point("xiawa-zhen")
    code = create_code(point, draft, kind="campaign", label="立法赶集")
    response = _api(client, draft, api_key, source=code.code.lower())
    assert response.status_code in (200, 201), response.content
    opinion = Opinion.objects.get(receipt_code=response.json()["receipt_code"])
    assert (opinion.point_id, opinion.source_label, opinion.source_code) == (
        point.pk, "立法赶集", code.code,
    )  # fmt: skip
    for bad in ("ZZZZZZZ", "=HYPERLINK(1)", "😀" * 5):
        response = _api(client, draft, api_key, source=bad)
        assert response.status_code == 400 and "source" in response.json().get("errors", {})


def test_the_office_sees_the_source_in_its_list_and_export(client, draft, api_key):
    point = _point("shizhong-jiedao")
    code = create_code(
        point, draft, kind="site", site=CollectionSite.objects.filter(point=point).first()
    )
    receipt = _api(client, draft, api_key, source=code.code).json()["receipt_code"]
    admin = get_user_model().objects.create_superuser("office-sources", "o@example.com", "pw")
    login_with_2fa(client, admin)
    html = client.get("/admin/opinions/opinions/", {"q": receipt}).content.decode()
    assert code.site.name in html and point.title in html
    response = client.get("/admin/opinions/opinions/", {"q": receipt, "export": "csv"})
    csv = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "联系点/来源" in csv and code.code in csv
