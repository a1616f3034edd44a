"""The demo's rosters from ``demo_data/roster.toml``: people who joined some of the demo points
and one at each of two points who left. Points are found by page role and slug; a point that
already has a roster is left as it is, so ``load_demo`` can run again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from core.demo import DemoData, days_from
from core.plugins import POINT_PAGE, page_models_for

from .models import RosterMember

DATA = DemoData(__file__)


def load_roster_demo(demo) -> None:
    data = DATA.toml("roster.toml")
    models = page_models_for(POINT_PAGE)
    if not models:
        demo.log("roster: no liaison points, no rosters")
        return
    points = {
        page.slug: page
        for page in Page.objects.type(*models).filter(locale__language_code="zh-hans")
    }
    today = timezone.localdate()
    for spec in data["point"]:
        point = points.get(spec["slug"])
        if point is None or RosterMember.objects.filter(point=point).exists():
            continue
        with transaction.atomic():
            for person in spec["members"]:
                left = person.get("left")
                RosterMember.objects.create(
                    point=point,
                    name=person["name"],
                    role=person["role"],
                    phone=person["phone"],
                    unit=person.get("unit", ""),
                    joined=days_from(today, person["joined"]),
                    left=days_from(today, left) if left is not None else None,
                    left_reason=person.get("left_reason", ""),
                )
        demo.log(f"roster: {len(spec['members'])} people at {point.title}")
