"""Where opinions come from, as this plugin answers the core hooks ``lawbridge_collection_source``
and ``lawbridge_point_sources`` (``core.plugins.CollectionSource``).

Two kinds of signed token lead back here:

- ``{"c": code}``: put on the opinion form by ``/c/<code>`` (a resident scanned a card);
- ``{"p": point id, "k": kind, "r": site/grid/team-member id or a label}``: an offline sheet's
  source, offered to the point's staff in the 录入线下意见 form.

A typed short code (the API's ``source``) resolves like the first. A code that was switched off
resolves to nothing: the opinion is still taken, only not credited."""

from __future__ import annotations

from django.db import transaction
from django.db.utils import IntegrityError

from core.interfaces import as_commentable
from core.plugins import QUESTIONNAIRE_PAGE, CollectionSource, plays_role

from . import codes
from .models import CollectionCode, CollectionSite, CommunityGrid, SourceKind, TeamMember

__all__ = ["create_code", "from_token_or_code", "point_sources", "source_of_code"]


def source_of_code(code: CollectionCode) -> CollectionSource:
    return CollectionSource(
        point_id=code.point_id,
        kind=code.kind,
        label=code.describe_source()[:200],
        code=code.code,
        page_id=code.page_id,
        article_key=code.article_key,
        token=codes.sign({"c": code.code}),
    )


def _active_code(code: str) -> CollectionCode | None:
    if not code:
        return None
    return (
        CollectionCode.objects.filter(code=code, active=True)
        .select_related("point", "site", "grid")
        .first()
    )


def from_token_or_code(value) -> CollectionSource | None:
    payload = codes.unsign(value)
    if payload is None:
        found = _active_code(codes.normalise(value))
        return source_of_code(found) if found is not None else None
    if "c" in payload:
        found = _active_code(codes.normalise(payload["c"]))
        return source_of_code(found) if found is not None else None
    return _offline_source(payload)


def _offline_source(payload: dict) -> CollectionSource | None:
    from .models import LiaisonPointPage

    point = LiaisonPointPage.objects.filter(pk=payload.get("p")).first()
    if point is None:
        return None
    kind, ref = payload.get("k"), payload.get("r")
    return next(
        (s for s in _sources_of(point) if s.kind == kind and _ref(s) == ref),
        None,
    )


def _ref(source: CollectionSource):
    return codes.unsign(source.token).get("r")


def _sources_of(point) -> list[CollectionSource]:
    def make(kind, label, ref):
        token = codes.sign({"p": point.pk, "k": kind, "r": ref})
        return CollectionSource(point_id=point.pk, kind=kind, label=label[:200], token=token)

    found = [make(SourceKind.POINT, point.title, None)]
    found += [
        make(SourceKind.SITE, site.name, site.pk)
        for site in CollectionSite.objects.filter(point=point).order_by("sort_order", "pk")
    ]
    found += [
        make(SourceKind.GRID, grid.name, grid.pk)
        for grid in CommunityGrid.objects.filter(point=point).order_by("sort_order", "pk")
    ]
    deputies = TeamMember.objects.filter(point=point, role="deputy").order_by("sort_order", "pk")
    names = [member.name for member in deputies]
    found += [make(SourceKind.DEPUTY, name, name) for name in names]
    # Deputies and campaigns named on the point's codes (a deputy not on its team, 立法赶集).
    labelled = CollectionCode.objects.filter(
        point=point, kind__in=[SourceKind.DEPUTY, SourceKind.CAMPAIGN]
    ).exclude(label="")
    for kind, label in labelled.values_list("kind", "label").distinct().order_by("kind", "label"):
        if not (kind == SourceKind.DEPUTY and label in names):
            found.append(make(kind, label, label))
    return found


def point_sources(point) -> list[CollectionSource]:
    return _sources_of(point)


def describe(kind: str, point, site=None, grid=None, label: str = "") -> str:
    if kind == SourceKind.SITE and site is not None:
        return site.name
    if kind == SourceKind.GRID and grid is not None:
        return grid.name
    if kind in (SourceKind.DEPUTY, SourceKind.CAMPAIGN) and label:
        return label
    return point.title


def create_code(
    point, page, *, kind, site=None, grid=None, label="", target=None, user=None
) -> CollectionCode:
    """A new code for ``point`` leading to ``page`` (and article ``target``, a CommentTarget):
    a commentable page or a questionnaire."""
    if as_commentable(page) is None and not plays_role(page, QUESTIONNAIRE_PAGE):
        raise ValueError("not a commentable page or a questionnaire")
    for _attempt in range(8):
        code = CollectionCode(
            code=codes.new_code(),
            point=point,
            page=page,
            article_key=target.key if target else "",
            article_label=(target.label if target else "")[:100],
            kind=kind,
            site=site if kind == SourceKind.SITE else None,
            grid=grid if kind == SourceKind.GRID else None,
            label=label.strip()[:100] if kind in (SourceKind.DEPUTY, SourceKind.CAMPAIGN) else "",
            source_label=describe(kind, point, site, grid, label.strip())[:200],
            created_by=user if user is not None and user.is_authenticated else None,
        )
        try:
            with transaction.atomic():
                code.save()
        except IntegrityError:  # the same random code twice: draw again
            continue
        return code
    raise RuntimeError("no free collection code")
