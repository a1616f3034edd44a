from django.dispatch import receiver
from wagtail.signals import page_published

from .models import LiaisonPointPage
from .staff import ensure_point_staff


@receiver(page_published, sender=LiaisonPointPage, dispatch_uid="lb_point_staff_on_publish")
def point_published(sender, instance, **kwargs):
    ensure_point_staff(instance)
