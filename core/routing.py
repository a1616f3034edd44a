"""Routing a deep URL from the site's root in two queries instead of two per level.

Wagtail routes ``/drafts/wenming/`` level by level: each page looks its child up by slug (a
query) and loads it as its specific type (another), so a page three levels down costs four or
more queries before any of its own. Every page's ``url_path`` is stored, so the root can find
the whole chain of pages the URL names in one query and load only the last one as its specific
type — the same pages Wagtail's walk reaches, given that the pages on the way route as
``Page.route`` does. A page on the way whose type routes otherwise (a routable page that has a
route of its own for the rest of the URL, or any other ``route`` override) makes the root walk
level by level as usual, so such pages keep their say.
"""

from __future__ import annotations

from django.urls import Resolver404
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page


def _passes_on(page, remaining: list[str]) -> bool:
    """Whether ``page``, reached on the way, would hand ``remaining`` to its child by slug."""
    cls = page.specific_class
    if cls is None:
        return False
    if cls.route is Page.route:
        return True
    if cls.route is RoutablePageMixin.route:
        if not page.live:
            return True  # a routable page serves its own routes only while live
        try:
            cls.get_resolver().resolve("/" + "/".join(remaining) + "/")
        except Resolver404:
            return True
        return False  # one of its own routes takes the URL
    return False


def route_below(root, request, path_components: list[str]):
    """The RouteResult Wagtail's walk from ``root`` would give, or None to let it walk."""
    if len(path_components) < 2:
        return None  # one level: the walk costs the same
    prefixes = [
        root.url_path + "/".join(path_components[: i + 1]) + "/"
        for i in range(len(path_components))
    ]
    found = {p.url_path: p for p in Page.objects.filter(url_path__in=prefixes)}
    chain = []
    parent = root
    for prefix in prefixes:
        page = found.get(prefix)
        if page is None or page.depth != parent.depth + 1 or not page.path.startswith(parent.path):
            break
        page._cached_parent_obj = parent  # as Wagtail's walk leaves it: no query for the parent
        chain.append(page)
        parent = page
    if not chain:
        return None
    for depth, page in enumerate(chain[:-1], start=1):
        if not _passes_on(page, path_components[depth:]):
            return None
    last = chain[-1]
    return last.specific.route(request, path_components[len(chain) :])
