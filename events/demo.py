"""Demo events from ``events/demo_data/events.toml``: the index, and each event under its liaison
point (or under the index without the points plugin), dated relative to the day ``load_demo``
first runs.

Slugs are stable, so running it again finds them instead of adding more (their dates stay where
they were first put). When the drafts plugin is installed, some events collect opinions on the open
demo draft (looked up through the app registry, never imported)."""

from datetime import datetime, time, timedelta

from django.apps import apps
from django.utils import timezone

from core.demo import DemoData, ensure_child, ensure_translation
from core.interfaces import as_commentable
from core.plugins import DRAFT_PAGE, page_models_for

from .attendance import check_in
from .models import (
    POINT_MODEL,
    POINTS_INSTALLED,
    EventAttendance,
    EventIndexPage,
    EventNoticePage,
    EventRegistration,
)
from .phones import phone_key

DATA = DemoData(__file__)


def demo_events() -> list[dict]:
    return DATA.toml("events.toml")["event"]


def _demo_draft():
    """The draft open for comment: the events that collect opinions are about it."""
    for model in page_models_for(DRAFT_PAGE):
        for draft in model.objects.live().order_by("-first_published_at"):
            commentable = as_commentable(draft)
            if commentable is not None and commentable.accepts_comments():
                return draft
    return None


def load_events_demo(demo):
    data = DATA.toml("events.toml")
    index_spec = data["index"]
    index = ensure_child(
        demo.home,
        EventIndexPage,
        "events",
        title=index_spec["title"],
        intro=index_spec["intro"],
        show_in_menus=True,
    )
    ensure_translation(index, "en", **index_spec["en"])
    points = {}
    if POINTS_INSTALLED:
        point_model = apps.get_model(POINT_MODEL)
        points = {p.slug: p for p in point_model.objects.filter(locale=demo.home.locale)}
    draft = _demo_draft()
    notice = data["notice"]
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    created = 0
    for spec in data["event"]:
        parent = points.get(spec["point"]) if POINTS_INSTALLED else index
        if parent is None:
            continue
        title = spec["title"]
        start = datetime.combine(
            today + timedelta(days=spec["days"]), time(spec["hour"]), tzinfo=tz
        )
        capacity = spec.get("capacity")
        fields = {
            "title": title,
            "event_type": spec["type"],
            "start": start,
            "end": start + timedelta(hours=spec["hours"]),
            "place": spec["place"],
            "summary": notice["summary"].format(
                point=parent.title if POINTS_INSTALLED else "", title=title
            ),
            "body": notice["body"],
            "audience": notice["audience"],
            "registration_open": capacity is not None,
            "capacity": capacity,
        }
        if spec.get("on_draft") and draft is not None:
            fields["related_draft"] = draft
        if "report" in spec:
            figures = spec["report"]
            fields.update(
                participants=figures["participants"],
                opinions_collected=figures["opinions"],
                report=notice["report"].format(**figures),
            )
        before = parent.get_children().filter(slug=spec["slug"]).exists()
        ensure_child(parent, EventNoticePage, spec["slug"], **fields)
        created += 0 if before else 1
        # Events are not translated in the demo: the English index shows the Chinese notices
        # (see EventIndexPage.events_locale), as a real office would until someone translates.
    checked_in = _load_check_ins(data.get("checkin", []))
    demo.show("Events", index)
    demo.log(
        f"events: index and {len(data['event'])} events ({created} new), {checked_in} new check-ins"
    )


def _load_check_ins(specs: list[dict]) -> int:
    """Past events with people checked in: sign-ups checked in at the door, walk-ins and self
    check-ins. An event that has check-ins already is left as it is (running the demo again)."""
    added = 0
    for spec in specs:
        event = EventNoticePage.objects.filter(slug=spec["event"]).first()
        if event is None or event.attendances.exists():
            continue
        arrived = event.start + timedelta(minutes=-10)
        for name, phone, people in spec.get("registered", []):
            registration = EventRegistration.objects.create(
                event=event, name=name, phone=phone, phone_key=phone_key(phone), people=people
            )
            EventRegistration.objects.filter(pk=registration.pk).update(
                created=event.start - timedelta(days=3)
            )
            added += _arrive(
                event, arrived, EventAttendance.METHOD_STAFF, registration=registration
            )
        for method, key in (
            (EventAttendance.METHOD_STAFF, "walk_in"),
            (EventAttendance.METHOD_SELF, "self"),
        ):
            for name, phone, people in spec.get(key, []):
                added += _arrive(event, arrived, method, name=name, phone=phone, people=people)
    return added


def _arrive(event, at, method, **person) -> int:
    result = check_in(event, method=method, **person)
    EventAttendance.objects.filter(pk=result.attendance.pk).update(checked_in_at=at)
    return int(result.created)
