from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def regulation_route(context, page, name, *args):
    """URL of a route of a regulation page (wagtail.contrib.routable_page's own tag needs that
    app installed; this needs only the mixin)."""
    return (page.get_url(context.get("request")) or "") + page.reverse_subpage(name, args=args)
