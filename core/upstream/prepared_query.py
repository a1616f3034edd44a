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
``select`` and ``klass_info``, the field converters ``results_iter`` would apply, found here once
per compiled query rather than on every call) and
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


class _Compiled:
    """A compiled query and what reading its rows needs, worked out once: the converters of
    its columns (``results_iter`` would find them again on every call) and, for instances, the
    columns' attribute names and the populators of the joined objects."""

    def __init__(self, compiler, sql: str, params: list, slots: dict[str, int]):
        self.compiler, self.sql, self.params, self.slots = compiler, sql, params, slots
        fields = [column[0] for column in compiler.select[0 : compiler.col_count]]
        self.plain = not compiler.has_composite_fields(fields)
        self.converters = compiler.get_converters(fields) if self.plain else None
        self._instances = None

    def rows(self, fetched: list) -> list[tuple]:
        if not self.plain:
            return list(self.compiler.results_iter(results=[fetched], tuple_expected=True))
        if self.converters:
            return [tuple(row) for row in self.compiler.apply_converters(fetched, self.converters)]
        return [tuple(row) for row in fetched]

    def instances(self, rows: list[tuple], using: str) -> list:
        if self._instances is None:
            select, klass_info = self.compiler.select, self.compiler.klass_info
            fields = klass_info["select_fields"]
            start, end = fields[0], fields[-1] + 1
            names = [column[0].target.attname for column in select[start:end]]
            related = get_related_populators(klass_info, select, using)
            self._instances = (klass_info["model"], start, end, names, related)
        model, start, end, names, related = self._instances
        found = []
        for row in rows:
            obj = model.from_db(using, names, row[start:end])
            for populator in related:
                populator.populate(row, obj)
            found.append(obj)
        return found


class PreparedQuery:
    """``build(**placeholders)`` returns a ``values_list`` queryset, read with ``rows(**values)``,
    or a queryset of model instances, read with ``objects(**values)``.

    Placeholders are integers no real value takes (negative ids, within a 32-bit integer's range
    so that PostgreSQL's range checks keep them): each must appear once among the compiled
    parameters, where it is replaced by the value of the same name."""

    def __init__(self, build: Callable[..., QuerySet], **placeholders: int):
        self.build = build
        self.placeholders = placeholders
        self._compiled: dict[tuple, _Compiled | None] = {}
        self._lock = threading.Lock()

    def _compile(self, alias: str) -> _Compiled | None:
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
            compiled = _Compiled(compiler, sql, params, slots) if slots is not None else None
            with self._lock:
                self._compiled[key] = compiled
        return self._compiled[key]

    def _fetch(self, compiled: _Compiled, using: str, values: dict) -> list[tuple]:
        params = list(compiled.params)
        for name, index in compiled.slots.items():
            params[index] = values[name]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        return compiled.rows(fetched)

    def rows(self, using: str = "default", **values) -> list[tuple]:
        compiled = self._compile(using)
        if compiled is None:
            return list(self.build(**values))
        return self._fetch(compiled, using, values)

    def objects(self, using: str = "default", **values) -> list:
        compiled = self._compile(using)
        if compiled is None:
            return list(self.build(**values))
        return compiled.instances(self._fetch(compiled, using, values), using)
