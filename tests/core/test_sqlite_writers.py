"""Two writers on one SQLite file (``make run``'s threaded server: an autosave and a publication
at once) take turns instead of one failing with "database is locked"
(lawbridge/settings/base.py, ``sqlite_writers_take_turns``)."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import OperationalError, connections, transaction

from lawbridge.settings.base import sqlite_writers_take_turns

ALIAS = "sqlite_file_under_test"


@pytest.fixture
def sqlite_file(tmp_path, django_db_blocker):
    """Opens an SQLite file under a database alias of its own, as configured or as Django's
    default would."""

    def open_file(take_turns: bool) -> None:
        database = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "site.db")}
        if take_turns:
            sqlite_writers_take_turns(database)
        configured = connections.configure_settings(
            {"default": settings.DATABASES["default"], ALIAS: database}
        )
        connections.settings[ALIAS] = configured[ALIAS]
        with connections[ALIAS].cursor() as cursor:
            cursor.execute("CREATE TABLE IF NOT EXISTS note (who text)")
        connections[ALIAS].close()

    with django_db_blocker.unblock():
        yield open_file
    connections[ALIAS].close()
    del connections[ALIAS]  # this thread's connection, which would outlive the file
    del connections.settings[ALIAS]


def _two_writers() -> tuple[list[str], list[str]]:
    """The first transaction reads, then writes while the second has written and not yet
    committed (the order an autosave and a publication can meet in); returns the errors and
    the rows written."""
    errors: list[str] = []
    read, written, tried = threading.Event(), threading.Event(), threading.Event()

    def first():
        try:
            with transaction.atomic(using=ALIAS):
                connections[ALIAS].cursor().execute("SELECT count(*) FROM note")
                read.set()
                written.wait(1)  # taking turns, the second cannot write before this commits
                connections[ALIAS].cursor().execute("INSERT INTO note VALUES ('first')")
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            tried.set()
            connections[ALIAS].close()

    def second():
        read.wait(5)
        try:
            with transaction.atomic(using=ALIAS):
                connections[ALIAS].cursor().execute("INSERT INTO note VALUES ('second')")
                written.set()
                tried.wait(5)
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            written.set()
            connections[ALIAS].close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    with connections[ALIAS].cursor() as cursor:
        cursor.execute("SELECT who FROM note ORDER BY who")
        rows = [who for (who,) in cursor.fetchall()]
    connections[ALIAS].close()
    return errors, rows


def test_sqlite_default_fails_the_writer_that_read_first(sqlite_file):
    """What the setting is for: without it SQLite refuses the upgrade from reader to writer at
    once (waiting could deadlock), whatever the timeout."""
    sqlite_file(take_turns=False)
    errors, rows = _two_writers()
    assert errors == ["database is locked"]
    assert rows == ["second"]


def test_configured_writers_take_turns(sqlite_file):
    sqlite_file(take_turns=True)
    errors, rows = _two_writers()
    assert errors == []
    assert rows == ["first", "second"]


def test_the_site_configures_its_sqlite_database_so():
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("the site runs on PostgreSQL here")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
