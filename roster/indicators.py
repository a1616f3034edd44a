"""The roster on the scorecard (``lawbridge_point_indicators``): ``roster:<role>`` is how many
of that role each point had on its roster at the end of the period (the last day of [start,
end)), so that an obligation rule can say "at least 3 信息员". One grouped query for all points."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils.translation import gettext as _

from core.plugins import PointIndicator

from .models import RosterMember, active_on

__all__ = ["roster_indicators"]


def roster_indicators(start, end) -> list[PointIndicator]:
    last_day = end - dt.timedelta(days=1)
    values: dict[str, dict[int, int]] = {role: {} for role in RosterMember.Role.values}
    rows = (
        RosterMember.objects.filter(active_on(last_day))
        .values_list("role", "point_id")
        .annotate(n=Count("id"))
    )
    for role, point_id, n in rows:
        values.setdefault(role, {})[point_id] = n
    return [
        PointIndicator(
            f"roster:{role}",
            _("在册%(role)s（期末）") % {"role": label},
            _("人"),
            values[role],
        )
        for role, label in RosterMember.Role.choices
    ]
