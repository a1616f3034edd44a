"""Keep the searchable articles in step with the live regulation."""

from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .models import RegulationPage


@receiver(page_published)
def regulation_published(sender, instance, **kwargs):
    if isinstance(instance, RegulationPage):
        from .services import sync_articles

        sync_articles(instance)


@receiver(page_unpublished)
def regulation_unpublished(sender, instance, **kwargs):
    if isinstance(instance, RegulationPage):
        from .services import remove_articles

        remove_articles(instance)
