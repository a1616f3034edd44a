"""Check-in (签到) at events: one per sign-up and per phone, the staff screen at the door (rights,
masking, audit, bad input), the self check-in link (window, rate limit, bad input), and the
person-times the scorecard counts instead of the typed 参加人数."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core.models import PersonalDataAccess
from events.attendance import check_in, checkin_token, person_times, self_check_in_window, undo
from events.models import EventAttendance, EventNoticePage, EventRegistration
from events.point_indicators import point_indicators
from tests.factories import UserFactory
from tests.signin import login_with_2fa

PHONE = "13912345678"


def _event(**changes) -> EventNoticePage:
    event = EventNoticePage.objects.get(slug="wenming-zuotanhui", locale__language_code="zh-hans")
    for name, value in changes.items():
        setattr(event, name, value)
    if changes:
        event.save(update_fields=list(changes))
    return event


@pytest.fixture
def event(demo_site):
    event = _event()
    event.register("张三", PHONE, 2)
    event.register("李四", "0543-7654321", 1)
    return event


def _staff(event, username="door-staff"):
    group = Group.objects.get(name=f"联系点工作人员：{event.organising_point.title}")
    return UserFactory(username=username, groups=[group.name])


@pytest.fixture
def staff_client(client, event):
    login_with_2fa(client, _staff(event))
    return client


def _screen(event, **query):
    url = reverse("events_check_in", args=[event.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


# ---------------------------------------------------------------------------------------------
# The rule: once per sign-up, once per phone


def test_a_sign_up_is_checked_in_once(event):
    registration = event.registrations.get(name="张三")
    first = check_in(event, method="staff", registration=registration)
    again = check_in(event, method="self", name="张三", phone="139 1234 5678")
    assert first.created and not again.created
    assert again.attendance == first.attendance
    assert person_times(event) == 2  # the people the sign-up booked


def test_the_database_refuses_a_second_check_in(event):
    registration = event.registrations.get(name="张三")
    check_in(event, method="staff", registration=registration)
    with pytest.raises(IntegrityError), transaction.atomic():
        EventAttendance.objects.create(
            event=event, registration=registration, name="张三", method="staff"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        EventAttendance.objects.create(
            event=event, name="别人", phone_key="13912345678", method="self"
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        EventAttendance.objects.create(event=event, name="太多", people=11, method="staff")


def test_undo_frees_the_person_to_check_in_again_and_keeps_the_record(event):
    staff = _staff(event)
    done = check_in(event, method="staff", registration=event.registrations.first()).attendance
    assert undo(done, staff) and not undo(done, staff)
    done.refresh_from_db()
    assert done.undone_by == staff and done.undone_at is not None
    assert person_times(event) == 0
    assert check_in(event, method="staff", registration=event.registrations.first()).created
    assert EventAttendance.objects.filter(event=event).count() == 2


# ---------------------------------------------------------------------------------------------
# The staff screen


def test_staff_check_in_two_sign_ups_and_a_walk_in(staff_client, event):
    zhang, li = event.registrations.order_by("pk")
    for registration in (zhang, li, zhang):  # the third tap: 已签到, nothing stored
        response = staff_client.post(
            _screen(event), {"action": "check_in", "registration": registration.pk}, follow=True
        )
        assert response.status_code == 200
    assert "已签到，无需重复签到" in response.content.decode()
    response = staff_client.post(
        _screen(event),
        {"action": "walk_in", "walkin-name": "王五", "walkin-phone": "", "walkin-people": "2"},
        follow=True,
    )
    html = response.content.decode()
    assert "王五 签到成功（2 人）" in html
    assert "签到 5 人次" in html
    attendances = event.attendances.present()
    assert attendances.count() == 3
    assert {a.recorded_by.username for a in attendances} == {"door-staff"}
    assert set(attendances.values_list("method", flat=True)) == {"staff"}


def test_find_by_last_four_digits_or_name(staff_client, event):
    html = staff_client.get(_screen(event, q="5678")).content.decode()
    assert "张三" in html and "李四" not in html
    html = staff_client.get(_screen(event, q="李")).content.decode()
    assert "李四" in html and "张三" not in html
    # Full-width digits from a Chinese input method find the same person.
    html = staff_client.get(_screen(event, q="５６７８")).content.decode()
    assert "张三" in html


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"walkin-name": "", "walkin-people": "1"}, "请填写姓名。"),
        ({"walkin-name": "\u200b", "walkin-people": "1"}, "请填写姓名。"),
        ({"walkin-name": "x" * 500, "walkin-people": "1"}, "50"),
        ({"walkin-name": "王五", "walkin-people": "１００"}, "一次最多登记 10 人"),
        ({"walkin-name": "王五", "walkin-people": "0"}, "人数至少为 1 人"),
        ({"walkin-name": "王五", "walkin-people": "🙂"}, "人数请填写数字"),
        ({"walkin-name": "王五", "walkin-phone": "=HYPERLINK(1)", "walkin-people": "1"}, "有效"),
    ],
)
def test_walk_in_bad_input_is_refused_and_kept(staff_client, event, fields, error):
    response = staff_client.post(_screen(event), {"action": "walk_in", **fields})
    assert response.status_code == 400
    html = response.content.decode()
    assert error in html
    if fields["walkin-name"].strip("\u200b"):
        assert fields["walkin-name"][:50] in html
    assert not event.attendances.exists()


def test_walk_in_keeps_html_and_emoji_as_text(staff_client, event):
    name = "<b>赵六</b>🙂"
    staff_client.post(
        _screen(event), {"action": "walk_in", "walkin-name": name, "walkin-people": "1"}
    )
    assert event.attendances.get().name == name
    html = staff_client.get(_screen(event)).content.decode()
    assert "&lt;b&gt;赵六&lt;/b&gt;🙂" in html and "<b>赵六</b>" not in html


@pytest.mark.parametrize("value", ["", "abc", "9" * 40, "１", "\x00"])
def test_bad_or_foreign_ids_are_404(staff_client, event, value):
    response = staff_client.post(_screen(event), {"action": "check_in", "registration": value})
    assert response.status_code == 404
    response = staff_client.post(_screen(event), {"action": "undo", "attendance": value})
    assert response.status_code == 404


def test_a_sign_up_of_another_event_is_404(staff_client, event):
    other = EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")
    stranger = other.register("外人", "13800000000", 1)
    response = staff_client.post(
        _screen(event), {"action": "check_in", "registration": stranger.pk}
    )
    assert response.status_code == 404
    assert not event.attendances.exists()


def test_another_points_staff_are_refused(client, event):
    other = EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")
    assert other.organising_point != event.organising_point
    login_with_2fa(client, _staff(other, "other-staff"))
    # Wagtail answers a PermissionDenied in the admin with a redirect to the dashboard.
    assert client.get(_screen(event)).status_code in (302, 403)
    response = client.post(
        _screen(event), {"action": "check_in", "registration": event.registrations.first().pk}
    )
    assert response.status_code in (302, 403)
    poster = client.get(reverse("events_check_in_poster", args=[event.pk]))
    assert poster.status_code in (302, 403) and "svg" not in poster.content.decode()
    assert not event.attendances.exists()


def test_phones_clear_for_staff_and_logged(staff_client, event):
    check_in(event, method="staff", name="王五", phone="13700001111")
    before = PersonalDataAccess.objects.count()
    html = staff_client.get(_screen(event)).content.decode()
    assert PHONE in html and "13700001111" in html
    log = PersonalDataAccess.objects.order_by("pk")[before:]
    assert sorted((e.action, e.object_type, e.count) for e in log) == [
        ("view", "events.eventattendance", 1),
        ("view", "events.eventregistration", 2),
    ]


def test_phones_masked_without_the_right_and_not_logged(client, event):
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission, Page

    group = Group.objects.create(name="编辑（无电话）")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(
        group=group,
        page=Page.objects.get(depth=1),
        permission=Permission.objects.get(codename="change_page"),
    )
    client.force_login(UserFactory(username="editor", groups=[group.name]))
    check_in(event, method="staff", name="王五", phone="13700001111")
    before = PersonalDataAccess.objects.count()
    html = client.get(_screen(event)).content.decode()
    assert "139****5678" in html and "137****1111" in html
    assert PHONE not in html and "13700001111" not in html
    assert PersonalDataAccess.objects.count() == before


def test_the_poster_carries_the_self_check_in_link(staff_client, event):
    html = staff_client.get(reverse("events_check_in_poster", args=[event.pk])).content.decode()
    assert f"checkin/{checkin_token(event.pk)}/" in html and "<svg" in html


# ---------------------------------------------------------------------------------------------
# Self check-in


def _self_url(event, token=None):
    return f"{event.url}checkin/{token or checkin_token(event.pk)}/"


def _now_open(event):
    now = timezone.now()
    return _event(start=now + dt.timedelta(minutes=30), end=now + dt.timedelta(hours=2))


def _self(client, event, name="张三", phone=PHONE, people="1", **extra):
    return client.post(_self_url(event), {"name": name, "phone": phone, "people": people, **extra})


def test_self_check_in_matches_the_sign_up_by_phone(client, event):
    event = _now_open(event)
    response = _self(client, event, phone="+86 139-1234-5678", people="2")
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "签到成功（2 人）" in page.content.decode()
    assert "no-cache" in page["Cache-Control"] or "private" in page["Cache-Control"]
    attendance = event.attendances.get()
    assert attendance.registration.name == "张三" and attendance.method == "self"
    # Again from another phone's browser: 已签到, nothing stored twice.
    client.cookies.clear()
    again = _self(client, event)
    assert again.status_code == 200 and "已经签到过了" in again.content.decode()
    assert event.attendances.count() == 1


def test_self_check_in_without_a_sign_up_is_a_walk_in(client, event):
    event = _now_open(event)
    _self(client, event, name="<script>x</script>🙂", phone="１３６００００１１１１")
    attendance = event.attendances.get()
    assert attendance.registration is None and attendance.phone_key == "13600001111"
    assert attendance.name == "<script>x</script>🙂"


def test_self_check_in_window(client, event):
    start = timezone.now() + dt.timedelta(hours=2)
    event = _event(start=start, end=start + dt.timedelta(hours=1))
    opens, closes = self_check_in_window(event)
    assert opens == start - dt.timedelta(hours=1)
    assert timezone.localtime(closes).time() == dt.time.min and closes > event.end
    html = client.get(_self_url(event)).content.decode()
    assert "签到尚未开始" in html and 'name="phone"' not in html
    assert _self(client, event).status_code == 403
    past = timezone.now() - dt.timedelta(days=2)
    event = _event(start=past, end=past + dt.timedelta(hours=1))
    assert "签到已结束" in client.get(_self_url(event)).content.decode()
    assert _self(client, event).status_code == 403
    assert not event.attendances.exists()


def test_a_wrong_token_is_404(client, event):
    event = _now_open(event)
    assert client.get(_self_url(event, "0123456789")).status_code == 404
    assert client.post(_self_url(event, "x" * 300), {"name": "a"}).status_code == 404


@pytest.mark.parametrize(
    "fields, error",
    [
        ({"name": "", "phone": PHONE}, "请填写姓名。"),
        ({"name": "张三", "phone": "=HYPERLINK(1)"}, "请填写有效的电话号码。"),
        ({"name": "张三", "phone": "13912345678" * 50}, "30"),
        ({"name": "张三\x00", "phone": PHONE}, "控制字符"),
        ({"name": "张三", "phone": PHONE, "people": "99"}, "一次最多登记 10 人"),
    ],
)
def test_self_check_in_bad_input(client, event, fields, error):
    event = _now_open(event)
    response = client.post(_self_url(event), {"people": "1", **fields})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not event.attendances.exists()


def test_self_check_in_is_rate_limited(client, event, settings):
    settings.RATELIMIT_ENABLE = True
    settings.LAWBRIDGE_RATELIMITS = {"event_checkin": "3/h", "event_checkin_phone": "2/h"}
    event = _now_open(event)
    for n in range(3):
        assert _self(client, event, name=f"人{n}", phone=f"1360000000{n}").status_code == 302
    response = _self(client, event, name="又一个", phone="13600000009")
    assert response.status_code == 429 and "又一个" in response.content.decode()
    assert event.attendances.count() == 3


# ---------------------------------------------------------------------------------------------
# What the scorecard counts


def _training(demo_site):
    return EventNoticePage.objects.get(slug="xinxiyuan-peixun", locale__language_code="zh-hans")


def _indicator(event, code):
    day = timezone.localtime(event.start).date()
    values = {i.code: i.values for i in point_indicators(day, day + dt.timedelta(days=1))}
    return values[code].get(event.organising_point.pk)


def test_check_ins_replace_the_typed_participants(demo_site):
    training = _training(demo_site)
    assert training.participants == 42  # typed in the report
    checked = person_times(training)
    assert checked == 10  # the demo's check-ins: 4 sign-ups, 2 walk-ins, 1 self
    assert _indicator(training, "training_person_times") == checked
    assert _indicator(training, "event_participants") == checked
    # Without check-ins, the typed figure as before.
    training.attendances.update(undone_at=timezone.now())
    assert _indicator(training, "training_person_times") == 42


def test_indicator_queries_do_not_grow_with_check_ins(demo_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    training = _training(demo_site)
    day = timezone.localtime(training.start).date()

    def count():
        with CaptureQueriesContext(connection) as queries:
            point_indicators(day - dt.timedelta(days=60), day + dt.timedelta(days=60))
        return len(queries)

    few = count()
    for n in range(20):
        check_in(training, method="staff", name=f"来宾{n}", phone=f"1350000{n:04d}")
    assert count() == few


def test_the_event_page_and_sign_up_list_show_person_times(client, demo_site):
    training = _training(demo_site)
    assert "10 人次" in client.get(training.url).content.decode()
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    login_with_2fa(client, admin)
    html = client.get(reverse("events_registrations", args=[training.pk])).content.decode()
    assert "签到 10 人次" in html


def test_the_sign_in_sheet_has_a_checked_in_column(staff_client, event):
    zhang = event.registrations.get(name="张三")
    check_in(event, method="staff", registration=zhang)
    response = staff_client.get(reverse("events_sign_in_sheet", args=[event.pk]))
    rows = [
        list(r)
        for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]
    assert rows[3] == ["序号", "姓名", "联系电话", "人数", "报名时间", "已签到", "签到"]
    assert rows[4][5].endswith("已签到 2 人") and rows[5][5] in ("", None)
    assert any(r[0] == "签到 2 人次" for r in rows if r)


def test_registration_rows_point_to_their_event(event):
    # A sign-up checked in at one event never counts at another.
    registration = EventRegistration.objects.filter(event=event).first()
    check_in(event, method="staff", registration=registration)
    other = EventNoticePage.objects.get(slug="yanglao-bandenghui", locale__language_code="zh-hans")
    assert person_times(other) == 0


def test_a_check_in_through_the_english_page_counts_for_the_event(client, event):
    from core.demo import ensure_translation

    event = _now_open(event)
    english = ensure_translation(event, "en", title="Residents' forum")
    english.register("Anna", "13711112222", 1)
    # The one link on the poster works in both languages.
    url = f"{english.url}checkin/{checkin_token(event.pk)}/"
    response = client.post(url, {"name": "Anna", "phone": "13711112222", "people": "1"})
    assert response.status_code == 302 and response["Location"].startswith("/en/")
    attendance = EventAttendance.objects.get(name="Anna")
    assert attendance.event_id == event.pk and attendance.registration.event_id == english.pk
    assert person_times(event) == person_times(english) == 1
