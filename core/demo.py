"""Idempotent helpers for plugins' demo content: find by slug, otherwise create and publish."""

from __future__ import annotations

from wagtail.models import Locale, Page


def publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def ensure_child(parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """The live child of ``parent`` with ``slug``; created (and published) only if missing."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    page = model(slug=slug, locale=parent.locale, **fields)
    parent.add_child(instance=page)
    return publish(page)


def ensure_translation(page: Page, language_code: str, **fields) -> Page:
    """A published translation of ``page`` into ``language_code`` with ``fields`` set.

    Parents are translated first by the caller (demo content walks the tree top-down)."""
    locale = Locale.objects.get(language_code=language_code)
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translation, name, value)
    return publish(translation)
