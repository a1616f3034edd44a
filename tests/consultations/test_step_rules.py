"""A step needs more than a date (a note, a file or an event cited), and its event picker offers
only what the point had held by the step's date."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import StepRecord
from core.plugins import PointActivity
from tests.consultations.conftest import assignment_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(task, points):
    return assignment_of(task, points["huanghe-shequ"])


@pytest.fixture
def events(monkeypatch):
    today = timezone.localdate()
    found = [
        PointActivity(901, "早的座谈会", "/e/1/", today - dt.timedelta(days=5), "座谈会", 12),
        PointActivity(902, "晚的接待日", "/e/2/", today, "代表接待日", 8),
    ]
    monkeypatch.setattr("consultations.admin_views.activities_for", lambda item: found)
    return found


def _url(item):
    return reverse("consultations_step", args=[item.pk, "research"])


def test_a_date_alone_is_refused_with_what_was_typed_kept(staff_client, mine):
    day = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = staff_client.post(_url(mine), {"date": day, "participants": "７", "note": "  "})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "note" in errors and "情况记录" in errors["note"][0]
    assert day in response.content.decode()
    assert not StepRecord.objects.filter(assignment=mine).exists()


def test_an_event_cited_is_evidence_enough(staff_client, mine, events):
    day = timezone.localdate().isoformat()
    response = staff_client.post(_url(mine), {"date": day, "activities": ["901"]})
    assert response.status_code == 302
    assert StepRecord.objects.get(assignment=mine).event_ids == [901]


def test_the_picker_lists_events_up_to_the_step_date_only(staff_client, mine, events):
    earlier = (timezone.localdate() - dt.timedelta(days=3)).isoformat()
    StepRecord.objects.create(
        assignment=mine, step="research", date=timezone.localdate() - dt.timedelta(days=3), note="x"
    )
    page = staff_client.get(_url(mine))
    choices = [value for value, _label in page.context["form"].fields["activities"].choices]
    assert choices == ["901"]
    # A later event sent anyway (an old form, a crafted post) is refused, nothing stored.
    response = staff_client.post(
        _url(mine), {"date": earlier, "note": "走访", "activities": ["902"]}
    )
    assert response.status_code == 200 and "activities" in response.context["form"].errors
    assert StepRecord.objects.get(assignment=mine).event_ids == []
    # Moving the step's date later offers the later event.
    response = staff_client.post(
        _url(mine),
        {"date": timezone.localdate().isoformat(), "note": "走访", "activities": ["902"]},
    )
    assert response.status_code == 302
    assert StepRecord.objects.get(assignment=mine).event_ids == [902]
