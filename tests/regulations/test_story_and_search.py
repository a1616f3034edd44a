"""A regulation's life story runs from its draft to its evaluations; its articles are found one by
one in the site search; its page costs the same queries however long the text."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from core.plugins import life_story
from regulations.services import create_regulation
from tests.factories import DraftFactory

from .conftest import items_of, regulation_text
from .test_from_draft import _pass


def test_the_life_story_goes_from_draft_to_evaluation(client, reg_index, make_evaluation):
    draft = _pass(DraftFactory(articles=2, open=False, date=dt.date(2024, 1, 10)))
    regulation = create_regulation(
        reg_index,
        items_of(regulation_text(2)),
        title="某市测试历程条例",
        source_draft=draft,
        promulgated_on=dt.date(2025, 3, 20),
        effective_on=dt.date(2025, 6, 1),
    )
    regulation.get_latest_revision().publish()
    regulation = type(regulation).objects.get(pk=regulation.pk)
    evaluation = make_evaluation(regulation)

    for start in (draft, regulation, evaluation):
        steps = [(e.stage, e.title) for e in life_story(start)]
        assert ("draft", "征求意见稿") in steps, steps
        assert ("passed", "表决通过") in steps
        assert ("in_force", "公布") in steps and ("in_force", "施行") in steps
        assert ("evaluation", "实施评估开始征求意见") in steps
    stages = [e.stage for e in life_story(regulation)]
    assert stages.index("draft") < stages.index("passed") < stages.index("evaluation")

    # One story, not one per language: a translation of the regulation keeps its source draft.
    from wagtail.models import Locale as WagtailLocale

    en = WagtailLocale.objects.get(language_code="en")
    reg_index.copy_for_translation(en).save_revision().publish()
    regulation.copy_for_translation(en).save_revision().publish()
    steps = [(e.title, e.url) for e in life_story(draft) if e.stage == "in_force"]
    assert [(t, u) for t, u in steps if t in ("公布", "施行")] == [
        ("公布", regulation.url),
        ("施行", regulation.url),
    ], steps

    html = client.get(regulation.url).content.decode()
    assert "立法历程" in html and f"/licheng/{regulation.pk}/" in html
    assert client.get(f"/licheng/{regulation.pk}/").status_code == 200


def test_an_article_of_a_regulation_is_found_by_search(make_regulation):
    from search import service

    regulation = make_regulation(n=3)
    assert not service.find("地下管线 巡检", Locale.get_default())
    from regulations.services import add_version

    add_version(
        regulation,
        items_of(regulation_text(3, words={2: "供热单位应当定期组织地下管线巡检。"})),
        kind="amendment",
        label="修正",
    )
    hits = [
        h
        for h in service.find("地下管线 巡检", Locale.get_default())
        if h.kind == "regulation_article"
    ]
    assert [h.title for h in hits] == [f"《{regulation.title}》第二条"]
    assert hits[0].url == regulation.url + "#article-2"


def _queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_page_costs_the_same_queries_however_long_the_text(
    client, make_regulation, make_evaluation
):
    short, long = make_regulation(n=3), make_regulation(n=120)
    assert _queries(client, short.url) == _queries(client, long.url)
    short_eval, long_eval = make_evaluation(short), make_evaluation(long)
    assert _queries(client, short_eval.url) == _queries(client, long_eval.url)


def test_the_story_of_a_translated_regulation_is_told_once(client, demo_site):
    """The demo's 供热条例 has an English page sharing the Chinese draft: its story tells 公布,
    施行 and the evaluation once, in the reader's language, from either page."""
    from django.utils import translation

    from regulations.models import RegulationPage

    zh = RegulationPage.objects.get(slug="gongre", locale__language_code="zh-hans")
    en = zh.get_translation(Locale.objects.get(language_code="en"))
    for page, language in ((en, "en"), (zh, "en"), (zh, "zh-hans"), (en, "zh-hans")):
        with translation.override(language):
            events = life_story(page)
        # The regulations plugin's steps (the draft's own 公布施行 stage is the drafts plugin's).
        regulation_events = [e for e in events if "/fagui/" in e.url]
        assert len(regulation_events) >= 3
        seen = [(e.date, e.title) for e in regulation_events]
        assert len(seen) == len(set(seen)), (page.locale, language, seen)
        reader_page = en if language == "en" else zh
        assert {e.url for e in regulation_events if e.title in ("公布", "Promulgated")} == {
            reader_page.url
        }
