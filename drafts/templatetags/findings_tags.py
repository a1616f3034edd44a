"""``{% findings page version_id key as found %}``: what other plugins published about one
article of a version (``key`` "" for the draft as a whole), from whichever plugin answers
``core.plugins.article_findings`` — asked once per page and version for the whole request, not
once per article. Without such a plugin: an empty list, and the page shows nothing."""

from django import template

from core.plugins import article_findings

register = template.Library()


@register.simple_tag(takes_context=True)
def findings(context, page, version_id, key):
    if key is None:
        return []
    return article_findings(context.get("request"), page, version_id).get(key, [])
