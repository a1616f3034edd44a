"""Private internals of libraries we rely on, in one list, each pinned to what we read.

Some speed work cannot go through a public API: the Chinese search backend overrides modelsearch
methods (one copied whole, to swap the indexer class it instantiates) and keeps a narrow ranking
table in step with the index table through database triggers; the committee export writes whole
rows into xlsxwriter's row file; near-duplicate grouping reads OpenCC's character dictionary
file. Each entry below names the internal, where we depend on it, and a fingerprint of what it
was when we wrote that code.

``tests/core/test_upstream_internals.py`` recomputes every fingerprint: after an upgrade a
changed one fails the suite, naming the code to re-read. Re-read it, adapt ours, then record the
new fingerprint with ``python -m core.upstream.internals``.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


def _source(dotted: str) -> Callable[[], str]:
    """The source text of ``package.module:Class.attribute`` (or ``package.module:function``)."""

    def read() -> str:
        module_name, _, qualname = dotted.partition(":")
        target = importlib.import_module(module_name)
        for part in qualname.split("."):
            target = getattr(target, part)
        return inspect.getsource(target)

    return read


def _written(dotted: str) -> Callable[[], str]:
    """Like ``_source``, but read from the module's file: what upstream wrote, even while a test
    has patched the attribute (``_source`` would then read the patch)."""

    def read() -> str:
        import ast

        module_name, _, qualname = dotted.partition(":")
        path = importlib.import_module(module_name).__file__
        text = Path(path).read_text(encoding="utf-8")
        nodes = ast.parse(text).body
        for part in qualname.split("."):
            node = next(n for n in nodes if getattr(n, "name", None) == part)
            nodes = getattr(node, "body", [])
        return ast.get_source_segment(text, node)

    return read


def _assignment(module_name: str, name: str) -> Callable[[], str]:
    """The line of a module that assigns ``name`` (a setting read once, at import)."""

    def read() -> str:
        path = importlib.import_module(module_name).__file__
        lines = Path(path).read_text(encoding="utf-8").splitlines()
        return next(line for line in lines if line.startswith(f"{name} ="))

    return read


def _package_file(package: str, *parts: str) -> Callable[[], str]:
    def read() -> str:
        module = importlib.import_module(package)
        return Path(module.__file__).parent.joinpath(*parts).read_text(encoding="utf-8")

    return read


def _table_columns(model_label: str) -> Callable[[], str]:
    """A model's table and column names: what raw SQL (our triggers) refers to."""

    def read() -> str:
        from django.apps import apps

        model = apps.get_model(model_label)
        columns = sorted(f.column for f in model._meta.concrete_fields)
        return f"{model._meta.db_table}:{','.join(columns)}"

    return read


@dataclass(frozen=True)
class Internal:
    name: str  # what we rely on
    used_by: str  # where (our code)
    read: Callable[[], str]
    # sha256 of read(), first 16 hex digits; several where each release we read differs (the
    # standard library's, by the interpreter's patch release).
    fingerprint: str | tuple[str, ...]
    # Only on this database ("sqlite", "postgresql"): the search backends and Wagtail's index
    # models differ by database, and one database's modules do not load on the other.
    vendor: str | None = None

    def applies(self) -> bool:
        from django.db import connection

        return self.vendor is None or connection.vendor == self.vendor

    def current(self) -> str:
        return hashlib.sha256(self.read().encode("utf-8")).hexdigest()[:16]

    def known(self) -> tuple[str, ...]:
        """The fingerprints of the releases we read."""
        return (self.fingerprint,) if isinstance(self.fingerprint, str) else self.fingerprint


_SQLITE = "modelsearch.backends.database.sqlite.sqlite"
_POSTGRES = "modelsearch.backends.database.postgres.postgres"

INTERNALS = [
    Internal(
        "modelsearch SQLiteIndex.add_items (copied, indexer class swapped)",
        "search/backends/chinese.py ChineseSQLiteIndex.add_items",
        _source(f"{_SQLITE}:SQLiteIndex.add_items"),
        "6e4d599997a4aa05",
        vendor="sqlite",
    ),
    Internal(
        "modelsearch PostgresIndex.add_items (copied, indexer class swapped)",
        "search/backends/chinese.py ChinesePostgresIndex.add_items",
        _source(f"{_POSTGRES}:PostgresIndex.add_items"),
        "62bf7488351e3864",
        vendor="postgresql",
    ),
    Internal(
        "modelsearch SQLiteSearchQueryCompiler ranking and search",
        "search/backends/chinese.py ChineseSQLiteQueryCompiler",
        lambda: "".join(
            _source(f"{_SQLITE}:SQLiteSearchQueryCompiler.{name}")()
            for name in ("build_tsrank", "_build_rank_expression", "search")
        ),
        "8e5626448334e2ef",
        vendor="sqlite",
    ),
    Internal(
        "modelsearch SQLiteSearchResults._do_count and facet",
        "search/backends/chinese.py ChineseSQLiteSearchResults",
        lambda: "".join(
            _source(f"{_SQLITE}:SQLiteSearchResults.{name}")() for name in ("_do_count", "facet")
        ),
        "bc3abe7be1264d3f",
        vendor="sqlite",
    ),
    Internal(
        "modelsearch PostgresSearchQueryCompiler ranking and search",
        "search/backends/chinese.py ChinesePostgresQueryCompiler",
        lambda: "".join(
            _source(f"{_POSTGRES}:PostgresSearchQueryCompiler.{name}")()
            for name in ("_build_rank_expression", "search")
        ),
        "27d0b376402bce29",
        vendor="postgresql",
    ),
    Internal(
        "Wagtail's search index table on SQLite",
        "search/migrations/0002_rankentry.py, search/models.py",
        _table_columns("wagtailsearch.IndexEntry"),
        "e45c689886eb495e",
        vendor="sqlite",
    ),
    Internal(
        "Wagtail's search index table on PostgreSQL (read by our ranking-table triggers)",
        "search/migrations/0002_rankentry.py, search/models.py",
        _table_columns("wagtailsearch.IndexEntry"),
        "2db95450256bb9f0",
        vendor="postgresql",
    ),
    Internal(
        "Wagtail's SQLite FTS index table (queried directly when ranking)",
        "search/backends/chinese.py ChineseSQLiteQueryCompiler",
        _table_columns("wagtailsearch.SQLiteFTSIndexEntry"),
        "c037840dd5c7483a",
        vendor="sqlite",
    ),
    Internal(
        "xlsxwriter Worksheet row file internals (_write_single_row, _check_dimensions)",
        "forms/xlsx_rows.py RowWriter",
        lambda: "".join(
            _source(f"xlsxwriter.worksheet:Worksheet.{name}")()
            for name in ("_write_single_row", "_check_dimensions")
        ),
        "a8658520af100e16",
    ),
    Internal(
        "OpenCC's traditional → simplified character dictionary, read by path",
        "core/near_duplicates.py _t2s_table",
        _package_file("opencc", "dictionary", "TSCharacters.txt"),
        "6b5a0a799bea2bb2",
    ),
    Internal(
        "Django TransactionTestCase._fixture_teardown and _databases_names (the flush after a "
        "live-server test, replaced by copying the demo snapshot back)",
        "tests/conftest.py _transactional_tests_end_on_the_demo",
        lambda: "".join(
            _written(f"django.test.testcases:TransactionTestCase.{name}")()
            for name in ("_fixture_teardown", "_databases_names")
        ),
        "0fe8fde9f9270927",
    ),
    Internal(
        "Django's SQLite test database: a TEST NAME with mode=memory is kept in memory under that "
        "name (not deleted, not renamed), and connections open it as a URI",
        "tests/shared_build.py before_setup (a worker's test database starts from the shared copy)",
        lambda: "".join(
            _written(f"django.db.backends.sqlite3.{name}")()
            for name in (
                "creation:DatabaseCreation.is_in_memory_db",
                "creation:DatabaseCreation._get_test_db_name",
                "creation:DatabaseCreation._create_test_db",
                "base:DatabaseWrapper.get_connection_params",
            )
        ),
        "e1eaebcf4ca20f21",
    ),
    Internal(
        "Django's translation objects: trans_real.translation, DjangoTranslation.merge and "
        "TranslationCatalog (its dictionaries and plural rules)",
        "core/upstream/flat_gettext.py (one dictionary per language for gettext)",
        lambda: "".join(
            _written(name)()
            for name in (
                "django.utils.translation.trans_real:translation",
                "django.utils.translation.trans_real:DjangoTranslation.merge",
                "django.utils.translation.trans_real:TranslationCatalog",
            )
        ),
        "f54b2ca0f817d22c",
    ),
    Internal(
        "The standard library's GNUTranslations.gettext lookup order",
        "core/upstream/flat_gettext.py (one dictionary per language for gettext; whether a "
        "msgid known only from plural entries answers with its singular form is asked of the "
        "running library)",
        _written("gettext:GNUTranslations.gettext"),
        # Python 3.11.7 and later (the singular of plural entries), and 3.11.2 (Debian 12's
        # interpreter, which the Makefile prefers; the msgid itself).
        ("8732e69307f9b5ff", "fb02914da5df3233"),
    ),
    Internal(
        "Django's SQL compiler: a compiled query's select list, and its converters (dates, "
        "decimals) found once and applied to rows fetched elsewhere as results_iter does",
        "core/upstream/prepared_query.py (the draft page's per-article opinions query, the "
        "facts read after a publish)",
        lambda: "".join(
            _written(f"django.db.models.sql.compiler:SQLCompiler.{name}")()
            for name in (
                "results_iter",
                "get_converters",
                "apply_converters",
                "has_composite_fields",
            )
        ),
        "13e1e46de4250ce9",
    ),
    Internal(
        "Django's ModelIterable: rows become instances through Model.from_db with the compiled "
        "klass_info's select fields, select_related objects through get_related_populators",
        "core/upstream/prepared_query.py objects() (a draft's related links, the site's root "
        "page, read after a publish)",
        lambda: "".join(
            _written(name)()
            for name in (
                "django.db.models.query:ModelIterable.__iter__",
                "django.db.models.query:get_related_populators",
                "django.db.models.query:RelatedPopulator",
            )
        ),
        "a960c4064ef86dfb",
    ),
    Internal(
        "Wagtail's request lookups: get_site_for_hostname (called by name from "
        "Site.find_for_request) and LocaleManager.get_for_language",
        "core/upstream/wagtail_lookups.py (site and locale kept until the next publish)",
        lambda: "".join(
            _written(name)()
            for name in (
                "wagtail.models.sites:get_site_for_hostname",
                "wagtail.models.sites:Site.find_for_request",
                "wagtail.models.sites:Site._find_for_request",
                "wagtail.models.i18n:LocaleManager.get_for_language",
            )
        ),
        "f8a29f8301c47326",
    ),
    Internal(
        "Wagtail's page edit view: dispatch runs before_edit_page on the page it loaded; "
        "save_action writes the page's row only while that page is not live, inside a "
        "transaction, and answers a PermissionDenied raised while saving with its JSON error",
        "core/upstream/stale_autosave.py (an autosave in flight never unpublishes)",
        lambda: "".join(
            _written(f"wagtail.admin.views.pages.edit:EditView.{name}")()
            for name in ("dispatch", "save_action")
        ),
        "4535bd91e850e58a",
    ),
    Internal(
        "Wagtail's redirects, snippets, documents and images AppConfig.ready: the v3 modules "
        "each imports (wagtail.api.v3.api's api.add_router, the app's router and "
        "register_content_types), stood in for while it runs",
        "core/upstream/without_api_v3.py",
        lambda: "".join(
            _written(name)()
            for name in (
                "wagtail.contrib.redirects.apps:WagtailRedirectsAppConfig.ready",
                "wagtail.snippets.apps:WagtailSnippetsAppConfig.ready",
                "wagtail.documents.apps:WagtailDocsAppConfig.ready",
                "wagtail.images.apps:WagtailImagesAppConfig.ready",
            )
        ),
        "b297999a6a1aa19f",
    ),
    Internal(
        "Wagtail's page URLs: get_url_parts reverses wagtail_serve with the url_path below the "
        "matched site root (WAGTAIL_APPEND_SLASH read once at import), get_url keeps that path; "
        "Django quotes a reversed argument with RFC 3986's sub-delimiters and /~:@ left as they are",
        "core/upstream/page_urls.py (the main menu's URLs from the home page's)",
        lambda: (
            "".join(
                _written(name)()
                for name in (
                    "wagtail.models.pages:AbstractPage.get_url_parts",
                    "wagtail.models.pages:AbstractPage.get_url",
                    "wagtail.models.pages:AbstractPage._get_relevant_site_root_paths",
                    "django.urls.resolvers:URLResolver._reverse_with_prefix",
                )
            )
            + _assignment("wagtail.coreutils", "WAGTAIL_APPEND_SLASH")()
        ),
        "b07d65c0dfd5ef9d",
    ),
]


if __name__ == "__main__":  # print the current fingerprints, to paste after re-reading
    import django

    django.setup()
    for internal in INTERNALS:
        if internal.applies():
            print(f"{internal.current()}  {internal.name}")
