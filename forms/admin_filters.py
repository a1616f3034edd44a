"""A tick-box filter for admin listings ("only the overdue ones").

django-filter's ``BooleanFilter`` is three-valued (yes / no / either): with a tick box, an empty
box reads as "no", so every filtered listing showed a chip "已超答复期限: False", and a ticked
one "True". Here an empty box means "not filtering" and a ticked one shows as "是" in the
caller's language."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.active_filters import (
    ActiveFilter,
    BaseFilterAdapter,
    register_filter_adapter_class,
)

__all__ = ["TickFilter"]


class TickFilter(django_filters.Filter):
    """Filters only when ticked; ``method`` receives True then (never False)."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return super().filter(qs, value)


class TickFilterAdapter(BaseFilterAdapter):
    def get_active_filters(self):
        if not self.value:
            return
        yield ActiveFilter(
            self.bound_field.auto_id,
            self.filter.label,
            _("是"),
            self.get_url_without_filter_param(self.name),
        )


register_filter_adapter_class(TickFilter, TickFilterAdapter)
