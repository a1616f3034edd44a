"""A point records the five steps with evidence (files checked, private), edits the report made
from them and submits it once: the DOCX holds what was typed, formulas as text, NULs dropped."""

import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document
from PIL import Image

from consultations.models import StepRecord, TaskReport
from consultations.report_docx import report_docx
from consultations.reports import prefill, report_for, submit
from consultations.workflow import AssignmentState as S
from tests.consultations.conftest import assignment_of

pytestmark = pytest.mark.django_db


def _jpeg_with_gps(name="photo.jpg"):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (37.0, 22.0, 48.0)}  # GPSInfo: where the photo was taken
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (16, 16), "blue").save(buffer, "JPEG", exif=exif)
    assert b"PhoneMaker" in buffer.getvalue()
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    text = [p.text for p in document.paragraphs]
    for table in document.tables:
        text += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(text)


@pytest.fixture
def mine(task, points):
    return assignment_of(task, points["huanghe-shequ"])


def test_recording_a_step_with_a_photo_starts_the_work(staff_client, mine):
    url = reverse("consultations_step", args=[mine.pk, "discussion"])
    response = staff_client.post(
        url,
        {
            "date": timezone.localdate().isoformat(),
            "participants": "23",
            "note": "座谈会：居民建议增加电动车充电桩 😀",
            "files": [_jpeg_with_gps()],
        },
    )
    assert response.status_code == 302
    record = StepRecord.objects.get(assignment=mine, step="discussion")
    assert record.participants == 23 and record.recorded_by.username == "staff-huanghe-shequ"
    # In private storage, never under MEDIA_ROOT (served only through the checked view).
    stored = record.attachments.get()
    path = stored.file.path
    assert stored.mime == "image/jpeg" and b"PhoneMaker" not in stored.file.open("rb").read()
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    mine.refresh_from_db()
    assert mine.state == S.IN_PROGRESS
    # Recording the step again edits it: still one record.
    staff_client.post(url, {"date": timezone.localdate().isoformat(), "note": "改"})
    assert StepRecord.objects.filter(assignment=mine, step="discussion").count() == 1


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"note": "记录\x00"}, "note"),
        ({"note": "长" * 20_001}, "note"),
        ({"participants": "-3"}, "participants"),
        ({"participants": "９９９９９９９９９９９９"}, "participants"),
        ({"date": "2999-01-01"}, "date"),
        ({"date": ""}, "date"),
        ({"files": [SimpleUploadedFile("virus.pdf", b"MZ\x90\x00 not a pdf")]}, "files"),
        ({"files": [SimpleUploadedFile("page.html", b"<script>alert(1)</script>")]}, "files"),
        ({"files": [SimpleUploadedFile("fake.docx", b"PK\x03\x04 broken zip")]}, "files"),
    ],
)
def test_bad_step_input_is_a_clear_error_and_nothing_is_stored(staff_client, mine, data, field):
    payload = {"date": timezone.localdate().isoformat(), "note": "座谈", **data}
    response = staff_client.post(reverse("consultations_step", args=[mine.pk, "research"]), payload)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not StepRecord.objects.filter(assignment=mine).exists()
    if "note" in data and "\x00" not in data["note"]:
        assert data["note"][:50] in response.content.decode()  # what was typed is kept


def test_the_report_is_prefilled_from_the_steps(mine):
    StepRecord.objects.create(
        assignment=mine, step="research", date=timezone.localdate(), participants=12, note="走访"
    )
    StepRecord.objects.create(
        assignment=mine, step="summary", date=timezone.localdate(), participants=3, note="意见 9 条"
    )
    data = prefill(mine)
    assert "实地调研（12 人参与）：走访" in data["summary"]
    assert data["opinions"] == "意见 9 条"
    assert data["participants"] == 15


def test_edit_then_submit_the_report_once(staff_client, mine):
    StepRecord.objects.create(assignment=mine, step="notice", date=timezone.localdate())
    url = reverse("consultations_report", args=[mine.pk])
    assert "发布公告" in staff_client.get(url).content.decode()
    staff_client.post(url, {"summary": "草稿", "opinions": "", "feedback": "", "action": "save"})
    report = TaskReport.objects.get(assignment=mine)
    assert report.submitted_at is None
    response = staff_client.post(
        url,
        {
            "summary": '=HYPERLINK("http://evil.example","点我") 共开展三次活动',
            "opinions": "+1 建议增加充电桩",
            "feedback": "已反馈",
            "participants": "41",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    report.refresh_from_db()
    assert mine.state == S.REPORTED and mine.reported_at and not mine.late()
    assert report.docx.name and report.submitted_by.username == "staff-huanghe-shequ"
    text = _docx_text(report.docx.open("rb").read())
    assert '=HYPERLINK("http://evil.example","点我") 共开展三次活动' in text
    assert "黄河社区" in text and "发布公告" in text
    # Submitted: no more edits, no second submission.
    staff_client.post(url, {"summary": "改了", "action": "submit"})
    report.refresh_from_db()
    assert report.summary.startswith("=HYPERLINK")
    response = staff_client.get(reverse("consultations_report_docx", args=[mine.pk]))
    assert response.status_code == 200 and response.content == report.docx.open("rb").read()


def test_submitting_with_an_empty_summary_is_refused(staff_client, mine):
    url = reverse("consultations_report", args=[mine.pk])
    response = staff_client.post(url, {"summary": "  ", "action": "submit"})
    assert response.status_code == 200 and "summary" in response.context["form"].errors
    mine.refresh_from_db()
    assert mine.state == S.NOT_STARTED


def test_the_docx_survives_nul_emoji_and_huge_text(mine):
    StepRecord.objects.create(
        assignment=mine, step="feedback", date=timezone.localdate(), note="反馈\x1f完毕\x0b"
    )
    # A NUL only in the report held in memory: PostgreSQL refuses to store one, forms refuse it.
    report = report_for(mine)
    report.summary = "＝全角\x00" + "很长的内容。" * 3000 + " 🎉"
    report.opinions = "@SUM(A1)"
    content = report_docx(report)
    assert zipfile.ZipFile(io.BytesIO(content)).testzip() is None
    text = _docx_text(content)
    assert "\x00" not in text and "反馈完毕" in text and "🎉" in text and "@SUM(A1)" in text


def test_a_report_cannot_be_submitted_twice(mine, points):
    StepRecord.objects.create(assignment=mine, step="notice", date=timezone.localdate())
    submit(report_for(mine), None)
    from consultations.reports import ReportRefused

    mine.refresh_from_db()
    with pytest.raises(ReportRefused):
        submit(TaskReport.objects.get(assignment=mine), None)


def test_a_closed_task_takes_no_more_records_or_reports(staff_client, mine):
    StepRecord.objects.create(assignment=mine, step="notice", date=timezone.localdate())
    mine.task.state = "closed"
    mine.task.save()
    url = reverse("consultations_step", args=[mine.pk, "research"])
    response = staff_client.post(url, {"date": timezone.localdate().isoformat(), "note": "晚了"})
    assert response.status_code == 302
    assert not StepRecord.objects.filter(assignment=mine, step="research").exists()
    staff_client.post(
        reverse("consultations_report", args=[mine.pk]), {"summary": "报告", "action": "submit"}
    )
    mine.refresh_from_db()
    assert mine.state == S.NOT_STARTED
