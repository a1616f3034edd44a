"""Topics (草案主题): a translatable snippet that files drafts under a subject on the index."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet


@register_snippet
class DraftTopic(TranslatableMixin, models.Model):
    name = models.CharField(_("名称"), max_length=50)
    slug = models.SlugField(_("网址名"), max_length=50, allow_unicode=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("草案主题")
        verbose_name_plural = _("草案主题")
        ordering = ["name"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]

    def __str__(self):
        return self.name
