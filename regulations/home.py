"""法规实施评估征求意见中 on the home page: the evaluations open for comment now, so that a resident
finds where to say how a regulation in force works in practice as easily as an open draft."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.plugins import HomeSection
from core.untranslated import in_language

from .models import EvaluationPage

MAX_SHOWN = 3


def open_evaluations_home_section(request, page) -> HomeSection | None:
    """One query, in the home page's language, with the Chinese evaluations not translated yet
    (shown in Chinese and marked so, as the other sections do); the regulation's title comes
    from the parent page in the same query."""
    now = timezone.now()
    evaluations = list(
        in_language(EvaluationPage.objects.live().public(), page.locale_id)
        .filter(opens_at__lte=now, closes_at__gt=now)
        .order_by("closes_at", "pk")[:MAX_SHOWN]
    )
    if not evaluations:
        return None
    return HomeSection(
        template_name="regulations/home_section.html",
        title=_("法规实施评估征求意见中"),
        context={"evaluations": evaluations, "home": page},
    )
