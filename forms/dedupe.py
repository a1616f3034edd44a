"""Grouping near-identical opinions: copy-paste campaigns, small edits, traditional/simplified
variants, punctuation and whitespace noise. The text-only algorithm (shared with the written
answers of questionnaires) is ``core/near_duplicates.py``; this module partitions a page's
opinions, runs it per partition and saves the groups.

A stored ``Opinion.fingerprint`` (computed on save, indexed) spares normalising every copy of a
campaign again.

Opinions are compared within one page and one article (or the whole page): the same words on two
different articles are two different opinions. Each partition is processed and dropped in turn,
so memory is bounded by the largest partition, not by the number of opinions.
"""

from __future__ import annotations

# Re-exported: opinions store ``fingerprint(text)`` on save (models, API, bench).
from core.near_duplicates import cluster_texts, fingerprint, normalise

__all__ = ["cluster_texts", "fingerprint", "group_duplicates", "normalise"]


def group_duplicates(page_id: int, chunk_size: int = 5000, progress=None) -> dict:
    """Group the page's near-identical opinions; existing groups keep their id and gain members.

    Opinions a person placed by hand (``group_pinned``: removed from a group, split off) are left
    out, or the next run would undo the correction. ``progress(done, total, stats)`` is called
    before the first article and after each one (the admin shows it while the job runs).

    Returns figures: partitions, opinions seen, groups created/extended, opinions grouped."""
    from django.db import transaction

    from .models import Opinion
    from .workflow import UNCOUNTED_STATUSES

    base = (
        Opinion.objects.filter(page_id=page_id)
        .exclude(status__in=UNCOUNTED_STATUSES)
        .exclude(group_pinned=True)
    )
    keys = list(base.values_list("article_key", flat=True).distinct().order_by("article_key"))
    stats = {"partitions": len(keys), "opinions": 0, "created": 0, "extended": 0, "grouped": 0}
    if progress is not None:
        progress(0, len(keys), stats)
    for done, key in enumerate(keys, start=1):
        # No ORDER BY: the model's default (-submit_time) made the planner walk the page's whole
        # time index for every article instead of the (page, article_key) index.
        rows = base.filter(article_key=key).order_by()
        rows = rows.values_list("pk", "text", "fingerprint", "group_id")
        existing: dict[int, int] = {}
        texts = []
        for pk, text, fp, group_id in rows.iterator(chunk_size=chunk_size):
            texts.append((pk, text, fp))
            if group_id:
                existing[pk] = group_id
        stats["opinions"] += len(texts)
        clusters = cluster_texts(texts)
        del texts
        with transaction.atomic():
            _save_clusters(page_id, key, clusters, existing, stats, chunk_size)
        if progress is not None:
            progress(done, len(keys), stats)
    return stats


def _save_clusters(page_id, key, clusters, existing, stats, chunk_size) -> None:
    """Write one partition's clusters: new groups in one INSERT (created with their size), one
    UPDATE per group (and chunk) of members, and only the sizes that changed; empty groups go."""
    from django.db.models import Count

    from .models import Opinion, OpinionGroup

    new_clusters, moves = [], []
    for ids in clusters:
        group_ids = sorted({existing[pk] for pk in ids if pk in existing})
        if group_ids:
            target = group_ids[0]
            movers = [pk for pk in ids if existing.get(pk) != target]
            if movers:
                moves.append((target, movers))
                stats["extended"] += 1
        else:
            new_clusters.append(ids)
    created = OpinionGroup.objects.bulk_create(
        OpinionGroup(page_id=page_id, article_key=key, representative_id=ids[0], size=len(ids))
        for ids in new_clusters
    )
    stats["created"] += len(created)
    moves += [(group.pk, ids) for group, ids in zip(created, new_clusters, strict=True)]
    _assign_groups([(pk, target) for target, movers in moves for pk in movers], chunk_size)
    stats["grouped"] += sum(len(movers) for _target, movers in moves)
    sizes = dict(
        Opinion.objects.filter(page_id=page_id, article_key=key, group__isnull=False)
        .values_list("group_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    stored = dict(
        OpinionGroup.objects.filter(page_id=page_id, article_key=key).values_list("pk", "size")
    )
    for group_id, size in sizes.items():
        if stored.get(group_id, size) != size:
            OpinionGroup.objects.filter(pk=group_id).update(size=size)
    # Groups emptied by a merge hold nothing an editor needs: the opinions moved on.
    empty = [pk for pk in stored if pk not in sizes]
    for start in range(0, len(empty), chunk_size):
        OpinionGroup.objects.filter(pk__in=empty[start : start + chunk_size]).delete()


def _assign_groups(assignments: list[tuple[int, int]], chunk_size: int) -> None:
    """Set ``group_id`` of many opinions, (opinion pk, group pk) pairs, with one
    ``UPDATE … FROM (VALUES …)`` per chunk (PostgreSQL, SQLite ≥ 3.33) instead of one UPDATE per
    group: a million opinions make ~40,000 groups, and on PostgreSQL each statement also paid
    its own planning and round trip."""
    from django.db import connection

    from .models import Opinion

    # In primary-key order the rows (and index entries) touched by one chunk sit together: on
    # PostgreSQL a 20,000-row UPDATE took 4.5 s sorted against 7.0 s in cluster order.
    assignments = sorted(assignments)
    quote = connection.ops.quote_name
    table = quote(Opinion._meta.db_table)
    pk = quote(Opinion._meta.pk.column)
    column = quote(Opinion._meta.get_field("group").column)
    with connection.cursor() as cursor:
        for start in range(0, len(assignments), chunk_size):
            part = assignments[start : start + chunk_size]
            rows = ", ".join(["(%s, %s)"] * len(part))
            cursor.execute(
                f"UPDATE {table} SET {column} = v.column2 FROM (VALUES {rows}) AS v "  # noqa: S608
                f"WHERE {table}.{pk} = v.column1",
                [value for pair in part for value in pair],
            )
