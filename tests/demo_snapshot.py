"""A copy of the demo database taken once per test session, put back in milliseconds.

Tests that need a live server or several threads run outside a rolled-back transaction, and
Django empties the database after each of them. Building the demo again (imports, translations,
pictures) took most of the suite's time; copying it back takes a fraction of a second.

- SQLite (the test database lives in memory): the whole database through sqlite3's backup API.
- PostgreSQL: every table copied into a schema of its own. A statement-level trigger on every
  table notes which tables a test wrote to (in a log without a key, so that two concurrent
  transactions never wait for each other on it; a rolled-back write's note rolls back with it).
  Only those are copied back, with triggers and foreign keys suspended for the copy
  (``session_replication_role``; the test role is a superuser), and their sequences set past the
  restored rows: a live-server test touches a few dozen of some 300 tables.
Any other database: no snapshot; the demo is built again."""

from __future__ import annotations

import sqlite3

from django.core.management.color import no_style
from django.db import connection

SCHEMA = "lb_demo_snapshot"
CHANGED = "changed_tables"  # the log of tables written since the last copy, and its trigger
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
            cursor.execute(f"CREATE UNLOGGED TABLE {SCHEMA}.{CHANGED} (name text NOT NULL)")
            cursor.execute(
                f"CREATE FUNCTION {SCHEMA}.{CHANGED}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN INSERT INTO {SCHEMA}.{CHANGED} VALUES (TG_TABLE_NAME); RETURN NULL; END $$"
            )
            for table in tables:
                cursor.execute(
                    f"CREATE TRIGGER {CHANGED} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "
                    f'public."{table}" FOR EACH STATEMENT EXECUTE FUNCTION {SCHEMA}.{CHANGED}()'
                )
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
        snapshot = set(_state["postgresql"])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT name FROM {SCHEMA}.{CHANGED}")
            changed = sorted(name for (name,) in cursor.fetchall() if name in snapshot)
            # Replica mode: neither foreign keys nor the notes' own triggers fire for the copy.
            # DELETE rather than TRUNCATE, which refuses a table another (unchanged) one refers to.
            cursor.execute("SET session_replication_role = replica")
            try:
                for table in changed:
                    cursor.execute(f'DELETE FROM public."{table}"')
                    cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM {SCHEMA}."{table}"')
                cursor.execute(f"TRUNCATE {SCHEMA}.{CHANGED}")
            finally:
                cursor.execute("SET session_replication_role = DEFAULT")
            from django.apps import apps

            models = [
                model
                for model in apps.get_models(include_auto_created=True)
                if model._meta.db_table in changed
            ]
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
        _state["current"] = True
        return True
    return False
