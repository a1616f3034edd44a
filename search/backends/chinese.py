"""Wagtail's database search backend, taught to read Chinese.

``WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends.chinese"}}`` gives every
``.search()`` / ``.autocomplete()`` on the site (public search, the page explorer, snippets, the
opinions admin…) the same treatment: text is normalised and segmented by ``search.text`` before it
is written to the index, and the query string goes through the same normaliser before it is
matched. The database's own full-text search (SQLite FTS5, PostgreSQL tsvector with the ``simple``
configuration) then sees words separated by spaces.

Upstream's ``add_items`` builds a module-level ``ObjectIndexer`` with no hook to swap it, so the
index classes below override ``add_items`` (copied from modelsearch 1.3, changed only in the
indexer class it instantiates). Nothing global is patched. Every modelsearch internal this module
relies on is fingerprinted in core/upstream/internals.py: an upgrade that changes one fails a test.
"""

from __future__ import annotations

import functools

from django.db import connection, connections
from django.utils.encoding import force_str
from modelsearch.backends.base import EmptySearchResults
from modelsearch.query import And, Boost, Fuzzy, Not, Or, Phrase, PlainText

from search.text import normalise, parts, query_words, segment_for_index, segment_for_query

# How much more a word in the title counts than one in the body (SQLite; PostgreSQL weights the
# title by its search field boost, "A" against "B"/"D").
SQLITE_TITLE_WEIGHT = 5.0


class SegmentingIndexerMixin:
    """Every value goes to the index normalised and cut for search."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            text = " ".join(force_str(item) for item in value if item is not None)
        elif isinstance(value, dict):
            text = " ".join(force_str(item) for item in value.values() if item is not None)
        elif value is None:
            text = ""
        else:
            text = force_str(value)
        # Upstream prepares every field once per column (title, body, autocomplete, and the
        # plain-text mirrors on PostgreSQL): cut each text only once.
        cache = self.__dict__.setdefault("_segmented", {})
        if text not in cache:
            cache[text] = segment_for_index(text)
        return cache[text]


def _plain_text(query_string: str, operator: str, boost: float = 1):
    """Segmented plain text. With "and", each long word matches either as a whole or through all
    of its dictionary parts (物业服务 OR (物业 AND 服务)): the text around it may have been cut
    differently from the query. With "or", any word or part matches."""
    words = query_words(query_string)
    if not words:
        return None
    if operator == "or":
        # Any word matches: single characters (的, 是, 要…) would match nearly everything, so
        # they only count when the query has nothing longer.
        if any(len(word) > 1 for word in words):
            words = [word for word in words if len(word) > 1]
        pieces = []
        for word in words:
            pieces += [word, *parts(word)] if len(word) > 2 else [word]
        return PlainText(" ".join(dict.fromkeys(pieces)), operator="or", boost=boost)
    clauses = []
    plain = []
    for word in words:
        word_parts = parts(word) if len(word) > 2 else []
        if word_parts:
            clauses.append(
                Or(
                    [
                        PlainText(word, operator="and", boost=boost),
                        PlainText(" ".join(word_parts), operator="and", boost=boost),
                    ]
                )
            )
        else:
            plain.append(word)
    if plain:
        clauses.insert(0, PlainText(" ".join(plain), operator="and", boost=boost))
    return clauses[0] if len(clauses) == 1 else And(clauses)


def segment_query(query, *, simple=False):
    """The query with every string segmented like the index; None when nothing searchable is
    left (e.g. only punctuation). ``simple``: one PlainText of the words (autocomplete, where the
    last word is matched as a prefix)."""
    if isinstance(query, str):
        if simple:
            return segment_for_query(query) or None
        return _plain_text(query, "and")
    if isinstance(query, PlainText):
        if simple:
            text = segment_for_query(query.query_string)
            return PlainText(text, operator=query.operator, boost=query.boost) if text else None
        return _plain_text(query.query_string, query.operator, query.boost)
    if isinstance(query, Phrase):
        text = segment_for_query(query.query_string)
        return Phrase(text) if text else None
    if isinstance(query, Fuzzy):
        text = normalise(query.query_string)
        return Fuzzy(text, operator=query.operator, unaccent=query.unaccent) if text else None
    if isinstance(query, And | Or):
        subs = [segment_query(sub, simple=simple) for sub in query.subqueries]
        subs = [sub for sub in subs if sub is not None]
        if not subs:
            return None
        return type(query)(subs) if len(subs) > 1 else subs[0]
    if isinstance(query, Not):
        inner = segment_query(query.subquery, simple=simple)
        return Not(inner) if inner is not None else None
    if isinstance(query, Boost):
        inner = segment_query(query.subquery, simple=simple)
        return Boost(inner, query.boost) if inner is not None else None
    return query  # MatchAll and anything else


class SegmentingBackendMixin:
    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if isinstance(query, str) and kwargs.get("operator"):
            query = PlainText(query, operator=kwargs["operator"])
        simple = query_compiler_class is self.autocomplete_query_compiler_class
        query = segment_query(query, simple=simple)
        if query is None:
            return EmptySearchResults()
        return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)

    def search_ids(self, query, model_or_queryset, *, operator=None, limit=None) -> list:
        """Primary keys of the best ``limit`` matches, best first, without building the objects
        (the search page turns 300 matches into rows with ``.values()``; model instances cost
        more than the query). Same matches and order as ``search()``. When the queryset is
        unfiltered, an id may belong to a deleted object (a stale index entry): fetch by id
        and leave out what is missing."""
        results = self.search(query, model_or_queryset, operator=operator)[:limit]
        compiler = getattr(results, "query_compiler", None)
        ranked = compiler and compiler.ranked_ids(compiler.get_config(self), 0, limit)
        if ranked is None:  # upstream's code path (e.g. nothing searchable left)
            return [obj.pk for obj in results]
        pk_field = compiler.queryset.model._meta.pk
        return [pk_field.to_python(object_id) for object_id, _score in ranked]


@functools.cache
def _sqlite_backend():
    from modelsearch.backends.database.sqlite import sqlite as upstream
    from modelsearch.utils import get_content_type_pk

    class ChineseObjectIndexer(SegmentingIndexerMixin, upstream.ObjectIndexer):
        pass

    class ChineseSQLiteIndex(upstream.SQLiteIndex):
        indexer_class = ChineseObjectIndexer

        def add_items(self, model, objs):
            # modelsearch 1.3.2 SQLiteIndex.add_items, with self.indexer_class.
            if not model.get_search_fields():
                return
            indexers = [self.indexer_class(obj, self.backend) for obj in objs]
            if not indexers:
                return
            content_type_pk = get_content_type_pk(model)
            ids_and_data = {
                indexer.id: (indexer.title, indexer.autocomplete, indexer.body)
                for indexer in indexers
            }
            entries_for_ct = self.entries.filter(content_type_id=content_type_pk)
            indexed_ids = frozenset(
                entries_for_ct.filter(object_id__in=ids_and_data.keys()).values_list(
                    "object_id", flat=True
                )
            )
            for indexed_id in indexed_ids:
                title, autocomplete, body = ids_and_data[indexed_id]
                entries_for_ct.filter(object_id=indexed_id).update(
                    title=title, autocomplete=autocomplete, body=body
                )
            self.entries.bulk_create(
                [
                    upstream.IndexEntry(
                        content_type_id=content_type_pk,
                        object_id=object_id,
                        title=title,
                        autocomplete=autocomplete,
                        body=body,
                    )
                    for object_id, (title, autocomplete, body) in ids_and_data.items()
                    if object_id not in indexed_ids
                ]
            )
            self._refresh_title_norms()

    from django.db.models import CharField
    from django.db.models.functions import Cast, Length
    from modelsearch.backends.database.sqlite.query import BM25, MatchExpression, normalize
    from modelsearch.query import MatchAll
    from modelsearch.utils import get_descendants_content_types_pks

    class TitleWeightedBM25(BM25):
        """bm25() with column weights: upstream scores title and body alike, so a regulation
        whose title is the query ranked below every article that repeats it. The FTS5 table's
        columns are (autocomplete, body, title)."""

        def as_sql(self, compiler, connection, function=None, template=None):
            table = upstream.SQLiteFTSIndexEntry._meta.db_table
            return f"bm25({table}, 0.0, 1.0, {SQLITE_TITLE_WEIGHT})", []

    class ChineseSQLiteQueryCompiler(upstream.SQLiteSearchQueryCompiler):
        def build_tsrank(self, vector, query, config=None, boost=1.0):
            if isinstance(query, Phrase | PlainText | Not):
                rank = TitleWeightedBM25()
                return rank * boost if boost != 1.0 else rank
            return super().build_tsrank(vector, query, config=config, boost=boost)

        def _build_rank_expression(self, vectors, config):
            # FTS5's bm25() already scores the row against the whole MATCH expression, with the
            # column weights: upstream adds one copy per column and per sub-query, each one
            # computed again for every matching row.
            return TitleWeightedBM25()

        def _ranked_index_query(self):
            """FTS matches of this query among the queryset's objects, with their score; None
            when upstream's code path must handle the query (match-all, negation, no
            relevance order)."""
            query = normalize(self.query)
            if not self.order_by_relevance or isinstance(query, MatchAll | Not):
                return None
            search_query = self.build_search_query(query, config=None)
            match = MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
            rank = self._build_rank_expression(self.get_search_vectors(), None)
            entries = upstream.SQLiteFTSIndexEntry.objects.filter(match).filter(
                index_entry__content_type__in=get_descendants_content_types_pks(self.queryset.model)
            )
            if self.queryset.query.where:
                # Only this queryset's objects. An unfiltered queryset (all draft articles) needs
                # no such list: SQLite would build it from every row's id for each query (80 ms
                # for 100,000 articles); a stale entry is dropped when the objects are fetched.
                own_ids = self.queryset.order_by().annotate(
                    _object_id=Cast("pk", output_field=CharField())
                )
                entries = entries.filter(index_entry__object_id__in=own_ids.values("_object_id"))
            return entries.annotate(score=rank)

        def ranked_ids(self, config, start, stop):
            """[(object id as text, score)] of the slice, best first; None when upstream's
            code path must handle the query."""
            index_query = self._ranked_index_query()
            if index_query is None:
                return None
            return list(
                index_query.order_by(
                    # Ties: newest first, like upstream's "-pk" (ids as text: length, digits).
                    "score",
                    Length("index_entry__object_id").desc(),
                    "-index_entry__object_id",
                ).values_list("index_entry__object_id", "score")[start:stop]
            )

        def search(self, config, start, stop, score_field=None):
            # Upstream orders by a correlated subquery that runs the FTS match once per
            # candidate row: quadratic for common words (条例 in every title). Here the match is
            # run once, joined to the queryset's ids, ordered by score and sliced in SQL; then
            # the page of objects is fetched by id.
            ranked = self.ranked_ids(config, start, stop)
            if ranked is None:
                return super().search(config, start, stop, score_field=score_field)
            objects = self.queryset.in_bulk([object_id for object_id, _score in ranked])
            results = []
            for object_id, score in ranked:
                obj = objects.get(int(object_id) if object_id.isdigit() else object_id)
                if obj is None:
                    continue
                if score_field is not None:
                    setattr(obj, score_field, score)
                results.append(obj)
            return results

        def count(self):
            index_query = self._ranked_index_query()
            if index_query is None:
                return None
            return index_query.count()

    class ChineseSQLiteSearchResults(upstream.SQLiteSearchResults):
        def _do_count(self):
            count_fn = getattr(self.query_compiler, "count", None)
            count = count_fn() if count_fn is not None else None
            if count is None:
                return super()._do_count()
            start = self.start or 0
            total = max(count - start, 0)
            return total if self.stop is None else min(total, self.stop - start)

        def facet(self, field_name):
            # Upstream's facet needs the queryset form of the results.
            self.query_compiler.order_by_relevance = False
            return super().facet(field_name)

    class ChineseSQLiteSearchBackend(SegmentingBackendMixin, upstream.SQLiteSearchBackend):
        index_class = ChineseSQLiteIndex
        query_compiler_class = ChineseSQLiteQueryCompiler
        results_class = ChineseSQLiteSearchResults

    return ChineseSQLiteSearchBackend


_BITMAP_SCANS_ONLY = (
    "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
)
_SCANS_RESET = "RESET enable_seqscan; RESET enable_indexscan"


def bitmap_scan_rows(queryset) -> list[tuple]:
    """PostgreSQL: the rows of ``queryset`` (a values_list), planned without sequential and
    plain index scans.

    The planner costs title || body and ts_rank as cheap, but each reads and copies a row's
    vectors: with 100,000 indexed articles, a sequential scan (multi-word OR queries) or a walk
    along the content-type b-tree (a common word) evaluates them on every row (200-350 ms).
    Bitmap scans keep it to the rows the GIN index on title || body finds, ANDed with the
    content-type b-tree when the types searched are a small part of the index (pages among the
    articles: 3,500 rows instead of 38,000 for 地方性法规).

    One round trip: the settings, the query and their reset go as one statement list (psycopg's
    client-side binding, Django's default). Outside a transaction the list is one implicit
    transaction and the transaction-local settings end with it; inside one, RESET puts them
    back at once."""
    sql, params = queryset.query.get_compiler(queryset.db).as_sql()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"{_BITMAP_SCANS_ONLY}; {sql}; {_SCANS_RESET}", params)
        cursor.nextset()
        return cursor.fetchall()


@functools.cache
def _postgres_backend():
    from django.db.models import CharField, F
    from django.db.models.functions import Cast, Length
    from modelsearch.backends.database.postgres import postgres as upstream
    from modelsearch.utils import get_content_type_pk, get_descendants_content_types_pks

    IndexEntry = upstream.IndexEntry
    InsertQuery = upstream.InsertQuery
    SearchRank = upstream.SearchRank

    class ChineseObjectIndexer(SegmentingIndexerMixin, upstream.ObjectIndexer):
        pass

    class ChinesePostgresIndex(upstream.PostgresIndex):
        indexer_class = ChineseObjectIndexer

        def add_items(self, model, objs):
            # modelsearch 1.3.2 PostgresIndex.add_items, with self.indexer_class.
            if not model.get_search_fields():
                return
            indexers = [self.indexer_class(obj, self.backend) for obj in objs]
            if not indexers:
                return
            content_type_pk = get_content_type_pk(model)
            compiler = InsertQuery(IndexEntry).get_compiler(connection=self.write_connection)
            rows_sql = []
            data_params = []
            for indexer in indexers:
                row = ["%s", "%s"]
                data_params.extend((content_type_pk, indexer.id))
                for name in ("title", "autocomplete", "body"):
                    value = compiler.prepare_value(
                        IndexEntry._meta.get_field(name), getattr(indexer, name)
                    )
                    sql, params = value.as_sql(compiler, self.write_connection)
                    row.append(sql)
                    data_params.extend(params)
                row += ["1.0", "%s", "%s"]
                data_params.extend((indexer.title_text, indexer.body_text))
                rows_sql.append(f"({', '.join(row)})")
            table = IndexEntry._meta.db_table
            with self.write_connection.cursor() as cursor:
                cursor.execute(
                    f"""
                    INSERT INTO {table} (content_type_id, object_id, title, autocomplete, body,
                                         title_norm, title_text, body_text)
                    (VALUES {", ".join(rows_sql)})
                    ON CONFLICT (content_type_id, object_id)
                    DO UPDATE SET title = EXCLUDED.title,
                                  title_norm = 1.0,
                                  autocomplete = EXCLUDED.autocomplete,
                                  body = EXCLUDED.body,
                                  title_text = EXCLUDED.title_text,
                                  body_text = EXCLUDED.body_text
                    """,  # noqa: S608 - table name from the model, values are parameters
                    data_params,
                )
            self._refresh_title_norms()

    class ChinesePostgresQueryCompiler(upstream.PostgresSearchQueryCompiler):
        def _build_rank_expression(self, vectors, config):
            # One ts_rank over title || body (the title's lexemes carry a heavier weight)
            # instead of upstream's one per column and per sub-query, each computed for every
            # matching row.
            combined = vectors[0][0]
            for vector, _boost in vectors[1:]:
                combined = combined._combine(vector, "||", False)
            return SearchRank(
                combined, self.build_tsquery(self.query, config=config), weights=self.sql_weights
            )

        def search(self, config, start, stop, score_field=None, backend=None):
            """Matches are found and ranked inside the index table, cut to the slice wanted
            there, and only those objects are fetched by id. Upstream joins the model table
            (with its select_related tables: 100,000 articles with their drafts) to the
            matches before ranking. Same matches, same ts_rank, same tie order (newest first);
            the queryset's filters apply through a semi-join on its ids. Unsliced searches
            (count, facet) keep upstream's queryset."""
            ranked = self.ranked_ids(config, start, stop)
            if ranked is None:
                return super().search(config, start, stop, score_field=score_field, backend=backend)
            pk_field = self.queryset.model._meta.pk
            objects = self.queryset.in_bulk([pk_field.to_python(oid) for oid, _ in ranked])
            results = []
            for object_id, score in ranked:
                obj = objects.get(pk_field.to_python(object_id))
                if obj is None:  # a stale index entry
                    continue
                if score_field is not None:
                    setattr(obj, score_field, score)
                results.append(obj)
            return results

        def ranked_ids(self, config, start, stop):
            """[(object id as text, score)] of the slice, best first, from the index table
            alone; None when upstream's code path must handle the query."""
            query = self.query
            if (
                stop is None
                or not self.order_by_relevance
                or self.fields is not None
                or not isinstance(query, PlainText | Phrase | And | Or | Boost)
            ):
                return None
            search_query = self.build_tsquery(query, config=config)
            from search.models import RankEntry

            # The narrow copy of the index table (search/models.py): its vector is the index
            # row's title || body, computed once when the row is written, not for every
            # match of every search (concatenating copies both vectors: a third of the
            # ranking's time for a common word). Same matches, same ts_rank.
            rank = SearchRank(F("vector"), search_query, weights=self.sql_weights)
            ranked = (
                RankEntry.objects.filter(
                    content_type_id__in=get_descendants_content_types_pks(self.queryset.model)
                )
                .filter(vector=search_query)
                .annotate(_score_=rank)
                # Ties: the newest object first, like upstream's "-pk" (numeric ids as text
                # compare by length, then digits).
                .order_by("-_score_", Length("object_id").desc(), "-object_id")
            )
            if self.queryset.query.where:
                # Only this queryset's objects (e.g. live public pages of one locale): the
                # same matches as upstream's join, as a semi-join on their ids.
                own_ids = self.queryset.order_by().annotate(
                    _object_id=Cast("pk", output_field=CharField())
                )
                ranked = ranked.filter(object_id__in=own_ids.values("_object_id"))
            return bitmap_scan_rows(ranked.values_list("object_id", "_score_")[start:stop])

    class ChinesePostgresSearchResults(upstream.PostgresSearchResults):
        def _do_count(self):
            results = self.get_queryset()
            return len(results) if isinstance(results, list) else results.count()

    class ChinesePostgresSearchBackend(SegmentingBackendMixin, upstream.PostgresSearchBackend):
        index_class = ChinesePostgresIndex
        query_compiler_class = ChinesePostgresQueryCompiler
        results_class = ChinesePostgresSearchResults

        def __init__(self, params):
            # Words are already cut and folded: no stemming, no stop words.
            params = {"SEARCH_CONFIG": "simple", **params}
            super().__init__(params)

    return ChinesePostgresSearchBackend


def SearchBackend(params):  # noqa: N802 - the name modelsearch's backend loader looks for
    """The Chinese-aware backend for the default database's vendor (like
    ``modelsearch.backends.database.SearchBackend``)."""
    if connection.vendor == "postgresql":
        return _postgres_backend()(params)
    if connection.vendor == "sqlite":
        return _sqlite_backend()(params)
    raise NotImplementedError(
        "search.backends.chinese supports SQLite (FTS5) and PostgreSQL; "
        f"this database is {connection.vendor}."
    )
