"""The editorial workflow of 普法 articles: 初审 → 法律审核 → 发布.

``ensure_review_workflow(index)`` creates (once) the two groups, the two Wagtail group-approval tasks
and the workflow "普法文章审核", assigns it to the 普法园地 index page, and gives the groups their page
permissions there:

- 普法编辑 (editors): add and change articles, but **no publish permission**, so an article of
  theirs can only go live through the workflow ("提交审核").
- 法律审核员 (legal reviewers): add, change and publish, and approve the 法律审核 task.

Both steps are ``core.review.SeparateReviewerTask``: nobody approves their own article (an
editor who submits cannot pass it at 初审; another 普法编辑 must). A site made before keeps its
plain group-approval steps until none of them has an article in progress, then they are swapped.

It runs from the demo loader and whenever an editor creates a 普法园地 index page (wagtail_hooks).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.review import SeparateReviewerTask

WORKFLOW_NAME = "普法文章审核"
EDITORS = "普法编辑"
REVIEWERS = "法律审核员"
FIRST_TASK = "初审"
LEGAL_TASK = "法律审核"

GROUP_PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    REVIEWERS: ["add_page", "change_page", "publish_page"],
}


# Both groups upload and choose the pictures, media and leaflets of their articles.
COLLECTION_PERMISSIONS = [
    ("core", "add_customimage"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]


def _group(name: str) -> Group:
    group, created = Group.objects.get_or_create(name=name)
    if created:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        root = Collection.get_first_root_node()
        for app_label, codename in COLLECTION_PERMISSIONS:
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None and root is not None:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )
    return group


def _task(name: str, group: Group) -> SeparateReviewerTask:
    task = SeparateReviewerTask.objects.filter(name=name).first()
    if task is None:
        task = SeparateReviewerTask.objects.create(name=name)
        task.groups.set([group])
    return task


def _separate_reviewers(workflow: Workflow) -> None:
    """Swap a plain group-approval step (sites made before) for a four-eyes one, once no item is
    in progress at it (Wagtail would cancel those reviews)."""
    for workflow_task in WorkflowTask.objects.filter(workflow=workflow).select_related("task"):
        old = workflow_task.task.specific
        if isinstance(old, SeparateReviewerTask) or not hasattr(old, "groups"):
            continue
        if old.task_states.filter(status="in_progress").exists():
            continue
        new = SeparateReviewerTask.objects.create(name=old.name)
        new.groups.set(old.groups.all())
        workflow_task.task = new
        workflow_task.save(update_fields=["task"])
        old.active = False
        old.save(update_fields=["active"])


def ensure_review_workflow(index_page) -> Workflow:
    editors, reviewers = _group(EDITORS), _group(REVIEWERS)
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        for order, task in enumerate([_task(FIRST_TASK, editors), _task(LEGAL_TASK, reviewers)]):
            # WorkflowTask.objects, not workflow.workflow_tasks.create(): the latter is a
            # modelcluster relation that only saves with the workflow.
            WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=order)
    _separate_reviewers(workflow)
    if not WorkflowPage.objects.filter(page=index_page).exists():
        WorkflowPage.objects.create(page=index_page, workflow=workflow)
    for group, codenames in (
        (editors, GROUP_PAGE_PERMISSIONS[EDITORS]),
        (reviewers, GROUP_PAGE_PERMISSIONS[REVIEWERS]),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=index_page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    return workflow
