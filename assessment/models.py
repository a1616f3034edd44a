"""The office's assessment of the liaison points.

- ``AssessmentScheme``: one per year, its ``IndicatorWeight`` rows say which indicators count
  (codes from ``core.plugins.point_indicators``, so any installed plugin's) and how much;
- ``PointStatusChange``: every change of a point's status with its reason and date, never edited
  or deleted; a point's status is its latest change;
- ``ObligationRule``: "at least N of an indicator per month/quarter/year", checked by the
  obligations board.

Points are pages playing the ``POINT_PAGE`` role: referred to by page id, never by their model.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable

from .widgets import IndicatorSelect, indicator_codes


class PointStatus(models.TextChoices):
    TRIAL = "trial", _("试运行")
    REGULAR = "regular", _("正式")
    RECTIFYING = "rectifying", _("整改")
    REVOKED = "revoked", _("撤销")


class Normalisation(models.TextChoices):
    TARGET = "target", _("按目标值")
    BEST = "best", _("按最好的联系点")


class Period(models.TextChoices):
    MONTH = "month", _("每月")
    QUARTER = "quarter", _("每季度")
    YEAR = "year", _("每年")


def _check_code(code: str) -> None:
    codes = indicator_codes()
    if codes and code not in codes:
        raise ValidationError({"code": _("没有这个指标：提供它的功能可能未安装。")})


class AssessmentScheme(ClusterableModel):
    year = models.PositiveSmallIntegerField(
        _("年度"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    published = models.BooleanField(
        _("向联系点公布"),
        default=False,
        help_text=_("公布后，各联系点工作人员可以看到本点的考核卡片和排名。"),
    )
    note = models.TextField(_("说明"), blank=True, max_length=2000)

    panels = [
        FieldRowPanel([FieldPanel("year"), FieldPanel("published")]),
        FieldPanel("note"),
        InlinePanel("weights", label=_("指标和权重"), min_num=1),
    ]

    class Meta:
        verbose_name = _("考核方案")
        verbose_name_plural = _("考核方案")
        ordering = ["-year"]
        permissions = [
            ("manage_assessment", _("可查看考核排名、导出年度报告、记录联系点状态")),
            ("view_own_scorecard", _("可查看本联系点的考核卡片")),
        ]

    def __str__(self):
        return _("%(year)s 年度考核方案") % {"year": self.year}


class IndicatorWeight(Orderable):
    scheme = ParentalKey(AssessmentScheme, on_delete=models.CASCADE, related_name="weights")
    code = models.CharField(_("指标"), max_length=64)
    weight = models.PositiveSmallIntegerField(
        _("权重（分）"), validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    normalisation = models.CharField(
        _("计分方式"),
        max_length=10,
        choices=Normalisation.choices,
        default=Normalisation.TARGET,
        help_text=_("按目标值：达到目标得满分；按最好的联系点：最高者得满分，其余按比例。"),
    )
    target = models.FloatField(
        _("目标值"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0.001)],
        help_text=_("全年应达到的数值（按期答复率填百分数，如 90）。"),
    )

    panels = [
        FieldRowPanel(
            [
                FieldPanel("code", widget=IndicatorSelect),
                FieldPanel("weight"),
                FieldPanel("normalisation"),
                FieldPanel("target"),
            ]
        )
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("指标权重")
        verbose_name_plural = _("指标权重")
        unique_together = [("scheme", "code")]

    def clean(self):
        _check_code(self.code)
        if self.normalisation == Normalisation.TARGET and not self.target:
            raise ValidationError({"target": _("按目标值计分时请填写目标值。")})


class PointStatusChange(models.Model):
    # A point page (role POINT_PAGE, checked by the form); kept with its title if the page goes.
    point = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("联系点"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    point_title = models.CharField(_("联系点名称"), max_length=255, editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=PointStatus.choices)
    reason = models.TextField(_("理由"), max_length=2000)
    date = models.DateField(_("生效日期"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("记录人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("联系点状态变更")
        verbose_name_plural = _("联系点状态变更")
        ordering = ["-date", "-id"]
        default_permissions = ("add", "view")  # a record: corrected by a newer one, never edited
        indexes = [models.Index(fields=["point", "-date", "-id"], name="assess_status_latest")]

    def __str__(self):
        return f"{self.point_title} {self.get_status_display()} {self.date}"


class ObligationRule(models.Model):
    label = models.CharField(
        _("名称"), max_length=100, help_text=_("例如：每季度至少1次代表接待日")
    )
    code = models.CharField(_("指标"), max_length=64)
    period = models.CharField(_("周期"), max_length=10, choices=Period.choices)
    minimum = models.PositiveIntegerField(
        _("至少"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    active = models.BooleanField(_("启用"), default=True)

    panels = [
        FieldPanel("label"),
        FieldPanel("code", widget=IndicatorSelect),
        FieldRowPanel([FieldPanel("period"), FieldPanel("minimum")]),
        FieldPanel("active"),
    ]

    class Meta:
        verbose_name = _("工作要求")
        verbose_name_plural = _("工作要求")
        ordering = ["period", "label"]

    def __str__(self):
        return self.label

    def clean(self):
        _check_code(self.code)
