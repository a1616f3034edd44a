"""A questionnaire's published result beside the article it asks about ("问卷调查：… 67% 的受访者选择
「全市」（共 3 人作答）· 查看结果"): on the draft page, a version's full text and the article's
permalink; beside the draft's status when it asks about the whole draft. Nothing while the
results are unpublished or the questionnaire is not live; the headline is the editor's choice;
the page's query count does not grow with questionnaires or articles."""

from __future__ import annotations

import uuid

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail import hooks

from core.plugins import ARTICLE_FINDINGS_HOOK, article_findings
from home.site_setup import ensure_site
from questionnaires.findings import drafts_with_findings
from questionnaires.models import QuestionnairePage
from tests.factories import DraftFactory
from tests.questionnaires.conftest import questions
from tests.questionnaires.test_results import reply

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not apps.is_installed("drafts"), reason="drafts plugin not installed"),
]


def ask(draft, ordinal=None, *, publish_results=True, title="测试问卷", blocks=None, replies=True):
    """A live questionnaire on ``draft`` (article ``ordinal``, or the whole draft), answered by
    three people: 全市 twice, 城区 once (question 1); two of them live in 农村 (question 2)."""
    key = draft.get_comment_targets()[ordinal - 1].key if ordinal else ""
    page = QuestionnairePage(
        title=title,
        slug=f"findings-{uuid.uuid4().hex[:8]}",
        questions=blocks or questions(),
        opens_at=timezone.now() - timezone.timedelta(days=1),
        closes_at=timezone.now() + timezone.timedelta(days=1),
        draft=draft,
        article_key=key,
        publish_results=publish_results,
    )
    ensure_site().add_child(instance=page)
    page.save_revision().publish()
    page = QuestionnairePage.objects.get(pk=page.pk)
    if replies:
        reply(page, "a", q2="opt-农村", q3=("opt-收储", "opt-补贴"))
        reply(page, "b", q2="opt-农村", q3=("opt-收储",))
        reply(page, "c", q1="opt-城区")
    return page


def findings_in(response):
    return BeautifulSoup(response.content.decode(), "html.parser").select(".article-finding")


def text(node) -> str:
    return " ".join(node.get_text(" ").split())


@pytest.fixture
def draft():
    return DraftFactory(articles=5)


def test_published_result_shows_under_its_article(client, draft):
    questionnaire = ask(draft, 3)
    response = client.get(draft.url)
    (finding,) = findings_in(response)
    assert finding.find_parent("article")["aria-label"] == "第三条"
    said = text(finding)
    assert "问卷调查" in said and "禁烧范围" in said
    assert "67% 的受访者选择「全市」（共 3 人作答）" in said
    link = finding.find("a")
    assert link.get_text() == "查看结果"
    assert link["href"] == f"{questionnaire.url}#q-result-q1"
    # The full results the link promises are there.
    assert 'id="q-result-q1"' in client.get(questionnaire.url).content.decode()


def test_version_text_and_article_permalink_show_it(client, draft):
    ask(draft, 3)
    (finding,) = findings_in(client.get(f"{draft.url}versions/1/"))
    assert finding.find_parent("article")["aria-label"] == "第三条"
    assert len(findings_in(client.get(f"{draft.url}versions/1/articles/3/"))) == 1
    assert not findings_in(client.get(f"{draft.url}versions/1/articles/2/"))


def test_nothing_while_results_are_unpublished(client, draft):
    ask(draft, 3, publish_results=False)
    assert not findings_in(client.get(draft.url))


def test_nothing_once_the_questionnaire_is_unpublished(client, draft):
    questionnaire = ask(draft, 3)
    questionnaire.unpublish()
    assert not findings_in(client.get(draft.url))


def test_nothing_before_anyone_answered_and_nothing_on_another_draft(client, draft):
    ask(draft, 2, replies=False)
    other = DraftFactory(articles=5)
    ask(other, 3)
    assert not findings_in(client.get(draft.url))
    assert len(findings_in(client.get(other.url))) == 1


def test_a_closed_draft_keeps_showing_its_published_result(client):
    closed = DraftFactory(articles=4, open=False)
    ask(closed, 2)
    (finding,) = findings_in(client.get(closed.url))
    assert finding.find_parent("article")["aria-label"] == "第二条"


def test_a_result_follows_its_article_through_versions(client, draft):
    """Asked about 征求意见稿第二条 and 第五条; the 二审稿 inserts a new 第二条 (old 第二条 → 第三条) and
    deletes 第五条: the result stays with its article, and the deleted one's only in the old text."""
    from core.legal_text import parse_draft
    from drafts.services import add_version
    from tests.drafts.test_permalinks import renumbering_text

    ask(draft, 2, title="第二条问卷")
    ask(draft, 5, title="第五条问卷")
    add_version(draft, parse_draft(renumbering_text(5)), label="二审稿", publish=True)
    draft = type(draft).objects.get(pk=draft.pk)
    (finding,) = findings_in(client.get(draft.url))
    assert finding.find_parent("article")["aria-label"] == "第三条"
    old = findings_in(client.get(f"{draft.url}versions/1/"))
    assert [f.find_parent("article")["aria-label"] for f in old] == ["第二条", "第五条"]


def test_whole_draft_result_stands_beside_the_status(client, draft):
    ask(draft)
    response = client.get(draft.url)
    (finding,) = findings_in(response)
    assert finding.find_parent("article") is None
    assert finding.find_parent(class_="draft-findings").find_previous_sibling(class_="draft-banner")


def test_the_editor_chooses_the_headline_question(client, draft):
    blocks = questions()
    blocks[2]["value"]["show_beside_article"] = True  # 需要的支持 (multiple choice)
    ask(draft, 1, blocks=blocks)
    (finding,) = findings_in(client.get(draft.url))
    said = text(finding)
    assert "需要的支持" in said and "100% 的受访者选择「收储」" in said
    assert "（共 2 人作答）" in said


def test_no_choice_question_no_finding(client, draft):
    blocks = [b for b in questions() if b["type"] not in ("single", "multiple")]
    ask(draft, 1, blocks=blocks, replies=False)
    assert not findings_in(client.get(draft.url))


def test_ties_name_every_leading_answer_and_text_is_escaped(client, draft):
    blocks = questions()
    blocks[0]["value"]["title"] = '<script>alert(1)</script>=HYPERLINK("x")'
    questionnaire = ask(draft, 4, blocks=blocks, replies=False)
    reply(questionnaire, "a")
    reply(questionnaire, "b", q1="opt-城区")
    response = client.get(draft.url)
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html
    (finding,) = findings_in(response)
    assert "50% 的受访者选择「全市」、「城区」（共 2 人作答）" in text(finding)


def test_query_count_does_not_grow_with_questionnaires_or_articles(client):
    def queries_for(articles, asked):
        draft = DraftFactory(articles=articles)
        for ordinal in asked:
            ask(draft, ordinal)
        client.get(draft.url)  # warm per-process caches
        with CaptureQueriesContext(connection) as captured:
            response = client.get(draft.url)
        assert len(findings_in(response)) == len(asked)
        return len(captured)

    few = queries_for(5, [2])
    many = queries_for(40, [1, 3, 7, 12, 20, 33, None])
    assert many == few


def test_asked_once_per_page_and_version(draft, rf, django_assert_max_num_queries):
    ask(draft, 1)
    ask(draft, 2)
    request = rf.get(draft.url)
    version = draft.current_version.pk
    drafts_with_findings()  # kept in the cache across requests
    # The questionnaires (their view restrictions checked in the same query), the totals; and
    # the request's site for the links: its row and its root page, once per request (the row
    # is then kept until a site changes, the root page until the next publish).
    with django_assert_max_num_queries(4):
        found = article_findings(request, draft, version)
    assert len(found) == 2
    with django_assert_max_num_queries(0):
        for target in draft.get_comment_targets():
            article_findings(request, draft, version).get(target.key)


def test_a_questionnaire_behind_a_view_restriction_says_nothing(client, draft):
    from wagtail.models import PageViewRestriction

    from core import page_cache

    questionnaire = ask(draft, 1)
    assert len(findings_in(client.get(draft.url))) == 1
    # On the questionnaire's parent, as Wagtail's public() reads it: the page or an ancestor.
    restriction = PageViewRestriction.objects.create(
        page=questionnaire.get_parent(), restriction_type=PageViewRestriction.LOGIN
    )
    page_cache.invalidate()  # a restriction is no publish: kept facts go within MAX_AGE
    assert findings_in(client.get(draft.url)) == []
    restriction.delete()
    PageViewRestriction.objects.create(page=questionnaire, restriction_type="login")
    page_cache.invalidate()
    assert findings_in(client.get(draft.url)) == []


def test_a_draft_no_questionnaire_is_about_costs_no_query(client, draft, rf):
    ask(DraftFactory(articles=3), 1)  # about another draft
    request = rf.get(draft.url)
    version = draft.current_version.pk
    drafts_with_findings()
    with CaptureQueriesContext(connection) as captured:
        assert article_findings(request, draft, version) == {}
    assert len(captured) == 0


def test_a_result_published_after_the_draft_was_read_shows_at_once(client, draft):
    assert not findings_in(client.get(draft.url))  # the cache now says: nothing about it
    ask(draft, 2)
    assert len(findings_in(client.get(draft.url))) == 1


def test_without_a_provider_the_draft_page_is_unchanged(client, draft, monkeypatch):
    """What the page looks like without the questionnaires plugin: no note, no empty box."""
    ask(draft, 3)
    ask(draft)
    monkeypatch.setitem(hooks._hooks, ARTICLE_FINDINGS_HOOK, [])
    response = client.get(draft.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "article-finding" not in html and "draft-findings" not in html


def demo_draft():
    from core.plugins import DRAFT_PAGE, page_models_for

    (model,) = page_models_for(DRAFT_PAGE)
    return model.objects.live().get(slug="wenming", locale__language_code="zh-hans")


def test_the_demo_draft_shows_its_questionnaire_under_article_8(client, demo_site):
    (finding,) = findings_in(client.get(demo_draft().url))
    assert finding.find_parent("article")["aria-label"] == "第八条"
    said = text(finding)
    assert "禁止露天焚烧秸秆、垃圾的范围" in said and "「全市范围」（共 360 人作答）" in said


def test_in_english_on_the_english_draft(client, demo_site):
    from tests.i18n.conftest import translate_into

    english = translate_into(demo_draft(), "en").specific
    response = client.get(english.url)
    (finding,) = findings_in(response)
    said = text(finding)
    assert "Questionnaire" in said and "How far should the ban" in said
    assert "of respondents chose “The whole city” (360 answered)" in said
    link = finding.find("a")
    assert link.get_text() == "See the results" and link["href"].startswith("/en/")
    # The article's number (for screen readers) is the draft's own text; nothing else is Chinese.
    finding.select_one(".visually-hidden").decompose()
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in text(finding)), text(finding)
