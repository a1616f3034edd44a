"""A paginator for the opinions list that stops counting at ``CAP``.

A hot draft brings hundreds of thousands of opinions. An exact COUNT(*) over them costs PostgreSQL
0.3–0.5 s on every list page (measured at 1,000,000), yet no editor pages past a few hundred
items: they filter. Counting stops at ``CAP`` and the list then says "10000+"."""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from wagtail.admin.paginator import WagtailPaginator


class CappedCountPaginator(WagtailPaginator):
    CAP = 10_000

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.capped = False

    @cached_property
    def count(self) -> int:
        n = self.object_list[: self.CAP + 1].count()  # the list view always pages a queryset
        self.capped = n > self.CAP
        return min(n, self.CAP)

    @cached_property
    def items_count_label(self) -> str:
        if self.count and self.capped:
            return _("超过 %(n)s %(items)s") % {"n": self.CAP, "items": self.verbose_name_plural}
        return super().items_count_label
