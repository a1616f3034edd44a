"""The network of points as plain facts (``core.plugins.PointSummary``), for lists that cover every
point in other plugins: the scorecard's ranking, the choice of points for a task. One query; the
public URL is built from Wagtail's cached site roots, not a query per point."""

from __future__ import annotations

from django.conf import settings

from core.plugins import PointSummary

__all__ = ["point_directory"]


def point_directory() -> list[PointSummary]:
    from .models import POINT_TYPES, LiaisonPointPage

    labels = dict(POINT_TYPES)
    points = (
        LiaisonPointPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
        .only("id", "title", "point_type", "district", "live", "url_path", "path", "depth")
        .order_by("path")
    )
    return [
        PointSummary(
            id=point.pk,
            title=point.title,
            point_type=point.point_type,
            point_type_label=str(labels.get(point.point_type, point.point_type)),
            district=point.district,
            url=(point.get_url() or "") if point.live else "",
        )
        for point in points
    ]
