"""A copy of the demo database taken once per test session, put back in milliseconds.

Tests that need a live server or several threads run outside a rolled-back transaction, and
Django empties the database after each of them. Building the demo again (imports, translations,
pictures) took most of the suite's time; copying it back takes a fraction of a second.

- SQLite (the test database lives in memory): the whole database through sqlite3's backup API.
- PostgreSQL: every table copied into a schema of its own, copied back with triggers and foreign
  keys suspended for the copy (``session_replication_role``; the test role is a superuser), then
  every sequence set past the restored rows.
Any other database: no snapshot; the demo is built again."""

from __future__ import annotations

import sqlite3

from django.core.management.color import no_style
from django.db import connection

SCHEMA = "lb_demo_snapshot"
_state: dict = {}


def _postgres_tables(cursor) -> list[str]:
    cursor.execute(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
        "'django_migrations' ORDER BY tablename"
    )
    return [row[0] for row in cursor.fetchall()]


def is_current() -> bool:
    """True while the database holds the demo as the snapshot has it: after ``take``, after
    ``restore``, and after any test rolled back; False once something emptied it instead."""
    return _state.get("current", False)


def mark_emptied() -> None:
    _state["current"] = False


def take() -> None:
    _state.clear()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        _state["sqlite"] = copy
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = _postgres_tables(cursor)
            cursor.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE; CREATE SCHEMA {SCHEMA}")
            for table in tables:
                cursor.execute(f'CREATE TABLE {SCHEMA}."{table}" AS TABLE public."{table}"')
        _state["postgresql"] = tables
    _state["current"] = bool(_state)


def restore() -> bool:
    """Put the snapshot back; False when there is none (then build the demo instead)."""
    if _state:
        # The flush re-created content types under new ids; the snapshot brings the old ones back.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
    if "sqlite" in _state:
        connection.ensure_connection()
        _state["sqlite"].backup(connection.connection)
        _state["current"] = True
        return True
    if "postgresql" in _state:
        tables = _state["postgresql"]
        quoted = ", ".join(f'public."{table}"' for table in tables)
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
            try:
                cursor.execute(f"TRUNCATE {quoted}")
                for table in tables:
                    cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM {SCHEMA}."{table}"')
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            from django.apps import apps

            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)
        _state["current"] = True
        return True
    return False
