from django import template
from django.utils import translation
from wagtail.models import Site

from core.published_memo import remembered

from ..masking import masked_text, personal, public_text, text_for

register = template.Library()


@register.simple_tag(takes_context=True)
def privacy_url(context):
    """The site's 隐私政策 page (slug ``privacy`` under the home page of the current language)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""

    def find() -> str:
        home = site.root_page.localized
        page = home.get_children().live().filter(slug="privacy").first()
        return page.url if page is not None else ""

    # Under every comment form: kept until the next publish (core/published_memo.py).
    return remembered(("privacy_url", site.pk, translation.get_language()), find)


@register.simple_tag(takes_context=True)
def personal_field(context, opinion, field):
    """An opinion's personal field for the admin user: in clear or masked (see masking.py)."""
    return personal(context["request"].user, opinion, field)


@register.filter(name="public_text")
def public_text_filter(opinion):
    """An opinion's text as the public may read it (masked unless released: masking.py)."""
    return public_text(opinion)


@register.filter(name="masked_text")
def masked_text_filter(opinion):
    return masked_text(opinion)


@register.simple_tag(takes_context=True)
def opinion_text(context, opinion):
    """An opinion's text for the admin user: in clear with the personal-data right, else masked."""
    return text_for(context["request"].user, opinion)


@register.filter(name="status_label")
def status_label_filter(status, opinion=None):
    """A status value in the words of the opinion's page (列入计划 for a proposal)."""
    from ..submission_kinds import OPINION, kind_for, status_label

    return status_label(status, kind_for(opinion) if opinion is not None else OPINION)
