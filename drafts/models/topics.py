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


def in_locale(topics, locale_id: int) -> list[DraftTopic]:
    """``topics`` as a page in the language ``locale_id`` shows them: each topic's translation
    into that language where there is one, else the topic itself. A translated draft keeps its
    source's topics (Wagtail and wagtail-localize copy many-to-many links as they are), so a
    traditional-Chinese draft would otherwise show simplified topic names. One query, none when
    every topic is in that language already."""
    topics = list(topics)
    foreign = {topic.translation_key for topic in topics if topic.locale_id != locale_id}
    if not foreign:
        return topics
    translated = {
        topic.translation_key: topic
        for topic in DraftTopic.objects.filter(locale_id=locale_id, translation_key__in=foreign)
    }
    return [translated.get(topic.translation_key, topic) for topic in topics]
