"""Guard: every spreadsheet and CSV the project writes keeps hostile text as text (OWASP CSV
injection). Each export path is driven with the same values and its file read back: no formula
anywhere, the text kept (CSV: behind a single quote)."""

from __future__ import annotations

import csv
import io

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission, Page

from core.spreadsheets import looks_like_formula, safe_cell
from tests.signin import login_with_2fa

HOSTILE = [
    '=HYPERLINK("http://x","y")',
    "+1",
    "-1",
    "@SUM(1)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(1)",
]


def test_safe_cell():
    for value in HOSTILE:
        assert safe_cell(value) == "'" + value
    for value in ("张三", "0543-7654321", "a=b", "", 3, -1, None, 2.5):
        assert safe_cell(value) == value


def _user(name, codenames, page=None):
    """A non-superuser in a group of their own."""
    user = get_user_model().objects.create_user(name, f"{name}@example.com", "pw-12345-abc")
    group = Group.objects.create(name=f"组-{name}")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames]).exclude(
            codename="change_page"
        )
    )
    if page is not None:
        GroupPagePermission.objects.create(
            group=group, page=page, permission=Permission.objects.get(codename="change_page")
        )
    user.groups.add(group)
    return user


def _xlsx_cells(content: bytes):
    """Every non-empty cell of every sheet: (value, data_type)."""
    book = load_workbook(io.BytesIO(content))
    return [
        (cell.value, cell.data_type)
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None
    ]


def _assert_xlsx_safe(content: bytes, expected: list[str]):
    cells = _xlsx_cells(content)
    assert not [value for value, kind in cells if kind == "f"], "a formula was written"
    strings = {value for value, kind in cells if kind == "s"}
    for value in expected:
        # The text as stored, as a string cell. Some paths strip leading whitespace on input;
        # xlsxwriter escapes a CR as _x000D_ (Excel shows the CR; openpyxl does not unescape).
        forms = {value, value.strip(), value.replace("\r", "_x000D_")}
        assert forms & strings, repr(value)


# --- Opinions ---------------------------------------------------------------------------


@pytest.fixture
def hostile_opinions(demo_site):
    if not apps.is_installed("drafts") or not apps.is_installed("forms"):
        pytest.skip("needs the drafts and forms plugins")
    from drafts.models import RegulationDraftPage
    from forms.intake import Submission, create_opinion
    from forms.models import Channel

    draft = RegulationDraftPage.objects.live().get(slug="wenming", locale__language_code="zh-hans")
    return [
        create_opinion(draft, Submission(text=value, name=value), channel=Channel.WEB)
        for value in HOSTILE
    ]


def test_admin_csv_export_quotes_formulas(client, hostile_opinions):
    client.force_login(_user("clerk", ["view_opinion", "export_opinions"]))
    response = client.get(reverse("wagtailsnippets_forms_opinion:list") + "?export=csv")
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if looks_like_formula(cell)]
    for value in HOSTILE:
        assert "'" + value in cells


def test_admin_xlsx_export_writes_strings(client, hostile_opinions):
    client.force_login(_user("clerk", ["view_opinion", "export_opinions"]))
    response = client.get(reverse("wagtailsnippets_forms_opinion:list") + "?export=xlsx")
    assert response.status_code == 200
    _assert_xlsx_safe(b"".join(response.streaming_content), HOSTILE)


def test_batch_xlsx_and_docx_keep_text(hostile_opinions):
    from docx import Document

    from forms.admin_views import add_to_batch
    from forms.exports import export_storage
    from forms.models import Batch, Opinion
    from forms.tasks import export_batch

    # One row each: "+1" and "＋1" would otherwise be one group of near-identical opinions.
    Opinion.objects.filter(pk__in=[o.pk for o in hostile_opinions]).update(group_id=None)
    batch = Batch.objects.create(title=HOSTILE[0], note=HOSTILE[1])
    add_to_batch(hostile_opinions, batch)
    export_batch.enqueue(batch.pk, False)
    batch.refresh_from_db()
    with export_storage().open(batch.xlsx_file, "rb") as handle:
        _assert_xlsx_safe(handle.read(), HOSTILE)
    with export_storage().open(batch.docx_file, "rb") as handle:
        text = "\n".join(p.text for p in Document(handle).paragraphs)
    for value in HOSTILE:
        assert value.strip() in text


# --- Events -----------------------------------------------------------------------------


def test_sign_in_sheet_writes_names_as_text(client, demo_site):
    if not apps.is_installed("events"):
        pytest.skip("needs the events plugin")
    from events.models import EventNoticePage

    event = EventNoticePage.objects.filter(
        registration_open=True, locale__language_code="zh-hans"
    ).first()
    for number, value in enumerate(HOSTILE):
        assert event.register(value, f"139000000{number:02d}", 1)
    login_with_2fa(
        client, _user("staff", ["view_registration_phone"], page=Page.objects.get(depth=1))
    )
    response = client.get(reverse("events_sign_in_sheet", args=[event.pk]))
    assert response.status_code == 200
    _assert_xlsx_safe(response.content, HOSTILE)


# --- Wagtail's own reports (core/upstream/wagtail_spreadsheet_exports.py) -----------------


def test_wagtail_report_exports_quote_formulas(client, admin_user, demo_site):
    from home.models import StandardPage

    page = StandardPage.objects.get(slug="about", locale__language_code="zh-hans")
    page.title = HOSTILE[0]
    page.save_revision().publish()
    client.force_login(admin_user)
    url = reverse("wagtailadmin_reports:aging_pages")
    response = client.get(url, {"export": "csv"})
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + HOSTILE[0] in cells
    assert not [cell for cell in cells if looks_like_formula(cell)]
    response = client.get(url, {"export": "xlsx"})
    _assert_xlsx_safe(b"".join(response.streaming_content), [HOSTILE[0]])
