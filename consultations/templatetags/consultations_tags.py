from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]``, or None: the board's counts and labels by state."""
    if not mapping:
        return None
    return mapping.get(key)
