"""Running the near-duplicate grouping from the admin, and correcting its groups by hand.

- ``start_run``: one ``GroupingRun`` per page at a time (a partial unique index decides, not a
  prior SELECT), handed to the background task ``tasks.group_page``; a queue that cannot be
  reached leaves a failed run with a message, never a 500.
- ``execute_run``: what the task does: ``dedupe.group_duplicates`` with a progress callback that
  writes the articles done and the figures so far onto the run, so the status page can show them.
- ``remove_members`` / ``split_group`` / ``merge_groups``: a person's corrections. Each is one
  transaction over locked groups, is written to the groups' history (Wagtail's log entries) and
  pins the opinions it moved (``Opinion.group_pinned``) so the next run does not undo it.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from .models import GroupingRun, Opinion, OpinionGroup

__all__ = [
    "GroupingError",
    "REMOVE_ACTION",
    "SPLIT_ACTION",
    "MERGE_ACTION",
    "start_run",
    "execute_run",
    "remove_members",
    "split_group",
    "merge_groups",
]

logger = logging.getLogger(__name__)

REMOVE_ACTION = "forms.group_remove_members"
SPLIT_ACTION = "forms.group_split"
MERGE_ACTION = "forms.group_merge"

# A run whose worker died says "running" forever; after this long it no longer blocks a new one.
STALE_AFTER = timedelta(hours=2)


class GroupingError(ValueError):
    """A correction that cannot be made (message translated, shown to the user as is)."""


# --- Runs -------------------------------------------------------------------------------------


def start_run(page, user) -> tuple[GroupingRun, bool]:
    """Queue a grouping run for ``page``. Returns (run, started): a run already queued or running
    for the page is returned instead of a second one."""
    GroupingRun.objects.filter(
        page=page, state__in=GroupingRun.ACTIVE, created_at__lt=timezone.now() - STALE_AFTER
    ).update(state=GroupingRun.State.FAILED, error=_("超时未完成。"), finished_at=timezone.now())
    active = GroupingRun.objects.filter(page=page, state__in=GroupingRun.ACTIVE).first()
    if active is not None:
        return active, False
    try:
        with transaction.atomic():
            run = GroupingRun.objects.create(page=page, page_title=page.title, started_by=user)
    except IntegrityError:  # another click won the race
        return GroupingRun.objects.filter(page=page, state__in=GroupingRun.ACTIVE).first(), False
    from .tasks import group_page

    try:
        group_page.enqueue(page.pk, run.pk)
    except Exception:  # the queue (database backend) may be unavailable: say so, keep the row
        logger.exception("could not queue grouping run %s", run.pk)
        _finish(run, GroupingRun.State.FAILED, error=_("后台任务无法启动，请稍后再试。"))
    run.refresh_from_db()
    return run, True


def _finish(run, state, **fields):
    GroupingRun.objects.filter(pk=run.pk).update(state=state, finished_at=timezone.now(), **fields)


def execute_run(run_id: int) -> dict | None:
    """Do the run (called by the background task). Failures are recorded on the run."""
    from .dedupe import group_duplicates

    run = GroupingRun.objects.filter(pk=run_id, state__in=GroupingRun.ACTIVE).first()
    if run is None or run.page_id is None:
        return None
    GroupingRun.objects.filter(pk=run.pk).update(
        state=GroupingRun.State.RUNNING, started_at=timezone.now()
    )

    def progress(done, total, stats):
        GroupingRun.objects.filter(pk=run.pk).update(
            partitions_done=done,
            partitions_total=total,
            opinions_seen=stats["opinions"],
            groups_created=stats["created"],
            groups_extended=stats["extended"],
            opinions_grouped=stats["grouped"],
        )

    try:
        stats = group_duplicates(run.page_id, progress=progress)
    except Exception:
        logger.exception("grouping run %s failed", run.pk)
        _finish(run, GroupingRun.State.FAILED, error=_("查找相似意见时出错，请稍后重试。"))
        raise
    _finish(run, GroupingRun.State.DONE)
    return stats


# --- Corrections by hand ----------------------------------------------------------------------


def _locked(*group_ids):
    groups = OpinionGroup.objects.select_for_update().filter(pk__in=group_ids).order_by("pk")
    return {g.pk: g for g in groups}


def _members(group, opinion_ids) -> list[Opinion]:
    ids = set(opinion_ids)
    if not ids:
        raise GroupingError(_("请先勾选意见。"))
    members = list(group.members.filter(pk__in=ids).order_by("pk"))
    if len(members) != len(ids):
        raise GroupingError(_("所选意见不全在本组中，请刷新页面后重选。"))
    return members


def _refresh(group) -> None:
    """Size and representative after members left or joined (an emptied group keeps its row and
    history, hidden from the list; the next grouping run removes it)."""
    remaining = group.members.order_by("pk").values_list("pk", flat=True)
    group.size = remaining.count()
    if group.representative_id not in set(remaining):
        group.representative_id = remaining.first()
    group.save(update_fields=["size", "representative"])


def _codes(opinions) -> list[str]:
    return [o.receipt_code for o in opinions]


def remove_members(group, opinion_ids, *, user) -> list[Opinion]:
    """Take wrongly grouped opinions out of ``group``; they stay out of any group."""
    with transaction.atomic():
        group = _locked(group.pk)[group.pk]
        members = _members(group, opinion_ids)
        Opinion.objects.filter(pk__in=[o.pk for o in members]).update(group=None, group_pinned=True)
        _refresh(group)
        log(instance=group, action=REMOVE_ACTION, user=user, data={"opinions": _codes(members)})
    return members


def split_group(group, opinion_ids, *, user) -> OpinionGroup:
    """Move the chosen members of ``group`` into a new group of the same page and article."""
    with transaction.atomic():
        group = _locked(group.pk)[group.pk]
        members = _members(group, opinion_ids)
        if len(members) < 2:
            raise GroupingError(_("拆分出的新组至少要有两条意见；单条意见请用“移出本组”。"))
        if len(members) >= group.members.count():
            raise GroupingError(_("请只勾选要分出去的部分意见，不要全选。"))
        new = OpinionGroup.objects.create(
            page_id=group.page_id, article_key=group.article_key, representative_id=members[0].pk
        )
        Opinion.objects.filter(pk__in=[o.pk for o in members]).update(group=new, group_pinned=True)
        _refresh(group)
        _refresh(new)
        data = {"opinions": _codes(members), "from_group": group.pk, "to_group": new.pk}
        log(instance=group, action=SPLIT_ACTION, user=user, data=data)
        log(instance=new, action=SPLIT_ACTION, user=user, data=data)
    return new


def merge_groups(target, other_id, *, user) -> OpinionGroup:
    """Move every member of group ``other_id`` into ``target`` (same page and article only)."""
    if other_id == target.pk:
        raise GroupingError(_("不能与本组自己合并。"))
    with transaction.atomic():
        groups = _locked(target.pk, other_id)
        target, other = groups.get(target.pk), groups.get(other_id)
        if other is None or not other.members.exists():
            raise GroupingError(_("没有编号为 %(id)s 的相似意见组。") % {"id": other_id})
        if (other.page_id, other.article_key) != (target.page_id, target.article_key):
            raise GroupingError(_("只能合并同一草案、同一条文的相似意见组。"))
        moved = list(other.members.order_by("pk"))
        Opinion.objects.filter(group=other).update(group=target)
        _refresh(target)
        _refresh(other)
        data = {"opinions": _codes(moved), "from_group": other.pk, "to_group": target.pk}
        log(instance=target, action=MERGE_ACTION, user=user, data=data)
        log(instance=other, action=MERGE_ACTION, user=user, data=data)
    return target
