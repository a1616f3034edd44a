"""``{% absorbed page version_id key as found %}``: the adopted opinions an article of a version
took up, from whichever plugin answers ``core.plugins.absorbed_opinions`` (asked once per page
and version for the whole request, not once per article)."""

from django import template

from core.plugins import absorbed_opinions

register = template.Library()


@register.simple_tag(takes_context=True)
def absorbed(context, page, version_id, key):
    if not version_id or not key:
        return None
    return absorbed_opinions(context.get("request"), page, version_id).get(key)
