"""Themes of a draft's responses: tagging opinions, one way for the inspect page and the bulk action.

A theme belongs to one draft; an opinion may carry only its own draft's themes. A selection that
mixes drafts is not silently half-done: the opinions that could not take a theme are returned,
each with its reason, for the view to list.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .analysis_models import Theme

__all__ = ["tag", "theme_names", "themes_for_page", "untag"]


def themes_for_page(page_id):
    return Theme.objects.filter(page_id=page_id) if page_id else Theme.objects.none()


def theme_names(opinion) -> str:
    """The opinion's themes for a list cell or an export column (uses a prefetch when given)."""
    return "、".join(sorted(theme.name for theme in opinion.themes.all()))


def _mismatch(opinion, theme) -> str:
    return _("%(code)s：主题“%(theme)s”不属于这条意见的草案。") % {
        "code": opinion.receipt_code,
        "theme": theme.name,
    }


def tag(opinions, themes) -> tuple[int, list[str]]:
    """Give each opinion the themes of its own draft. Returns (opinions tagged, errors).
    Tagging twice stores nothing twice (the relation is a set)."""
    done, errors = 0, []
    for opinion in opinions:
        fitting = [t for t in themes if t.page_id == opinion.page_id]
        errors += [_mismatch(opinion, t) for t in themes if t.page_id != opinion.page_id]
        if fitting:
            opinion.themes.add(*fitting)
            done += 1
    return done, errors


def untag(opinions, themes) -> tuple[int, list[str]]:
    done = 0
    for opinion in opinions:
        opinion.themes.remove(*themes)
        done += 1
    return done, []
