"""The importer's caps from settings: ``LAWBRIDGE_DRAFT_IMPORT_LIMITS`` may override any field
of ``core.legal_text.ImportLimits`` (whose defaults hold otherwise), e.g.
``{"max_paragraphs": 40_000}``. The admin upload and ``manage.py import_draft`` both use it."""

from __future__ import annotations

import dataclasses

from django.conf import settings

from core.legal_text import ImportLimits


def import_limits() -> ImportLimits:
    overrides = getattr(settings, "LAWBRIDGE_DRAFT_IMPORT_LIMITS", None) or {}
    return dataclasses.replace(ImportLimits(), **overrides)
