"""Which opinions a user sees in the admin.

The office's roles (``forms.view_opinion`` or ``forms.change_opinion``) see every opinion. A
liaison point's staff hold neither: they see the opinions their own points collected
(``Opinion.point``, whichever translation of the point was chosen) and no other point's. Their
points come from the same place as for offline entry (the ``forms.enter_offline_opinions`` right,
and the ``lawbridge_points_for_user`` hook for *which* points), so giving a point's group to a
user is all it takes. Personal data stays masked for them unless they also hold the
personal-data right (and then passed two-step sign-in, ``core.two_factor``)."""

from __future__ import annotations

from django.http import Http404

__all__ = ["acts_for_points", "can_see", "sees_every_opinion", "visible_opinions"]

OFFICE_PERMISSIONS = ("forms.view_opinion", "forms.change_opinion")


def sees_every_opinion(user) -> bool:
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(user.has_perm(p) for p in OFFICE_PERMISSIONS)


def _point_keys(user) -> set:
    from .admin_views import points_available_to

    cache = getattr(user, "_lb_point_keys", None)  # once per request: menus, list and cells ask
    if cache is None:
        cache = {p.translation_key for p in points_available_to(user)}
        user._lb_point_keys = cache
    return cache


def acts_for_points(user) -> bool:
    """Point staff: may list the opinions of their points."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(_point_keys(user))


def visible_opinions(user, queryset):
    if sees_every_opinion(user):
        return queryset
    keys = _point_keys(user) if user is not None and user.is_authenticated else set()
    if not keys:
        return queryset.none()
    return queryset.filter(point__translation_key__in=keys)


def can_see(user, opinion) -> bool:
    if sees_every_opinion(user):
        return True
    return visible_opinions(user, type(opinion).objects.filter(pk=opinion.pk)).exists()


def check_can_see(user, opinion):
    """404, not 403, for another point's opinion: its existence is none of their business."""
    if not can_see(user, opinion):
        raise Http404
    return opinion
