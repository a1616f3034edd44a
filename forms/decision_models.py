"""The record of a committee's decision file once applied (forms/decision_import.py): its
SHA-256, who applied it and when, so that uploading the same file again is recognised and
refused instead of applied twice. Imported by ``forms.models`` so Django finds it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DecisionFile(models.Model):
    sha256 = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("文件名"), max_length=255, blank=True)
    changed = models.PositiveIntegerField(_("改变的意见数"), default=0)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField(_("导入时间"), default=timezone.now)

    class Meta:
        ordering = ["-applied_at"]
        verbose_name = _("办理结果文件")
        verbose_name_plural = _("办理结果文件")
        default_permissions = ("view",)  # written by decision_import.apply_file only

    def __str__(self):
        return self.name or self.sha256[:12]
