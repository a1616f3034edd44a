"""Who may see and keep which roster.

- A point's staff (``manage_roster``, given to each point's group): the rosters of the points
  they act for (``core.plugins.points_for_user``), default-language pages only (a point's
  translations are the same point). Another point's member is a 404, never a 403 that would
  confirm it exists.
- The office (``view_all_rosters``, the 法工委联络员 group): reads every point's roster.
- Phones in clear only with ``view_roster_contacts`` (a personal-data right: two-step sign-in);
  every clear view is written to the audit log by the views."""

from __future__ import annotations

from django.http import Http404

from core.plugins import point_directory, points_for_user

from .models import RosterMember

_LABEL = RosterMember._meta.app_label
MANAGE = f"{_LABEL}.manage_roster"
VIEW_ALL = f"{_LABEL}.view_all_rosters"
CONTACTS = f"{_LABEL}.view_roster_contacts"

__all__ = [
    "CONTACTS",
    "MANAGE",
    "VIEW_ALL",
    "can_manage",
    "can_view_all",
    "member_for",
    "my_points",
    "sees_phones",
]


def _has(user, perm) -> bool:
    return bool(user and user.is_active and user.has_perm(perm))


def can_manage(user) -> bool:
    return _has(user, MANAGE)


def can_view_all(user) -> bool:
    return _has(user, VIEW_ALL)


def sees_phones(user) -> bool:
    return _has(user, CONTACTS)


def my_points(user) -> list:
    """The default-language point pages this user keeps the roster of."""
    if not can_manage(user):
        return []
    directory = {summary.id for summary in point_directory()}
    return [point for point in points_for_user(user) if point.pk in directory]


def member_for(user, pk, *, write: bool = False) -> RosterMember:
    """Member ``pk`` if ``user`` may see it (``write``: may change it — its own point's staff
    only; the office reads)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    member = RosterMember.objects.select_related("point").filter(pk=pk).first()
    if member is None:
        raise Http404
    if member.point_id in {p.pk for p in my_points(user)}:
        return member
    if not write and can_view_all(user):
        return member
    raise Http404
