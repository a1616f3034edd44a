"""Adding one reply to a questionnaire's running totals (``AnswerCount``) in one statement.

A reply touches about twenty counters (the reply count, each question answered, each option
chosen). One ``UPDATE … SET count = count + 1`` per counter was twenty round trips inside the
reply's transaction, holding row locks the whole time. Here they are one
``INSERT … ON CONFLICT (page, question, row, option) DO UPDATE SET count = count + EXCLUDED.count``:
a counter that does not exist yet is created with the reply's increment, one that exists is
incremented in the database, never read and written back, so concurrent replies lose nothing.

Raw SQL because Django cannot say it: ``bulk_create(update_conflicts=True)`` *replaces* the
conflicting row's values with the new ones (``count = EXCLUDED.count``), it cannot add to them.
The statement is the same on SQLite (3.24 or newer) and PostgreSQL (9.5 or newer), the two
databases the project runs on; the conflict target is the model's ``questionnaire_count_key``.

Rows go in a fixed order (sorted by key) so two replies locking the same counters on PostgreSQL
take the locks in the same order and cannot deadlock. A very long reply is sent in chunks of
``CHUNK`` rows, all inside the caller's transaction, to stay under SQLite's 999-parameter limit
of older builds."""

from __future__ import annotations

from decimal import Decimal

from django.db import connections, router

from .models import AnswerCount

__all__ = ["CHUNK", "add_to_counts"]

CHUNK = 150  # 6 parameters a row: 900 < 999
_COLUMNS = ("page_id", "question", "row", "option", "count", "total")


def _statement(connection, rows: int) -> str:
    quote = connection.ops.quote_name
    table = quote(AnswerCount._meta.db_table)
    columns = ", ".join(quote(c) for c in _COLUMNS)
    key = ", ".join(quote(c) for c in _COLUMNS[:4])
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * rows)
    count, total = quote("count"), quote("total")
    # Identifiers come from the model and are quoted; every value is a parameter.
    return (
        f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET "
        f"{count} = {table}.{count} + EXCLUDED.{count}, "
        f"{total} = {table}.{total} + EXCLUDED.{total}"
    )


def add_to_counts(page_id: int, increments: dict[tuple[str, str, str], tuple[int, Decimal]]):
    """Add ``{(question, row, option): (count, total)}`` to page ``page_id``'s counters."""
    if not increments:
        return
    connection = connections[router.db_for_write(AnswerCount)]
    rows = [
        (page_id, question, row, option, count, total)
        for (question, row, option), (count, total) in sorted(increments.items())
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            params = [value for row in chunk for value in row]
            cursor.execute(_statement(connection, len(chunk)), params)
