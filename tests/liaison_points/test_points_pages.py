"""The points index (map, list, filters, network figures) and a point page, as a resident sees them."""

import re

import pytest
from bs4 import BeautifulSoup
from django.test import override_settings
from wagtail import hooks

from core.plugins import POINT_FIGURES_HOOK, point_figures
from liaison_points.demo import demo_points
from liaison_points.models import LiaisonPointIndexPage, LiaisonPointPage
from tests.html_checks import assert_good_page

PRIVATE_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _list_titles(html):
    soup = BeautifulSoup(html, "html.parser")
    return [a.get_text(strip=True) for a in soup.select("#point-list h3 a")]


@pytest.mark.parametrize(
    "url",
    [
        "/points/",
        "/points/?type=village",
        "/points/shizhong-jiedao/",
        "/points/xiawa-zhen/",
        "/en/points/",
        "/en/points/binzhou-xueyuan/",
    ],
)
def test_points_pages_are_valid_accessible_html(client, demo_site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_good_page(response.content.decode())


def test_demo_network_has_every_type_in_three_districts(demo_site):
    points = LiaisonPointPage.objects.live().filter(locale__language_code="zh-hans")
    assert points.count() >= 6
    assert len({p.point_type for p in points}) >= 6
    assert {p.district for p in points} == {"滨城区", "沾化区", "惠民县"}
    for point in points:
        assert point.collection_sites.count() >= 1
        assert point.team_members.count() >= 2


def test_index_lists_every_point_and_draws_a_marker_for_each(client, demo_site):
    html = client.get("/points/").content.decode()
    titles = _list_titles(html)
    assert sorted(titles) == sorted(spec["title"] for spec in demo_points())
    soup = BeautifulSoup(html, "html.parser")
    markers = soup.select("svg.lp-map a.lp-marker")
    assert len(markers) == len(demo_points())
    # Marker n is list item n, with the point's name for screen readers.
    for number, (marker, title) in enumerate(zip(markers, titles, strict=True), start=1):
        assert marker["aria-label"] == f"{number}. {title}"
    # Three district outlines come with the demo city; no tile images unless configured.
    assert len(soup.select("svg.lp-map path.lp-area")) == 3
    assert soup.select("svg.lp-map image") == []
    assert "找最近的联系点" in html  # the geolocation button (hidden until JS finds the API)


def test_markers_are_placed_by_coordinates(client, demo_site):
    soup = BeautifulSoup(client.get("/points/").content.decode(), "html.parser")
    by_title = {}
    for marker in soup.select("svg.lp-map a.lp-marker"):
        circle = marker.find("circle")
        by_title[marker["aria-label"].split(". ", 1)[1]] = (
            float(circle["cx"]),
            float(circle["cy"]),
        )
    village = by_title["马山子村立法联系点"]  # the northernmost, easternmost of the demo
    bar = by_title["惠民县律师协会立法联系点"]  # the westernmost
    assert village[1] < bar[1]  # north is up
    assert bar[0] < village[0]  # west is left


@override_settings(LAWBRIDGE_MAP_TILE_URL="https://tiles.example.cn/{z}/{x}/{y}.png")
def test_tile_layer_only_when_configured(client, demo_site):
    soup = BeautifulSoup(client.get("/points/").content.decode(), "html.parser")
    hrefs = [image["href"] for image in soup.select("svg.lp-map image")]
    assert hrefs and all(h.startswith("https://tiles.example.cn/") for h in hrefs)
    assert len(hrefs) <= 25


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=village", {"马山子村立法联系点"}),
        ("district=惠民县", {"惠民县绳网产业园企业联系点", "惠民县律师协会立法联系点"}),
        ("type=university&district=滨城区", {"滨州学院基层立法联系点"}),
        ("type=university&district=沾化区", set()),
    ],
)
def test_filters_by_type_and_district(client, demo_site, query, expected):
    html = client.get(f"/points/?{query}").content.decode()
    assert set(_list_titles(html)) == expected
    if not expected:
        assert "没有符合条件的联系点" in html


def test_unknown_filter_values_show_everything(client, demo_site):
    html = client.get("/points/?type=nonsense&district=<script>").content.decode()
    assert len(_list_titles(html)) == len(demo_points())
    assert "<script>" not in html.split("<main", 1)[1]


def test_point_page_shows_visit_details_team_and_sites(client, demo_site):
    html = client.get("/points/shizhong-jiedao/").content.decode()
    for text in [
        "市中街道基层立法联系点",
        "每月6日代表接待日",
        "0543-3161001",
        "城市管理和物业服务立法意见征集",
        "李秀梅",
        "联络员",
        "渤海社区信息采集点",
        "滨城区渤海十路 156 号",
    ]:
        assert text in html
    # Its upcoming events are listed, and a calendar feed of the point is offered.
    assert "《文明行为促进条例（草案）》居民座谈会" in html
    point = LiaisonPointPage.objects.get(slug="shizhong-jiedao", locale__language_code="zh-hans")
    assert f"/calendar/points/{point.pk}.ics" in html


def test_no_private_mobile_number_anywhere_on_points(client, demo_site):
    for url in ["/points/"] + [f"/points/{spec['slug']}/" for spec in demo_points()]:
        html = client.get(url).content.decode()
        assert not PRIVATE_MOBILE.search(html), url


def test_figures_default_to_zero_without_the_opinions_plugin(client, demo_site):
    if list(hooks.get_hooks(POINT_FIGURES_HOOK)):
        pytest.skip("an opinions plugin answers the figures hook")
    html = client.get("/points/shizhong-jiedao/").content.decode()
    assert "本联系点收集意见 0 条，被采纳 0 条。" in html


def test_point_and_network_figures_add_up(client, demo_site, django_assert_max_num_queries):
    points = list(LiaisonPointPage.objects.live().filter(locale__language_code="zh-hans"))
    draft_a = LiaisonPointIndexPage.objects.first()  # any page stands in for a draft
    draft_b = points[0]
    fake = {
        p.pk: [
            {"page": draft_a, "collected": 10 + i, "adopted": i},
            {"page": draft_b, "collected": 3, "adopted": 1},
        ]
        for i, p in enumerate(points)
    }

    def figures(point_page):
        return fake.get(point_page.pk, [])

    # A point the demo credits with no opinions of its own, so that only the fake figures count.
    real = [row for p in points for row in point_figures(p)]
    quiet = [p for p in points[1:] if not point_figures(p)]
    assert quiet
    with hooks.register_temporarily(POINT_FIGURES_HOOK, figures):
        point = quiet[0]
        i = points.index(point)
        html = client.get(point.url).content.decode()
        soup = BeautifulSoup(html, "html.parser")
        total = soup.select_one("#figures-title").find_next("tfoot").find_all("td")
        assert [t.get_text() for t in total] == [str(10 + i + 3), str(i + 1)]
        with django_assert_max_num_queries(31):
            html = client.get("/points/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    stats = {
        div.dt.get_text(strip=True): int(div.dd.get_text(strip=True))
        for div in soup.select(".lp-stats div")
    }
    n = len(points)
    assert stats["联系点"] == n
    assert stats["信息采集点"] == sum(p.collection_sites.count() for p in points)
    assert stats["收集意见"] == sum(10 + i + 3 for i in range(n)) + sum(
        r["collected"] for r in real
    )
    assert stats["被采纳"] == sum(i + 1 for i in range(n)) + sum(r["adopted"] for r in real)


def test_points_are_in_the_page_api(client, demo_site):
    response = client.get(
        "/api/v2/pages/?type=liaison_points.LiaisonPointPage&fields=district,latitude,"
        "collection_sites,team_members&locale=zh-hans&limit=50"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == len(demo_points())
    first = items[0]
    assert first["district"] in {"滨城区", "沾化区", "惠民县"}
    assert first["collection_sites"][0]["address"]
    assert "phone" not in first["team_members"][0]


def test_search_facets(demo_site):
    point = LiaisonPointPage.objects.get(slug="xiawa-zhen", locale__language_code="zh-hans")
    assert point.search_kind == "point"
    assert point.search_point_ids() == [point.pk]


def test_home_page_links_to_the_points(client, demo_site):
    html = client.get("/").content.decode()
    assert 'href="/points/"' in html
    assert "查看全部 8 个联系点和分布图" in html


def test_english_ui(client, demo_site):
    html = client.get("/en/points/").content.decode()
    assert '<html lang="en"' in html
    assert "Find the nearest point" in html and 'data-km="about %s km"' in html
    assert "Contact points" in html
    html = client.get("/en/events/?view=calendar").content.decode()
    assert "Previous month" in html and "找最近" not in html
