"""The demo snapshot: a transactional test ends with the demo copied back, not an emptied
database rebuilt by every post_migrate handler."""

from django.contrib.auth.models import Group
from django.test import TransactionTestCase
from wagtail.models import Page

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
