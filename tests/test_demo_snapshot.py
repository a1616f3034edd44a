"""The demo snapshot: a transactional test ends with the demo copied back, not an emptied
database rebuilt by every post_migrate handler."""

from django.contrib.auth.models import Group
from django.test import TransactionTestCase
from wagtail.models import Page

from tests import demo_snapshot
from tests.conftest import restore_demo


def test_the_end_of_a_transactional_test_puts_the_demo_back(transactional_db):
    restore_demo()
    groups = Group.objects.count()
    pages = Page.objects.count()
    assert groups and pages > 10
    Group.objects.all().delete()
    TransactionTestCase("run")._fixture_teardown()
    assert Group.objects.count() == groups
    assert Page.objects.count() == pages


def test_the_demo_is_copied_back_only_when_something_emptied_it(transactional_db, monkeypatch):
    """Each live-server test asks for the demo first; after a test that ended on the snapshot
    (or was rolled back) the database holds it already, and copying it again would cost a second
    or more per test on PostgreSQL."""
    restore_demo()  # whatever ran before
    copies = []
    restore = demo_snapshot.restore
    monkeypatch.setattr(demo_snapshot, "restore", lambda: copies.append(1) or restore())
    restore_demo()
    assert copies == []
    Group.objects.all().delete()
    TransactionTestCase("run")._fixture_teardown()  # the end of a transactional test
    assert copies == [1] and Group.objects.exists()
    restore_demo()
    assert copies == [1]
    # Emptied some other way (Django's own flush): the next test gets the demo back.
    demo_snapshot.mark_emptied()
    restore_demo()
    assert copies == [1, 1]


def test_on_postgresql_only_the_tables_a_test_wrote_to_are_copied_back(transactional_db):
    """The copy is a few dozen tables, not all ~300: a trigger notes each table written to."""
    import pytest
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the SQLite snapshot is one backup call")
    restore_demo()
    log = f"{demo_snapshot.SCHEMA}.{demo_snapshot.CHANGED}"

    def noted():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT DISTINCT name FROM {log}")
            return {name for (name,) in cursor.fetchall()}

    TransactionTestCase("run")._fixture_teardown()
    assert noted() == set()
    groups = Group.objects.count()
    Group.objects.create(name="只在这个测试里")
    assert noted() == {"auth_group"}
    TransactionTestCase("run")._fixture_teardown()
    assert Group.objects.count() == groups and noted() == set()
    # A delete that cascades: every table it touched is noted and comes back.
    Group.objects.all().delete()
    assert {"auth_group", "auth_group_permissions"} <= noted()
    TransactionTestCase("run")._fixture_teardown()
    assert Group.objects.count() == groups
