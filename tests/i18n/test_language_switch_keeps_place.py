"""Switching language keeps the visitor where they were: the route below a page (print, version
comparison), a view outside the page tree (search, receipt lookup, the opinion form) and the
query (?q=, ?a=&b=). What they typed is carried by static/js/keep-typed.js (browser test)."""

from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.urls import reverse
from wagtail.models import Locale

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]


def _links(client, url) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200, url
    doc = BeautifulSoup(response.content, "html.parser")
    return {a["hreflang"]: a["href"] for a in doc.select(".language-switcher a[hreflang]")}


def _draft(slug):
    from drafts.models import RegulationDraftPage

    return RegulationDraftPage.objects.live().get(slug=slug, locale__language_code="zh-hans")


def test_print_view_switches_to_the_print_view(client, demo_site):
    draft = _draft("wenming")
    hant = draft.get_translation(Locale.objects.get(language_code="zh-hant"))
    links = _links(client, f"{draft.url}print/")
    assert links["zh-hant"] == f"{hant.url}print/"
    assert links["zh-hans"] == f"{draft.url}print/"


def test_version_comparison_keeps_its_query(client, demo_site):
    draft = _draft("tingche")
    versions = list(draft.draft_versions.order_by("pk").values_list("pk", flat=True))
    url = f"{draft.url}versions/compare/?from={versions[0]}&to={versions[-1]}"
    links = _links(client, url)
    assert links["zh-hant"].endswith(f"versions/compare/?from={versions[0]}&to={versions[-1]}")
    assert links["zh-hant"].startswith("/zh-hant/")


@pytest.mark.skipif(not apps.is_installed("search"), reason="search plugin not installed")
def test_search_keeps_the_query(client, demo_site):
    links = _links(client, reverse("search") + "?q=" + quote("停车"))
    assert links["en"] == "/en/search/?q=" + quote("停车")
    assert links["zh-hant"] == "/zh-hant/search/?q=" + quote("停车")


@pytest.mark.skipif(not apps.is_installed("forms"), reason="forms plugin not installed")
def test_status_lookup_and_opinion_form_switch_to_themselves(client, demo_site):
    assert _links(client, reverse("opinions_status"))["en"] == "/en/opinions/status/"
    draft = _draft("wenming")
    form = reverse("opinions_new", args=[draft.pk])
    assert _links(client, form)["zh-hant"] == f"/zh-hant{form}"
    links = _links(client, "/en" + form)
    assert links["zh-hans"] == form


def test_a_page_without_translation_falls_back_to_that_language_home(client, demo_site):
    draft = _draft("wenming")
    links = _links(client, draft.url)
    assert all(url.startswith("/") for url in links.values())
    assert links["zh-hans"] == draft.url


@pytest.mark.skipif(not apps.is_installed("search"), reason="search plugin not installed")
def test_a_query_longer_than_any_search_is_not_carried_into_every_link(client, demo_site):
    """Each link back to the page (three languages, six reading controls) used to carry the whole
    query again, percent-encoded: a 300 KB query made a response of megabytes."""
    from core.params import MAX_CARRIED_QUERY

    search = reverse("search")
    short = "q=" + quote("停车") + "&page=2"
    huge = "q=" + quote("停车") + "&x=" + "=HYPERLINK(" * 30_000
    assert len(huge) > MAX_CARRIED_QUERY
    links = _links(client, f"{search}?{short}")
    assert links["en"] == f"/en/search/?{short}"
    response = client.get(f"{search}?{huge}")
    assert response.status_code == 200
    doc = BeautifulSoup(response.content, "html.parser")
    switcher = {a["hreflang"]: a["href"] for a in doc.select(".language-switcher a[hreflang]")}
    assert switcher["en"] == "/en/search/"
    controls = [a["href"] for a in doc.select(".reading-controls a")]
    assert controls and all(len(href) < 200 for href in controls), controls
    assert all("next=%2Fsearch%2F" in href for href in controls)
    # The page itself still answers the search, and is not a megabyte of links.
    assert len(response.content) < 2 * len(huge)
    short_page = BeautifulSoup(client.get(f"{search}?{short}").content, "html.parser")
    assert any("page%3D2" in a["href"] for a in short_page.select(".reading-controls a"))


def test_a_page_with_a_chinese_slug_and_no_translation_links_to_the_other_homes(client, demo_site):
    """Its URL is percent-encoded, the request's path is not: the switcher still knows the
    visitor is on the page and sends the English reader to the English home, not to a 404."""
    from drafts.models import RegulationDraftPage

    index = _draft("wenming").get_parent()
    page = index.add_child(instance=RegulationDraftPage(title="中文地址草案", slug="中文地址草案"))
    links = _links(client, page.url)
    assert links["zh-hans"] == page.url and "%E4%B8%AD" in page.url
    assert links["en"] == "/en/" and links["zh-hant"] == "/zh-hant/"
    assert client.get(links["en"]).status_code == 200
