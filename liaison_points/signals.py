from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import LiaisonPointPage
from .staff import ensure_point_staff, retire_point_staff


@receiver(page_published, sender=LiaisonPointPage, dispatch_uid="lb_point_staff_on_publish")
def point_published(sender, instance, **kwargs):
    ensure_point_staff(instance)


@receiver(post_delete, sender=LiaisonPointPage, dispatch_uid="lb_point_staff_on_delete")
def point_deleted(sender, instance, **kwargs):
    retire_point_staff(instance.translation_key)
