"""``python manage.py load_demo``: the demo site, contributed plugin by plugin. Safe to re-run.

It ends with a short summary of what to open; ``-v 2`` also lists what each plugin added.
``--address HOST:PORT`` makes the site's own address the one the demo is served at, so that
links built outside a request (QR codes, the sitemap, the API, e-mails) work."""

import logging
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from wagtail.models import Locale, Site

from core.deferred_indexing import deferred_indexing
from core.plugins import DemoContext, run_demo_content
from home.site_setup import ensure_site

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "lawbridge-demo"  # noqa: S105 - documented demo login, DEBUG only


def parse_address(value: str) -> tuple[str, int]:
    host, sep, port = value.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise CommandError(f"--address must look like 127.0.0.1:8000, not {value!r}")
    return host.strip("[]"), int(port)


@contextmanager
def quiet_logs(verbose: bool):
    """Wagtail logs every page created, edited and published at INFO: hundreds of lines that
    hide the summary. Shown again with -v 2."""
    root = logging.getLogger()
    level = root.level
    if not verbose:
        root.setLevel(logging.WARNING)
    try:
        yield
    finally:
        root.setLevel(level)


class Command(BaseCommand):
    help = "Load demo content from every installed plugin (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo superuser."
        )
        parser.add_argument(
            "--address",
            help="HOST:PORT the demo is served at (make run passes its own); sets the site's "
            "hostname and port.",
        )

    def handle(self, *args, **options):
        address = parse_address(options["address"]) if options["address"] else None
        verbose = options["verbosity"] >= 2
        # The demo's opinions carry example.com addresses: their receipts go nowhere. Each page
        # is saved several times (draft, revisions, publish, translation): it is indexed once, at
        # the end (core/deferred_indexing.py).
        with (
            quiet_logs(verbose),
            override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
            transaction.atomic(),
            deferred_indexing(),
        ):
            for code, _name in settings.LANGUAGES:
                Locale.objects.get_or_create(language_code=code)
            home = ensure_site()
            if address:
                Site.objects.filter(root_page=home).update(hostname=address[0], port=address[1])
            demo = DemoContext(
                homes={settings.LANGUAGE_CODE: home}, stdout=self.stdout, verbose=verbose
            )
            run_demo_content(demo)
        login = self._ensure_admin()
        if options["verbosity"] >= 1:
            self._summary(home, demo.highlights, login, demo.files)

    def _summary(self, home, highlights, login, files=()):
        site = Site.objects.filter(root_page=home).first()
        root = site.root_url if site else ""
        width = max([len(label) for label, _item, _note in [*highlights, *files]] + [5]) + 2
        lines = [self.style.SUCCESS("LawBridge demo loaded. Open:"), f"  {'Home':<{width}}{root}/"]
        for label, page, note in highlights:
            path = page if isinstance(page, str) else page.url_path[len(home.url_path) - 1 :]
            lines.append(f"  {label:<{width}}{root}{path}  {note}".rstrip())
        lines.append(f"  {'Admin':<{width}}{root}/admin/  {login}")
        for label, path, note in files:
            lines.append(f"  {label:<{width}}{path}  {note}".rstrip())
        lines.append("  See README.md and docs/ for the roles and the walk-through.")
        self.stdout.write("\n".join(lines))

    def _ensure_admin(self) -> str:
        User = get_user_model()
        if User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            return f"{DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD}"
        if not settings.DEBUG:
            return "(DEBUG is off: no demo superuser; use createsuperuser)"
        User.objects.create_superuser(DEMO_ADMIN_USERNAME, "admin@example.com", DEMO_ADMIN_PASSWORD)
        return f"{DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD} (change it!)"
