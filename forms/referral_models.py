"""转办: requests that are not about law-making, referred to a department (forms/referrals.py).
Imported by ``forms.models`` so Django finds them."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

MAX_NOTE_LENGTH = 2000
MAX_REPLY_LENGTH = 5000


class Department(models.Model):
    """转办单位: the office keeps its own list. A department once used stays (its referrals and
    their figures name it): it is switched off, never deleted."""

    name = models.CharField(_("单位名称"), max_length=100, unique=True)
    # The department's office mailbox, not a person's: named apart from residents' e-mails.
    contact_email = models.EmailField(
        _("联系邮箱"), blank=True, help_text=_("可选，仅供办理人员联系使用。")
    )
    active = models.BooleanField(
        _("启用"), default=True, help_text=_("停用后不再出现在转办单位的选项中，已有记录保留。")
    )

    panels = [FieldPanel("name"), FieldPanel("contact_email"), FieldPanel("active")]

    class Meta:
        verbose_name = _("转办单位")
        verbose_name_plural = _("转办单位")
        ordering = ["-active", "name"]
        default_permissions = ("add", "change", "view")  # deactivated, never deleted

    def __str__(self):
        return self.name


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    FAIRLY = "fairly", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


# Counted as satisfied in the published satisfaction rate.
SATISFIED_RATINGS = (Rating.SATISFIED, Rating.FAIRLY)


class Referral(models.Model):
    """One referral of an opinion: to whom, by whom, the department's reply as recorded by the
    office, whether the resident was told, and the resident's rating (once).

    A referral taken back (the request was about a draft after all) is kept, marked cancelled,
    and no longer counted; an opinion has at most one referral that is not cancelled."""

    opinion = models.ForeignKey(
        "forms.Opinion",
        verbose_name=_("意见建议"),
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    department = models.ForeignKey(
        Department, verbose_name=_("转办单位"), on_delete=models.PROTECT, related_name="referrals"
    )
    note = models.TextField(
        _("转办说明"), blank=True, validators=[MaxLengthValidator(MAX_NOTE_LENGTH)]
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("转办人"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    referred_at = models.DateTimeField(_("转办时间"), default=timezone.now)
    reply = models.TextField(
        _("单位答复"), blank=True, validators=[MaxLengthValidator(MAX_REPLY_LENGTH)]
    )
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    reply_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("答复录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Set when a notifier delivered the reply to the resident; empty = 未发送 (resend offered).
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("撤销转办时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("转办记录")
        verbose_name_plural = _("转办记录")
        ordering = ["-referred_at", "-id"]
        default_permissions = ("view",)  # written by forms/referrals.py only, never deleted
        constraints = [
            models.UniqueConstraint(
                fields=["opinion"],
                condition=models.Q(cancelled_at__isnull=True),
                name="forms_referral_one_open",
            ),
        ]
        indexes = [models.Index(fields=["department", "referred_at"], name="forms_ref_dept")]

    def __str__(self):
        return f"{self.opinion.receipt_code} → {self.department}"

    @property
    def is_replied(self) -> bool:
        return self.replied_at is not None
