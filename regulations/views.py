"""Reading an earlier version of a regulation (``versions/<n>/`` under its page)."""

from __future__ import annotations

from django.http import Http404
from django.template.response import TemplateResponse

from .models import RegulationVersion
from .text import reading_items


def version_view(request, page, number: int):
    """Version ``number`` (1 = the first promulgation, in the order the page lists them), read
    only, with the anchors of the reading page."""
    rows = page.version_rows
    if not 1 <= number <= len(rows):
        raise Http404
    version = RegulationVersion.objects.get(pk=rows[number - 1].pk)
    items, toc, loose = reading_items(version.items)
    return TemplateResponse(
        request,
        "regulations/version.html",
        {
            "page": page,
            "self": page,
            "version": version,
            "number": number,
            "is_current": number == len(rows),
            "items": items,
            "toc": toc,
            "toc_loose": loose,
            "article_count": sum(1 for i in items if i["type"] == "article"),
            "versions": rows,
        },
    )
