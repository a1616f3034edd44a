"""The office's analysis of the responses to a draft: themes (tags the editors define per draft),
analyst notes on an opinion, and reply templates the office reuses.

None of these is a resident's data: themes and templates are the office's own words, notes are
its internal working record. Notes and templates are never shown publicly or sent to the committee
(forms.exports and forms.feedback never read these models); a theme's name and count appear in the
closing report (forms.closing_report) once the office publishes its feedback. Imported by ``forms.models`` so Django
finds them; the models reach ``Opinion`` by string to avoid an import cycle.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_NOTE_LENGTH = 2000
MAX_REPLY_LENGTH = 2000


class Theme(models.Model):
    """A theme of one draft (a tag such as 执法程序, 处罚标准), defined by whoever handles its
    opinions. Per draft, because each consultation has its own questions; tagging checks that the
    opinion and the theme belong to the same draft (forms.themes)."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("草案/征集"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("主题名称"), max_length=50)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    # The tag lives on this side so that adding it leaves the Opinion model untouched;
    # ``opinion.themes`` reads it from the other side.
    opinions = models.ManyToManyField(
        "forms.Opinion", verbose_name=_("意见"), blank=True, related_name="themes"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["page_id", "name", "id"]
        verbose_name = _("意见主题")
        verbose_name_plural = _("意见主题")
        # The opinion rights decide (forms.analysis_admin.OpinionToolPolicy): the office's roles
        # need no permissions of their own for their working tools.
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["page", "name"],
                name="forms_theme_page_name",
                violation_error_message=_("这个草案已有同名主题。"),
            )
        ]

    def __str__(self):
        return self.name


class AnalystNote(models.Model):
    """An internal note on an opinion: who wrote it and when. Added, never edited: it is a record
    of the analysis, like the status history."""

    opinion = models.ForeignKey(
        "forms.Opinion", on_delete=models.CASCADE, related_name="analyst_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("分析备注"), validators=[MaxLengthValidator(MAX_NOTE_LENGTH)])
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("分析备注")
        verbose_name_plural = _("分析备注")
        default_permissions = ()

    def __str__(self):
        return f"{self.opinion_id}: {self.created_at:%Y-%m-%d %H:%M}"


class ReplyTemplate(models.Model):
    """A named reply the office reuses; for every draft, or for one draft only."""

    name = models.CharField(_("模板名称"), max_length=100)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("仅用于草案/征集"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("留空则所有草案都可使用。"),
    )
    text = models.TextField(_("答复内容"), validators=[MaxLengthValidator(MAX_REPLY_LENGTH)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("答复模板")
        verbose_name_plural = _("答复模板")
        default_permissions = ()

    def __str__(self):
        return self.name

    def applies_to(self, opinion) -> bool:
        return self.page_id is None or self.page_id == opinion.page_id
