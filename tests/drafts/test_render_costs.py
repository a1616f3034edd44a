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
