"""The office never meets Wagtail's English group and workflow names in the admin."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Task, Workflow


@pytest.mark.django_db
def test_wagtail_default_groups_and_workflow_have_chinese_names():
    names = set(Group.objects.values_list("name", flat=True))
    assert {"网站审核员", "网站编辑"} <= names
    assert not {"Moderators", "Editors"} & names
    assert not Task.objects.filter(name__contains="approval").exists()
    assert not Workflow.objects.filter(name__contains="approval").exists()
    assert Workflow.objects.filter(name="网站审核员审批").exists()
