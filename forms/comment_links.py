"""The links to the comment form that a commentable page shows (the opinion_widget hook)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from core.escaping import escape
from core.interfaces import as_commentable


def comment_link(request, page, target=None) -> str:
    """A link to the comment form (whole page or one article). Links, not embedded forms: a form
    carries a CSRF token and a fill-time stamp that must be fresh per visitor, and a page holding
    them could not be served from the anonymous page cache. Outside the comment window nothing is
    shown: the page itself says the window is closed."""
    url = comment_form_url(request, page)
    if not url:
        return ""
    if target is not None:
        # Once per article of the page (50 and more on a draft): an f-string over escaped
        # values, not a template (a render per article) nor format_html (its per-argument
        # machinery cost more than the link).
        href = escape(url + "?" + urlencode({"article": target.key}))
        return (
            f'<a class="opinion-link" href="{href}">{escape(_("对本条提意见"))}'
            f'<span class="visually-hidden">（{escape(target.label)}）</span></a>\n'
        )
    # No count here: the page shows its own counts (opinion_counts hook) next to the links.
    return render_to_string("forms/widget_page.html", {"url": url}, request=request)


def comment_form_url(request, page) -> str:
    """The page's comment form URL, or "" when it takes no opinions now; worked out once per
    page and request (the draft page asks for it once per article)."""
    known = getattr(request, "_lawbridge_comment_form_urls", None)
    if known is None:
        known = {}
        if request is not None:
            request._lawbridge_comment_form_urls = known
    if page.pk not in known:
        commentable = as_commentable(page)
        open_now = commentable is not None and page.live and commentable.accepts_comments()
        known[page.pk] = reverse("opinions_new", args=[page.pk]) if open_now else ""
    return known[page.pk]
