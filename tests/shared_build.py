"""The test database (migrated, demo loaded) built by one xdist worker and copied by the others.

Each worker used to run ``migrate`` and ``load_demo`` itself: the same minutes of CPU twice on a
two-core machine. Now the first worker to need the database builds it while holding a lock in
the run's shared temporary folder, then leaves a copy there; the next worker takes the lock,
finds the copy and starts from it:

- SQLite (the test database lives in memory): the copy is a file written with sqlite3's backup
  API; the worker names its in-memory database (a shared-cache URI, which Django's SQLite backend
  treats as in memory), opens it, loads the file into it and keeps that connection open until
  the session ends, so the database Django then creates under that name is the copy.
- PostgreSQL: the copy is a database created from the builder's (``CREATE DATABASE … TEMPLATE``);
  the worker's test database is created from it through Django's own ``TEST["TEMPLATE"]``.

Either way Django's test setup then runs ``migrate`` as usual, which finds every migration applied
(and runs the post_migrate handlers). On SQLite the builder, too, can start from a migrated file
instead of migrating in process: when the run has plugin-removal scenarios, the site they all
start from is the same schema and data, migrated once for both (``migrated_site``). The demo's
pictures and files are copied along (each process has its own media folders). Without xdist, or
when no copy can be made, every worker builds its own as before. The controller drops the
PostgreSQL copy when the run ends."""

from __future__ import annotations

import fcntl
import os
import shutil
import sqlite3
import uuid
import warnings
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.db import connection

_state: dict = {}
RUN_VARIABLE = "LAWBRIDGE_TEST_RUN"


def _paths(shared: Path) -> dict[str, Path]:
    return {
        "lock": shared / "test-db.lock",
        "done": shared / "test-db.done",
        "sqlite": shared / "test-db.sqlite3",
        "media": shared / "test-db-media",
        "private": shared / "test-db-private",
    }


def name_the_run() -> None:
    """Called on the controller before the workers start (they inherit its environment): names
    this run's PostgreSQL copy, so that runs from other checkouts on the same server never meet."""
    os.environ.setdefault(RUN_VARIABLE, uuid.uuid4().hex[:12])


def _template_name() -> str:
    return f"lb_test_template_{os.environ[RUN_VARIABLE]}"


def _pg_admin():
    """A connection to the server's maintenance database, for CREATE/DROP DATABASE."""
    import psycopg

    conf = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        host=conf.get("HOST") or None,
        port=conf.get("PORT") or None,
        user=conf.get("USER") or None,
        password=conf.get("PASSWORD") or None,
        autocommit=True,
    )


def worker_database_name(settings_dict: dict, worker: str) -> str:
    """This worker's PostgreSQL test database, named for the run: Django's default
    (``test_<name>_gw0``) is the same for every checkout, so two runs on one server (CI's clone
    beside a developer's suite) would drop each other's databases."""
    run = os.environ.get(RUN_VARIABLE)
    if not run:
        return settings_dict.get("TEST", {}).get("NAME") or f"test_{settings_dict['NAME']}"
    return f"test_{settings_dict['NAME']}_{run}_{worker}"[:63]


def _start_from(worker: str, source: Path) -> None:
    """This worker's SQLite test database is a copy of ``source``: an in-memory database under
    a name of its own, filled from the file and held open until the session ends, so that the
    database Django then creates under that name is the copy."""
    name = f"file:lawbridge_test_{worker}?mode=memory&cache=shared"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = name
    keeper = sqlite3.connect(name, uri=True, check_same_thread=False)
    with sqlite3.connect(source) as file:
        file.backup(keeper)
    _state["keeper"] = keeper


def before_setup(
    shared: Path,
    worker: str,
    while_waiting: Callable[[], None] | None = None,
    migrated_site: Callable[[], Path | None] | None = None,
) -> None:
    """Before Django creates this worker's test database: wait for the lock; start from the
    shared copy if there is one, else keep the lock and build (``after_setup`` releases it).

    A worker that finds another one building first runs ``while_waiting``: the build takes a
    minute or two of one core, and the other core would otherwise sit idle.

    The builder on SQLite asks ``migrated_site`` for a database file with every migration
    applied; when it gives one, the build starts from it and only loads the demo."""
    paths = _paths(shared)
    vendor = connection.vendor
    test = connection.settings_dict.setdefault("TEST", {})
    if vendor == "postgresql":
        test["NAME"] = worker_database_name(connection.settings_dict, worker)
    lock = open(paths["lock"], "w")  # noqa: SIM115 — held across two fixtures
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        if while_waiting is not None:
            try:
                while_waiting()
            except Exception as exc:  # noqa: BLE001 — the tests that need it will say what failed
                warnings.warn(f"the work done while waiting failed: {exc!r}", stacklevel=1)
        fcntl.flock(lock, fcntl.LOCK_EX)
    if paths["done"].exists() and RUN_VARIABLE in os.environ and vendor in ("sqlite", "postgresql"):
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()
        _state["mode"] = "copy"
        if vendor == "sqlite":
            _start_from(worker, paths["sqlite"])
        else:
            test["TEMPLATE"] = _template_name()
        return
    _state.update(mode="build", lock=lock)
    if vendor == "sqlite" and migrated_site is not None and RUN_VARIABLE in os.environ:
        source = migrated_site()
        if source is not None:
            _start_from(worker, source)


def after_setup(shared: Path) -> None:
    """After the database exists (migrated; built or copied): the builder leaves its copy and
    releases the lock; a copying worker takes the demo's files."""
    paths = _paths(shared)
    if _state.get("mode") == "copy":
        shutil.copytree(paths["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
        shutil.copytree(paths["private"], settings.PRIVATE_MEDIA_ROOT, dirs_exist_ok=True)
        # Content types were cached while Django's setup ran; the copy's ids are what count.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        return
    lock = _state.pop("lock", None)
    if lock is None:
        return
    try:
        shutil.copytree(settings.MEDIA_ROOT, paths["media"], dirs_exist_ok=True)
        shutil.copytree(settings.PRIVATE_MEDIA_ROOT, paths["private"], dirs_exist_ok=True)
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            with sqlite3.connect(paths["sqlite"]) as target:
                connection.connection.backup(target)
        elif connection.vendor == "postgresql":
            source = connection.settings_dict["NAME"]
            connection.close()  # CREATE DATABASE … TEMPLATE needs the source to itself
            with _pg_admin() as admin:
                template = _template_name()
                admin.execute(f'DROP DATABASE IF EXISTS "{template}"')
                admin.execute(f'CREATE DATABASE "{template}" TEMPLATE "{source}"')
        else:
            return
        paths["done"].touch()
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def drop_copy() -> None:
    """At the end of the run (on the controller): the PostgreSQL copy goes."""
    if RUN_VARIABLE not in os.environ or connection.vendor != "postgresql":
        return
    try:
        with _pg_admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{_template_name()}"')
    except Exception as exc:  # noqa: BLE001 — a leftover copy is harmless; never fail the run
        warnings.warn(f"the test database copy was not dropped: {exc!r}", stacklevel=1)


def is_built(shared: Path) -> bool:
    """Whether a worker has left its copy of the test database for the others."""
    return _paths(shared)["done"].exists()


def give_up() -> None:
    """The build failed: release the lock without leaving a copy."""
    lock = _state.pop("lock", None)
    if lock is not None:
        fcntl.flock(lock, fcntl.LOCK_UN)
        lock.close()


def mode() -> str | None:
    """ "copy" when this worker started from the shared copy, "build" when it built it."""
    return _state.get("mode")
