"""Which members a roster screen or export shows: the points the user may read, narrowed by the
filters (point, district, role, active or left), and the active count per role per point — each
one query whatever the number of points."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, Value, When
from django.utils import timezone

from core.plugins import point_directory

from . import access
from .models import RosterMember, active_on

ROLES = RosterMember.Role
STATES = ("active", "left", "all")
MAX_ROWS = 500  # one screen; the export has them all


@dataclass
class Filters:
    point: int | None = None
    district: str = ""
    role: str = ""
    state: str = "active"

    @classmethod
    def from_query(cls, query, points, districts) -> Filters:
        """Unknown or hostile values fall back to "any" rather than failing."""
        point = query.get("point", "")
        point = int(point) if point.isascii() and point.isdigit() else None
        district = query.get("district", "")
        role = query.get("role", "")
        state = query.get("state", "active")
        return cls(
            point=point if point in points else None,
            district=district if district in districts else "",
            role=role if role in ROLES.values else "",
            state=state if state in STATES else "active",
        )

    def as_query(self) -> str:
        from django.utils.http import urlencode

        pairs = {
            "point": self.point or "",
            "district": self.district,
            "role": self.role,
            "state": self.state,
        }
        return urlencode({k: v for k, v in pairs.items() if v})


def visible_points(user) -> dict[int, object]:
    """``{point id: PointSummary or page}`` this user may read, in directory order."""
    directory = point_directory()
    if access.can_view_all(user):
        return {p.id: p for p in directory}
    mine = {p.pk for p in access.my_points(user)}
    return {p.id: p for p in directory if p.id in mine}


def members(user, filters: Filters):
    points = visible_points(user)
    ids = list(points)
    if filters.point:
        ids = [filters.point]
    if filters.district:
        ids = [i for i in ids if points[i].district == filters.district]
    rows = RosterMember.objects.filter(point_id__in=ids).select_related("point")
    if filters.role:
        rows = rows.filter(role=filters.role)
    if filters.state == "active":
        rows = rows.filter(left__isnull=True)
    elif filters.state == "left":
        rows = rows.filter(left__isnull=False)
    # Roles in their own order (联络员 first), not the alphabet of their codes; those who left last.
    order = Case(
        *(When(role=role, then=Value(i)) for i, role in enumerate(ROLES.values)),
        default=Value(len(ROLES.values)),
    )
    return rows.order_by("point__title", order, F("left").asc(nulls_first=True), "joined", "pk")


def role_counts(point_ids) -> dict[int, dict[str, int]]:
    """``{point id: {role: active members today}}`` in one grouped query."""
    counts: dict[int, dict[str, int]] = {}
    today = timezone.localdate()
    rows = (
        RosterMember.objects.filter(active_on(today), point_id__in=list(point_ids))
        .values_list("point_id", "role")
        .annotate(n=Count("id"))
    )
    for point_id, role, n in rows:
        counts.setdefault(point_id, {})[role] = n
    return counts
