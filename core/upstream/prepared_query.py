"""A query Django compiles once per process, run again with new values.

Some reading-page queries are costly to *build*, not to run: the per-article public opinions of
a draft (a window function with a row limit, which Django wraps in two subqueries) took 2.4 ms
to compile and 0.3 ms to execute on SQLite, on every uncached view of every draft. Here the
queryset is built and compiled once per process and thread, with placeholder values standing for
what changes between calls (the page id); each call runs that SQL with the real values and lets
the same compiler convert the rows (dates, decimals), as Django would.

A queryset of model instances (not ``values_list``) is read with ``objects(**values)``: the rows
become instances, with the ``select_related`` objects joined in, as Django's own iteration makes
them (no annotations, no prefetching). The small facts an uncached page reads after a publish
(``core/published_memo.py``: a draft's related links, the site's root page) cost that way about
a tenth of a millisecond each instead of more than half of one, nearly all of it building the
query.

Relies on Django's SQL compiler internals (``query.get_compiler``, ``as_sql`` setting up
``select`` and ``klass_info``, ``results_iter(results=...)`` applying the field converters) and
on how ``ModelIterable`` turns rows into instances (``Model.from_db``,
``get_related_populators``): listed in ``core/upstream/internals.py``. Where a placeholder does
not show up exactly once among the compiled parameters, the query is simply built and run as
usual.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


class PreparedQuery:
    """``build(**placeholders)`` returns a ``values_list`` queryset, read with ``rows(**values)``,
    or a queryset of model instances, read with ``objects(**values)``.

    Placeholders are integers no real value takes (negative ids, within a 32-bit integer's range
    so that PostgreSQL's range checks keep them): each must appear once among the compiled
    parameters, where it is replaced by the value of the same name."""

    def __init__(self, build: Callable[..., QuerySet], **placeholders: int):
        self.build = build
        self.placeholders = placeholders
        self._compiled: dict[tuple, tuple | None] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str):
        key = (alias, threading.get_ident())
        if key not in self._compiled:
            queryset = self.build(**self.placeholders)
            compiler = queryset.query.get_compiler(using=alias)
            try:
                sql, params = compiler.as_sql()
            except EmptyResultSet:
                # A placeholder the database's integer range rules out (PostgreSQL's int4
                # bounds): no SQL to keep, so the query runs as usual.
                with self._lock:
                    self._compiled[key] = None
                return None
            params = list(params)
            slots = {}
            for name, placeholder in self.placeholders.items():
                found = [i for i, p in enumerate(params) if type(p) is int and p == placeholder]
                if len(found) != 1:
                    slots = None
                    break
                slots[name] = found[0]
            with self._lock:
                self._compiled[key] = (compiler, sql, params, slots) if slots is not None else None
        return self._compiled[key]

    def _fetch(self, compiled, using: str, values: dict) -> list[tuple]:
        compiler, sql, params, slots = compiled
        params = list(params)
        for name, index in slots.items():
            params[index] = values[name]
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter(results=[fetched], tuple_expected=True))

    def rows(self, using: str = "default", **values) -> list[tuple]:
        compiled = self._compile(using)
        if compiled is None:
            return list(self.build(**values))
        return self._fetch(compiled, using, values)

    def objects(self, using: str = "default", **values) -> list:
        compiled = self._compile(using)
        if compiled is None:
            return list(self.build(**values))
        compiler = compiled[0]
        select, klass_info = compiler.select, compiler.klass_info
        fields = klass_info["select_fields"]
        start, end = fields[0], fields[-1] + 1
        names = [column[0].target.attname for column in select[start:end]]
        model = klass_info["model"]
        related = get_related_populators(klass_info, select, using)
        found = []
        for row in self._fetch(compiled, using, values):
            obj = model.from_db(using, names, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            found.append(obj)
        return found
