"""The demo's scorecard, from ``assessment/demo_data/assessment.toml``: the current year's
scheme (only the indicators the installed plugins offer), a few status changes (one 整改 with
its reason) and the two standing rules. Idempotent: looked up before created."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from wagtail.models import Page

from core.demo import DemoData, days_from
from core.plugins import POINT_PAGE, page_models_for

from .models import (
    AssessmentScheme,
    IndicatorWeight,
    Normalisation,
    ObligationRule,
    PointStatusChange,
)
from .widgets import indicator_codes

DATA = DemoData(__file__)


def _points(slugs) -> dict:
    models = page_models_for(POINT_PAGE)
    if not models:
        return {}
    pages = Page.objects.type(*models).filter(slug__in=slugs, locale__language_code="zh-hans")
    return {page.slug: page for page in pages}


def load_demo(demo) -> None:
    data = DATA.toml("assessment.toml")
    today = timezone.localdate()
    codes = indicator_codes()

    spec = data["scheme"]
    scheme, created = AssessmentScheme.objects.get_or_create(
        year=today.year, defaults={"published": spec["published"], "note": spec["note"]}
    )
    if created:
        for order, weight in enumerate(w for w in spec["weights"] if w["code"] in codes):
            by_best = weight.get("by_best", False)
            IndicatorWeight.objects.create(
                scheme=scheme,
                sort_order=order,
                code=weight["code"],
                weight=weight["weight"],
                normalisation=Normalisation.BEST if by_best else Normalisation.TARGET,
                target=weight.get("target"),
            )
        demo.log(f"assessment: scheme {scheme.year} with {scheme.weights.count()} indicators")

    points = _points({change["point"] for change in data["status"]})
    for change in data["status"]:
        point = points.get(change["point"])
        if point is None:
            continue
        date = days_from(today, change["days"])
        if isinstance(date, dt.datetime):
            date = date.date()
        PointStatusChange.objects.get_or_create(
            point=point,
            status=change["status"],
            reason=change["reason"],
            defaults={"date": date, "point_title": point.title},
        )

    for rule in data["rule"]:
        if rule["code"] in codes:
            ObligationRule.objects.get_or_create(
                label=rule["label"],
                defaults={
                    "code": rule["code"],
                    "period": rule["period"],
                    "minimum": rule["minimum"],
                },
            )
