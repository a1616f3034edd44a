from django.urls import path

from . import views

# Under the language prefix: /calendar/events.ics (zh-hans), /en/calendar/events.ics (English).
i18n_urlpatterns = [
    path("calendar/events.ics", views.ical_all, name="events_ical"),
    path("calendar/points/<int:point_id>.ics", views.ical_point, name="events_ical_point"),
    path("calendar/events/<int:event_id>.ics", views.ical_event, name="events_ical_event"),
    path("feeds/events/", views.EventsFeed(), name="events_rss"),
]
