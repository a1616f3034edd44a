"""Four eyes in every workflow: a group's approval step that nobody passes with their own work.

Wagtail's ``GroupApprovalTask`` lets any member of the group approve, including whoever wrote
the revision or submitted it — so a 普法编辑 could pass their own article at 初审.
``SeparateReviewerTask`` offers "approve" only to a reviewer who is neither the person who
submitted the item to the workflow nor the author of the revision under review; they may still
request changes. Both of Wagtail's ways to act (the edit page's action menu and the dashboard's
approve buttons) ask ``get_actions`` first, so removing the action refuses it everywhere; the
edit page says why (``message_for``, shown by core/wagtail_hooks.py).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask

OWN_WORK = _("您不能审核通过自己提交或修改的内容，请由本组其他审核人审核。")


def _authors(obj) -> set[int]:
    """Who submitted the item in its current workflow and who wrote the revision under review."""
    ids = set()
    workflow_state = getattr(obj, "current_workflow_state", None)
    if workflow_state is not None and workflow_state.requested_by_id:
        ids.add(workflow_state.requested_by_id)
    task_state = getattr(obj, "current_workflow_task_state", None)
    revision = task_state.revision if task_state is not None else None
    if revision is not None and revision.user_id:
        ids.add(revision.user_id)
    return ids


def is_own_work(obj, user) -> bool:
    return bool(user.is_authenticated and user.pk in _authors(obj))


class SeparateReviewerTask(AbstractGroupApprovalTask):
    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if is_own_work(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def message_for(self, obj, user):
        return OWN_WORK if is_own_work(obj, user) else None

    @classmethod
    def get_description(cls):
        return _("指定用户组的成员审核；提交人或修改人不能审核通过自己的内容")

    class Meta:
        verbose_name = _("他人审核")
        verbose_name_plural = _("他人审核")
