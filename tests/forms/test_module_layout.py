"""forms/wagtail_hooks.py only registers: what it registers is defined in the modules named for it
(admin_policies, admin_viewsets, bulk_actions, admin_menu, dashboard), so the file stays readable as
the list of what the plugin adds to Wagtail."""

import ast
from pathlib import Path

import forms

HOOKS_FILE = Path(forms.__file__).parent / "wagtail_hooks.py"
MAX_LINES = 200


def test_wagtail_hooks_defines_no_classes():
    tree = ast.parse(HOOKS_FILE.read_text(encoding="utf-8"))
    classes = [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
    assert classes == [], f"define {classes} in a module named for what they do"


def test_wagtail_hooks_stays_short():
    lines = len(HOOKS_FILE.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"wagtail_hooks.py has {lines} lines: move code out"


def test_the_policies_and_viewsets_are_registered():
    from wagtail.permissions import policy_registry

    from forms.admin_policies import OpinionGroupPermissionPolicy, OpinionPermissionPolicy
    from forms.admin_viewsets import BatchViewSet, OpinionGroupViewSet, OpinionViewSet
    from forms.models import Batch, Opinion, OpinionGroup

    assert type(policy_registry.get_by_type(Opinion)) is OpinionPermissionPolicy
    assert type(policy_registry.get_by_type(OpinionGroup)) is OpinionGroupPermissionPolicy
    assert type(Opinion.snippet_viewset) is OpinionViewSet
    assert type(OpinionGroup.snippet_viewset) is OpinionGroupViewSet
    assert type(Batch.snippet_viewset) is BatchViewSet


def test_every_bulk_action_is_registered():
    from wagtail.admin.views.bulk_action.registry import bulk_action_registry

    from forms import analysis_admin, bulk_actions

    registered = set(bulk_action_registry.get_bulk_actions_for_model("forms", "opinion"))
    assert {*bulk_actions.BULK_ACTIONS, *analysis_admin.BULK_ACTIONS} <= registered
