"""专家智库 (the pool), its fields of expertise, and 定向征集 (an invitation campaign on a draft).

An expert's phone and e-mail are personal data: the admin shows them masked unless the user holds
``view_expert_contacts`` (declared as a personal-data permission: two-step sign-in), and each clear
view is written to the audit log. Nothing here is ever deleted by a role: an expert, a field or an
invitation is switched off instead, so what was sent and answered stays on record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.masking import mask_email, mask_phone

__all__ = ["Campaign", "Expert", "ExpertiseField", "Invitation", "mask_email", "mask_phone"]


class ExpertiseField(models.Model):
    """A field of expertise the office files experts under (民商法, 行政法, 环境资源…)."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    sort_order = models.PositiveIntegerField(_("排序"), default=0)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("专业领域")
        verbose_name_plural = _("专业领域")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Expert(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("个人")
        ORGANISATION = "organisation", _("机构")

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, default=Kind.PERSON)
    name = models.CharField(_("姓名或机构名称"), max_length=100)
    organisation = models.CharField(_("工作单位"), max_length=100, blank=True)
    title = models.CharField(_("职务职称"), max_length=100, blank=True)
    fields = models.ManyToManyField(
        ExpertiseField, verbose_name=_("专业领域"), related_name="experts", blank=True
    )
    phone = models.CharField(_("手机号码"), max_length=30, blank=True)
    email = models.EmailField(_("电子邮箱"), max_length=254, blank=True)
    active = models.BooleanField(_("在库"), default=True)
    note = models.TextField(_("备注"), max_length=2000, blank=True)
    created = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("专家")
        verbose_name_plural = _("专家智库")
        ordering = ["name", "pk"]
        permissions = [
            ("manage_experts", _("可管理专家智库和定向征集")),
            ("view_expert_contacts", _("可查看专家的完整联系方式")),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_email(self) -> str:
        return mask_email(self.email)


class Campaign(models.Model):
    """定向征集: chosen experts invited to comment on one draft by a date."""

    title = models.CharField(_("征集名称"), max_length=100)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("征求意见的草案"),
        # A deleted draft takes its campaigns and their links with it (the opinions stay, as the
        # opinions plugin keeps them); protecting it would make the draft undeletable.
        on_delete=models.CASCADE,
        related_name="+",
    )
    message = models.TextField(_("邀请内容"), max_length=1000)
    reply_by = models.DateField(_("反馈截止日期"))
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = pgettext_lazy("campaigns", "定向征集")
        verbose_name_plural = pgettext_lazy("campaigns", "定向征集")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return self.title


class Invitation(models.Model):
    """One expert's personal link in a campaign. ``sent`` is None before the first try, False when
    no channel reached them (shown as 未发送 with 重发)."""

    campaign = models.ForeignKey(
        Campaign,
        verbose_name=pgettext_lazy("campaigns", "定向征集"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    expert = models.ForeignKey(
        Expert, verbose_name=_("专家"), on_delete=models.PROTECT, related_name="invitations"
    )
    code = models.CharField(_("个人码"), max_length=8, unique=True, editable=False)
    active = models.BooleanField(_("仍有效"), default=True)
    sent = models.BooleanField(_("已发送"), null=True, editable=False)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(_("首次打开"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("邀请")
        verbose_name_plural = _("邀请")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "expert"], name="one_invitation_per_expert")
        ]

    def __str__(self):
        return self.code
