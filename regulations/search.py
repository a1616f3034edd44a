"""Articles of regulations in force one by one in the site search (``SEARCH_SOURCES_HOOK``), as the
drafts plugin offers the articles of its drafts: a hit goes straight to 第N条 of the text in force."""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

from core.plugins import SearchSource

from .models import RegulationArticle
from .text import article_anchor


def _articles():
    # Rows exist only for live regulations (regulations.services keeps them in step).
    return RegulationArticle.objects.select_related("page", "page__locale").defer("page__summary")


def _result(article: RegulationArticle) -> dict:
    page = article.page
    return {
        "title": f"《{page.title}》{article.number}",
        "url": f"{page.get_url() or ''}#{article_anchor(article.ordinal)}",
        "text": article.text,
        "date": page.promulgated_on,
        "point_ids": [],
        "locale": page.locale.language_code,
    }


def search_source() -> SearchSource:
    return SearchSource(
        kind="regulation_article",
        label=pgettext_lazy("search facet", "法规条文"),
        model=RegulationArticle,
        queryset=_articles,
        to_result=_result,
        for_page=lambda page: _articles().filter(page_id=page.pk),
    )
