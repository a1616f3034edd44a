from django import template
from wagtail.models import Site

from ..masking import personal

register = template.Library()


@register.simple_tag(takes_context=True)
def privacy_url(context):
    """The site's 隐私政策 page (slug ``privacy`` under the home page of the current language)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return ""
    home = site.root_page.localized
    page = home.get_children().live().filter(slug="privacy").first()
    return page.url if page is not None else ""


@register.simple_tag(takes_context=True)
def personal_field(context, opinion, field):
    """An opinion's personal field for the admin user: in clear or masked (see masking.py)."""
    return personal(context["request"].user, opinion, field)
