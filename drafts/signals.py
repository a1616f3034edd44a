"""Keep versions and the searchable article copy in step with the live draft."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import RegulationDraftPage


@receiver(page_published)
def draft_published(sender, instance, **kwargs):
    if not isinstance(instance, RegulationDraftPage):
        return
    from .services import sync_published_articles, sync_versions

    sync_versions(instance)
    sync_published_articles(instance)


@receiver(page_unpublished)
def draft_unpublished(sender, instance, **kwargs):
    if not isinstance(instance, RegulationDraftPage):
        return
    from .services import remove_published_articles

    remove_published_articles(instance)
