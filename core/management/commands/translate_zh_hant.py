"""``manage.py translate_zh_hant``: (re)build the traditional-Chinese site from zh-hans with OpenCC."""

from django.core.management.base import BaseCommand
from wagtail.models import Locale, Page

from core.translation import HANS, HANT, translate_object


class Command(BaseCommand):
    help = "Create or update zh-hant translations of every live zh-hans page (OpenCC)."

    def add_arguments(self, parser):
        parser.add_argument("--draft", action="store_true", help="Save drafts, do not publish.")

    def handle(self, *args, **options):
        Locale.objects.get_or_create(language_code=HANT)
        source_locale = Locale.objects.get(language_code=HANS)
        pages = (
            Page.objects.filter(locale=source_locale, depth__gt=1)
            .live()
            .order_by("path")
            .specific()
        )
        count = 0
        for page in pages:
            translate_object(page, publish=not options["draft"])
            count += 1
        self.stdout.write(f"zh-hant: {count} pages converted from zh-hans")
