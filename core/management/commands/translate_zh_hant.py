"""``manage.py translate_zh_hant``: (re)build the traditional-Chinese site from zh-hans with OpenCC."""

from django.core.management.base import BaseCommand

from core.translation import translate_site


class Command(BaseCommand):
    help = "Create or update zh-hant translations of every zh-hans snippet and live page (OpenCC)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Save the pages' translations as drafts, do not publish; leave snippets alone "
            "(they have no drafts).",
        )

    def handle(self, *args, **options):
        snippets, pages = translate_site(publish=not options["draft"])
        self.stdout.write(f"zh-hant: {snippets} snippets and {pages} pages converted from zh-hans")
