"""The draft page reads like a law: compact status, the summary and 起草说明 folded, the text with
its TOC, each article with its public opinions in place and links to its neighbours, then the
feedback summary and the timeline. Opinions come from the opinions plugin through the
article_feedback hook; only the ones the public may read, never contact data."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import DraftFactory, OpinionFactory, UserFactory
from tests.html_checks import assert_good_page

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not (apps.is_installed("drafts") and apps.is_installed("forms")),
        reason="needs the drafts and opinions plugins",
    ),
]


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def reviewer(db):
    # 公开审核 needs the personal-data right.
    return UserFactory(username="reviewer", groups=["个人信息管理员"])


def publish(opinion, reviewer, *, decision=None, reply="已研究，予以采纳。"):
    """Take an opinion through handling (to ``decision`` if given) and 公开审核 (masked)."""
    from forms.workflow import Publication, Status, decide_publication, transition

    transition(opinion, Status.REVIEWING)
    if decision:
        transition(opinion, Status.FORWARDED)
        transition(opinion, decision, reply=reply, notify=False)
    decide_publication(opinion, Publication.MASKED, user=reviewer)
    return opinion


def show_opinions(draft, **flags):
    from forms.models import PageOpinionSettings

    PageOpinionSettings.objects.update_or_create(
        page=draft, defaults={"show_public_opinions": True, **flags}
    )


def test_sections_come_in_reading_order(client, reviewer):
    from forms.workflow import Status

    draft = DraftFactory(
        articles=6, summary="本条例规范文明行为。", explanation="<p>起草的必要性说明。</p>"
    )
    publish(OpinionFactory(page=draft, article=2), reviewer, decision=Status.ADOPTED)
    publish(OpinionFactory(page=draft, article=None, text="对草案整体的意见"), reviewer)
    show_opinions(draft, feedback_published=True)
    response = client.get(draft.url)
    html = response.content.decode()
    assert_good_page(html)
    doc = soup(response)
    order = [
        doc.select_one(".draft-meta"),
        doc.select_one(".draft-banner"),
        doc.select_one("details.draft-summary"),
        doc.select_one("details.draft-explanation"),
        doc.select_one("nav.draft-toc"),
        doc.select_one("#article-1"),
        doc.select_one("#article-6"),
        doc.select_one(".opinion-feedback"),
        doc.select_one(".draft-stages"),
        doc.select_one(".draft-versions"),
    ]
    assert all(order), order
    in_document = {id(tag): n for n, tag in enumerate(doc.find_all(True))}
    positions = [in_document[id(tag)] for tag in order]
    assert positions == sorted(positions)
    # Folded: the summary and 起草说明 are closed disclosures above the text.
    assert not doc.select_one("details.draft-summary").has_attr("open")
    assert "起草的必要性说明" in doc.select_one("details.draft-explanation").get_text()
    # The feedback section after the text keeps the whole-draft opinion, not article 2's.
    feedback = doc.select_one(".opinion-feedback")
    assert "对草案整体的意见" in feedback.get_text()
    assert "第二条" not in [h.get_text() for h in feedback.select(".opinion-article-heading")]


def test_article_discloses_its_public_opinions_with_outcome_and_reply(client, reviewer):
    from forms.workflow import Status

    draft = DraftFactory(articles=5)
    publish(
        OpinionFactory(
            page=draft,
            article=2,
            text='建议<b>增加</b>处罚标准 =HYPERLINK("x") 😀',
            name="李四",
            phone="13900001111",
            email="lisi@example.com",
            publish_consent="full",
        ),
        reviewer,
        decision=Status.PARTLY_ADOPTED,
        reply="部分采纳，\n修改了第二款。",
    )
    publish(OpinionFactory(page=draft, article=2, text="匿名公开的意见"), reviewer)
    # Not public: the submitter refused, the office has not reviewed it, or not passed 公开审核.
    publish(
        OpinionFactory(page=draft, article=2, text="不公开的意见", publish_consent="none"),
        reviewer,
    )
    OpinionFactory(page=draft, article=2, text="未审核的意见")
    OpinionFactory(page=draft, article=3, text="未经公开审核的意见")
    show_opinions(draft)

    response = client.get(draft.url)
    html = response.content.decode()
    assert_good_page(html)
    second = soup(response).find(id="article-2")
    disclosure = second.select_one("details.article-opinions")
    summary = disclosure.select_one("summary").get_text(" ", strip=True)
    assert summary.startswith("2 条公开意见 · 1 条答复")
    shown = disclosure.select("li.public-opinion")
    assert len(shown) == 2
    named = next(li for li in shown if "李四" in li.get_text())
    assert "部分采纳" in named.select_one(".outcome").get_text()
    reply = named.select_one(".official-reply")
    assert "部分采纳，修改了第二款。" in reply.get_text()
    assert reply.find("br"), "the reply keeps its line breaks"
    # Shown as text, never as markup.
    assert "<b>增加</b>" not in html and "建议&lt;b&gt;增加&lt;/b&gt;处罚标准" in html
    assert "😀" in named.get_text()
    for secret in ("不公开的意见", "未审核的意见", "未经公开审核的意见"):
        assert secret not in html
    for contact in ("13900001111", "lisi@example.com"):
        assert contact not in html
    assert soup(response).find(id="article-3").select_one("details.article-opinions") is None
    # The anonymous one shows no name.
    anonymous = next(li for li in shown if "匿名公开的意见" in li.get_text())
    assert "张三" not in anonymous.get_text()


def test_a_much_commented_article_lists_the_latest_and_says_how_many_more(
    client, reviewer, monkeypatch
):
    from forms import feedback

    monkeypatch.setattr(feedback, "ARTICLE_LIMIT", 2)
    draft = DraftFactory(articles=3)
    for n in range(3):
        publish(OpinionFactory(page=draft, article=1, text=f"第{n}条意见"), reviewer)
    show_opinions(draft)
    first = soup(client.get(draft.url)).find(id="article-1")
    assert first.select_one("summary").get_text(strip=True).startswith("3 条公开意见")
    assert len(first.select("li.public-opinion")) == 2
    assert "第0条意见" not in first.get_text()  # the oldest is left out
    assert "另有 1 条较早的公开意见未列出" in first.get_text()


def test_each_article_links_to_the_previous_and_next(client):
    draft = DraftFactory(articles=4)
    doc = soup(client.get(draft.url))

    def neighbours(n):
        article = doc.find(id=f"article-{n}")
        prev = article.select_one('a[rel="prev"]')
        nxt = article.select_one('a[rel="next"]')
        return (prev and prev["href"], nxt and nxt["href"])

    assert neighbours(1) == (None, "#article-2")
    assert neighbours(2) == ("#article-1", "#article-3")
    assert neighbours(4) == ("#article-3", None)
    assert "第三条" in doc.find(id="article-2").select_one('a[rel="next"]').get_text()


def test_toc_is_a_tree_of_headings_and_their_articles_with_a_button_to_it(client):
    draft = DraftFactory(articles=4)
    doc = soup(client.get(draft.url))
    toc = doc.select_one("nav#toc.draft-toc")
    chapter = toc.select_one(".toc-list > li.toc-chapter")
    assert chapter.select_one("a").get_text(" ", strip=True) == "第一章 总则"
    assert [a["href"] for a in chapter.select(".toc-articles a")] == [
        f"#article-{n}" for n in range(1, 5)
    ]
    # The 目录 button works without JavaScript: a link to the panel (:target).
    assert doc.select_one("a.toc-button")["href"] == "#toc"
    assert doc.select_one("a.toc-button").get_text(strip=True) == "目录"


def test_query_count_stays_flat_with_articles_and_their_opinions(client, reviewer):
    small = DraftFactory(articles=10, slug="reading-small")
    large = DraftFactory(articles=60, slug="reading-large")
    for draft, articles in ((small, [1, 2]), (large, [1, 7, 20, 33, 48, 60])):
        for n in articles:
            publish(OpinionFactory(page=draft, article=n), reviewer)
        show_opinions(draft, feedback_published=True)
    # Warm caches (site root paths, content types) and each page's published links, kept
    # until the next publish (core/published_memo.py): the counts compare articles, not warmth.
    client.get(small.url)
    client.get(large.url)
    counts = {}
    for draft in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(draft.url)
        assert response.status_code == 200
        counts[draft.slug] = len(ctx.captured_queries)
    assert len(soup(response).select("details.article-opinions")) == 6
    assert counts["reading-small"] == counts["reading-large"], counts


def test_article_feedback_costs_two_queries_and_shares_the_settings_lookup(
    rf, reviewer, django_assert_num_queries
):
    from core.plugins import article_feedback, page_feedback

    draft = DraftFactory(articles=3)
    publish(OpinionFactory(page=draft, article=3), reviewer)
    show_opinions(draft)
    request = rf.get(draft.url)
    with django_assert_num_queries(2):  # the page's opinion settings, then every article's rows
        found = article_feedback(request, draft)
    key = draft.articles()[2]["key"]
    assert found[key].count == 1 and len(found[key].opinions) == 1
    # The page's sections after the articles do not look the settings up again, nor does the
    # next request: they are kept until the next publish or settings save.
    with CaptureQueriesContext(connection) as shared:
        page_feedback(request, draft)
    with CaptureQueriesContext(connection) as fresh:
        page_feedback(rf.get(draft.url), draft)
    assert len(shared) == len(fresh), (len(shared), len(fresh))
    with django_assert_num_queries(1):  # every article's rows only
        article_feedback(rf.get(draft.url), draft)


def test_english_translation_shows_the_same_opinions_in_english(client, reviewer):
    from wagtail.models import Locale

    draft = DraftFactory(articles=3)
    publish(OpinionFactory(page=draft, article=1), reviewer)
    show_opinions(draft)
    index_en = draft.get_parent().specific.get_translation(Locale.objects.get(language_code="en"))
    en = draft.copy_for_translation(index_en.locale)
    en.save_revision().publish()
    en.refresh_from_db()
    response = client.get(en.url)
    assert_good_page(response.content.decode())
    doc = soup(response)
    # The opinions live on the source draft; the translation shows them under the same articles.
    summary = doc.find(id="article-1").select_one("details.article-opinions summary")
    assert summary.get_text(" ", strip=True).startswith("1 public opinion")
    assert doc.select_one("#toc-title").get_text(strip=True).startswith("Contents")
    assert doc.select_one("a.toc-button").get_text(strip=True) == "Contents"


def test_grouped_copies_answered_alike_show_once_with_how_many_more(client, reviewer):
    from forms.dedupe import group_duplicates

    draft = DraftFactory(articles=3)
    for _ in range(3):
        publish(
            OpinionFactory(page=draft, article=2, text="建议删除第二条的限制性规定。"), reviewer
        )
    publish(
        OpinionFactory(page=draft, article=2, text="另一条完全不同的意见，关于处罚。"), reviewer
    )
    group_duplicates(draft.pk)
    show_opinions(draft)
    second = soup(client.get(draft.url)).find(id="article-2")
    assert second.select_one("summary").get_text(strip=True).startswith("4 条公开意见")
    shown = second.select("li.public-opinion")
    assert len(shown) == 2
    copy = next(li for li in shown if "限制性规定" in li.get_text())
    assert "另有 2 条相近意见" in copy.get_text()
    assert "较早的公开意见未列出" not in second.get_text()
