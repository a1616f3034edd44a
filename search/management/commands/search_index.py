"""``manage.py search_index --rebuild``: build the Elasticsearch indices (ELASTICSEARCH_URL).

Wagtail's own commands are ``update_index`` (the database index) and ``rebuild_references_index``;
this name is free. ``--dry-run`` prints the index template and the mappings and needs no server.
"""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Build the Elasticsearch search indices (needs ELASTICSEARCH_URL)."

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="recreate and fill the indices")
        parser.add_argument(
            "--dry-run", action="store_true", help="print the template and mappings only"
        )

    def handle(self, *args, rebuild=False, dry_run=False, **options):
        from search import elastic

        if dry_run:
            output = {
                "template": elastic.index_template().to_dict(),
                "mappings": {
                    doc._index._name: doc._doc_type.mapping.to_dict()
                    for doc in (elastic.PageDocument, elastic.ArticleDocument)
                },
            }
            self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2, default=str))
            return
        if not rebuild:
            raise CommandError("Nothing to do: pass --rebuild (or --dry-run).")
        if not getattr(settings, "ELASTICSEARCH_URL", ""):
            raise CommandError("ELASTICSEARCH_URL is not set; the site uses the database index.")
        counts = elastic.rebuild(stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Indexed {sum(counts.values())} documents."))
