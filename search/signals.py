"""Index updates for Elasticsearch on publish, unpublish and delete (pages of every locale, and the
search sources' objects, also those written in bulk when their page is published). Only connected
when ELASTICSEARCH_URL is set: with the database backend, Wagtail's own signal handlers keep the
index current.

Tasks run inline unless a TASKS backend is configured; each update is one small request."""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished


def _page_changed(sender, instance, **kwargs):
    from search import elastic

    elastic.update_page(instance)


def _page_published(sender, instance, **kwargs):
    from search import elastic

    elastic.update_page(instance)
    # After the commit: the plugin that owns the objects (drafts) writes them in its own
    # page_published receiver, which may run after this one.
    transaction.on_commit(lambda: elastic.update_page_sources(instance))


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        from search import elastic

        elastic.delete_page(instance)


def _source_for(sender):
    from search.service import search_sources

    for source in search_sources():
        if issubclass(sender, source.model):
            return source
    return None


def _object_saved(sender, instance, **kwargs):
    if isinstance(instance, Page):
        return
    source = _source_for(sender)
    if source is not None:
        from search import elastic

        elastic.update_source_object(source, instance)


def _object_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        return
    source = _source_for(sender)
    if source is not None:
        from search import elastic

        elastic.update_source_object(source, instance, deleted=True)


def connect() -> None:
    if not getattr(settings, "ELASTICSEARCH_URL", ""):
        return
    page_published.connect(_page_published, dispatch_uid="lawbridge-search-es-published")
    page_unpublished.connect(_page_changed, dispatch_uid="lawbridge-search-es-unpublished")
    post_delete.connect(_page_deleted, dispatch_uid="lawbridge-search-es-page-deleted")
    post_save.connect(_object_saved, dispatch_uid="lawbridge-search-es-object-saved")
    post_delete.connect(_object_deleted, dispatch_uid="lawbridge-search-es-object-deleted")
