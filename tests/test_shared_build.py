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
