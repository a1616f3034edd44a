"""The indicators the opinions and events plugins provide, on a small fixture, and their cost:
a fixed number of queries whatever the number of points."""

import datetime as dt

from core.plugins import point_indicators
from tests.assessment.conftest import YEAR, at, credited


def _values(start=dt.date(YEAR, 1, 1), end=dt.date(YEAR + 1, 1, 1)):
    return {i.code: i.values for i in point_indicators(start, end)}


def test_event_indicators_count_held_events_by_point_and_kind(network):
    a, b = network.point("pa"), network.point("pb")
    network.event(a, "reception", at(2), participants=30)
    network.event(a, "training", at(3), participants=12)
    network.event(a, "training", at(5), participants=8)
    network.event(a, "lecture", at(5, 20), participants=200)  # 普法讲座 is not training
    network.event(a, "forum", at(4), participants=None)  # no report yet: held, 0 people
    network.event(a, "reception", at(6), participants=99, cancelled=True)
    network.event(a, "reception", at(7), participants=99, live=False)
    network.event(b, "reception", at(11), participants=5)
    network.event(b, "reception", dt.datetime(YEAR + 1, 1, 2, 9, tzinfo=at(1).tzinfo))

    values = _values()
    assert values["events_held"] == {a.pk: 5, b.pk: 1}
    assert values["event_participants"] == {a.pk: 250, b.pk: 5}
    assert values["training_person_times"] == {a.pk: 20}
    assert values["events:reception"] == {a.pk: 1, b.pk: 1}
    assert values["events:training"] == {a.pk: 2}
    # The period is half-open: the first quarter holds February only.
    q1 = _values(dt.date(YEAR, 1, 1), dt.date(YEAR, 4, 1))
    assert q1["events:reception"] == {a.pk: 1} and q1["events_held"] == {a.pk: 2}


def test_opinion_indicators_collected_adopted_and_timeliness(network, draft):
    a, b = network.point("oa"), network.point("ob")
    tz = at(1).tzinfo
    on_time = dt.datetime(YEAR, 6, 30, 23, 0, tzinfo=tz)  # the deadline's own day
    late = dt.datetime(YEAR, 7, 2, 9, 0, tzinfo=tz)
    credited(draft, a, month=2, status="adopted", replied=on_time)
    credited(draft, a, month=2, status="partly", replied=late)
    credited(draft, a, month=3, status="not_adopted", replied=on_time)
    credited(draft, a, month=3, status="not_adopted", replied=on_time)
    credited(draft, a, month=4, status="invalid")  # spam is not collected
    credited(draft, a, month=4, status="withdrawn")
    credited(draft, b, month=5)
    credited(draft, None, month=5, status="adopted", replied=on_time)  # nobody's

    values = _values()
    assert values["opinions_collected"] == {a.pk: 4, b.pk: 1}
    assert values["opinions_adopted"] == {a.pk: 2}
    assert values["reply_timeliness"] == {a.pk: 75.0}


def test_indicators_cost_the_same_for_5_and_50_points(network, draft, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            _values()
        return len(queries)

    for n in range(5):
        point = network.point(f"q{n}")
        network.event(point, "reception", at(2), participants=3)
        credited(draft, point, month=2, status="adopted", replied=at(3))
    few = count()
    for n in range(5, 50):
        point = network.point(f"q{n}")
        network.event(point, "reception", at(2), participants=3)
        credited(draft, point, month=2, status="adopted", replied=at(3))
    assert count() == few
    assert few <= 12
