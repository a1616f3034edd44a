"""core/upstream/wagtail_lookups.py: a request's site and locale are found without a query once
known, and a change to sites or locales is seen on the next request."""

from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Site


def test_site_and_locale_found_once_until_they_change(db, home_page):
    factory = RequestFactory()
    site = Site.find_for_request(factory.get("/"))
    Locale.objects.get_for_language("zh-hans")
    with CaptureQueriesContext(connection) as queries:
        assert Site.find_for_request(factory.get("/")) == site
        assert Locale.objects.get_for_language("zh-hans").language_code == "zh-hans"
    assert len(queries) == 0
    site.site_name = "改名后的站点"
    site.save()  # as the admin's site screen does
    assert Site.find_for_request(factory.get("/")).site_name == "改名后的站点"
