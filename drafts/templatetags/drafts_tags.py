from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def subpage_url(context, page, name, *args):
    """URL of a route of a routable draft page (wagtail.contrib.routable_page's own tag needs
    that app installed; this needs only the mixin)."""
    return page.get_url(context.get("request")) + page.reverse_subpage(name, args=args)


@register.simple_tag(takes_context=True)
def draft_text(context):
    """The draft page's text: every heading and article with its footer (drafts/text_html.py)."""
    from ..text_html import draft_text_html

    current = context.get("current_version")
    return draft_text_html(
        context.get("request"),
        context["page"],
        context["items"],
        version_id=current.pk if current is not None else None,
        show_counts=context.get("show_counts", False),
        show_history=len(context.get("versions") or ()) > 1,
    )


@register.simple_tag
def toc_articles(articles):
    """The article numbers under a TOC heading (drafts/text_html.py: one per article, 50+)."""
    from ..text_html import toc_articles_html

    return toc_articles_html(articles)
