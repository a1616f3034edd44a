import os

import pytest
from django.core.management import call_command

# Playwright's sync API runs an event loop in the test thread; Django would then refuse ORM calls
# from that thread although they are perfectly synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def demo_site(db):
    """The whole demo site, as `manage.py load_demo` builds it."""
    call_command("load_demo", "--no-admin", stdout=open(os.devnull, "w"))  # noqa: SIM115


@pytest.fixture
def home_page(demo_site):
    from wagtail.models import Site

    return Site.objects.get(is_default_site=True).root_page.specific
