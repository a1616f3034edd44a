"""A late change by the organiser (time, place, the event called off) reaches
everyone signed up who has not cancelled, after commit, in their language; a gateway that is down
is recorded, never a 500; the editor is told how many it goes to."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.utils import timezone

from core import notify
from core.notify import ConsoleSMSChannel
from events.models import EventChangeNotice, EventNoticePage, EventRegistration
from events.wagtail_hooks import tell_editor_who_is_notified


class DownChannel:
    def send(self, message):
        raise ConnectionError("SMS gateway unreachable")


@pytest.fixture
def event(demo_site):
    event = EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")
    event.capacity = 10
    event.save_revision().publish()
    event.refresh_from_db()
    return event


@pytest.fixture
def signed_up(event):
    """Three sign-ups: one in Chinese, one in English, one cancelled."""
    zh = event.register("张三", "13800000001", 1, language="zh-hans")
    en = event.register("Li Si", "13800000002", 2, language="en")
    gone = event.register("王五", "13800000003", 1)
    gone.cancelled = timezone.now()
    gone.save()
    return zh, en, gone


def publish(event, capture, **changes):
    event = EventNoticePage.objects.get(pk=event.pk)
    for name, value in changes.items():
        setattr(event, name, value)
    ConsoleSMSChannel.sent = []
    with capture(execute=True):
        event.save_revision().publish()
    return event


def test_a_new_time_and_place_reach_everyone_signed_up(
    event, signed_up, django_capture_on_commit_callbacks
):
    new_start = event.start + timedelta(days=1)
    publish(
        event,
        django_capture_on_commit_callbacks,
        start=new_start,
        end=event.end + timedelta(days=1),
        place="黄河小区文化广场",
    )
    sent = dict(ConsoleSMSChannel.sent)
    assert set(sent) == {"13800000001", "13800000002"}  # not the one who cancelled
    assert "黄河小区文化广场" in sent["13800000001"] and "时间改为" in sent["13800000001"]
    assert "changed" in sent["13800000002"]  # in the language they signed up in
    notice = EventChangeNotice.objects.get(event=event)
    assert notice.recipients == 2 and notice.sent == 2 and notice.done
    assert set(notice.changes) == {"start", "place"}


def test_calling_the_event_off_is_told_and_closes_sign_up(
    client, event, signed_up, django_capture_on_commit_callbacks
):
    publish(event, django_capture_on_commit_callbacks, cancelled=True)
    sent = dict(ConsoleSMSChannel.sent)
    assert "已取消" in sent["13800000001"] and "cancelled" in sent["13800000002"]
    page = EventNoticePage.objects.get(pk=event.pk)
    assert page.registration_state() == "cancelled"
    assert page.register("赵六", "13800000009", 1) is None
    assert "活动已取消" in client.get(page.url).content.decode()


def test_saving_a_draft_or_changing_nothing_watched_tells_no_one(
    event, signed_up, django_capture_on_commit_callbacks
):
    draft = EventNoticePage.objects.get(pk=event.pk)
    draft.place = "别处"
    ConsoleSMSChannel.sent = []
    with django_capture_on_commit_callbacks(execute=True):
        draft.save_revision()  # not published: residents still see the old place
    publish(event, django_capture_on_commit_callbacks, summary="新的简介")
    assert ConsoleSMSChannel.sent == []
    assert not EventChangeNotice.objects.exists()


def test_a_gateway_that_is_down_is_recorded_not_raised(
    event, signed_up, settings, django_capture_on_commit_callbacks
):
    settings.LAWBRIDGE_NOTIFY_CHANNELS = ["tests.events.test_change_notices.DownChannel"]
    publish(event, django_capture_on_commit_callbacks, place="黄河小区文化广场")
    notice = EventChangeNotice.objects.get(event=event)
    assert notice.done and notice.sent == 0
    assert {r.phone for r in notice.not_reached.all()} == {"13800000001", "13800000002"}


def test_the_sign_up_code_that_could_not_be_sent_is_recorded(
    client, event, settings, django_capture_on_commit_callbacks
):
    settings.LAWBRIDGE_NOTIFY_CHANNELS = ["tests.events.test_change_notices.DownChannel"]
    with django_capture_on_commit_callbacks(execute=True):
        registration = event.register("张三", "13800000001", 1)
    registration.refresh_from_db()
    assert registration.code_sent is False


def test_the_editor_is_told_how_many_are_notified(
    event, signed_up, django_capture_on_commit_callbacks
):
    page = publish(event, django_capture_on_commit_callbacks, place="黄河小区文化广场")
    request = RequestFactory().post("/admin/")
    request.session = {}
    request._messages = FallbackStorage(request)
    tell_editor_who_is_notified(request, page)
    assert [str(m) for m in get_messages(request)] == [
        "活动的变更将以短信通知 2 位已报名的群众，发送结果见报名名单。"
    ]
    # A later publication that changes nothing watched says nothing.
    page = publish(event, django_capture_on_commit_callbacks, summary="x")
    request._messages = FallbackStorage(request)
    tell_editor_who_is_notified(request, page)
    assert list(get_messages(request)) == []


def test_the_registrations_page_shows_who_was_not_reached(
    client, event, signed_up, settings, django_capture_on_commit_callbacks
):
    from tests.factories import UserFactory

    settings.LAWBRIDGE_NOTIFY_CHANNELS = ["tests.events.test_change_notices.DownChannel"]
    publish(event, django_capture_on_commit_callbacks, place="黄河小区文化广场")
    admin = UserFactory(is_superuser=True, is_staff=True, verified=True)
    client.force_login(admin)
    html = client.get(f"/admin/events/{event.pk}/registrations/").content.decode()
    assert "已通知 0 / 2 人" in html and "未能通知" in html
    assert "已取消" in html  # the cancelled sign-up is listed as such
    assert EventRegistration.objects.active().filter(event=event).count() == 2


def test_notify_never_raises():
    class Broken:
        def send(self, message):
            raise RuntimeError

    assert notify.send(notify.Message("x", phone="13800000001")) is True
    from django.test import override_settings

    with override_settings(
        LAWBRIDGE_NOTIFY_CHANNELS=["tests.events.test_change_notices.DownChannel"]
    ):
        assert notify.send(notify.Message("x", phone="13800000001")) is False
