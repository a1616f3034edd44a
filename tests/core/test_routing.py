"""core/routing.py: the root finds a deep page in two queries, and reaches exactly the page (and
route) Wagtail's level-by-level walk reaches, for every page of the demo and its own routes."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from core.routing import route_below


def walk(root, request, components):
    """Wagtail's own walk from the root (what HomePage.route did before)."""
    try:
        return Page.route(root, request, components)
    except Http404:
        return None


def outcome(result):
    if result is None:
        return None
    page, args, kwargs = result
    view = args[0].__name__ if args and callable(args[0]) else None
    return (page.pk, type(page).__name__, view, args[1:] if view else args, kwargs)


def test_every_demo_page_and_route_is_reached_as_wagtail_reaches_it(demo_site):
    factory = RequestFactory()
    roots = [p.specific for p in Page.objects.filter(depth=2)]
    checked = 0
    for root in roots:
        for page in root.get_descendants().filter(depth__gte=root.depth + 2):
            components = page.url_path[len(root.url_path) :].strip("/").split("/")
            # The page itself, a route below it (print/, feed/…), and a slug that is not there.
            for extra in ([], ["print"], ["no-such-child"], ["versions", "1"]):
                path = components + extra
                request = factory.get("/" + "/".join(path) + "/")
                try:
                    fast = route_below(root, request, path)
                except Http404:
                    fast = None
                expected = outcome(walk(root, factory.get("/"), path))
                if fast is not None or expected is None:
                    assert outcome(fast) == expected, path
                checked += 1
    assert checked > 200


def test_a_deep_page_costs_two_queries_to_route(demo_site):
    draft = Page.objects.live().filter(depth=4, url_path__contains="/drafts/").first()
    if draft is None:
        pytest.skip("no draft in the demo")
    root = draft.get_parent().get_parent().specific
    components = draft.url_path[len(root.url_path) :].strip("/").split("/")
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        result = route_below(root, request, components)
    assert result is not None and result.page.pk == draft.pk
    assert len(queries) == 2
