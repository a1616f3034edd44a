"""The demo's decision file (forms/demo_decisions.py) previews and applies cleanly: the office can
try 导入办理结果 on the demo without preparing a sheet."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forms import decision_import
from forms.demo_decisions import write_decision_file
from forms.models import Batch, Opinion
from forms.workflow import DECISIONS, Status
from tests.factories import UserFactory


def _upload(path):
    return SimpleUploadedFile(path.name, path.read_bytes())


@pytest.fixture
def demo_batch(demo_site):
    batch = Batch.objects.filter(opinions__status=Status.FORWARDED).distinct().first()
    assert batch is not None, "the demo sends a batch to the committee with opinions still waiting"
    return batch


def test_demo_decision_file_previews_and_applies(demo_batch, tmp_path):
    waiting = list(demo_batch.opinions.filter(status=Status.FORWARDED).values_list("pk", flat=True))
    path, decided = write_decision_file(demo_batch, tmp_path / "decisions.xlsx")
    assert path.is_file() and decided >= 2
    handler = UserFactory(groups=["意见办理员"], verified=True)

    plan = decision_import.preview(decision_import.read_rows(_upload(path)), user=handler)
    # Each row of the export stands for a group of near-identical opinions: its members change too.
    assert plan.errors == 0, plan.sample_errors
    assert plan.changes == decided + plan.members and plan.members > 0
    assert plan.skipped >= 1  # the row the committee left blank

    plan = decision_import.apply_file(
        decision_import.read_rows(_upload(path)), handler, sha256="demo", name=path.name
    )
    assert plan.ok, plan.sample_errors
    statuses = list(Opinion.objects.filter(pk__in=waiting).values_list("status", flat=True))
    assert sum(status in DECISIONS for status in statuses) >= decided + plan.members
    assert Status.FORWARDED in statuses  # the blank row's opinion still waits
