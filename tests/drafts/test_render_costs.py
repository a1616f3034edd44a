"""What a draft of many articles costs to render: work per page done once, not once per article."""

from unittest.mock import patch

import pytest

pytestmark = pytest.mark.django_db


def test_comment_targets_ask_for_the_page_url_once(make_draft):
    page = make_draft(12)
    expected = [(t.key, t.url, t.version_url) for t in page.get_comment_targets()]
    page_class = type(page)
    with patch.object(
        page_class, "get_url", autospec=True, side_effect=page_class.get_url
    ) as get_url:
        targets = page.get_comment_targets()
    assert len(targets) == 12
    assert get_url.call_count == 1
    assert [(t.key, t.url, t.version_url) for t in targets] == expected
    assert targets[0].url == f"{page.url}#article-1"


def test_reading_page_asks_for_the_article_links_url_once(make_draft, rf):
    from drafts.models.reading import reading_items

    page = make_draft(12)
    page_class = type(page)
    with patch.object(
        page_class, "get_url", autospec=True, side_effect=page_class.get_url
    ) as get_url:
        items, _toc = reading_items(page, {}, page.url)
    assert sum(1 for item in items if item["type"] == "article") == 12
    assert get_url.call_count == 1


def test_the_first_view_after_a_publish_reads_only_what_a_publish_changes(client, demo_draft):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core import page_cache

    page = demo_draft("wenming")  # the open demo draft: 51 articles, opinions, a questionnaire
    client.get(page.url)
    client.get(page.url)
    with CaptureQueriesContext(connection) as warm:
        client.get(page.url)
    page_cache.invalidate()  # what any publish does
    with CaptureQueriesContext(connection) as after:
        response = client.get(page.url)
    assert response.status_code == 200
    sql = [q["sql"] for q in after.captured_queries]
    listed = "\n".join(s[:160] for s in sql)
    # The site, its locales and settings: no publish changes them (core/published_memo.py).
    for table in ('FROM "wagtailcore_site"', 'FROM "wagtailcore_locale"', '"core_sitesettings"'):
        assert not any(table in s for s in sql), listed
    # What a publish may change, read once: the root page, menu, translations, opinion
    # settings, the draft's four kinds of links and its questionnaires.
    assert len(sql) <= len(warm.captured_queries) + 9, listed


def test_published_links_read_as_the_page_lists_them(make_draft, home_page):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from drafts.models import DraftTopic
    from drafts.models.links import published_links
    from drafts.models.related import DraftAttachment, DraftRelatedArticle, DraftRelatedPoint

    page = make_draft(3)
    others = list(home_page.get_children().live()[:3])
    document = get_document_model().objects.create(
        title="说明", file=ContentFile(b"x", name="shuoming.pdf")
    )
    DraftAttachment.objects.create(page=page, document=document, title="", sort_order=1)
    DraftAttachment.objects.create(page=page, document=document, title="附件二", sort_order=0)
    DraftRelatedPoint.objects.create(page=page, point=others[0], sort_order=1)
    DraftRelatedPoint.objects.create(page=page, point=others[1], sort_order=0)
    DraftRelatedPoint.objects.create(page=page, point=None, sort_order=2)
    DraftRelatedArticle.objects.create(page=page, article=others[2])
    topics = [
        DraftTopic.objects.create(name=name, slug=slug, locale=page.locale)
        for name, slug in (("乙", "b"), ("甲", "a"))
    ]
    page.topics.set(topics)
    page.save()
    expected = {
        "attachments": list(page.attachments.select_related("document")),
        "points": [rel.point for rel in page.related_points.select_related("point") if rel.point],
        "law_articles": [rel.article for rel in page.related_articles.select_related("article")],
        "topics": list(page.topics.all()),
    }
    found = published_links(page.pk, page.locale_id)
    assert found == expected
    assert [a.display_title for a in found["attachments"]] == ["附件二", "说明"]
    assert [a.document.url for a in found["attachments"]] == [
        a.document.url for a in expected["attachments"]
    ]
    assert [(p.title, p.url) for p in found["points"]] == [
        (others[1].title, others[1].url),
        (others[0].title, others[0].url),
    ]
    assert [t.name for t in found["topics"]] == [t.name for t in expected["topics"]]
