"""Bad input is a clear answer, never a 500.

A guard over every public URL pattern and every page type: each known GET parameter gets a NUL
byte, huge and negative numbers, emoji, full-width digits, an impossible date and a 10 KB string.
Run it on PostgreSQL too — that is where NUL bytes and integer overflows explode:
``DATABASE_URL=postgres://postgres@127.0.0.1:5432/lb_<name> pytest tests/core/test_bad_input.py``.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from wagtail.models import Page

from core.params import MAX_ID, bounded_int, clean_str

HUGE = "9" * 30
BAD_VALUES = {
    "nul": "a\x00b",
    "huge": HUGE,
    "negative": "-99999999999",
    "emoji": "😀",
    "full-width digits": "２０２６",
    "date": "99999-01-01",
    "10 KB": "x" * 10240,
}
# Every parameter a public view, page or API reads (grep request.GET), and Wagtail's API filters.
PARAMS = [
    "page", "q", "type", "point", "month", "view", "year", "topic", "audience", "series",
    "sort", "status", "district", "n", "to", "from", "all", "print", "start", "end", "article",
    "code", "html_path", "limit", "offset", "child_of", "descendant_of", "id", "search", "fields",
    "order", "next", "text", "theme", "register", "registered", "locale", "slug",
]  # fmt: skip
SKIP_PREFIXES = ("admin/", "django-admin/", "documents/", "__debug__/", "static/", "media/")


def _route_samples(resolver=None, prefix=""):
    """A path for every (non-admin) URL pattern, ``int`` converters set to a huge number."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if (
            route.startswith("^") or "(" in route
        ):  # Wagtail's page catch-all: pages are walked below
            continue
        route = re.sub(r"<int:\w+>", HUGE, route)
        route = re.sub(r"<(?:\w+:)?\w+>", "x", route)
        path = prefix + route
        if path.startswith(SKIP_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _route_samples(entry, path)
        elif isinstance(entry, URLPattern):
            yield "/" + path


# Routes declared with regular expressions (Wagtail's API router, the CAPTCHA images).
REGEX_ROUTES = [
    "/api/v2/pages/", f"/api/v2/pages/{HUGE}/", "/api/v2/pages/find/", "/api/v2/images/",
    f"/api/v2/images/{HUGE}/", "/api/v2/documents/", f"/api/v2/documents/{HUGE}/",
    "/captcha/image/x/",
]  # fmt: skip


def _page_samples():
    """One live page of every page type (and its routable sub-routes)."""
    urls = set()
    seen = set()
    pages = Page.objects.live().public().filter(depth__gt=1, locale__language_code="zh-hans")
    for page in pages.specific().order_by("path"):
        key = type(page)
        if key in seen:
            continue
        seen.add(key)
        url = page.url
        if not url:
            continue
        urls.add(url)
        for pattern in getattr(page, "get_subpage_urls", lambda: [])():
            route = re.sub(r"<int:\w+>", HUGE, str(pattern.pattern))
            route = re.sub(r"<(?:\w+:)?\w+>", "x", route)
            if not route.startswith("^"):
                urls.add(url + route)
    return sorted(urls)


def _get(client, url, params):
    try:
        return client.get(url, params).status_code
    except Exception as exc:  # noqa: BLE001 — a crash is what we look for
        return f"{type(exc).__name__}: {exc}"[:200]


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


# Pages and routes that read filters: each parameter also alone there (one bad value must not hide
# another behind an early "not a filter" answer).
FILTERING = ("/drafts/", "/law-education/", "/events/", "/points/", "/search/", "/api/v2/")


# One test per kind of bad value, so that parallel workers share the walk.
@pytest.mark.parametrize("name", BAD_VALUES)
def test_every_public_url_and_page_survives_bad_parameters(name, demo_site, anonymous):
    urls = sorted(set(_route_samples())) + REGEX_ROUTES + _page_samples()
    assert len(urls) > 20
    value = BAD_VALUES[name]
    failures = []
    for url in urls:
        singles = url.rstrip("/").count("/") <= 2 and url.startswith(FILTERING)
        tries = [dict.fromkeys(PARAMS, value)]
        if singles and name == "huge":
            tries += [{p: value} for p in PARAMS]
        for params in tries:
            status = _get(anonymous, url, params)
            if not isinstance(status, int) or status >= 500:
                failures.append(f"{url} {name} {sorted(params)[:3]}: {status}")
                print(failures[-1], flush=True)
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


def test_bad_path_segments(demo_site, anonymous):
    failures = []
    for url in ["/a%00b/", "/law-education/%00/", "/drafts/x%00/", f"/{HUGE}/", "/😀/"]:
        status = _get(anonymous, url, {})
        if not isinstance(status, int) or status >= 500:
            failures.append(f"{url}: {status}")
    assert not failures, failures


ADMIN_LISTS = [
    "/admin/opinions/opinions/",
    "/admin/opinions/groups/",
    "/admin/opinions/batches/",
    "/admin/opinions/offline/",
    "/admin/opinions/statistics/",
    "/admin/pages/",
    "/admin/snippets/",
]
ADMIN_PARAMS = [
    "page", "p", "q", "group", "status", "channel", "point", "category", "page_id",
    "submit_time_after", "submit_time_before", "ordering", "locale", "collection_id",
]  # fmt: skip


# One test per list (and both users), so that parallel workers share the walk.
@pytest.mark.parametrize("url", ADMIN_LISTS)
def test_admin_list_filters_survive_bad_parameters(url, demo_site):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    # Least privilege that sees these lists: a point's staff member, and an office editor.
    staff = get_user_model().objects.create_user("bad-input-staff", "b@example.com", "pw")
    staff.groups.add(Group.objects.get(name="联系点工作人员：市中街道基层立法联系点"))
    editor = get_user_model().objects.create_superuser("bad-input-admin", "c@example.com", "pw")
    failures = []
    for user in (staff, editor):
        client = Client(raise_request_exception=False)
        device = TOTPDevice.objects.create(user=user, name="t", confirmed=True)
        client.force_login(user)
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        for name, value in BAD_VALUES.items():
            singles = [{p: value} for p in ADMIN_PARAMS] if name == "huge" else []
            for params in [dict.fromkeys(ADMIN_PARAMS, value), *singles]:
                status = _get(client, url, params)
                if not isinstance(status, int) or status >= 500:
                    failures.append(f"{user} {url} {name} {sorted(params)[:2]}: {status}")
    assert not failures, f"{len(failures)} failures:\n" + "\n".join(failures[:40])


@pytest.mark.parametrize(
    "value, expected",
    [
        ("12", 12), ("１２", 12), (" 7 ", 7), ("0", None), ("-3", None), (HUGE, None),
        (str(MAX_ID + 1), None), ("1.5", None), ("٣", None), ("\x00", None), (None, None),
        ("", None), ("😀", None),
    ],
)  # fmt: skip
def test_bounded_int(value, expected):
    assert bounded_int(value) == expected


def test_bounded_int_with_bounds():
    assert bounded_int("2026", minimum=1949, maximum=2100) == 2026
    assert bounded_int("99999", minimum=1949, maximum=2100, default=0) == 0
    assert bounded_int("-5", minimum=-10, maximum=10) == -5


@pytest.mark.parametrize(
    "value, expected",
    [("民法典", "民法典"), ("a\x00b", "ab"), ("  x  ", "x"), ("x" * 201, ""), (None, ""),
     ("\x00", ""), ("a\tb", "a\tb")],
)  # fmt: skip
def test_clean_str(value, expected):
    assert clean_str(value) == expected
