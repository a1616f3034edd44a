"""征集地图: a draft's opinions per point, source and district; counts only, and a query count
that does not grow with the number of points."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms.models import Opinion
from liaison_points.models import LiaisonPointIndexPage, LiaisonPointPage
from tests.factories import DraftFactory, OpinionFactory

pytestmark = pytest.mark.usefixtures("demo_site")


def _add_points(n):
    index = LiaisonPointIndexPage.objects.get(locale__language_code="zh-hans")
    made = []
    for i in range(n):
        point = LiaisonPointPage(
            title=f"测试联系点{i}",
            slug=f"test-point-{i}",
            point_type="community",
            district=f"测试区{i % 3}",
            address="某路 1 号",
            latitude=37.3 + i * 0.002,
            longitude=118.0 + i * 0.002,
        )
        index.add_child(instance=point)
        made.append(point)
    return made


def _credit(draft, points, per_point=2):
    for point in points:
        for k in range(per_point):
            opinion = OpinionFactory(
                page=draft, text=f"{point.title}收集的第{k}条意见，关于文明行为。"
            )
            kind, label = ("site", "某采集点") if k else ("grid", "某网格")
            Opinion.objects.filter(pk=opinion.pk).update(
                point_id=point.pk, source_kind=kind, source_label=label
            )


def _queries(client, draft):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/points/collection-map/{draft.pk}/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_map_costs_the_same_for_5_points_or_50(client):
    draft = DraftFactory(articles=2)
    points = _add_points(50)
    _credit(draft, points[:5])
    few, _html = _queries(client, draft)
    _credit(draft, points[5:])
    many, html = _queries(client, draft)
    assert many <= few, (few, many)
    assert html.count('class="card lp-source-item"') == 50
    assert "测试区0" in html and "某采集点" in html


def test_the_public_map_shows_counts_never_text_or_people(client):
    draft = DraftFactory(articles=2)
    point = LiaisonPointPage.objects.get(slug="shizhong-jiedao", locale__language_code="zh-hans")
    opinion = OpinionFactory(page=draft, text="只有办公室能读到的意见原文", name="王小明")
    Opinion.objects.filter(pk=opinion.pk).update(
        point_id=point.pk, source_kind="site", source_label="渤海社区信息采集点"
    )
    html = client.get(f"/points/collection-map/{draft.pk}/").content.decode()
    assert "渤海社区信息采集点" in html and point.title in html
    assert "只有办公室能读到的意见原文" not in html and "王小明" not in html


@pytest.mark.parametrize("page_id", ["0", "99999999", "123456789012345678901234567890"])
def test_unknown_pages_have_no_map(client, page_id):
    assert client.get(f"/points/collection-map/{page_id}/").status_code == 404


def test_the_office_finds_every_point_and_the_maps_from_the_codes_menu(client):
    from django.contrib.auth import get_user_model

    from tests.signin import login_with_2fa

    office = get_user_model().objects.create_superuser("office-map", "o@example.com", "pw")
    login_with_2fa(client, office)
    html = client.get("/admin/points/codes/").content.decode()
    assert (
        html.count("/admin/points/")
        >= LiaisonPointPage.objects.filter(locale__language_code="zh-hans").count()
    )
    assert "/points/collection-map/" in html
