import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from wagtail.models import Page

from law_education.models import LawEducationArticlePage, LawEducationIndexPage

SHOWCASE = "wuye-fei-gai-bu-gai-jiao"


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Demo pictures, media and leaflets land in a temporary folder, not the work tree."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker, tmp_path_factory):
    """Load the demo once per test module inside a transaction rolled back at the end; each test
    runs in a savepoint on top of it (the demo takes seconds, the tests milliseconds)."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115
        yield
        transaction.set_rollback(True)
    cache.clear()  # site root paths and the like refer to rolled-back rows


@pytest.fixture
def demo_site(demo_module, db):
    """Overrides tests/conftest.py's: the module's demo, not a fresh load per test."""


@pytest.fixture
def index(demo_site) -> LawEducationIndexPage:
    return LawEducationIndexPage.objects.get(slug="law-education", locale__language_code="zh-hans")


@pytest.fixture
def showcase(index) -> LawEducationArticlePage:
    """The demo article that uses every block type."""
    return LawEducationArticlePage.objects.get(slug=SHOWCASE)


def add_article(parent: Page, slug: str, body=None, publish=True, **fields):
    page = LawEducationArticlePage(
        slug=slug,
        title=fields.pop("title", slug),
        summary=fields.pop("summary", "一句话摘要"),
        body=body or [("paragraph", "<p>正文</p>")],
        live=publish,
        **fields,
    )
    parent.add_child(instance=page)
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page
