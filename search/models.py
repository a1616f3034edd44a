"""The ranking copy of Wagtail's search index (PostgreSQL only).

Wagtail's index rows carry the autocomplete vector and the plain text beside the title and
body vectors: 1.7 kB per row, and the body vector of a long row went to TOAST. Ranking the
matches of a common word reads every matching row (14,700 of 100,000 draft articles for 停车),
so the backend ranks in a narrow copy instead: id, content type, object id and title || body,
concatenated once when the row is written and kept inside the row (storage MAIN), with a GIN
index on it. Half the pages to read, no TOAST lookups, no concatenation per match (see
bench/search.py).

Triggers on the index table keep it in step (insert, update of these columns, delete,
truncate), whichever code writes the index: see migration 0002. Not a Django-managed table."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

TABLE = "lawbridge_search_rank"


class RankEntry(models.Model):
    id = models.IntegerField(primary_key=True)  # the wagtailsearch IndexEntry's id
    content_type_id = models.IntegerField()
    object_id = models.CharField(max_length=50)
    vector = SearchVectorField()  # the index row's title || body

    class Meta:
        managed = False
        db_table = TABLE

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
