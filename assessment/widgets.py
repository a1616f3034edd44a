"""The indicator chooser: the codes the installed plugins offer (``core.plugins.point_indicators``)
as a select, read when the form is drawn, so a plugin added or removed changes the list without a
migration, and an indicator no plugin offers any more can still be seen (marked) on old rows."""

from __future__ import annotations

import time

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core.plugins import point_indicators

__all__ = ["IndicatorSelect", "indicator_catalogue", "indicator_codes"]


# A scheme form draws one chooser per row and validates each row: asked once for them all. The
# list only changes when plugins are installed or removed, i.e. on a restart.
_KEPT_SECONDS = 30
_kept: dict[str, tuple[float, list]] = {}


def indicator_catalogue() -> list[tuple[str, str, str]]:
    """``(code, label, unit)`` of every indicator installed plugins offer, in their order. Asked
    for an empty period: the providers' queries find nothing, only the list is wanted."""
    language = get_language() or ""
    kept = _kept.get(language)
    if kept is not None and time.monotonic() - kept[0] < _KEPT_SECONDS:
        return kept[1]
    today = timezone.localdate()
    found = [(i.code, str(i.label), str(i.unit)) for i in point_indicators(today, today)]
    _kept[language] = (time.monotonic(), found)
    return found


def indicator_codes() -> set[str]:
    return {code for code, _label, _unit in indicator_catalogue()}


class IndicatorSelect(forms.Select):
    def get_context(self, name, value, attrs):
        choices = [("", "---------")]
        choices += [(code, f"{label}（{unit}）") for code, label, unit in indicator_catalogue()]
        if value and value not in {code for code, _label in choices}:
            choices.append((value, _("%(code)s（已不可用）") % {"code": value}))
        self.choices = choices
        return super().get_context(name, value, attrs)
