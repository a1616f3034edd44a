"""Every page with a comment window refuses one that closes before it opens
(core/comment_window.py): the editor sees the error on 征求意见截止, nothing is saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def _windowed_pages():
    pages = []
    for page in Page.objects.live().specific():
        if hasattr(page, "opens_at") and hasattr(page, "closes_at"):
            pages.append(page)
    return pages


def test_a_window_that_closes_before_it_opens_is_refused(demo_site):
    pages = _windowed_pages()
    kinds = {type(p).__name__ for p in pages}
    assert {
        "RegulationDraftPage",
        "LegislativePlanPage",
        "ProjectProposalPage",
        "EvaluationPage",
        "OpinionFormPage",
    } <= kinds
    seen = set()
    for page in pages:
        if type(page) in seen:
            continue
        seen.add(type(page))
        now = timezone.now()
        page.opens_at, page.closes_at = now, now - dt.timedelta(days=28)
        with pytest.raises(ValidationError) as refused:
            page.full_clean()
        assert "closes_at" in refused.value.message_dict, type(page).__name__
        page.closes_at = now + dt.timedelta(days=28)
        page.full_clean()  # the right way round is fine
