"""Events: the index (lists, filters, month calendar), event pages, registration, iCal and RSS."""

from datetime import datetime, time, timedelta
from xml.etree import ElementTree

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from icalendar import Calendar

from events.demo import demo_events
from events.models import EventNoticePage, EventRegistration
from liaison_points.models import LiaisonPointPage
from tests.html_checks import assert_good_page


def _zh_events():
    return EventNoticePage.objects.live().filter(locale__language_code="zh-hans")


def _titles(html, selector=".ev-list h3 a"):
    return [a.get_text(strip=True) for a in BeautifulSoup(html, "html.parser").select(selector)]


def _section(html, heading_id):
    soup = BeautifulSoup(html, "html.parser")
    return soup.find(id=heading_id).find_parent("section")


@pytest.mark.parametrize(
    "url",
    [
        "/events/",
        "/events/?view=calendar",
        "/events/?type=forum&month=2020-01",
        "/points/huanghe-shequ/yanglao-bandenghui/",
        "/points/mashanzi-cun/yuye-bandenghui/",
        "/en/events/",
    ],
)
def test_event_pages_are_valid_accessible_html(client, demo_site, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_good_page(response.content.decode())


def test_demo_has_a_dozen_events_past_and_upcoming(demo_site):
    events = list(_zh_events())
    assert len(events) >= 12
    assert sum(e.is_past for e in events) >= 4
    assert sum(e.is_upcoming for e in events) >= 6
    assert len({e.organising_point.pk for e in events}) >= 6


def test_index_queries_do_not_grow_with_events(client, demo_site):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/events/").status_code == 200
        return len(queries)

    count()  # warm the site and locale caches
    before = count()
    point = LiaisonPointPage.objects.get(slug="huanghe-shequ", locale__language_code="zh-hans")
    start = timezone.now() + timedelta(days=2)
    for i in range(6):
        event = EventNoticePage(
            title=f"extra {i}",
            slug=f"extra-{i}",
            event_type="forum",
            place="x",
            start=start,
            end=start + timedelta(hours=1),
        )
        point.add_child(instance=event)
        event.save_revision().publish()
    count()  # the first request after a publish works the menu out again (core/published_memo)
    assert count() == before <= 30


def test_index_splits_upcoming_and_past(client, demo_site):
    html = client.get("/events/").content.decode()
    now = timezone.now()
    upcoming = [a.get_text(strip=True) for a in _section(html, "upcoming-title").select("h3 a")]
    past = [a.get_text(strip=True) for a in _section(html, "past-title").select("h3 a")]
    expected_upcoming = [e.title for e in _zh_events().filter(end__gte=now).order_by("start")]
    assert upcoming == expected_upcoming
    assert past == [e.title for e in _zh_events().filter(end__lt=now).order_by("-start")][:10]


def test_filter_by_type_and_point(client, demo_site):
    html = client.get("/events/?type=bench").content.decode()
    assert set(_titles(html)) == {e.title for e in _zh_events().filter(event_type="bench")}
    point = LiaisonPointPage.objects.get(slug="xiawa-zhen", locale__language_code="zh-hans")
    html = client.get(f"/events/?point={point.pk}").content.decode()
    assert set(_titles(html)) == {
        "立法赶集：把文明行为促进条例草案送到大集上",
        "冬枣产业发展立法座谈会",
    }
    html = client.get(f"/events/?point={point.pk}&type=market").content.decode()
    assert _titles(html) == ["立法赶集：把文明行为促进条例草案送到大集上"]


def test_filter_by_month(client, demo_site):
    event = _zh_events().get(slug="yanglao-bandenghui")
    month = timezone.localtime(event.start).strftime("%Y-%m")
    html = client.get(f"/events/?month={month}").content.decode()
    titles = set(_titles(html))
    assert event.title in titles
    for other in _zh_events():
        in_month = timezone.localtime(other.start).strftime("%Y-%m") == month
        assert (other.title in titles) == in_month, other.title
    assert _titles(client.get("/events/?month=1999-01").content.decode()) == []
    # Nonsense is ignored rather than an error.
    assert client.get("/events/?month=2024-13&type=x&point=abc").status_code == 200


def test_months_wrap_around_the_year():
    from datetime import date

    from events.listing import _month_bounds, _parse_month, _shift_month

    assert _shift_month(date(2026, 12, 1), 1) == date(2027, 1, 1)
    assert _shift_month(date(2026, 1, 1), -1) == date(2025, 12, 1)
    start, end = _month_bounds(date(2026, 12, 1))
    assert (start.date(), end.date()) == (date(2026, 12, 1), date(2027, 1, 1))
    assert _parse_month("2026-5") == date(2026, 5, 1)
    assert [_parse_month(v) for v in ("2026-13", "2026-00", "0001-01", "2026", None)] == [None] * 5


def test_month_calendar_puts_events_on_their_days(client, demo_site):
    event = _zh_events().get(slug="lifa-ganji-xiawa")
    local = timezone.localtime(event.start)
    html = client.get(f"/events/?view=calendar&month={local:%Y-%m}").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert soup.find(id="calendar-title").get_text() == f"{local.year}年{local.month}月"
    cell = None
    for td in soup.select("table.ev-calendar td"):
        day = td.select_one(".ev-day")
        if day and day.get_text() == str(local.day):
            cell = td
    assert cell is not None
    # Each link says its date to screen readers, then the title.
    assert event.title in [a.contents[-1].strip() for a in cell.select("a")]
    assert f"{local.month}月{local.day}日" in cell.select_one("a .visually-hidden").get_text()
    assert len(soup.select("table.ev-calendar thead th")) == 7
    # Previous / next month links keep the filters.
    prev_link = soup.find("a", rel="prev")["href"]
    next_month = (local.replace(day=28) + timedelta(days=7)).strftime("%Y-%m")
    assert f"month={next_month}" in soup.find("a", rel="next")["href"]
    assert "view=calendar" in prev_link
    html = client.get(f"/events/?view=calendar&month={local:%Y-%m}&type=lecture").content.decode()
    assert event.title not in html


def test_event_page_details(client, demo_site):
    event = _zh_events().get(slug="wenming-zuotanhui")
    html = client.get(event.url).content.decode()
    start = timezone.localtime(event.start)
    assert f"{start.year}年{start.month}月{start.day}日 {start:%H:%M}" in html
    assert "市中街道便民服务中心三楼会议室" in html
    assert "市中街道基层立法联系点" in html  # the organising point
    assert f'href="/calendar/events/{event.pk}.ics"' in html
    assert "添加到日历" in html


def test_past_event_shows_its_report(client, demo_site):
    html = client.get("/points/xiawa-zhen/dongzao-zuotanhui/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    figures = {d.dt.get_text(): d.dd.get_text() for d in soup.select(".ev-report-figures div")}
    assert figures == {"参加人数": "35", "收集意见": "17"}
    assert "已结束" in html
    assert "活动报名" not in html


# --- registration -------------------------------------------------------------------------


def _signup(client, event, name="李四", phone="0543-1234567", people=1):
    return client.post(
        event.url,
        {"name": name, "phone": phone, "people": people, "consent": "on"},
    )


def test_registration_until_full(client, demo_site):
    event = _zh_events().get(slug="yanglao-bandenghui")  # 5 places
    assert event.capacity == 5
    html = client.get(event.url).content.decode()
    assert "剩余名额：5 个" in html
    response = _signup(client, event, people=3)
    assert response.status_code == 302
    assert response["Location"] == event.url + "registered/#signed-up"
    assert "报名成功" in client.get(response["Location"]).content.decode()
    assert "剩余名额：2 个" in client.get(event.url).content.decode()
    # Three more than the two left: refused, clearly, and nothing stored.
    response = _signup(client, event, name="王五", phone="0543-2222222", people=3)
    assert response.status_code == 409
    assert "剩余名额不足" in response.content.decode()
    assert EventRegistration.objects.filter(event=event).count() == 1
    assert _signup(client, event, name="赵六", phone="0543-3333333", people=2).status_code == 302
    html = client.get(event.url).content.decode()
    assert "报名已满" in html
    assert "<form" not in _section(html, "registration-title").decode()
    response = _signup(client, event, name="迟到者", phone="0543-4444444")
    assert response.status_code == 409
    assert EventRegistration.objects.filter(event=event).count() == 2


def test_event_page_links_to_the_form_and_sets_no_cookie(client, demo_site):
    """The plain event page carries no form (no CSRF cookie), so it can be served from the page
    cache; "我要报名" opens the form on ?register=1."""
    event = _zh_events().get(slug="yanglao-bandenghui")
    response = client.get(event.url)
    section = _section(response.content.decode(), "registration-title")
    assert section.find("form") is None and not response.cookies
    link = section.find("a", string="我要报名")
    assert link["href"] == f"{event.url}?register=1#registration"
    response = client.get(link["href"].split("#")[0])
    form = _section(response.content.decode(), "registration-title").find("form")
    assert form is not None and form.find("input", attrs={"name": "phone"}) is not None


def test_registration_validates_the_form(client, demo_site):
    event = _zh_events().get(slug="yanglao-bandenghui")
    response = client.post(event.url, {"name": "", "phone": "abc", "people": 0})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请填写有效的电话号码" in html
    assert_good_page(html)
    assert not EventRegistration.objects.filter(event=event).exists()


def test_registration_closes_at_the_deadline(client, demo_site):
    event = _zh_events().get(slug="wenming-zuotanhui")
    event.registration_closes = timezone.now() - timedelta(minutes=1)
    event.save_revision().publish()
    assert "报名已截止" in client.get(event.url).content.decode()
    assert _signup(client, event).status_code == 409
    assert event.register("x", "0543-1234567") is None


def test_events_without_registration_have_no_form(client, demo_site):
    event = _zh_events().get(slug="daibiao-jiedairi-shizhong")
    html = client.get(event.url).content.decode()
    assert "活动报名" not in html
    assert event.register("x", "0543-1234567") is None
    _signup(client, event)
    assert not EventRegistration.objects.filter(event=event).exists()


def test_end_before_start_is_refused(demo_site):
    from django.core.exceptions import ValidationError

    event = _zh_events().get(slug="daibiao-jiedairi-shizhong")
    event.end = event.start - timedelta(hours=1)
    with pytest.raises(ValidationError):
        event.full_clean()


# --- iCalendar --------------------------------------------------------------------------------


def _parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def _check_calendar(cal: Calendar) -> list:
    assert str(cal["VERSION"]) == "2.0"
    assert "LawBridge" in str(cal["PRODID"])
    assert cal.get("X-WR-CALNAME")
    timezones = [tz["TZID"] for tz in cal.walk("VTIMEZONE")]
    assert timezones == ["Asia/Shanghai"]
    events = cal.walk("VEVENT")
    for vevent in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "URL"):
            assert vevent.get(prop) is not None, prop
        assert vevent["DTSTART"].params["TZID"] == "Asia/Shanghai"
        assert vevent.decoded("DTEND") > vevent.decoded("DTSTART")
        assert vevent["URL"].startswith("http://testserver/")
    return events


def test_ical_feed_of_all_events(client, demo_site):
    cal = _parse(client.get("/calendar/events.ics"))
    vevents = _check_calendar(cal)
    assert {str(v["SUMMARY"]) for v in vevents} == {e.title for e in _zh_events()}
    # Times are right: the event's Shanghai wall clock, stored as an aware datetime.
    event = _zh_events().get(slug="lifa-ganji-xiawa")
    vevent = next(v for v in vevents if str(v["UID"]) == f"event-{event.pk}@testserver")
    assert vevent.decoded("DTSTART") == event.start
    assert vevent.decoded("DTSTART").utcoffset() == timedelta(hours=8)
    # UIDs are stable between downloads (calendars update instead of duplicating).
    again = Calendar.from_ical(client.get("/calendar/events.ics").content)
    assert sorted(str(v["UID"]) for v in again.walk("VEVENT")) == sorted(
        str(v["UID"]) for v in vevents
    )


def test_ical_feed_per_point(client, demo_site):
    point = LiaisonPointPage.objects.get(slug="huanghe-shequ", locale__language_code="zh-hans")
    cal = _parse(client.get(f"/calendar/points/{point.pk}.ics"))
    vevents = _check_calendar(cal)
    assert {str(v["SUMMARY"]) for v in vevents} == {e.title for e in _zh_events().child_of(point)}
    assert str(cal["X-WR-CALNAME"]) == point.title
    assert client.get("/calendar/points/999999.ics").status_code == 404


def test_ics_download_of_one_event(client, demo_site):
    event = _zh_events().get(slug="wenming-zuotanhui")
    response = client.get(f"/calendar/events/{event.pk}.ics")
    assert response["Content-Disposition"] == f'attachment; filename="event-{event.pk}.ics"'
    (vevent,) = _check_calendar(_parse(response))
    assert str(vevent["SUMMARY"]) == event.title
    assert str(vevent["LOCATION"]) == event.place
    assert "市中街道基层立法联系点" in str(vevent["DESCRIPTION"])
    assert str(vevent["URL"]) == f"http://testserver{event.url}"


def test_unpublished_event_is_not_in_any_feed(client, demo_site):
    event = _zh_events().get(slug="wenming-zuotanhui")
    event.unpublish()
    assert client.get(f"/calendar/events/{event.pk}.ics").status_code == 404
    assert event.title not in client.get("/calendar/events.ics").content.decode()
    assert event.title not in client.get("/feeds/events/").content.decode()


# --- RSS and API ------------------------------------------------------------------------------


def test_rss_feed(client, demo_site):
    response = client.get("/feeds/events/")
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)  # noqa: S314 - our own feed
    items = root.findall("./channel/item")
    assert len(items) == _zh_events().count()
    links = {item.findtext("link") for item in items}
    assert f"http://testserver{_zh_events().get(slug='wenming-zuotanhui').url}" in links


def test_events_are_in_the_page_api(client, demo_site):
    response = client.get(
        "/api/v2/pages/?type=events.EventNoticePage&fields=start,end,place,event_type,"
        "organising_point_id,places_left&limit=50&locale=zh-hans"
    )
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == _zh_events().count()
    item = next(i for i in items if i["meta"]["slug"] == "yanglao-bandenghui")
    assert item["places_left"] == 5
    assert (
        item["organising_point_id"]
        == LiaisonPointPage.objects.get(slug="huanghe-shequ", locale__language_code="zh-hans").pk
    )


def test_english_index_falls_back_to_the_chinese_notices(client, demo_site):
    html = client.get("/en/events/").content.decode()
    assert "《文明行为促进条例（草案）》居民座谈会" in html
    html = client.get("/en/points/shizhong-jiedao/").content.decode()
    assert "《文明行为促进条例（草案）》居民座谈会" in html


def test_home_page_shows_upcoming_events(client, demo_site):
    html = client.get("/").content.decode()
    section = _section(html, "home-events-title")
    titles = [a.get_text(strip=True) for a in section.select("h3 a")]
    soonest = [e.title for e in _zh_events().filter(end__gte=timezone.now()).order_by("start")[:3]]
    assert titles == soonest


def test_demo_dates_are_relative_to_today(demo_site):
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    spec = next(e for e in demo_events() if e["slug"] == "yanglao-bandenghui")
    event = _zh_events().get(slug="yanglao-bandenghui")
    assert event.start == datetime.combine(
        today + timedelta(days=spec["days"]), time(spec["hour"]), tzinfo=tz
    )
