"""Every liaison point as a small summary (``lawbridge_point_directory``): other plugins choose
points by type or district (a consultation task sent "to every 社区 point of 滨城区", the
scorecard's rows) without reading this plugin's model. One query for all points."""

from __future__ import annotations

from django.conf import settings

from core.plugins import PointSummary

from .models import POINT_TYPES, LiaisonPointPage

__all__ = ["directory"]


def directory() -> list[PointSummary]:
    labels = dict(POINT_TYPES)
    rows = (
        LiaisonPointPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .order_by("district", "title")
        .values_list("id", "title", "point_type", "district")
    )
    return [
        PointSummary(
            id=pk,
            title=title,
            point_type=point_type,
            type_label=str(labels.get(point_type, point_type)),
            district=district,
        )
        for pk, title, point_type, district in rows
    ]
