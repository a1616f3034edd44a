"""The demo tells one true story: one city's drafts, points and events; the open draft's opinions
are about that draft, some collected by the points; the site's address is the one ``make run``
serves; and ``load_demo`` ends with a short summary instead of hundreds of log lines."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Page, Site

from core.interfaces import as_commentable
from core.plugins import DRAFT_PAGE, EVENT_PAGE, POINT_PAGE, page_models_for, point_figures

CITY = "滨州市"

pytestmark = pytest.mark.django_db


def _live(role, language="zh-hans"):
    return [
        page
        for model in page_models_for(role)
        for page in model.objects.live().filter(locale__language_code=language)
    ]


def _open_draft():
    opened = [page for page in _live(DRAFT_PAGE) if as_commentable(page).accepts_comments()]
    assert len(opened) == 1, "the demo has exactly one draft open for comment"
    return opened[0]


def _bigrams(text: str) -> set[str]:
    return {
        text[i : i + 2]
        for i in range(len(text) - 1)
        if re.fullmatch(r"[\u4e00-\u9fff]{2}", text[i : i + 2])
    }


def _short_name(title: str) -> str:
    """滨州市文明行为促进条例（草案） -> 文明行为促进条例"""
    return re.sub(r"（.*?）", "", title).removeprefix(CITY)


def test_one_city(demo_site):
    drafts, points = _live(DRAFT_PAGE), _live(POINT_PAGE)
    assert drafts and points
    for draft in drafts:
        assert draft.title.startswith(CITY), draft.title
    for point in points:
        assert point.address.startswith(CITY), (point.title, point.address)


def test_events_on_a_draft_are_about_the_open_one(demo_site):
    draft = _open_draft()
    linked = [event for event in _live(EVENT_PAGE) if event.related_draft_id]
    assert linked, "some events collect opinions on the open draft"
    for event in linked:
        assert event.related_draft_id == draft.pk, event.title
        assert _short_name(draft.title).removesuffix("条例") in event.title, event.title


def test_open_draft_opinions_are_about_it(demo_site):
    from forms.models import Opinion  # the story's opinions: read, not imported by a plugin

    draft = _open_draft()
    text = draft.title + "".join(t.text for t in as_commentable(draft).get_comment_targets())
    words = _bigrams(text)
    opinions = list(Opinion.objects.filter(page=draft))
    assert len(opinions) >= 30
    for opinion in opinions:
        if opinion.status == "invalid":
            continue
        # Every opinion shares vocabulary with the draft it comments on (a parking or property
        # management opinion on a civility draft would not) ...
        assert len(_bigrams(opinion.text) & words) >= 5, opinion.text
        # ... and an article it names by number is the article it was sent on.
        named = re.findall(r"第([一二三四五六七八九十]+)条", opinion.text)
        if named and opinion.article_label:
            assert opinion.article_label == f"第{named[0]}条", opinion.text


def test_points_collected_opinions(demo_site):
    from forms.models import Opinion

    draft = _open_draft()
    credited = Opinion.objects.filter(page=draft).exclude(point=None)
    by_point = {o.point_id for o in credited}
    assert len(by_point) >= 3
    for point in Page.objects.filter(pk__in=by_point).specific():
        assert point.address.startswith(CITY)
        # The point's page counts what it collected on the draft.
        figures = {row["page"].pk: row["collected"] for row in point_figures(point)}
        assert figures.get(draft.pk), (point.title, figures)


def test_load_demo_serves_its_own_address_and_ends_with_a_summary(demo_site):
    out = io.StringIO()
    with transaction.atomic():
        call_command("load_demo", "--no-admin", "--address", "127.0.0.1:8123", stdout=out)
        site = Site.objects.get(is_default_site=True)
        assert (site.hostname, site.port) == ("127.0.0.1", 8123)
        draft_url = _open_draft().full_url
        transaction.set_rollback(True)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) <= 20, lines  # one line per thing to open (a plugin adds one), not the log
    assert any(draft_url in line for line in lines), lines
    assert "http://127.0.0.1:8123/admin/" in out.getvalue()
    # A site path (an admin screen, a printed code's address) is shown on the site's address.
    assert "http://127.0.0.1:8123/admin/tasks/board/" in out.getvalue()
    assert "http://127.0.0.1:8123/c/" in out.getvalue()


def test_load_demo_refuses_a_bad_address(demo_site):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("load_demo", "--no-admin", "--address", "nonsense", stdout=io.StringIO())
