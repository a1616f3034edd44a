"""报送批次 rules that are not bookkeeping: one draft per batch, and what sending does.

- A batch carries the opinions of one draft (the committee answers a draft at a time, and its
  意见汇总表 is per draft). The batch has no page field: its draft is its opinions' draft, so the
  chooser offers the open batches holding nothing of another draft (an empty batch fits any).
- Sending a batch to the committee moves each of its opinions to 已转交法工委 through
  ``workflow.transition`` (one recorded change per opinion), where the workflow allows it; the
  others are left as they are and reported on the batch's page (``not_forwarded``).
"""

from __future__ import annotations

from django.db.models import Count
from django.utils.translation import gettext as _

from .models import Batch, Opinion
from .workflow import DECISIONS, Status, TransitionError, transition

__all__ = ["page_ids_of", "open_batches_for", "forward_batch", "not_forwarded"]

# Statuses that already went to the committee (or came back answered): nothing to move.
AT_COMMITTEE = {Status.FORWARDED, *DECISIONS}


def page_ids_of(opinions) -> set:
    return {o.page_id for o in opinions}


def open_batches_for(page_id):
    """Open (待报送) batches holding no opinion of another draft than ``page_id``."""
    through = Opinion.batches.through.objects
    if page_id is None:
        others = through.filter(opinion__page__isnull=False)
    else:
        others = through.exclude(opinion__page_id=page_id)
    return Batch.objects.filter(state=Batch.State.DRAFT).exclude(pk__in=others.values("batch_id"))


def forward_batch(batch, *, user=None) -> tuple[int, list[str]]:
    """Move the batch's opinions to 已转交法工委 where legal. Returns (moved, refused)."""
    note = _("随批次“%(title)s”报送法工委") % {"title": batch.title}
    moved, refused = 0, []
    opinions = batch.opinions.exclude(status__in={*AT_COMMITTEE, Status.WITHDRAWN}).order_by("pk")
    for opinion in opinions:
        try:
            transition(opinion, Status.FORWARDED, user=user, note=note)
            moved += 1
        except TransitionError as exc:
            refused.append(f"{opinion.receipt_code}: {exc}")
    return moved, refused


def not_forwarded(batch) -> list[tuple[str, str, int]]:
    """(status, label, count) of the batch's opinions not at the committee (withdrawn left out)."""
    rows = (
        batch.opinions.exclude(status__in={*AT_COMMITTEE, Status.WITHDRAWN})
        .values("status")
        .annotate(n=Count("pk"))
        .order_by("status")
    )
    return [(row["status"], Status(row["status"]).label, row["n"]) for row in rows]
