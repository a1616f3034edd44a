"""Storing a reply and keeping the totals: one transaction writes the reply, its answers and the
increments of ``AnswerCount`` (one upsert adding in the database, count_upsert.py, so concurrent
replies never lose a count). A
second reply with the same browser token (or, on a questionnaire that verifies phones, the same
phone) hits a unique constraint and stores nothing."""

from __future__ import annotations

import hashlib
from collections import Counter
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Sum

from .answering import Answered
from .count_upsert import add_to_counts
from .models import Answer, AnswerCount, Channel, PhoneCode, Reply, source_page


class AlreadyReplied(Exception):
    """Nothing stored: this browser's reply is in already (``by_phone`` False: the same form sent
    twice, a second tab), or another browser's with the same verified phone (``by_phone``)."""

    def __init__(self, by_phone: bool = False):
        super().__init__()
        self.by_phone = by_phone


def token_hash(page, token: str) -> str:
    """Per questionnaire: the same browser's replies to two questionnaires cannot be linked."""
    return hashlib.sha256(f"{page.pk}:{token}".encode()).hexdigest()


def has_replied(page, token: str) -> bool:
    if not token:
        return False
    page = source_page(page)
    return Reply.objects.filter(page=page, token_hash=token_hash(page, token)).exists()


def _increments(answers: list[Answered]) -> dict[tuple[str, str, str], tuple[int, Decimal]]:
    """``{(question, row, option): (count, total)}`` one reply adds: each chosen option, and per
    question (and matrix row) one respondent with the sum of its number or rating."""
    keys: dict[tuple[str, str, str], tuple[int, Decimal]] = {("", "", ""): (1, Decimal(0))}
    answered: dict[tuple[str, str], Decimal] = {}
    for a in answers:
        if a.option:
            keys[(a.question, a.row, a.option)] = (1, Decimal(0))
        # A multiple choice with three options ticked is one respondent to the question.
        answered[(a.question, a.row)] = answered.get((a.question, a.row), Decimal(0)) + (
            a.number or 0
        )
    for (question, row), total in answered.items():
        keys[(question, row, "")] = (1, total)
    return keys


def record_reply(
    page,
    token: str,
    answers: list[Answered],
    *,
    point=None,
    source=None,
    phone_hash: str = "",
) -> Reply:
    """Store one reply. ``phone_hash`` (verification.py) when the questionnaire verifies phones:
    the code that proved it is spent in the same transaction. ``source`` (a
    ``core.plugins.CollectionSource``) when a collection code brought the person: its kind,
    label and code are kept on the reply, and ``point`` is then the source's point."""
    page = source_page(page)
    if source is not None:
        channel = Channel.CODE
    else:
        channel = Channel.POINT if point is not None else Channel.WEB
    increments = _increments(answers)
    try:
        with transaction.atomic():
            reply = Reply.objects.create(
                page=page,
                token_hash=token_hash(page, token),
                point=point,
                channel=channel,
                source_kind=source.kind[:10] if source is not None else "",
                source_label=source.label[:200] if source is not None else "",
                source_code=source.code[:8] if source is not None else "",
                phone_hash=phone_hash,
            )
            if phone_hash:
                PhoneCode.objects.filter(page=page, phone_hash=phone_hash).delete()
            Answer.objects.bulk_create(
                Answer(
                    reply=reply,
                    question=a.question,
                    row=a.row,
                    option=a.option,
                    number=a.number,
                    text=a.text,
                )
                for a in answers
            )
            add_to_counts(page.pk, increments)
    except IntegrityError as exc:
        if Reply.objects.filter(page=page, token_hash=token_hash(page, token)).exists():
            raise AlreadyReplied from exc
        if phone_hash and Reply.objects.filter(page=page, phone_hash=phone_hash).exists():
            raise AlreadyReplied(by_phone=True) from exc
        raise
    return reply


def rebuild_counts(page) -> int:
    """Recount ``page``'s totals from its answers (after a bulk import, the demo, a repair).
    Returns the number of replies."""
    page = source_page(page)
    answers = Answer.objects.filter(reply__page=page)
    rows: Counter = Counter()
    totals: dict = {}
    for row in (
        answers.exclude(option="").values("question", "row", "option").annotate(n=Count("id"))
    ):
        rows[(row["question"], row["row"], row["option"])] = row["n"]
    for row in answers.values("question", "row").annotate(
        n=Count("reply", distinct=True), total=Sum("number")
    ):
        key = (row["question"], row["row"], "")
        rows[key] = row["n"]
        totals[key] = row["total"] or Decimal(0)
    replies = Reply.objects.filter(page=page).count()
    rows[("", "", "")] = replies
    with transaction.atomic():
        AnswerCount.objects.filter(page=page).delete()
        AnswerCount.objects.bulk_create(
            AnswerCount(
                page=page, question=q, row=r, option=o, count=n, total=totals.get((q, r, o), 0)
            )
            for (q, r, o), n in rows.items()
        )
    return replies
