"""Marks on a listing's items that are shown in their original language (``core.untranslated``)."""

from django import template

from core.untranslated import original_language

register = template.Library()


@register.simple_tag
def original_lang(item, page):
    """``lang`` value of ``item`` when it is not in ``page``'s language, else ''."""
    return original_language(item, page.locale_id)


@register.inclusion_tag("core/includes/original_language_badge.html")
def original_language_badge(lang):
    return {"lang": lang}
