"""Scale-out search on Elasticsearch, built with elasticsearch-dsl. Switched on by ELASTICSEARCH_URL.

Two indices share one composable index template (``<prefix>-*``) that carries the Chinese
analyzer: ``<prefix>-pages`` holds one ``PageDocument`` per live public page (every page type, its
facet in ``kind``), ``<prefix>-articles`` one ``ArticleDocument`` per object of the plugins'
search sources (draft articles). The analyzer is ``smartcn`` (the analysis-smartcn plugin shipped
with Elasticsearch) unless ``LAWBRIDGE_ES_ANALYZER = "ik"`` (the IK plugin: ``ik_max_word`` at index
time, ``ik_smart`` at query time).

Texts go through ``search.text.fold`` (NFKC, traditional → simplified, lowercase) on both sides
before Elasticsearch sees them, exactly like the database backend, so 條例 finds 条例 without the
STConvert plugin; the original text is kept in ``_source`` for display. Highlighting is done in
Python on the original text, with the terms Elasticsearch's highlighter marked as matched.

``python manage.py search_index --rebuild`` (re)creates the template and indices and indexes
everything; ``--dry-run`` prints the template and mappings without a server. Pages are kept up to
date on publish, unpublish and delete by ``search.signals``.
"""

from __future__ import annotations

import datetime
import logging
import re

from django.conf import settings
from elasticsearch_dsl import (
    Date,
    DateHistogramFacet,
    Document,
    FacetedSearch,
    Index,
    Integer,
    Keyword,
    Q,
    TermsFacet,
    Text,
    analyzer,
    connections,
)

from search import service, text

logger = logging.getLogger(__name__)

HIGHLIGHT_MARK = re.compile(r"<em>(.*?)</em>")


def index_prefix() -> str:
    return getattr(settings, "LAWBRIDGE_ES_INDEX_PREFIX", "lawbridge")


def analyzers():
    """(index analyzer, search analyzer) for the configured Chinese plugin."""
    if getattr(settings, "LAWBRIDGE_ES_ANALYZER", "smartcn") == "ik":
        return (
            analyzer("lb_index", tokenizer="ik_max_word", filter=["lowercase", "cjk_width"]),
            analyzer("lb_search", tokenizer="ik_smart", filter=["lowercase", "cjk_width"]),
        )
    chinese = analyzer(
        "lb_chinese", tokenizer="smartcn_tokenizer", filter=["lowercase", "cjk_width"]
    )
    return chinese, chinese


INDEX_ANALYZER, SEARCH_ANALYZER = analyzers()


def _text(**kwargs):
    return Text(analyzer=INDEX_ANALYZER, search_analyzer=SEARCH_ANALYZER, **kwargs)


class BaseDocument(Document):
    kind = Keyword()
    locale = Keyword()
    title = Keyword(index=False)  # original, for display
    body = Text(index=False)  # original, for display and highlighting
    url = Keyword(index=False)
    title_search = _text()  # folded (search.text.fold)
    body_search = _text()
    date = Date()
    point_ids = Integer(multi=True)


class PageDocument(BaseDocument):
    page_id = Integer()

    class Index:
        name = f"{index_prefix()}-pages"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


class ArticleDocument(BaseDocument):
    source = Keyword()

    class Index:
        name = f"{index_prefix()}-articles"
        settings = {"number_of_shards": 1, "number_of_replicas": 0}


def index_template():
    """The composable template every LawBridge index gets its analysis settings from."""
    base = Index(f"{index_prefix()}-*")
    base.settings(number_of_shards=1, number_of_replicas=0)
    base.analyzer(INDEX_ANALYZER)
    if SEARCH_ANALYZER is not INDEX_ANALYZER:
        base.analyzer(SEARCH_ANALYZER)
    return base.as_composable_template(f"{index_prefix()}-template", priority=100)


def connect():
    connections.create_connection(
        alias="default", hosts=[settings.ELASTICSEARCH_URL], request_timeout=10
    )


# Documents ----------------------------------------------------------------------------------


def _date(value):
    return service._local_date(value)


def page_document(page) -> PageDocument:
    """The document of one (specific) page."""
    cls = type(page)
    point_ids = list(page.search_point_ids()) if hasattr(page, "search_point_ids") else []
    date = page.search_date() if hasattr(page, "search_date") else page.first_published_at
    body = service._search_text(page)
    return PageDocument(
        meta={"id": f"page-{page.pk}"},
        page_id=page.pk,
        kind=getattr(cls, "search_kind", "page"),
        locale=page.locale.language_code,
        title=page.title,
        body=body,
        url=page.url or "",
        title_search=text.fold(page.title),
        body_search=text.fold(body),
        date=_date(date),
        point_ids=point_ids,
    )


def article_document(source, obj) -> ArticleDocument:
    data = source.to_result(obj)
    return ArticleDocument(
        meta={"id": f"{source.kind}-{obj.pk}"},
        source=source.kind,
        kind=source.kind,
        locale=data.get("locale") or "",
        title=data.get("title", str(obj)),
        body=data.get("text", ""),
        url=data.get("url", ""),
        title_search=text.fold(data.get("title", str(obj))),
        body_search=text.fold(data.get("text", "")),
        date=_date(data.get("date")),
        point_ids=list(data.get("point_ids") or []),
    )


# Query --------------------------------------------------------------------------------------


class SiteSearch(FacetedSearch):
    index = [f"{index_prefix()}-pages", f"{index_prefix()}-articles"]
    doc_types = [PageDocument, ArticleDocument]
    fields = ["title_search^3", "body_search"]
    facets = {
        "kind": TermsFacet(field="kind", size=20),
        "point": TermsFacet(field="point_ids", size=50),
        "year": DateHistogramFacet(field="date", calendar_interval="year", min_doc_count=1),
    }

    def __init__(self, query, language_code, filters: service.Filters, operator="and"):
        self.language_code = language_code
        self.date_from = filters.date_from
        self.date_to = filters.date_to
        self.operator = operator
        facet_filters = {}
        if filters.kind:
            facet_filters["kind"] = filters.kind
        if filters.point:
            facet_filters["point"] = filters.point
        if filters.year:
            facet_filters["year"] = datetime.datetime(filters.year, 1, 1)
        super().__init__(text.fold(query), facet_filters)

    def search(self):
        s = super().search()
        s = s.filter("terms", locale=[self.language_code, ""])
        if self.date_from or self.date_to:
            limits = {}
            if self.date_from:
                limits["gte"] = self.date_from.isoformat()
            if self.date_to:
                limits["lte"] = self.date_to.isoformat()
            s = s.filter("range", date=limits)
        return s

    def query(self, search, query):
        if not query:
            return search
        return search.query(
            Q(
                "multi_match",
                query=query,
                fields=self.fields,
                # Every word in some field, not all in one: 文明 罚款 finds an article whose
                # title (the draft's) has 文明 and whose text has 罚款.
                type="cross_fields",
                operator=self.operator,
            )
        )

    def to_dict(self):
        """The request body (for tests and debugging)."""
        return self._s.to_dict()

    def highlight(self, search):
        return search.highlight("title_search", "body_search", fragment_size=120)


def build_query(query, language_code, filters=None, operator="and", size=service.MAX_HITS):
    """The Search object (``.to_dict()`` is the request body)."""
    faceted = SiteSearch(query, language_code, filters or service.Filters(), operator)
    return faceted[0:size]


def result_from_response(query, response, filters, point_titles=None) -> service.SearchResult:
    """Turn a FacetedResponse into the same SearchResult the database engine returns."""
    hits = []
    matched_terms = set()
    for rank, doc in enumerate(response):
        highlight = getattr(doc.meta, "highlight", None)
        if highlight is not None:
            for fragments in highlight.to_dict().values():
                for fragment in fragments:
                    matched_terms.update(HIGHLIGHT_MARK.findall(fragment))
        date = getattr(doc, "date", None)
        hits.append(
            service.Hit(
                kind=doc.kind,
                title=doc.title,
                url=doc.url,
                text=getattr(doc, "body", "") or "",
                date=date.date() if isinstance(date, datetime.datetime) else date,
                point_ids=list(getattr(doc, "point_ids", []) or []),
                relevance=1.0 / (service.RRF_K + rank + 1),
            )
        )
    words = sorted(matched_terms | set(text.query_words(query)), key=len, reverse=True)
    facets = response.facets
    kinds = [
        service.Facet(key, service.kind_label(key), count, selected)
        for key, count, selected in facets.kind
    ]
    years = [
        service.Facet(str(key.year), str(key.year), count, selected)
        for key, count, selected in facets.year
    ]
    point_titles = point_titles or {}
    points = [
        service.Facet(str(key), point_titles.get(key, str(key)), count, selected)
        for key, count, selected in facets.point
    ]
    return service.SearchResult(query, words, hits, kinds, years, points)


def search_site(query, locale, filters=None) -> service.SearchResult:
    """What the search page calls when ELASTICSEARCH_URL is set."""
    from wagtail.models import Page

    filters = filters or service.Filters()
    connect()
    language_code = locale.language_code if locale else settings.LANGUAGE_CODE
    response = build_query(query, language_code, filters).execute()
    partial = False
    if not response.hits.total.value and len(text.query_words(query)) > 1:
        response = build_query(query, language_code, filters, operator="or").execute()
        partial = bool(response.hits.total.value)
    point_ids = {int(key) for key, _count, _selected in response.facets.point}
    point_titles = dict(Page.objects.filter(pk__in=point_ids).values_list("pk", "title"))
    result = result_from_response(query, response, filters, point_titles)
    result.partial = partial
    found = 0 if partial else response.hits.total.value
    result.suggestions = service.better_suggestions(
        query, locale, found, lambda candidate: build_query(candidate, language_code).count()
    )
    return result


# Indexing -----------------------------------------------------------------------------------


def iter_page_documents():
    from wagtail.models import Page

    for page in Page.objects.live().public().filter(depth__gt=1).specific().iterator(500):
        yield page_document(page)


def iter_article_documents():
    for source in service.search_sources():
        for obj in source.queryset().iterator(1000):
            yield article_document(source, obj)


def rebuild(stdout=None) -> dict:
    """Recreate the template and the indices, then index every public page and source object."""
    from elasticsearch.helpers import bulk

    connect()
    es = connections.get_connection()
    index_template().save()
    counts = {}
    for doc_class, documents in (
        (PageDocument, iter_page_documents()),
        (ArticleDocument, iter_article_documents()),
    ):
        index = doc_class._index
        if index.exists():
            index.delete()
        doc_class.init()
        ok, _errors = bulk(
            es, (doc.to_dict(include_meta=True) for doc in documents), chunk_size=1000
        )
        counts[index._name] = ok
        if stdout is not None:
            stdout.write(f"{index._name}: {ok} documents")
    for doc_class in (PageDocument, ArticleDocument):
        doc_class._index.refresh()
    return counts


def update_page(page) -> None:
    """Index or remove one page after publish / unpublish / delete (errors are logged, not
    raised: a search outage must not stop an editor from publishing)."""
    try:
        connect()
        specific = page.specific
        if page.live and specific.get_view_restrictions().count() == 0:
            page_document(specific).save()
        else:
            delete_page(page)
    except Exception:
        logger.exception("Elasticsearch: could not update page %s", page.pk)


def _delete(doc_class, doc_id) -> None:
    es = connections.get_connection()
    es.options(ignore_status=404).delete(index=doc_class._index._name, id=doc_id)


def delete_page(page) -> None:
    try:
        connect()
        _delete(PageDocument, f"page-{page.pk}")
    except Exception:
        logger.exception("Elasticsearch: could not delete page %s", page.pk)


BULK_CHUNK = 500


def update_page_sources(page) -> None:
    """Index the search sources' objects of ``page`` (a draft's articles) once it is published.
    They are written with ``bulk_create``, which sends no ``post_save``: without this a new
    version's articles would wait for ``search_index --rebuild``. The previous version's
    articles leave the index through their ``post_delete``."""
    try:
        connect()
        es = connections.get_connection()
        documents = [
            article_document(source, obj)
            for source in service.search_sources()
            if source.for_page is not None
            for obj in source.for_page(page)
        ]
        index_name = ArticleDocument._index._name
        for start in range(0, len(documents), BULK_CHUNK):
            operations = []
            for doc in documents[start : start + BULK_CHUNK]:
                operations.append({"index": {"_index": index_name, "_id": doc.meta.id}})
                operations.append(doc.to_dict())
            response = es.bulk(operations=operations)
            if response.get("errors"):
                logger.error("Elasticsearch: some objects of page %s were not indexed", page.pk)
    except Exception:
        logger.exception("Elasticsearch: could not index the objects of page %s", page.pk)


def update_source_object(source, obj, deleted=False) -> None:
    try:
        connect()
        if deleted or not source.queryset().filter(pk=obj.pk).exists():
            _delete(ArticleDocument, f"{source.kind}-{obj.pk}")
        else:
            article_document(source, obj).save()
    except Exception:
        logger.exception("Elasticsearch: could not update %s %s", source.kind, obj.pk)
