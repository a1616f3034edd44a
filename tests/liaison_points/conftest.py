"""The demo loaded once per test module (it takes seconds), each test rolled back to it.

An outer transaction holds the demo for the module; every test runs in a savepoint inside it
(pytest-django's ``db``), so tests stay independent. Tests that need real commits (concurrency,
browser) use ``transactional_db`` in their own modules instead."""

import os

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        cache.clear()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture
def demo_site(_demo_loaded, db):
    """Overrides tests/conftest.py's demo_site: same content, loaded once per module."""
    cache.clear()
