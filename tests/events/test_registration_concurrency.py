"""Registration capacity holds under concurrent sign-ups (real PostgreSQL, real transactions)."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from events.models import EventNoticePage, EventRegistration
from liaison_points.models import LiaisonPointIndexPage, LiaisonPointPage

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks are only meaningful on PostgreSQL"
)


@pytest.fixture
def small_event(transactional_db):
    from home.site_setup import ensure_site

    home = ensure_site()
    index = LiaisonPointIndexPage(title="联系点", slug="points-race")
    home.add_child(instance=index)
    point = LiaisonPointPage(
        title="并发测试联系点", slug="race", point_type="community", district="滨城区", address="x"
    )
    index.add_child(instance=point)
    start = timezone.now() + timedelta(days=2)
    event = EventNoticePage(
        title="五个名额的座谈会",
        slug="five-places",
        event_type="forum",
        place="会议室",
        start=start,
        end=start + timedelta(hours=2),
        registration_open=True,
        capacity=5,
    )
    point.add_child(instance=event)
    event.save_revision().publish()
    return event


def _race(event_pk, people_list):
    barrier = threading.Barrier(len(people_list))
    results = [None] * len(people_list)

    def sign_up(i, people):
        try:
            event = EventNoticePage.objects.get(pk=event_pk)
            barrier.wait()
            results[i] = event.register(f"居民{i}", f"0543-{i:07d}", people) is not None
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign_up, args=(i, people)) for i, people in enumerate(people_list)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_twenty_concurrent_signups_for_five_places(small_event):
    results = _race(small_event.pk, [1] * 20)
    assert results.count(True) == 5
    assert results.count(False) == 15
    assert EventRegistration.objects.filter(event=small_event).count() == 5
    assert small_event.registration_state() == "full"


def test_group_signups_never_overbook(small_event):
    results = _race(small_event.pk, [2, 2, 2, 3, 1, 1, 3, 2])
    taken = sum(r.people for r in EventRegistration.objects.filter(event=small_event))
    assert taken <= 5
    assert taken >= 4  # places are not lost either: the last place can still go to a single
    assert results.count(True) == EventRegistration.objects.filter(event=small_event).count()


def test_one_phone_signing_up_twice_at_once_is_stored_once(small_event):
    barrier = threading.Barrier(4)
    outcomes = [None] * 4

    def sign_up(i, typed):
        from events.registration import AlreadyRegistered

        try:
            event = EventNoticePage.objects.get(pk=small_event.pk)
            barrier.wait()
            try:
                outcomes[i] = event.register("张三", typed, 1) is not None
            except AlreadyRegistered:
                outcomes[i] = "duplicate"
        finally:
            connections.close_all()

    typings = ["13812345678", "+86 138 1234 5678", "138-1234-5678", "8613812345678"]
    threads = [threading.Thread(target=sign_up, args=(i, t)) for i, t in enumerate(typings)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(map(str, outcomes)) == ["True", "duplicate", "duplicate", "duplicate"]
    assert EventRegistration.objects.filter(event=small_event).count() == 1
