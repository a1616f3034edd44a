"""人员名册: the people who work for a liaison point — 联络员, 信息员, 宣传员, 志愿者, 人大代表 — with
their phone, unit, when they joined and, once they leave, when and why.

History is kept: leaving is a date and a reason, never a delete (the model has no delete
permission at all). The point is a ``wagtailcore.Page`` playing ``POINT_PAGE`` (``core.plugins``),
never another plugin's model. Phones are stored normalised (``phones.normalise_phone``) so that
one person is not entered twice under the same role at one point, however the number was typed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .phones import mask_phone

MAX_NAME = 50
MAX_UNIT = 100
MAX_REASON = 200
MAX_NOTE = 1000


class RosterMember(models.Model):
    class Role(models.TextChoices):
        LIAISON = "liaison", _("联络员")
        INFORMANT = "informant", _("信息员")
        PUBLICIST = "publicist", _("宣传员")
        VOLUNTEER = "volunteer", _("志愿者")
        DEPUTY = "deputy", _("人大代表")

    point = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=pgettext_lazy("one point", "联系点"),
        # A deleted point takes its roster with it: contact data kept for a point that no longer
        # exists would serve nobody (and a protected key would make the point undeletable, since
        # nobody may delete roster entries).
        on_delete=models.CASCADE,
        related_name="+",
    )
    name = models.CharField(_("姓名"), max_length=MAX_NAME)
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices, db_index=True)
    phone = models.CharField(_("联系电话"), max_length=20)
    unit = models.CharField(_("工作单位/所在社区"), max_length=MAX_UNIT, blank=True)
    joined = models.DateField(_("加入日期"))
    left = models.DateField(_("离开日期"), null=True, blank=True)
    left_reason = models.CharField(_("离开原因"), max_length=MAX_REASON, blank=True)
    note = models.TextField(_("备注"), max_length=MAX_NOTE, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("名册人员")
        verbose_name_plural = _("人员名册")
        ordering = ["point_id", "role", "joined", "pk"]
        # No add/change/view/delete: the screens check these three rights, and nobody deletes.
        default_permissions = ()
        permissions = [
            ("manage_roster", _("可管理本联系点的人员名册")),
            ("view_all_rosters", _("可查看各联系点的人员名册")),
            ("view_roster_contacts", _("可查看人员名册中的联系电话")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(left__isnull=True) | Q(left__gte=models.F("joined")),
                name="roster_left_after_joined",
            ),
            # The form says so in words first; this stops two simultaneous saves.
            models.UniqueConstraint(
                fields=["point", "role", "phone"],
                condition=Q(left__isnull=True),
                name="roster_one_active_phone_per_role",
            ),
        ]
        indexes = [models.Index(fields=["point", "left"], name="roster_point_left")]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    @property
    def active(self) -> bool:
        return self.left is None

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


def active_on(day):
    """Members on their point's roster on ``day``: joined by then and not yet left."""
    return Q(joined__lte=day) & (Q(left__isnull=True) | Q(left__gt=day))
