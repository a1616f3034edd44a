from django.urls import path

from . import calendar_feeds

# Under the language prefix: /calendar/events.ics (zh-hans), /en/calendar/events.ics (English).
i18n_urlpatterns = [
    path("calendar/events.ics", calendar_feeds.ical_all, name="events_ical"),
    path("calendar/points/<int:point_id>.ics", calendar_feeds.ical_point, name="events_ical_point"),
    path("calendar/events/<int:event_id>.ics", calendar_feeds.ical_event, name="events_ical_event"),
    path("feeds/events/", calendar_feeds.EventsFeed(), name="events_rss"),
]
