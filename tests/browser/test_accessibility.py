"""Every public page of the demo passes axe-core (no serious or critical violations) at phone and
desktop widths, in the default and high-contrast modes. On a phone in the default mode: every
page in the source language, and in every other locale one page of each page type (the same
templates with translated text). At desktop width and in high contrast: one page of each page
type in the source language — what changes there is the layout and the colours, which come from
the page type's template and the stylesheet whatever the language, while what comes from
content and translation (alt texts, headings and links in rich text, labels, the lang
attributes) is the same at every width and in every theme, and is checked in every locale by the
phone walk. Large text (150 % and 200 %) on a 375 px screen, and the CSP, are walked on every
page in tests/browser/test_reflow_walk.py."""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings

from tests.browser.conftest import DESKTOP, PHONE, sqlite_pass_only

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        if os.environ.get("LAWBRIDGE_REQUIRE_BROWSER"):
            pytest.fail("node_modules/axe-core is missing: run `npm ci`")
        pytest.skip("node_modules/axe-core is missing: run `npm ci`")
    return AXE.read_text(encoding="utf-8")


def _demo_paths(live_demo, new_page) -> list[str]:
    page = new_page(DESKTOP)
    page.goto(live_demo.url + "/sitemap.xml")
    locations = re.findall(r"<loc>([^<]+)</loc>", page.content())
    return sorted({urlparse(location).path for location in locations})


def _language_of(path: str) -> str:
    prefix = path.strip("/").split("/", 1)[0]
    codes = {code for code, _name in settings.LANGUAGES}
    return prefix if prefix in codes else settings.LANGUAGE_CODE


def axe_sample(paths: list[str], every_source_page: bool = True) -> list[str]:
    """With ``every_source_page`` (the phone walk): every path in the source language, and in
    the others the first path of each page type. Without it (other widths and themes): the first
    path of each page type in the source language only. A path that is not a page (a sub-route)
    counts as a type of its own."""
    from wagtail.models import Page

    page_types = {}
    for page in Page.objects.live().filter(depth__gt=1):
        url = page.get_url()
        if url:
            page_types[urlparse(url).path] = page.content_type_id
    sample, seen = [], set()
    for path in paths:
        language = _language_of(path)
        if not every_source_page and language != settings.LANGUAGE_CODE:
            continue
        kind = (language, page_types.get(path, path))
        if (every_source_page and language == settings.LANGUAGE_CODE) or kind not in seen:
            seen.add(kind)
            sample.append(path)
    return sample


def axe_page(new_page, viewport, axe_source):
    """A page that brings axe into every document it loads. axe is an inline script, which our
    own CSP rightly refuses: bypassed here (the reflow walk checks the CSP on every page). An
    init script, not a script tag per page: the 550 kB source crosses to Chromium once, and
    Chromium compiles it once per renderer instead of once per page (about a third of a walk's
    CPU, docs/performance.md)."""
    page = new_page(viewport, bypass_csp=True)
    page.context.add_init_script(script=axe_source)
    return page


def _violations(page) -> list[str]:
    """axe's serious and critical findings on the page as loaded (see ``axe_page``)."""
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes'][0]['target']}"
        for v in result
        if v["impact"] in BLOCKING
    ]


@sqlite_pass_only
# One test per screen and theme, so that parallel workers share the walk.
@pytest.mark.parametrize(
    "name, viewport, theme",
    [("phone", PHONE, "default"), ("desktop", DESKTOP, "default"), ("phone", PHONE, "contrast")],
)
def test_every_demo_page_passes_axe(name, viewport, theme, live_demo, new_page, axe_source):
    every_source_page = (name, theme) == ("phone", "default")
    paths = axe_sample(_demo_paths(live_demo, new_page), every_source_page)
    assert len(paths) >= 9, paths
    languages = (
        {code for code, _ in settings.LANGUAGES} if every_source_page else {settings.LANGUAGE_CODE}
    )
    assert {_language_of(path) for path in paths} == languages
    problems = []
    page = axe_page(new_page, viewport, axe_source)
    page.context.add_cookies(
        [{"name": "lb_reading", "value": f"normal.{theme}", "url": live_demo.url}]
    )
    for path in paths:
        page.goto(live_demo.url + path)
        for violation in _violations(page):
            problems.append(f"{path} [{name}, {theme}]: {violation}")
    assert problems == [], "\n".join(problems)


def test_the_axe_sample_keeps_each_source_page_and_each_page_type_in_every_language(demo_site):
    from wagtail.models import Page

    pages = [page for page in Page.objects.live().filter(depth__gt=1) if page.get_url()]
    paths = sorted(urlparse(page.get_url()).path for page in pages)
    sample = set(axe_sample(paths))
    covered = set()
    for page in pages:
        path = urlparse(page.get_url()).path
        language = _language_of(path)
        if language == settings.LANGUAGE_CODE:
            assert path in sample
        elif path in sample:
            covered.add((language, page.content_type_id))
    assert covered == {
        (_language_of(urlparse(page.get_url()).path), page.content_type_id)
        for page in pages
        if _language_of(urlparse(page.get_url()).path) != settings.LANGUAGE_CODE
    }
    assert len(sample) < len(paths)


def test_the_layout_and_theme_sample_keeps_one_source_page_of_each_type(demo_site):
    from wagtail.models import Page

    pages = [page for page in Page.objects.live().filter(depth__gt=1) if page.get_url()]
    paths = sorted(urlparse(page.get_url()).path for page in pages)
    sample = axe_sample(paths, every_source_page=False)
    source = [
        p for p in pages if _language_of(urlparse(p.get_url()).path) == settings.LANGUAGE_CODE
    ]
    assert {_language_of(path) for path in sample} == {settings.LANGUAGE_CODE}
    assert len(sample) == len({p.content_type_id for p in source}) < len(axe_sample(paths))
    # Every page type of every language has a page in the source language to stand for it.
    assert {p.content_type_id for p in pages} == {p.content_type_id for p in source}
