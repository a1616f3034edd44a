"""The public search: one query over pages of every kind and the plugins' extra sources (draft
articles), with facets, highlighted snippets and suggestions.

Pages are searched through Wagtail's search API on ``Page`` (so any page type with
``search_fields`` takes part); each hit's facet is ``page.specific_class.search_kind``. Other
models come from the ``lawbridge_search_sources`` hook (``core.plugins.SearchSource``). No plugin's
classes are imported here.

Hits of the separate searches are merged by reciprocal-rank fusion (the rank in its own list), so
the order does not depend on how a database scores: SQLite's bm25 and PostgreSQL's ts_rank are on
different scales. A title that contains the whole query then gets a bonus (see _title_bonus). Facet counts are computed over the best ``MAX_HITS`` hits of each search.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelsearch.backends import get_search_backend
from modelsearch.index import SearchField
from wagtail import hooks
from wagtail.models import Page

from core.plugins import SEARCH_SOURCES_HOOK, search_facets
from search import text

MAX_HITS = 300
RRF_K = 10
TITLE_BONUS = 1.0

# Pages no plugin claims (standard pages, questionnaires) share this facet; every other facet and
# its label is declared by the plugin that owns it (``PluginConfig.search_facets``).
OTHER_PAGES = "page"


def kind_labels() -> dict:
    return {**search_facets(), OTHER_PAGES: _("其他页面")}


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    date: datetime.date | None = None
    point_ids: list[int] = field(default_factory=list)
    relevance: float = 0.0
    # Loaded only for the hits shown: the text to highlight.
    text: str = ""
    title_html: str = ""
    snippet_html: str = ""
    # How to load the text later: a Page id, or a ready dict from a SearchSource.
    page_id: int | None = None
    object_id: object = None  # a SearchSource hit's primary key (for its url)

    @property
    def kind_label(self):
        return kind_label(self.kind)


@dataclass
class Facet:
    key: str
    label: str
    count: int
    selected: bool = False
    url: str = ""


@dataclass
class Filters:
    kind: str = ""
    year: int | None = None
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    point: int | None = None

    def accepts(self, hit: Hit, *, ignore: str = "") -> bool:
        if ignore != "kind" and self.kind and hit.kind != self.kind:
            return False
        if ignore != "date":
            if (self.year or self.date_from or self.date_to) and hit.date is None:
                return False
            if self.year and hit.date.year != self.year:
                return False
            if self.date_from and hit.date < self.date_from:
                return False
            if self.date_to and hit.date > self.date_to:
                return False
        return not (ignore != "point" and self.point and self.point not in hit.point_ids)


@dataclass
class SearchResult:
    query: str
    words: list[str]
    hits: list[Hit]
    kinds: list[Facet]
    years: list[Facet]
    points: list[Facet]
    partial: bool = False  # no hit had every word: these hits have some of them
    suggestions: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.hits)


def kind_label(kind: str) -> str:
    labels = kind_labels()
    if kind in labels:
        return labels[kind]
    for source in search_sources():
        if source.kind == kind:
            return source.label
    return kind


def search_sources() -> list:
    return [fn() for fn in hooks.get_hooks(SEARCH_SOURCES_HOOK)]


def public_pages(locale):
    """Live, public pages of one locale (the root page excluded)."""
    return Page.objects.live().public().filter(locale=locale, depth__gt=1)


def _local_date(value) -> datetime.date | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _overrides(cls, name: str) -> bool:
    from core.models import BasePage

    method = getattr(cls, name, None)
    return method is not None and method is not getattr(BasePage, name, None)


def _ranked_ids(queryset, query: str, operator: str) -> list:
    """Primary keys of the best MAX_HITS matches, best first. The Chinese backend gives them
    without building the objects; any other backend through its objects."""
    backend = get_search_backend()
    search_ids = getattr(backend, "search_ids", None)
    if search_ids is not None:
        return search_ids(query, queryset, operator=operator, limit=MAX_HITS)
    return [obj.pk for obj in backend.search(query, queryset, operator=operator)[:MAX_HITS]]


def _page_hits(query: str, locale, operator: str) -> list[Hit]:
    ids = _ranked_ids(public_pages(locale), query, operator)
    # Rows, not Page instances: a page model instance costs more than its row's query. The
    # ids come from the public pages of this locale already.
    rows = {
        row[0]: row
        for row in Page.objects.filter(pk__in=ids).values_list(
            "pk", "title", "content_type_id", "first_published_at"
        )
    }
    hits = []
    by_class: dict[type, list[Hit]] = {}
    for page_id in ids:
        row = rows.get(page_id)
        if row is None:
            continue
        _pk, title, content_type_id, first_published_at = row
        cls = ContentType.objects.get_for_id(content_type_id).model_class() or Page
        hit = Hit(
            kind=getattr(cls, "search_kind", "page"),
            title=title,
            url="",  # resolved for the displayed hits only (decorate)
            date=_local_date(first_published_at),
            relevance=1.0 / (RRF_K + len(hits) + 1),
            page_id=page_id,
        )
        hits.append(hit)
        by_class.setdefault(cls, []).append(hit)
    for cls, cls_hits in by_class.items():
        _add_points_and_dates(cls, cls_hits)
    return hits


def _add_points_and_dates(cls, hits: list[Hit]) -> None:
    """Point ids (and a page type's own date, e.g. an event's day) of one page type's hits, in
    a few queries for all of them: the page type's ``search_point_ids_for(ids)`` (see
    core.models.BasePage), never one query per hit."""
    page_ids = [hit.page_id for hit in hits]
    if _overrides(cls, "search_point_ids"):
        bulk = getattr(cls, "search_point_ids_for", None)
        if bulk is not None:
            point_ids = bulk(page_ids)
        else:  # a page type outside BasePage
            point_ids = {
                page.pk: page.search_point_ids()
                for page in cls._default_manager.filter(pk__in=page_ids)
            }
        for hit in hits:
            hit.point_ids = list(point_ids.get(hit.page_id) or [])
    if hasattr(cls, "search_date"):
        specifics = cls._default_manager.defer_streamfields().in_bulk(page_ids)
        for hit in hits:
            specific = specifics.get(hit.page_id)
            if specific is not None:
                hit.date = _local_date(specific.search_date()) or hit.date


def _source_hits(source, query: str, locale, operator: str) -> list[Hit]:
    ids = _ranked_ids(source.queryset(), query, operator)
    if source.results is not None:
        results = source.results(ids)
    else:
        objects = source.queryset().in_bulk(ids)
        results = {pk: source.to_result(objects[pk]) for pk in ids if pk in objects}
    hits = []
    for rank, object_id in enumerate(ids):
        data = results.get(object_id)
        if data is None:  # a stale index entry
            continue
        language = data.get("locale")
        if language and locale is not None and language != locale.language_code:
            continue
        hits.append(
            Hit(
                kind=source.kind,
                title=data.get("title", ""),
                url=data.get("url", ""),  # without it: source.urls() for the displayed hits
                date=_local_date(data.get("date")),
                point_ids=list(data.get("point_ids") or []),
                relevance=1.0 / (RRF_K + rank + 1),
                text=data.get("text", ""),
                object_id=object_id,
            )
        )
    return hits


def _title_bonus(hits: list[Hit], query: str) -> None:
    """A title that contains the whole query goes first, the shorter (closer) title first: who
    types 供热条例 wants the regulation, not each of its articles that quote its name."""
    folded = text.normalise(query).replace(" ", "")
    if not folded:
        return
    for hit in hits:
        title = text.normalise(hit.title).replace(" ", "")
        if folded in title:
            hit.relevance += TITLE_BONUS * len(folded) / len(title)


def find(query: str, locale, operator: str = "and") -> list[Hit]:
    hits = _page_hits(query, locale, operator)
    for source in search_sources():
        hits.extend(_source_hits(source, query, locale, operator))
    _title_bonus(hits, query)
    hits.sort(key=lambda hit: -hit.relevance)
    return hits


def _facets(hits: list[Hit], filters: Filters, point_titles: dict[int, str]):
    kind_counts: dict[str, int] = {}
    year_counts: dict[int, int] = {}
    point_counts: dict[int, int] = {}
    for hit in hits:
        if filters.accepts(hit, ignore="kind"):
            kind_counts[hit.kind] = kind_counts.get(hit.kind, 0) + 1
        if filters.accepts(hit, ignore="date") and hit.date:
            year_counts[hit.date.year] = year_counts.get(hit.date.year, 0) + 1
        if filters.accepts(hit, ignore="point"):
            for point_id in set(hit.point_ids):
                point_counts[point_id] = point_counts.get(point_id, 0) + 1
    order = list(kind_labels())
    kinds = [
        Facet(key, kind_label(key), count, key == filters.kind)
        for key, count in sorted(
            kind_counts.items(),
            key=lambda item: (order.index(item[0]) if item[0] in order else 99, item[0]),
        )
    ]
    years = [
        Facet(str(year), str(year), count, year == filters.year)
        for year, count in sorted(year_counts.items(), reverse=True)
    ]
    points = [
        Facet(str(pid), point_titles.get(pid, str(pid)), count, pid == filters.point)
        for pid, count in sorted(point_counts.items(), key=lambda item: -item[1])
        if pid in point_titles
    ]
    return kinds, years, points


def search_site(query: str, locale, filters: Filters | None = None) -> SearchResult:
    filters = filters or Filters()
    query = (query or "").strip()
    words = text.query_words(query)
    if not words:
        return SearchResult(query, words, [], [], [], [])
    partial = False
    hits = find(query, locale, "and")
    if not hits and len(words) > 1:
        hits = find(query, locale, "or")
        partial = bool(hits)
    point_ids = {pid for hit in hits for pid in hit.point_ids}
    point_titles = dict(Page.objects.filter(pk__in=point_ids).values_list("pk", "title"))
    kinds, years, points = _facets(hits, filters, point_titles)
    shown = [hit for hit in hits if filters.accepts(hit)]
    result = SearchResult(query, words, shown, kinds, years, points, partial=partial)
    found = 0 if partial else len(hits)
    result.suggestions = better_suggestions(
        query, locale, found, lambda candidate: len(find(candidate, locale, "and"))
    )
    return result


# Snippets -----------------------------------------------------------------------------------


def _search_text(page) -> str:
    """Plain text of a page's searchable fields other than the title."""
    parts = []
    for search_field in page.get_search_fields():
        if not isinstance(search_field, SearchField) or search_field.field_name == "title":
            continue
        value = search_field.get_value(page)
        if isinstance(value, list | tuple):
            parts.extend(str(item) for item in value if item)
        elif value:
            parts.append(str(value))
    if not parts and page.search_description:
        parts.append(page.search_description)
    return " ".join(parts)


def decorate(hits: list[Hit], words: list[str]) -> None:
    """Load text and urls and highlight the given (displayed) hits: one query per page type,
    one call of each source's ``urls()``."""
    page_ids = [hit.page_id for hit in hits if hit.page_id is not None]
    pages = {page.pk: page for page in Page.objects.filter(pk__in=page_ids).specific()}
    for source in search_sources():
        missing = [hit for hit in hits if hit.kind == source.kind and not hit.url]
        if missing and source.urls is not None:
            urls = source.urls([hit.object_id for hit in missing])
            for hit in missing:
                hit.url = urls.get(hit.object_id, "")
    for hit in hits:
        page = pages.get(hit.page_id) if hit.page_id is not None else None
        if page is not None:
            hit.url = page.url
            hit.text = _search_text(page)
        hit.title_html = text.highlight(hit.title, words, width=max(len(hit.title), 1))
        hit.snippet_html = text.highlight(hit.text, words) if hit.text else ""


# Suggestions and autocomplete ---------------------------------------------------------------


VOCABULARY_PAGES = 5000


def vocabulary(locale) -> list[str]:
    """Titles of the most recently published public pages in this locale (at most
    VOCABULARY_PAGES, so building it stays well under a second on a large site) and the words in
    them, plus the legal dictionary's terms (cached for ten minutes)."""
    key = f"lawbridge-search-vocabulary:{locale.language_code if locale else ''}"
    words = cache.get(key)
    if words is None:
        titles = list(
            public_pages(locale)
            .order_by("-last_published_at")
            .values_list("title", flat=True)[:VOCABULARY_PAGES]
        )
        titles += legal_terms()
        terms = set()
        for title in titles:
            terms.add(title.strip())
            terms.update(word for word in text.cut_words(title) if len(word) >= 2)
        words = sorted(terms)
        cache.set(key, words, 600)
    return words


def legal_terms() -> list[str]:
    terms = []
    for path in text.user_dictionaries():
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    terms.append(line.split()[0])
    return terms


def _normalised_vocabulary(locale) -> dict[str, str]:
    key = f"lawbridge-search-vocabulary-normalised:{locale.language_code if locale else ''}"
    choices = cache.get(key)
    if choices is None:
        choices = {entry: text.normalise(entry) for entry in vocabulary(locale)}
        cache.set(key, choices, 600)
    return choices


def suggestions(query: str, locale, limit: int = 5) -> list[str]:
    """ "您是不是要找": vocabulary entries close to the (folded) query, by edit similarity."""
    from rapidfuzz import fuzz, process

    folded = text.normalise(query)
    if not folded:
        return []
    choices = _normalised_vocabulary(locale)
    matches = process.extract(
        folded,
        choices,
        scorer=fuzz.ratio,
        processor=None,
        limit=limit * 3,
        score_cutoff=50,
    )
    found = []
    for _choice, _score, entry in matches:
        if text.normalise(entry) != folded and entry not in found:
            found.append(entry)
        if len(found) >= limit:
            break
    return found


# A query with a page of results or more gets no suggestion: checking one costs a search.
SUGGEST_BELOW = 10


def better_suggestions(query: str, locale, found: int, count, limit: int = 5) -> list[str]:
    """The suggestions that find strictly more than the query typed: ``found`` is how many
    results have every word it typed (0 when only some of them matched), ``count(suggestion)``
    how many the suggestion finds. A near spelling that finds fewer, or nothing, is no help (停车
    typed, 停车场 suggested; a dictionary term no page uses). Counts are cached as long as the
    vocabulary. A suggestion that is only part of what was typed (罚款 for 文明 罚款) finds more
    by asking for less: that is no correction, and it is left out."""
    if found >= SUGGEST_BELOW:
        return []
    language = locale.language_code if locale else ""
    typed = text.normalise(query).replace(" ", "")
    better = []
    for candidate in suggestions(query, locale, limit):
        if text.normalise(candidate).replace(" ", "") in typed:
            continue
        key = f"lawbridge-search-count:{language}:{hashlib.sha256(candidate.encode()).hexdigest()}"
        n = cache.get(key)
        if n is None:
            n = count(candidate)
            cache.set(key, n, 600)
        if n > found:
            better.append(candidate)
    return better


def autocomplete(query: str, locale, limit: int = 8) -> list[dict]:
    """Page titles for the search box: autocomplete search on titles, then vocabulary words
    that start with what was typed."""
    query = (query or "").strip()
    if not text.normalise(query):
        return []
    backend = get_search_backend()
    items = []
    seen = set()
    for page in backend.autocomplete(query, public_pages(locale))[:limit]:
        if page.title not in seen:
            seen.add(page.title)
            items.append({"title": page.title, "url": page.url})
    folded = text.normalise(query)
    for entry, normalised in _normalised_vocabulary(locale).items():
        if len(items) >= limit:
            break
        if entry not in seen and normalised.startswith(folded):
            seen.add(entry)
            items.append({"title": entry, "url": ""})
    return items
