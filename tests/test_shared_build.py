"""Under xdist one worker builds the test database (migrated, demo loaded) and the others start
from its copy (tests/shared_build.py): a copy holds the same site, pictures and files included."""

import sqlite3
from contextlib import closing
from types import SimpleNamespace

import pytest

from tests import shared_build


@pytest.fixture
def under_xdist(worker_id):
    if worker_id == "master":
        pytest.skip("one process builds its own database (run with -n 2)")


def test_one_worker_builds_and_the_others_copy(under_xdist, demo_site, tmp_path_factory):
    assert shared_build.mode() in ("build", "copy")
    # The builder left its copy for the others (and said so): no worker builds a second one.
    assert (tmp_path_factory.getbasetemp().parent / "test-db.done").exists()


def test_every_demo_file_is_in_this_workers_media_folder(demo_site):
    """Each process has media folders of its own: a copying worker copies the demo's files."""
    from django.core.files.storage import default_storage
    from wagtail.images import get_image_model
    from wagtail.models import Page

    images = list(get_image_model().objects.all())
    assert images, "the demo has no pictures"
    assert all(default_storage.exists(image.file.name) for image in images)
    # And the pages are those the demo built, readable through their content types.
    assert Page.objects.live().count() > 10
    assert all(page.specific_class for page in Page.objects.live())


def test_postgresql_worker_databases_are_named_for_the_run(monkeypatch):
    """Two runs on one server (CI's clone beside a developer's suite) never share a database."""
    monkeypatch.setenv(shared_build.RUN_VARIABLE, "run-a")
    first = shared_build.worker_database_name({"NAME": "test", "TEST": {}}, "gw0")
    monkeypatch.setenv(shared_build.RUN_VARIABLE, "run-b")
    second = shared_build.worker_database_name({"NAME": "test", "TEST": {}}, "gw0")
    assert first != second
    assert first != shared_build.worker_database_name({"NAME": "test", "TEST": {}}, "gw1")
    assert len(shared_build.worker_database_name({"NAME": "x" * 80, "TEST": {}}, "gw0")) <= 63


def test_on_sqlite_the_builder_starts_from_the_migrated_site_it_is_given(tmp_path, monkeypatch):
    """With the plugin-removal scenarios in the run, the builder's test database is their full
    site (tests/scenario_sites.py), migrated once for both, not a second ``migrate``."""
    site = tmp_path / "site.sqlite3"
    with closing(sqlite3.connect(site)) as database:
        database.execute("CREATE TABLE migrated_once (id integer)")
        database.commit()
    shared = tmp_path / "shared"
    shared.mkdir()
    # A worker's SQLite connection before Django creates its test database; the session's own
    # connection stays as it is.
    worker_connection = SimpleNamespace(vendor="sqlite", settings_dict={"NAME": "x", "TEST": {}})
    monkeypatch.setattr(shared_build, "connection", worker_connection)
    monkeypatch.setenv(shared_build.RUN_VARIABLE, "unit")
    monkeypatch.setattr(shared_build, "_state", {})
    shared_build.before_setup(shared, "gw9", migrated_site=lambda: site)
    try:
        assert shared_build.mode() == "build"
        name = worker_connection.settings_dict["TEST"]["NAME"]
        with closing(sqlite3.connect(name, uri=True)) as database:
            tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
        assert "migrated_once" in tables
    finally:
        shared_build.give_up()
        shared_build._state["keeper"].close()
