"""Search and reference indexing deferred to the end of a bulk build (``load_demo``).

Every save of a page (its draft, each revision, the publish, its zh-hant copy) asks modelsearch
and Wagtail to index it again; when tasks run inline, a demo build indexed each page four times
or more, most of the build's time. Inside ``deferred_indexing()`` those two tasks are collected,
each object once, and run when the block ends: the tasks read the object as it is then, so the
indexes end up exactly as if every save had been indexed.

Only when tasks run inline (the immediate backend, as in development and tests): with a queue and
a worker, the build only enqueues, and the worker's own order is kept."""

from __future__ import annotations

from contextlib import contextmanager

from django.apps import apps
from django.conf import settings
from django.test.utils import override_settings
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus, task_backends
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.utils import get_random_id

IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"
# The tasks the post_save handlers enqueue; both read the object by primary key when they run.
DEFERRED_TASKS = frozenset(
    {
        "modelsearch.tasks.insert_or_update_object_task",
        "wagtail.tasks.update_reference_index_task",
    }
)


class DeferredIndexingBackend(ImmediateBackend):
    """Runs tasks inline like the immediate backend, except the indexing ones: those wait, once
    per (task, object), for ``run_deferred``."""

    def __init__(self, alias: str, params: dict):
        super().__init__(alias, params)
        self.pending: dict[tuple, TaskResult] = {}

    def enqueue(self, task, args, kwargs):
        if task.module_path not in DEFERRED_TASKS:
            return super().enqueue(task, args, kwargs)
        key = (task.module_path, tuple(args), tuple(sorted(kwargs.items())))
        if key not in self.pending:
            self.validate_task(task)
            self.pending[key] = TaskResult(
                task=task,
                id=get_random_id(),
                status=TaskResultStatus.READY,
                enqueued_at=timezone.now(),
                started_at=None,
                last_attempted_at=None,
                finished_at=None,
                args=list(args),
                kwargs=dict(kwargs),
                backend=self.alias,
                errors=[],
                worker_ids=[],
            )
        return self.pending[key]

    def run_deferred(self) -> int:
        # Running a task may save and so enqueue again: drain until nothing is left.
        count = 0
        while self.pending:
            result = self.pending.pop(next(iter(self.pending)))
            if _still_exists(*result.args):
                super().enqueue(result.task, result.args, result.kwargs)
                count += 1
        return count


def _still_exists(app_label: str, model_name: str, pk: str) -> bool:
    """An object saved and deleted again during the build (inline children re-created on each
    save) has nothing left to index; its deletion already cleaned the indexes."""
    return apps.get_model(app_label, model_name)._default_manager.filter(pk=pk).exists()


def _tasks_run_inline() -> bool:
    backends = getattr(settings, "TASKS", None) or {"default": {"BACKEND": IMMEDIATE}}
    return backends.get("default", {}).get("BACKEND") == IMMEDIATE


@contextmanager
def deferred_indexing():
    if not _tasks_run_inline():
        yield
        return
    options = dict(getattr(settings, "TASKS", {}).get("default", {}))
    options["BACKEND"] = f"{__name__}.DeferredIndexingBackend"
    with override_settings(TASKS={**getattr(settings, "TASKS", {}), "default": options}):
        backend = task_backends["default"]
        yield
        backend.run_deferred()
