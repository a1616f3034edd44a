"""The life of one regulation on one page (立法历程): plan item → 立项 → drafts → passed → in force →
evaluations → amendments, gathered from every plugin through ``core.plugins.life_story``."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET
from wagtail.models import Page

from core.params import bounded_int
from core.plugins import life_story


def story_context(page) -> dict:
    """What the timeline include needs (``templates/story/_timeline.html``)."""
    return {"story_events": life_story(page)}


@require_GET
def life_story_page(request, page_id: int):
    # Only live, public pages start a story: an id of a draft-only or private page is a 404, the
    # same as an unknown one, so the page reveals nothing the site does not already show.
    # /licheng/<30 digits>/ would overflow the id column (an error on PostgreSQL): not a page.
    if bounded_int(page_id) is None:
        raise Http404
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None:
        raise Http404
    context = story_context(page)
    if not context["story_events"]:
        raise Http404
    context["story_page"] = page.specific
    return render(request, "story/life_story.html", context)
