"""Make sure the page tree has a root, a home page and a default site.

Migrations create them; this restores them on a database that was flushed (``manage.py flush``,
transactional tests) so that ``load_demo`` always has somewhere to put its pages."""

from django.conf import settings
from wagtail.models import Locale, Page, Site

from .models import HomePage


def ensure_site() -> HomePage:
    site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    if site is not None:
        return site.root_page.specific
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale))
    home = HomePage.objects.filter(depth=2, locale=locale).first()
    if home is None:
        home = root.add_child(instance=HomePage(title="立法连心桥", slug="home", locale=locale))
    Site.objects.create(
        hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="立法连心桥"
    )
    return home
