"""Opinions (意见建议) and everything that carries one to an answer.

An ``Opinion`` belongs to a commentable page (a regulation draft or an ``OpinionFormPage``) and,
optionally, to one article of it (``article_key`` from ``core.interfaces.CommentTarget``). Opinions
are never deleted: spam is marked 无效, a deleted page leaves the opinion with its title snapshot.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.contrib.forms.models import AbstractFormField, EmailFormMixin, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField

from core.comment_window import check_window
from core.interfaces import CommentTarget
from core.models import BasePage
from core.uploads import private_storage

from . import pii
from .workflow import FINAL_STATUSES, PUBLIC_STATUSES, PUBLISHED, Publication, Status

MAX_TEXT_LENGTH = 5000


class Category(models.TextChoices):
    PUBLIC = "public", _("群众")
    DEPUTY = "deputy", _("人大代表")
    EXPERT = "expert", _("专家学者")
    LAWYER = "lawyer", _("律师")
    COMPANY = "company", _("企业")
    ORGANISATION = "organisation", _("社会组织")
    OTHER = "other", _("其他")


class Channel(models.TextChoices):
    WEB = "web", _("网站")
    API = "api", _("小程序/接口")
    OFFLINE = "offline", _("线下活动")
    FORM = "form", _("征集表单")


class SourceKind(models.TextChoices):
    """Who collected the opinion for its point (``core.plugins.SOURCE_KINDS``): the card or
    sheet of the point itself, one of its collection sites, a community grid, a deputy or a
    campaign."""

    POINT = "point", _("联系点")
    SITE = "site", _("信息采集点")
    GRID = "grid", _("社区网格")
    DEPUTY = "deputy", _("人大代表")
    CAMPAIGN = "campaign", _("专项活动")
    EXPERT = "expert", _("定向征集")


class PublishConsent(models.TextChoices):
    FULL = "full", _("可以公开（含姓名）")
    ANONYMOUS = "anonymous", _("可以公开，但不显示姓名")
    NONE = "none", _("不公开")


class OpinionQuerySet(models.QuerySet):
    def delete(self):
        raise PermissionDenied(_("意见不可删除；垃圾或不当内容请标记为“无效”。"))

    def publicly_visible(self):
        # The handling status alone never publishes: the 公开审核 step must have passed the text.
        return self.filter(status__in=PUBLIC_STATUSES, publication__in=PUBLISHED).exclude(
            publish_consent=PublishConsent.NONE
        )

    def overdue(self, today=None):
        """Opinions not yet answered whose page's reply deadline has passed (needs the pages)."""
        from .deadlines import overdue_page_ids

        today = today or timezone.localdate()
        return self.exclude(status__in=FINAL_STATUSES).filter(page_id__in=overdue_page_ids(today))


class OpinionGroup(models.Model):
    """Near-identical opinions on the same page and article (a copy-paste campaign, small edits,
    traditional/simplified variants), reviewed and answered as one."""

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("草案/征集"),  # the group list's filter shows it
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    article_key = models.CharField(max_length=64, blank=True)
    representative = models.ForeignKey(
        "Opinion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    size = models.PositiveIntegerField(_("意见数"), default=0)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        verbose_name = _("相似意见组")
        default_permissions = ("change", "view")  # built by duplicate detection, never deleted
        verbose_name_plural = _("相似意见组")
        ordering = ["-size", "-id"]

    def __str__(self):
        text = pii.mask(self.representative.text)[:30] if self.representative_id else ""
        return f"#{self.pk} ×{self.size} {text}"

    def refresh_size(self):
        self.size = self.members.count()
        self.save(update_fields=["size"])


class Batch(models.Model):
    """报送批次: opinions (or whole groups) sent together to the legislative-affairs committee."""

    class State(models.TextChoices):
        DRAFT = "draft", _("待报送")
        SENT = "sent", _("已报送")

    title = models.CharField(_("批次名称"), max_length=200)
    recipient = models.CharField(
        _("收件邮箱"),
        max_length=255,
        blank=True,
        help_text=_("法工委收件地址，多个用逗号分隔；留空则只生成文件。"),
    )
    note = models.TextField(_("说明"), blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    xlsx_file = models.CharField(max_length=255, blank=True, editable=False)
    docx_file = models.CharField(max_length=255, blank=True, editable=False)
    exported_at = models.DateTimeField(_("导出时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("报送批次")
        verbose_name_plural = _("报送批次")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Opinion(models.Model):
    # Indexes are few on purpose: a hot draft brings a million rows, and every index is rewritten
    # on each insert and on each group-id update of the duplicate grouping. The composite indexes
    # in Meta lead with the page, so the page's own index and single-column article, channel and
    # fingerprint indexes (and the LIKE copies PostgreSQL gets for db_index CharFields) are left out.
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("草案/征集"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    page_title = models.CharField(_("草案标题"), max_length=255, blank=True)
    article_key = models.CharField(_("条文标识"), max_length=64, blank=True)
    article_label = models.CharField(_("条文"), max_length=100, blank=True)
    article_ordinal = models.PositiveIntegerField(default=0)
    # The article as the submitter read it (``CommentTarget.version_*``, ``text``): a later
    # version may renumber or rewrite it, and the office answers what was actually commented on.
    # The version is the commentable page's own id (e.g. a draft's DraftVersion), not a foreign
    # key: the opinions plugin knows nothing of the drafts' tables.
    article_version_id = models.PositiveIntegerField(
        _("版本标识"), null=True, blank=True, editable=False
    )
    article_version = models.CharField(_("所据版本"), max_length=50, blank=True, editable=False)
    article_text = models.TextField(_("条文原文"), blank=True, editable=False)
    # The short subject a page asks for first when its SubmissionKind has a ``subject_label``
    # (建议项目名称 of a project proposal); empty for ordinary opinions.
    subject = models.CharField(
        pgettext_lazy("submission subject", "主题"), max_length=200, blank=True
    )
    text = models.TextField(_("意见内容"), validators=[MaxLengthValidator(MAX_TEXT_LENGTH)])
    category = models.CharField(
        _("提出人类别"), max_length=20, choices=Category.choices, default=Category.PUBLIC
    )
    channel = models.CharField(
        _("渠道"), max_length=10, choices=Channel.choices, default=Channel.WEB
    )
    point = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("联系点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Where it came from (``core.plugins.CollectionSource``): a point's printed collection code
    # or the source chosen at offline entry. Stored as data, not a key into the points plugin's
    # tables: a code switched off or a site renamed later leaves the record as it was.
    source_kind = models.CharField(
        _("来源类型"), max_length=10, choices=SourceKind.choices, blank=True, editable=False
    )
    source_label = models.CharField(_("来源"), max_length=200, blank=True, editable=False)
    source_code = models.CharField(_("征集码"), max_length=8, blank=True, editable=False)
    event = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("活动"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    language = models.CharField(_("语言"), max_length=16, blank=True)
    name = models.CharField(_("姓名"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)
    region = models.CharField(_("地区/社区"), max_length=100, blank=True)
    privacy_consent = models.BooleanField(_("同意隐私说明"), default=False)
    publish_consent = models.CharField(
        _("是否公开"), max_length=10, choices=PublishConsent.choices, default=PublishConsent.NONE
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=Status.choices, default=Status.RECEIVED
    )
    # Set only by the 公开审核 step (workflow.decide_publication), never by an edit form.
    publication = models.CharField(
        _("公开审核"),
        max_length=10,
        choices=Publication.choices,
        default=Publication.PENDING,
        editable=False,
    )
    # What the public reads when the reviewer published an edited text; ``text`` stays as typed.
    published_text = models.TextField(_("公开文本"), blank=True, editable=False)
    # Kinds of personal data found in ``text`` at intake (forms.pii.KINDS, comma-separated).
    personal_data_kinds = models.CharField(
        _("含个人信息"), max_length=100, blank=True, editable=False
    )
    reply = models.TextField(_("答复"), blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("重复于"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.ForeignKey(
        OpinionGroup,
        verbose_name=_("相似意见组"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    # Set when a person moved the opinion out of its group or split it off (forms/grouping.py):
    # the grouping job leaves it where that person put it instead of regrouping it.
    group_pinned = models.BooleanField(default=False, editable=False)
    batches = models.ManyToManyField(
        Batch, verbose_name=_("报送批次"), blank=True, related_name="opinions"
    )
    receipt_code = models.CharField(_("回执码"), max_length=16, unique=True)
    form_data = models.JSONField(
        _("其他填写内容"), default=dict, blank=True, encoder=DjangoJSONEncoder
    )
    fingerprint = models.CharField(max_length=32, blank=True, editable=False)
    # Offline entry: gathered after the comment window had closed (within the grace period the
    # office allows for typing up sheets). Shown in the list, so the office can weigh it.
    collected_late = models.BooleanField(_("截止后收集"), default=False, editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("录入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submit_time = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The submission's single-use token (HTML form) or ``Idempotency-Key`` (API), scoped by
    # channel and page or client (``intake.idempotency_key``): a form posted twice, or a request
    # retried, finds the opinion already stored instead of storing it again.
    idempotency_key = models.CharField(max_length=100, blank=True, default="", editable=False)

    objects = OpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        ordering = ["-submit_time", "-id"]
        # Opinions come in only through intake and are never deleted (see ``delete``).
        default_permissions = ("change", "view")
        permissions = [
            ("view_personal_data", _("可查看提交人个人信息")),
            ("enter_offline_opinions", _("可为任一联系点录入线下意见")),
            ("export_opinions", _("可导出和报送意见")),
        ]
        indexes = [
            models.Index(fields=["page", "-submit_time"], name="forms_op_page_time"),
            models.Index(fields=["page", "article_key", "status"], name="forms_op_page_art"),
            models.Index(fields=["page", "fingerprint"], name="forms_op_page_fp"),
            # Site-wide counts by status (the dashboard's "awaiting review").
            models.Index(fields=["status"], name="forms_op_status"),
            # The scorecard's counts per point over a year (forms/point_indicators.py), read from
            # the index alone. Partial: only opinions credited to a point pay for it on insert.
            models.Index(
                fields=["point", "submit_time", "status"],
                name="forms_op_point_time",
                condition=models.Q(point__isnull=False),
            ),
            models.Index(
                fields=["point", "replied_at", "status", "page"],
                name="forms_op_point_reply",
                condition=models.Q(point__isnull=False, replied_at__isnull=False),
            ),
        ]
        constraints = [
            # The index decides, not a prior SELECT: two posts of one form at once store one.
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="forms_op_idempotency_key",
            ),
        ]

    def __str__(self):
        # Shown in admin titles, breadcrumbs and choosers: never the personal data in the text.
        return f"{self.receipt_code} {pii.mask(self.text)[:40]}"

    def save(self, *args, **kwargs):
        from .dedupe import fingerprint

        self.fingerprint = fingerprint(self.text)
        self.personal_data_kinds = ",".join(pii.kinds(self.text))
        if kwargs.get("update_fields") is not None and "text" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "personal_data_kinds"}
        if self.page_id and not self.page_title:
            self.page_title = self.page.title
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied(_("意见不可删除；垃圾或不当内容请标记为“无效”。"))

    # Wagtail's form-submission views call these on the submission class.
    def get_data(self):
        return {**self.form_data, "submit_time": self.submit_time}

    @property
    def is_final(self) -> bool:
        return self.status in FINAL_STATUSES

    @property
    def has_contact(self) -> bool:
        return bool(self.phone or self.email)

    @property
    def status_display(self) -> str:
        """The status in the words of the page's ``SubmissionKind`` (列入计划 for a proposal);
        lists label all their rows at once (``submission_kinds.StatusLabels``)."""
        from .submission_kinds import kind_for, status_label

        return status_label(self.status, kind_for(self))

    @property
    def source_display(self) -> str:
        """Where it came from, for the office's lists and exports: the point, the source within
        it (site, grid, deputy, campaign) and the collection code. Never personal data."""
        parts = [self.point.title] if self.point_id and self.point else []
        if self.source_label and self.source_label not in parts:
            parts.append(self.source_label)
        if self.source_code:
            parts.append(self.source_code)
        return " · ".join(parts)

    @property
    def target_label(self) -> str:
        return self.article_label or str(_("草案整体"))

    @cached_property
    def article_reference(self) -> str:
        """The article's number now, with the one it had when commented if different
        ("第七条（征求意见稿第八条）"). Lists set it for all their rows at once
        (``article_refs.CurrentArticles.decorate``); alone it costs one page load."""
        from .article_refs import CurrentArticles

        return CurrentArticles().reference(self)


class GroupingRun(models.Model):
    """One run of the near-duplicate grouping for a page, started from the admin: its state,
    progress (articles done of all) and summary, so the page that started it can show them."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("未完成")

    ACTIVE = (State.QUEUED, State.RUNNING)

    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("草案/征集"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    page_title = models.CharField(_("草案标题"), max_length=255, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    partitions_total = models.PositiveIntegerField(default=0)
    partitions_done = models.PositiveIntegerField(default=0)
    opinions_seen = models.PositiveIntegerField(default=0)
    groups_created = models.PositiveIntegerField(_("新建组数"), default=0)
    groups_extended = models.PositiveIntegerField(default=0)
    opinions_grouped = models.PositiveIntegerField(_("归组意见数"), default=0)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("相似意见查找")
        verbose_name_plural = _("相似意见查找")
        ordering = ["-created_at", "-id"]
        default_permissions = ("view",)  # written by forms/grouping.py only
        constraints = [
            # The database decides: two clicks at once start one run per page, not two.
            models.UniqueConstraint(
                fields=["page"],
                condition=models.Q(state__in=["queued", "running"]),
                name="forms_grouping_one_active_run",
            ),
        ]

    def __str__(self):
        return f"{self.page_title} {self.get_state_display()}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE

    @property
    def percent(self) -> int:
        if self.state == self.State.DONE:
            return 100
        if not self.partitions_total:
            return 0
        return min(99, round(100 * self.partitions_done / self.partitions_total))


class StatusChange(models.Model):
    """Every transition of an opinion: who, when, from what to what, and why."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="history")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    note = models.TextField(_("备注"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("状态记录")
        verbose_name_plural = _("状态记录")
        default_permissions = ("view",)  # written by transition() only, never edited or deleted

    def __str__(self):
        return f"{self.opinion_id}: {self.from_status} → {self.to_status}"


class PublicationDecision(models.Model):
    """Every 公开审核 decision on an opinion: who, when, what the public may read, and why."""

    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="publications")
    from_decision = models.CharField(max_length=10, choices=Publication.choices, blank=True)
    decision = models.CharField(_("公开审核"), max_length=10, choices=Publication.choices)
    public_text = models.TextField(_("公开文本"), blank=True)
    note = models.TextField(_("备注"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("公开审核记录")
        verbose_name_plural = _("公开审核记录")
        default_permissions = ("view",)  # written by decide_publication() only

    def __str__(self):
        return f"{self.opinion_id}: {self.from_decision} → {self.decision}"


class Reminder(models.Model):
    """A reminder that was sent (``forms.reminders``): one row per kind, page and recipient
    point, so that a reminder run every hour sends each reminder once."""

    class Kind(models.TextChoices):
        OVERDUE = "overdue", _("答复已超期")
        CLOSING = "closing", _("即将截止")
        OPENED = "opened", _("草案开始征求意见")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    # The liaison point told (OPENED); 0 for reminders to the office.
    point_id = models.PositiveIntegerField(default=0)
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)
    sent_at = models.DateTimeField(_("发送时间"), default=timezone.now)

    class Meta:
        verbose_name = _("提醒记录")
        verbose_name_plural = _("提醒记录")
        default_permissions = ("view",)
        constraints = [
            models.UniqueConstraint(fields=["kind", "page", "point_id"], name="forms_reminder_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.page_id}"


def attachment_path(instance, filename):
    # Unguessable names: attachments may carry personal data.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"opinions/attachments/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{ext}"


class OpinionAttachment(models.Model):
    opinion = models.ForeignKey(Opinion, on_delete=models.CASCADE, related_name="attachments")
    # Private storage: outside /media/, served only by the permission-checked download view.
    file = models.FileField(upload_to=attachment_path, storage=private_storage, max_length=255)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.original_name


class KeptUpload(models.Model):
    """A pending attachment of a refused submission (``kept_uploads``): one row per stored file,
    so the quotas per client and overall are a sum, not a walk over the folder."""

    path = models.CharField(max_length=255, unique=True)
    size = models.PositiveBigIntegerField()
    client = models.CharField(max_length=64, db_index=True)  # hashed client address
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("暂存附件")
        verbose_name_plural = _("暂存附件")

    def __str__(self):
        return self.path


class ApiClient(models.Model):
    """A registered API client (a mini-program, a partner's app): submissions through the API
    need its key in the ``X-Api-Key`` header. Only a hash of the key is stored; the key itself
    is shown once, when the client is created (``api_keys``)."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    notes = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)
    key_prefix = models.CharField(_("密钥前缀"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API 客户端")
        verbose_name_plural = _("API 客户端")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PageOpinionSettings(models.Model):
    """Per commentable page: public display of opinions and the published feedback summary.

    The drafts plugin owns the page model, so the switches live here, keyed by page."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name=_("草案/征集"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    show_public_opinions = models.BooleanField(
        _("公开展示意见"),
        default=False,
        help_text=_("展示审核后、提交人同意公开的意见（不含个人信息）及其答复。"),
    )
    feedback_published = models.BooleanField(_("发布采纳情况反馈"), default=False)
    feedback_intro = models.TextField(_("反馈说明"), blank=True)
    feedback_published_at = models.DateTimeField(_("反馈发布时间"), null=True, blank=True)

    panels = [
        FieldPanel("page"),
        FieldPanel("show_public_opinions"),
        FieldPanel("feedback_published"),
        FieldPanel("feedback_intro"),
    ]

    class Meta:
        # Named as the menu names it: the office looks for 公开与反馈.
        verbose_name = _("公开与反馈")
        verbose_name_plural = _("公开与反馈")
        default_permissions = ("add", "change", "view")

    def __str__(self):
        return str(self.page)

    def save(self, *args, **kwargs):
        if self.feedback_published and not self.feedback_published_at:
            self.feedback_published_at = timezone.now()
        super().save(*args, **kwargs)


# --- Editor-built forms and questionnaires --------------------------------------------------


class OpinionFormField(AbstractFormField):
    page = ParentalKey("OpinionFormPage", on_delete=models.CASCADE, related_name="form_fields")

    def get_field_clean_name(self):
        """Readable keys for Chinese labels (``姓名`` stays ``姓名``, not ``u59d3u540d``)."""
        return slugify(self.label, allow_unicode=True).replace("-", "_")[:200] or "field"


class OpinionFormPage(EmailFormMixin, FormMixin, BasePage):
    """立法建议征集 / 问卷调查: editors add their own fields; every submission becomes an
    ``Opinion`` (channel 征集表单) and is handled like an opinion on a draft."""

    intro = RichTextField(_("说明"), blank=True)
    thank_you_text = RichTextField(_("提交后提示"), blank=True)
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    reply_deadline = models.DateField(_("答复期限"), null=True, blank=True)
    require_opinion_text = models.BooleanField(
        _("需要填写意见内容"),
        default=True,
        help_text=_("问卷可关闭此项：提交内容由各题答案组成。"),
    )

    template = "forms/opinion_form_page.html"
    landing_page_template = "forms/receipt.html"
    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types: list[str] = []
    search_kind = "page"

    content_panels = BasePage.content_panels + [
        # Wagtail's default heading is formatted once, at start-up, in zh-hans: give it ours.
        FormSubmissionsPanel(heading=_("已收到的提交")),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("表单字段")),
        FieldPanel("require_opinion_text"),
        FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        FieldPanel("reply_deadline"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading=_("通知邮件"),
        ),
    ]

    class Meta:
        verbose_name = _("意见征集表单")

    def clean(self):
        super().clean()
        check_window(self.opens_at, self.closes_at)

    # Commentable -------------------------------------------------------------------------
    def accepts_comments(self, at=None) -> bool:
        at = at or timezone.now()
        if self.opens_at and at < self.opens_at:
            return False
        return not (self.closes_at and at > self.closes_at)

    def comment_window_message(self) -> str:
        from django.utils.formats import date_format

        now = timezone.now()
        if self.opens_at and now < self.opens_at:
            return _("征集将于 %(date)s 开始。") % {
                "date": date_format(timezone.localtime(self.opens_at), "DATETIME_FORMAT")
            }
        if self.closes_at and now > self.closes_at:
            return _("征集已于 %(date)s 截止，感谢关注。") % {
                "date": date_format(timezone.localtime(self.closes_at), "DATETIME_FORMAT")
            }
        if self.closes_at:
            return _("征集截止时间：%(date)s。") % {
                "date": date_format(timezone.localtime(self.closes_at), "DATETIME_FORMAT")
            }
        return _("长期征集。")

    def get_comment_targets(self) -> list[CommentTarget]:
        return []

    def get_comment_target(self, key: str, *, version_id=None, at=None) -> CommentTarget | None:
        return None

    def current_article_labels(self, keys=None) -> dict[str, str]:
        return {}  # no articles, no versions

    def get_reply_deadline(self):
        return self.reply_deadline

    # Form page ---------------------------------------------------------------------------
    def get_submission_class(self):
        return Opinion

    def get_form_class(self):
        from .public_forms import OpinionFormPageBaseForm

        builder_class = super().get_form_class()
        return type("OpinionFormPageForm", (OpinionFormPageBaseForm, builder_class), {})

    def get_form_parameters(self):
        return {"require_text": self.require_opinion_text}

    def serve(self, request, *args, **kwargs):
        from .views import serve_form_page

        return serve_form_page(self, request)

    def serve_submissions_list_view(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        from .admin_views import opinions_index_url

        return redirect(opinions_index_url(page=self.pk))

    def process_form_submission(self, form):
        from .intake import submit_from_form_page

        return submit_from_form_page(self, form)


# The articles of a newer version that took up an adopted opinion (forms/adoptions.py).
from .adoptions import AdoptedInto  # noqa: E402, F401

# Themes, analyst notes and reply templates live in their own module (response analysis).
from .analysis_models import AnalystNote, ReplyTemplate, Theme  # noqa: E402, F401

# 采纳证书 and 感谢信 once issued (forms/certificates.py).
from .certificate_models import IssuedDocument  # noqa: E402, F401

# The record of applied decision files (the committee's returned summary table).
from .decision_models import DecisionFile  # noqa: E402, F401

# 转办: departments and referrals of requests that are not about law-making (forms/referrals.py).
from .referral_models import Department, Referral  # noqa: E402, F401
