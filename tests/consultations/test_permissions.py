"""Office vs a point's staff vs another point's staff, each with only their group's rights (no
superuser): another point's task ids are a 404; point staff do not reach the office's screens."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from consultations.models import StepAttachment, StepRecord
from tests.consultations.conftest import assignment_of, staff_of
from tests.factories import UserFactory
from tests.signin import login_with_2fa

pytestmark = pytest.mark.django_db


def _refused(response) -> bool:
    # Wagtail answers a PermissionDenied in the admin with a redirect home and a message.
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def theirs(task, points):
    """shizhong-jiedao's part in the task, with a step and a photo."""
    item = assignment_of(task, points["shizhong-jiedao"])
    step = StepRecord.objects.create(assignment=item, step="notice", date=task.due_date)
    file = StepAttachment.objects.create(
        step=step, file=SimpleUploadedFile("a.png", _png()), name="a.png", mime="image/png"
    )
    return item, file


def test_another_points_staff_get_404_everywhere(staff_client, theirs):
    item, file = theirs
    urls = [
        reverse("consultations_assignment", args=[item.pk]),
        reverse("consultations_step", args=[item.pk, "research"]),
        reverse("consultations_report", args=[item.pk]),
        reverse("consultations_report_docx", args=[item.pk]),
        reverse("consultations_file", args=[file.pk]),
    ]
    for url in urls:
        assert staff_client.get(url).status_code == 404, url
    response = staff_client.post(
        reverse("consultations_step", args=[item.pk, "research"]), {"date": "2026-01-01"}
    )
    assert response.status_code == 404
    assert (
        staff_client.post(reverse("consultations_file_delete", args=[file.pk])).status_code == 404
    )
    assert StepAttachment.objects.filter(pk=file.pk).exists()


def test_point_staff_reach_their_own_part_and_its_files(client, theirs, points):
    item, file = theirs
    login_with_2fa(client, staff_of(points["shizhong-jiedao"]))
    assert client.get(reverse("consultations_assignment", args=[item.pk])).status_code == 200
    response = client.get(reverse("consultations_file", args=[file.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_point_staff_do_not_reach_the_office_screens(staff_client, task, points):
    item = assignment_of(task, points["huanghe-shequ"])
    assert staff_client.get(reverse("consultations_index")).status_code == 200
    for url in (
        reverse("consultations_board"),
        reverse("consultations_create"),
        reverse("consultations_task", args=[task.pk]),
        reverse("consultations_edit", args=[task.pk]),
    ):
        assert _refused(staff_client.get(url)), url
    assert _refused(staff_client.post(reverse("consultations_send", args=[task.pk])))
    assert _refused(staff_client.post(reverse("consultations_close", args=[task.pk])))
    response = staff_client.post(
        reverse("consultations_decide", args=[item.pk]), {"decision": "accept"}
    )
    assert _refused(response)
    task.refresh_from_db()
    assert task.state == "sent"


def test_the_office_reads_every_point_but_records_for_none(office_client, theirs):
    item, file = theirs
    assert office_client.get(reverse("consultations_board")).status_code == 200
    assert office_client.get(reverse("consultations_assignment", args=[item.pk])).status_code == 200
    assert office_client.get(reverse("consultations_file", args=[file.pk])).status_code == 200
    # A point's record is the point's: the office reads it, does not write it.
    assert (
        office_client.get(reverse("consultations_step", args=[item.pk, "research"])).status_code
        == 404
    )


def test_someone_without_either_right_is_refused(client, demo_site, task):
    client.force_login(UserFactory(username="editor", groups=["草案编辑"]))
    assert _refused(client.get(reverse("consultations_index")))
    assert _refused(client.get(reverse("consultations_board")))


def test_bad_ids_are_404_not_500(office_client):
    for url in ("/admin/tasks/points/99999999999999999999/", "/admin/tasks/files/0/"):
        assert office_client.get(url).status_code == 404
    assert office_client.get("/admin/tasks/points/1/steps/nonsense/").status_code == 404
