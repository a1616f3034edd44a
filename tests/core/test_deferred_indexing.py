"""A bulk build (load_demo) indexes each object once, at the end, instead of on every save — and
the indexes end up as if every save had been indexed."""

import pytest
from django.dispatch import receiver
from django_tasks import task
from django_tasks.signals import task_finished

from core.deferred_indexing import deferred_indexing

pytestmark = pytest.mark.django_db

SEARCH_TASK = "modelsearch.tasks.insert_or_update_object_task"
REFERENCE_TASK = "wagtail.tasks.update_reference_index_task"


@pytest.fixture
def ran():
    """The tasks run, as (task path, args), in order."""
    calls = []

    @receiver(task_finished)
    def record(sender, task_result, **kwargs):
        calls.append((task_result.task.module_path, tuple(task_result.args)))

    yield calls
    task_finished.disconnect(record)


def _page(title):
    from home.models import StandardPage
    from home.site_setup import ensure_site

    page = ensure_site().add_child(instance=StandardPage(title=title, slug="deferred-indexing"))
    page.save_revision().publish()
    page.title = f"{title}（修订）"
    page.save_revision().publish()
    return page


def _found(title):
    from wagtail.models import Page

    return [page.pk for page in Page.objects.search(title)]


def test_a_page_saved_several_times_is_indexed_once_when_the_build_ends(ran):
    with deferred_indexing():
        page = _page("养犬管理办法")
        assert not [call for call in ran if call[0] in (SEARCH_TASK, REFERENCE_TASK)]
        assert page.pk not in _found("养犬管理办法")
    key = ("home", "standardpage", str(page.pk))
    assert ran.count((SEARCH_TASK, key)) == 1
    assert ran.count((REFERENCE_TASK, key)) == 1
    assert page.pk in _found("养犬管理办法")


def test_without_the_block_every_save_is_indexed(ran):
    page = _page("养犬管理办法")
    assert ran.count((SEARCH_TASK, ("home", "standardpage", str(page.pk)))) > 1


def test_an_object_deleted_before_the_end_is_skipped_quietly(ran, caplog):
    with deferred_indexing():
        page = _page("临时页面")
        pk = page.pk
        page.delete()
    assert not [call for call in ran if call[1][2:] == (str(pk),)]
    assert "FAILED" not in caplog.text
    assert pk not in _found("临时页面")


@task()
def other(n):
    return n


def test_other_tasks_still_run_at_once(ran):
    with deferred_indexing():
        other.enqueue(1)
        assert ran == [(other.module_path, (1,))]


def test_with_a_queue_nothing_is_deferred(settings, ran):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    from django_tasks import task_backends

    with deferred_indexing():
        assert type(task_backends["default"]).__name__ == "DummyBackend"
