"""征集地图: a draft's opinions per point, per collection site (or grid, deputy, campaign) and per
district, on the server-drawn map of the points (``mapping.py``) and in tables.

Counts only: no opinion's text, no person. The figures come from the opinions plugin through
``core.plugins.source_counts`` (one grouped query); the points are read in one query whatever
their number, so the page costs the same for 5 points or 500."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Locale, Page

from core.interfaces import as_commentable
from core.params import bounded_int
from core.plugins import source_counts

from . import mapping
from .models import LiaisonPointIndexPage, LiaisonPointPage, SourceKind

__all__ = ["CollectionMap", "build", "public_view"]


@dataclass
class PointRow:
    point: object
    total: int = 0
    sources: list = field(default_factory=list)  # (kind label, label, count), largest first


@dataclass
class CollectionMap:
    page: object
    total: int
    credited: int  # opinions credited to some point
    points: list[PointRow]
    districts: list[tuple[str, int, int]]  # (district, points with opinions, opinions)
    svg: object = None


def _points_by_id(locale) -> tuple[dict, list]:
    """Every live point in any language, keyed by page id, mapped onto its page in ``locale``
    (an opinion may be credited to a translation of a point). One query."""
    rows = list(
        LiaisonPointPage.objects.live()
        .only(
            "id",
            "title",
            "path",
            "depth",
            "url_path",
            "translation_key",
            "locale_id",
            "district",
            "latitude",
            "longitude",
            "content_type_id",
        )  # fmt: skip
        .order_by("district", "path")
    )
    main = {p.translation_key: p for p in rows if p.locale_id == locale.pk}
    for p in rows:
        main.setdefault(p.translation_key, p)
    by_id = {p.pk: main[p.translation_key] for p in rows}
    shown = [p for p in rows if main[p.translation_key] is p]
    return by_id, shown


def build(page) -> CollectionMap:
    default = Locale.get_default()
    source = page.get_translation_or_none(default) if page.locale_id != default.pk else page
    counts = source_counts(source or page)
    by_id, points = _points_by_id(default)
    kinds = dict(SourceKind.choices)
    rows = {p.pk: PointRow(point=p) for p in points}
    total = credited = 0
    for found in counts:
        total += found.count
        point = by_id.get(found.point_id)
        if point is None:
            continue
        credited += found.count
        row = rows[point.pk]
        row.total += found.count
        if found.kind == SourceKind.POINT or not found.kind:
            # The point itself (its own card, its desk): no second name to show.
            kind = _("联系点直接收集") if found.kind else _("联系点录入，未注明具体来源")
            row.sources.append((kind, "", found.count))
        else:
            row.sources.append((str(kinds.get(found.kind, found.kind)), found.label, found.count))
    for row in rows.values():
        row.sources.sort(key=lambda item: -item[2])
    districts: dict = defaultdict(lambda: [0, 0])
    for row in rows.values():
        if row.total:
            districts[row.point.district][0] += 1
            districts[row.point.district][1] += row.total
    ordered = sorted(rows.values(), key=lambda r: (-r.total, r.point.district, r.point.path))
    index = LiaisonPointIndexPage.objects.live().filter(locale=default).first()
    svg = mapping.build_map(index, points)
    if svg is not None:
        mapping.size_markers(svg, {pk: row.total for pk, row in rows.items()})
        # Only where opinions came from; the big ones first, so a small one beside is on top.
        svg.markers = sorted((m for m in svg.markers if m.value), key=lambda m: -m.value)
    return CollectionMap(
        page=page,
        total=total,
        credited=credited,
        points=[row for row in ordered if row.total],
        districts=sorted(((d, n, c) for d, (n, c) in districts.items()), key=lambda x: -x[2]),
        svg=svg,
    )


def public_view(request, page_id: int):
    if bounded_int(page_id) is None:
        raise Http404
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or as_commentable(page.specific) is None:
        raise Http404(_("没有这个征求意见的页面。"))
    page = page.specific.localized
    return TemplateResponse(
        request, "liaison_points/collection_map.html", {"map": build(page), "page": page}
    )
