"""Under xdist one worker builds the test database (migrated, demo loaded) and the others start
from its copy (tests/shared_build.py): a copy holds the same site, pictures and files included."""

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
