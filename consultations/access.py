"""Who may do what with consultation tasks.

- The office (``manage_tasks``, the 法工委联络员 group): every task and every point's part in it.
- A point's staff (``act_on_tasks``, given to each point's group): only the assignments of the
  points they act for (``core.plugins.points_for_user``). Another point's ids are a 404, never a
  403 that would confirm they exist."""

from __future__ import annotations

from django.http import Http404

from core.plugins import point_directory, points_for_user

from .models import ConsultationTask, TaskAssignment

_LABEL = ConsultationTask._meta.app_label
MANAGE = f"{_LABEL}.manage_tasks"
ACT = f"{_LABEL}.act_on_tasks"

__all__ = ["ACT", "MANAGE", "assignment_for", "can_act", "can_manage", "my_point_ids", "my_points"]


def can_manage(user) -> bool:
    return bool(user and user.is_active and user.has_perm(MANAGE))


def can_act(user) -> bool:
    return bool(user and user.is_active and user.has_perm(ACT))


def my_points(user) -> list:
    """The point pages this user acts for, each once: a point's translations (its English and
    traditional Chinese pages) are the same point, so only the pages in the point directory (the
    default language) count — a point must not apply or report twice under another language."""
    if not can_act(user):
        return []
    directory = {summary.id for summary in point_directory()}
    return [point for point in points_for_user(user) if point.pk in directory]


def my_point_ids(user) -> list[int]:
    """The ids of ``my_points`` (empty without the right to act on tasks)."""
    return [point.pk for point in my_points(user)]


def assignment_for(user, pk, *, act: bool = False) -> TaskAssignment:
    """The assignment ``pk`` if ``user`` may see it (``act``: may work on it: its own point's
    staff only, also for an office member, who reads but does not write a point's record)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    assignment = TaskAssignment.objects.select_related("task", "point").filter(pk=pk).first()
    if assignment is None:
        raise Http404
    if assignment.point_id in my_point_ids(user):
        return assignment
    if not act and can_manage(user):
        return assignment
    raise Http404
