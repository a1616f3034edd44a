"""Every clear view of phones (list, edit form, export) is in the audit log, masked views are not;
the export is private, permission-checked and keeps typed formulas as text."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import PersonalDataAccess
from roster.models import RosterMember
from tests.roster.conftest import add_member

pytestmark = pytest.mark.django_db


def _log_since(before):
    return list(PersonalDataAccess.objects.order_by("pk")[before:])


def test_clear_views_are_logged(staff_client, points):
    member = RosterMember.objects.get(name="示例·周丽")
    before = PersonalDataAccess.objects.count()
    staff_client.get(reverse("roster_index"))
    staff_client.get(reverse("roster_edit", args=[member.pk]))
    staff_client.get(reverse("roster_export"))
    log = _log_since(before)
    assert [entry.action for entry in log] == ["view", "view", "export"]
    assert all(entry.object_type == "roster.rostermember" for entry in log)
    assert member.pk in log[0].object_ids and log[1].object_ids == [member.pk]
    assert all(entry.username == "staff-huanghe-shequ" for entry in log)


def test_masked_views_are_not_logged(office_client):
    before = PersonalDataAccess.objects.count()
    office_client.get(reverse("roster_index"))
    office_client.get(reverse("roster_export"))
    assert PersonalDataAccess.objects.count() == before


def _sheet(response):
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    book = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    return book.active


def test_export_keeps_formulas_as_text_and_only_own_points(staff_client, points):
    add_member(points["huanghe-shequ"], name='=HYPERLINK("http://x","点此")', phone="13900008888",
               unit="+1+2", note="@SUM(A1)")  # fmt: skip
    add_member(points["shizhong-jiedao"], name="别家的人", phone="13900008889")
    sheet = _sheet(staff_client.get(reverse("roster_export")))
    rows = list(sheet.iter_rows(values_only=True))
    names = [row[2] for row in rows[1:]]
    assert '=HYPERLINK("http://x","点此")' in names and "别家的人" not in names
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in ("s", "n"), cell.value  # never "f", a formula
    assert "13900008888" in [row[4] for row in rows]


def test_the_office_exports_every_point_masked_and_filtered(office_client, points):
    sheet = _sheet(office_client.get(reverse("roster_export"), {"role": "deputy"}))
    rows = list(sheet.iter_rows(values_only=True))[1:]
    assert [row[2] for row in rows] == ["示例·赵敏"]
    assert rows[0][4] == "139****0107"
