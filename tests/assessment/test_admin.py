"""The office's ranking, reports, obligations board and status changes, and a point's own card —
each as the non-superuser who would use it: a 法工委联络员, a point's staff, another point's."""

import datetime as dt
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessment.models import (
    AssessmentScheme,
    IndicatorWeight,
    ObligationRule,
    PointStatusChange,
)
from assessment.scorecard import IndicatorMemo, obligations_board
from assessment.status import current_statuses, record_status
from core.plugins import point_directory
from tests.assessment.conftest import YEAR, at, credited
from tests.factories import UserFactory
from tests.signin import login_with_2fa

HOSTILE = '=HYPERLINK("http://evil.example/","点此核对")'


@pytest.fixture
def scheme(db):
    scheme = AssessmentScheme.objects.create(year=YEAR, published=False)
    IndicatorWeight.objects.create(scheme=scheme, code="events_held", weight=60, target=2)
    IndicatorWeight.objects.create(
        scheme=scheme, code="opinions_collected", weight=40, normalisation="best"
    )
    return scheme


@pytest.fixture
def office(client, db):
    user = UserFactory(username="liaison-office", groups=["法工委联络员"])
    login_with_2fa(client, user)
    return client


def _staff_of(client, point, username):
    from liaison_points.staff import ensure_point_staff

    user = UserFactory(username=username)
    user.groups.add(ensure_point_staff(point))
    login_with_2fa(client, user)
    return client


def test_ranking_scores_ranks_and_filters(office, network, scheme, draft):
    a = network.point("ra", title="甲社区联系点", district="测试区")
    b = network.point("rb", title="乙镇联系点", point_type="township", district="测试区")
    network.event(a, "forum", at(2))
    network.event(a, "forum", at(3))
    network.event(b, "forum", at(4))
    credited(draft, b, month=2)
    response = office.get(reverse("assessment_ranking"), {"year": YEAR})
    assert response.status_code == 200
    rows = {row.point.id: row for row in response.context["rows"]}
    # a: 60 × 2/2 + 40 × 0/1 = 60; b: 60 × 1/2 + 40 × 1/1 = 70.
    assert (rows[b.pk].total, rows[b.pk].rank) == (70.0, 1)
    assert (rows[a.pk].total, rows[a.pk].rank) == (60.0, 2)
    filtered = office.get(
        reverse("assessment_ranking"), {"year": YEAR, "type": "township", "district": "测试区"}
    )
    assert [row.point.id for row in filtered.context["rows"]] == [b.pk]
    # Unknown filter values are ignored, not an error.
    assert (
        office.get(reverse("assessment_ranking"), {"type": "<x>", "year": "9" * 30}).status_code
        == 200
    )


def test_a_revoked_point_is_listed_but_not_ranked(office, network, scheme):
    a = network.point("rv")
    network.event(a, "forum", at(2))
    record_status(a, "revoked", "连续两年未开展活动，经主任会议决定撤销。", dt.date(YEAR, 12, 1))
    response = office.get(reverse("assessment_ranking"), {"year": YEAR})
    row = next(r for r in response.context["rows"] if r.point.id == a.pk)
    assert row.rank is None and row.revoked
    assert "撤销" in response.content.decode()


def _ranking_queries(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("assessment_ranking"), {"year": YEAR}).status_code == 200
    return len(queries)


def test_ranking_query_budget_does_not_grow_with_points(office, network, scheme, draft):
    ObligationRule.objects.create(label="季度接待", code="events:reception", period="quarter")
    for n in range(5):
        point = network.point(f"b{n}")
        network.event(point, "reception", at(2), participants=4)
        credited(draft, point, month=2)
    _ranking_queries(office)  # warm caches (site roots, content types)
    few = _ranking_queries(office)
    for n in range(5, 50):
        point = network.point(f"b{n}")
        network.event(point, "reception", at(2), participants=4)
        credited(draft, point, month=2)
    assert _ranking_queries(office) == few


def test_yearly_report_xlsx_keeps_formulas_as_text(office, network, scheme):
    import openpyxl

    point = network.point("xl", title=HOSTILE)
    network.event(point, "forum", at(2))
    response = office.get(reverse("assessment_report_xlsx", args=[YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == HOSTILE]
    assert cells and all(cell.data_type == "s" for cell in cells)
    header = [cell.value for cell in sheet[4]]
    assert header[:2] == ["名次", "联系点"] and "总分" in header
    # One row per point of the directory.
    assert sheet.max_row - 4 == len(point_directory())


def test_yearly_report_docx_has_summary_and_table(office, network, scheme):
    from django.db import connection
    from docx import Document

    # Control characters Word refuses; PostgreSQL cannot hold a NUL at all, SQLite can.
    nul = "" if connection.vendor == "postgresql" else "\x00"
    network.point("dx", title=f"文档测试联系点{nul}\x07")
    response = office.get(reverse("assessment_report_docx", args=[YEAR]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"{YEAR} 年度基层立法联系点考核评价报告" in text and "参加考核的联系点" in text
    names = [row.cells[1].text for row in document.tables[0].rows]
    assert "文档测试联系点" in names
    # No scheme that year: nothing to report.
    assert office.get(reverse("assessment_report_docx", args=[YEAR - 1])).status_code == 404


def test_obligations_flag_missed_quarters_and_only_ended_ones(network):
    rule = ObligationRule.objects.create(
        label="每季度至少1次代表接待日", code="events:reception", period="quarter", minimum=1
    )
    a, b, c = network.point("oa"), network.point("ob"), network.point("oc")
    network.event(a, "reception", at(2))
    network.event(a, "reception", at(8))
    network.event(b, "reception", at(5))
    record_status(c, "revoked", "撤销", dt.date(YEAR, 1, 5))
    board = obligations_board(
        YEAR, point_directory(), current_statuses(), IndicatorMemo(), dt.date(YEAR, 11, 15)
    )
    checks = next(r for r in board if r.rule == rule).checks
    mine = {a.pk, b.pk, c.pk}

    def missed(check):
        return {p.id for p in check.missed} & mine

    assert [check.label for check in checks] == ["第一季度", "第二季度", "第三季度", "第四季度"]
    assert missed(checks[0]) == {b.pk}
    assert missed(checks[1]) == {a.pk}
    assert missed(checks[2]) == {b.pk}
    # The fourth quarter is not over: below the minimum is a reminder, not a flag.
    assert missed(checks[3]) == set()
    assert {p.id for p in checks[3].short} & mine == {a.pk, b.pk}
    assert checks[0].state_of(b.pk) == "missed" and checks[0].state_of(a.pk) == "met"


def test_status_change_needs_a_reason_and_a_point(office, network):
    point = network.point("st")
    url = reverse("assessment_statuses")
    data = {"point": point.pk, "status": "rectifying", "date": f"{YEAR}-05-01", "reason": "   "}
    for reason in ("   ", "\x00整改"):
        response = office.post(url, {**data, "reason": reason})
        assert response.status_code == 200 and response.context["form"].errors["reason"]
    assert not PointStatusChange.objects.filter(point=point).exists()
    # Not a point (the home page), or nothing at all: refused, nothing stored.
    home = point.get_parent().get_parent()
    before = PointStatusChange.objects.count()
    response = office.post(url, {**data, "point": home.pk, "reason": "整改"})
    assert response.status_code == 200 and PointStatusChange.objects.count() == before
    response = office.post(url, {**data, "point": "9" * 30, "reason": "整改"})
    assert response.status_code == 200
    for _twice in range(2):  # sent twice: stored once
        response = office.post(url, {**data, "reason": "全年未开展接待日，限期三个月整改。"})
        assert response.status_code == 302
    assert PointStatusChange.objects.filter(point=point).count() == 1
    change = current_statuses([point.pk])[point.pk]
    assert change.status == "rectifying" and change.recorded_by.username == "liaison-office"
    page = office.get(url).content.decode()
    assert "全年未开展接待日" in page


def test_point_staff_see_their_own_card_only(client, network, scheme):
    a, b = network.point("ca", title="本点"), network.point("cb", title="别的点")
    network.event(a, "forum", at(2))
    staff = _staff_of(client, a, "staff-ca")
    # The scheme is not published yet: the card says so and shows no score.
    response = staff.get(reverse("assessment_card", args=[a.pk]), {"year": YEAR})
    assert response.status_code == 200
    assert "尚未公布" in response.content.decode() and "data-total" not in response.content.decode()
    scheme.published = True
    scheme.save()
    response = staff.get(reverse("assessment_card", args=[a.pk]), {"year": YEAR})
    assert "data-total" in response.content.decode()
    assert response.context["row"].total == 30.0  # 60 × 1/2; no opinions
    assert staff.get(reverse("assessment_card", args=[b.pk])).status_code == 404
    assert staff.get(reverse("assessment_card", args=[999999])).status_code == 404
    assert staff.get(reverse("assessment_my_cards")).url == reverse("assessment_card", args=[a.pk])
    # The admin answers a refusal with a redirect to its dashboard and a message.
    for url in (
        reverse("assessment_ranking"),
        reverse("assessment_obligations"),
        reverse("assessment_statuses"),
        reverse("assessment_report_xlsx", args=[YEAR]),
    ):
        assert staff.get(url).status_code in (302, 403), url
    staff.post(reverse("assessment_statuses"), {"point": a.pk, "status": "regular", "reason": "x"})
    assert not PointStatusChange.objects.filter(point=a).exists()
    assert staff.get(reverse("assessment_scheme:index")).status_code in (302, 403)


def test_a_point_staff_group_receives_the_card_permission(network):
    from liaison_points.staff import ensure_point_staff

    group = ensure_point_staff(network.point("gp"))
    assert group.permissions.filter(codename="view_own_scorecard").exists()
    office = Group.objects.get(name="法工委联络员")
    assert office.permissions.filter(codename="manage_assessment").exists()


def test_the_scheme_form_offers_installed_indicators_only(office):
    url = reverse("assessment_scheme:add")
    page = office.get(url).content.decode()
    assert 'value="events:reception"' in page and 'value="opinions_adopted"' in page
    data = nested_form_data(
        {
            "year": str(YEAR + 10),
            "published": "",
            "note": "",
            "weights": inline_formset(
                [
                    {
                        "code": "no_such_indicator",
                        "weight": "10",
                        "normalisation": "best",
                        "target": "",
                    }
                ]
            ),
        }
    )
    response = office.post(url, data)
    assert response.status_code == 200
    assert not AssessmentScheme.objects.filter(year=YEAR + 10).exists()
    data["weights-0-code"] = "events_held"
    data["weights-0-normalisation"] = "target"
    response = office.post(url, data)
    assert response.status_code == 200  # by target needs a target
    data["weights-0-target"] = "12"
    response = office.post(url, data)
    assert response.status_code == 302
    assert AssessmentScheme.objects.get(year=YEAR + 10).weights.get().code == "events_held"


def test_the_status_form_offers_today_in_a_date_input_the_browser_reads(office):
    from django.utils import timezone

    page = office.get(reverse("assessment_statuses")).content.decode()
    assert f'type="date" name="date" value="{timezone.localdate().isoformat()}"' in page


def test_without_a_scheme_nobody_is_ranked(office, network):
    network.point("ns")
    response = office.get(reverse("assessment_ranking"), {"year": YEAR - 1})
    assert response.status_code == 200 and "还没有考核方案" in response.content.decode()
    assert all(row.rank is None for row in response.context["rows"])
