"""``python manage.py load_demo``: the demo site, contributed plugin by plugin. Safe to re-run."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Locale

from core.plugins import DemoContext, run_demo_content
from home.site_setup import ensure_site

DEMO_ADMIN_USERNAME = "admin"
DEMO_ADMIN_PASSWORD = "lawbridge-demo"  # noqa: S105 - documented demo login, DEBUG only


class Command(BaseCommand):
    help = "Load demo content from every installed plugin (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-admin", action="store_true", help="Do not create the demo superuser."
        )

    def handle(self, *args, **options):
        with transaction.atomic():
            for code, _name in settings.LANGUAGES:
                Locale.objects.get_or_create(language_code=code)
            home = ensure_site()
            demo = DemoContext(homes={settings.LANGUAGE_CODE: home}, stdout=self.stdout)
            run_demo_content(demo)
        if not options["no_admin"]:
            self._ensure_admin()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))

    def _ensure_admin(self):
        User = get_user_model()
        if User.objects.filter(username=DEMO_ADMIN_USERNAME).exists():
            return
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    "DEBUG is off: not creating the demo superuser (use createsuperuser)."
                )
            )
            return
        User.objects.create_superuser(DEMO_ADMIN_USERNAME, "admin@example.com", DEMO_ADMIN_PASSWORD)
        self.stdout.write(
            f"Demo superuser: {DEMO_ADMIN_USERNAME} / {DEMO_ADMIN_PASSWORD} (change it!)"
        )
