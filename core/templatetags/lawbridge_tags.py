"""Template tags for the shared layout: menu, language switcher, reading controls."""

from functools import partial

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.encoding import escape_uri_path
from django.utils.html import conditional_escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page, Site

from core import punctuation
from core.navigation import menu_entries, translation_urls
from core.params import carried_query, here
from core.plugins import extra_nav_links
from core.published_memo import remembered, remembered_for_site
from core.reading import preferences_from_request
from core.translation import in_reader_script
from core.untranslated import html_lang

register = template.Library()


def _locale_home(request):
    """The home page in the request's language; looked up once per request (header, menu,
    language switcher and brand link all need it)."""
    if not hasattr(request, "_lawbridge_locale_home"):
        site = Site.find_for_request(request)
        request._lawbridge_locale_home = (
            remembered(
                ("locale_home", site.pk, translation.get_language()),
                lambda: site.root_page.localized,
            )
            if site
            else None
        )
    return request._lawbridge_locale_home


@register.inclusion_tag("navigation/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    home = _locale_home(request)
    items = []
    if home is not None:
        items = remembered(("main_menu", home.pk, request.get_host()), partial(menu_entries, home))
    items = [*items, *extra_nav_links(request)]
    current = context.get("page")
    return {"home": home, "items": items, "current_url": current.url if current else None}


@register.inclusion_tag("navigation/language_switcher.html", takes_context=True)
def language_switcher(context):
    """Link to the same place in each language: the page's translation with the route below it
    (print/, versions/compare/) and the query (a search's ?q=, a status lookup's ?code=); a view
    outside the page tree (search, receipt lookup) in the other language; else that locale's home.
    What a visitor typed into a form is carried across by static/js/keep-typed.js."""
    request = context["request"]
    page = context.get("page")
    current = translation.get_language()
    home = _locale_home(request)
    links = []
    locales = remembered_for_site(
        "locales", lambda: {locale.language_code: locale for locale in Locale.objects.all()}
    )
    subpath = _route_below(request, page) if isinstance(page, Page) else None
    # A view outside the page tree may show a page (the opinion form shows its draft): it
    # switches to the same view, not to the page.
    on_page = subpath is not None
    query = carried_query(request)
    # Every live translation of the page and every translation of the home page (where a
    # language has no translation of the page) in one query, as URLs.
    translations, homes = remembered(
        (
            "translations",
            page.pk if on_page else None,
            home.pk if home else None,
            request.get_host(),
        ),
        partial(translation_urls, page if on_page else None, home),
    )
    for code, name in settings.LANGUAGES:
        locale = locales.get(code)
        if locale is None:
            continue
        url = None
        if on_page:
            target_url = translations.get(locale.pk)
            if target_url is not None:
                url = target_url + (subpath or "")
        elif request.resolver_match is not None:
            url = _translated_view_url(request.path, code)
        if url is None:
            url = homes.get(locale.pk)
            if url is None:
                continue
        elif query:
            url = f"{url}?{query}"
        links.append({"code": code, "name": name, "url": url, "active": code == current})
    return {"links": links}


def _route_below(request, page) -> str | None:
    """``print/`` when ``request`` is a routable page's print view, "" on the page itself, None
    when the request is not below the page at all."""
    base = page.get_url(request)
    # The page's URL is percent-encoded (a Chinese slug: /fagui/%E6%BB%A8…/), the request's
    # path is not: compare like with like, or a page with a Chinese slug is never "on the page"
    # and its language links lead to a translation that does not exist.
    path = escape_uri_path(request.path)
    if base and path.startswith(base):
        return path[len(base) :]
    return None


def _translated_view_url(path: str, code: str) -> str | None:
    """The same URL pattern in language ``code`` (i18n_patterns), or None when it has none."""
    url = translate_url(path, code)
    return url if url != path or code == translation.get_language() else None


@register.inclusion_tag("navigation/reading_controls.html", takes_context=True)
def reading_controls(context):
    request = context["request"]
    prefs = preferences_from_request(request)
    base = reverse("reading_preferences")
    back = here(request)

    def link(**change):
        return f"{base}?{urlencode({**change, 'next': back})}"

    return {
        "prefs": prefs,
        "text_options": [
            ("normal", _("标准字号"), link(text="normal")),
            ("large", _("大字号"), link(text="large")),
            ("xlarge", _("超大字号"), link(text="xlarge")),
        ],
        "theme_options": [
            ("default", _("默认配色"), link(theme="default")),
            ("contrast", _("高对比度"), link(theme="contrast")),
            ("eyecare", _("护眼模式"), link(theme="eyecare")),
        ],
    }


@register.simple_tag(takes_context=True)
def home_url(context):
    home = _locale_home(context["request"])
    return home.url if home is not None else "/"


@register.simple_tag(takes_context=True)
def opinion_widget(context, page, target=None):
    """Comment form/link from the opinions plugin; empty when that plugin is not installed."""
    from django.utils.safestring import mark_safe

    from core.plugins import opinion_widget as widget

    return mark_safe(widget(context["request"], page, target))  # noqa: S308 - hook returns escaped HTML


@register.simple_tag(takes_context=True)
def header_items(context):
    """Header widgets from plugins (e.g. the search box); empty when none is installed."""
    from django.utils.safestring import mark_safe

    from core.plugins import header_items as items

    return mark_safe(items(context["request"]))  # noqa: S308 - hooks return escaped HTML


@register.simple_tag
def form_fields(form):
    """Every field of a public form, Bootstrap 5 markup, rendered in Python (core.form_rendering)."""
    from core.form_rendering import render_fields

    return render_fields(form)


@register.simple_tag
def colon():
    """``{% colon %}`` after a translated label: ： in Chinese, ": " in English."""
    return punctuation.colon()


@register.simple_tag
def settings_lang():
    """`` lang="zh-Hans"`` for the site settings' text (typed once, in the site's default
    language) on a page in a language that is not Chinese, so that a screen reader reads it in a
    Chinese voice; the zh-hant site shows it converted (``in_reader_script``)."""
    if (translation.get_language() or "").startswith("zh"):
        return ""
    return mark_safe(f' lang="{html_lang(settings.LANGUAGE_CODE)}"')  # noqa: S308 - a setting


# ``{{ settings.core.SiteSettings.site_name|in_reader_script }}``: traditional characters on the
# zh-hant site (core/translation.py).
register.filter("in_reader_script", in_reader_script)


@register.filter
def parenthesised(value):
    """``{{ label|parenthesised }}``: （label） in Chinese, " (label)" in English (escaped)."""
    return mark_safe(punctuation.parenthesised(conditional_escape(value)))  # noqa: S308 - escaped
