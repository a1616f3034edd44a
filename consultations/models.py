"""征询任务 (consultation tasks), one point's part in each, the five steps it records with their
evidence, and the 汇总报告 it sends.

Points, drafts and questionnaires are pages of other plugins: they are referred to as
``wagtailcore.Page`` and restricted by page role (``core.plugins``), never by model name. Files
(evidence, the generated report) live in private storage and are served through a
permission-checked view (``admin_views.attachment``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import private_storage

from .workflow import AssignmentState, Origin, Step, board_state, is_late

MAX_TITLE = 200
MAX_TEXT = 20_000  # a report section, a description: a few pages of text, not a book


class ConsultationTask(models.Model):
    class Kind(models.TextChoices):
        DRAFT = "draft", _("法规草案")
        QUESTIONNAIRE = "questionnaire", _("问卷调查")
        TOPIC = "topic", _("立法调研课题")

    class State(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SENT = "sent", _("已交办")
        CLOSED = "closed", _("已结束")

    title = models.CharField(_("任务名称"), max_length=MAX_TITLE)
    kind = models.CharField(_("任务类型"), max_length=20, choices=Kind.choices, default=Kind.DRAFT)
    target_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("征询的草案或问卷"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    topic = models.CharField(_("调研课题"), max_length=MAX_TITLE, blank=True)
    description = models.TextField(_("任务说明"), max_length=MAX_TEXT, blank=True)
    outputs = models.TextField(
        _("报送要求"),
        max_length=MAX_TEXT,
        blank=True,
        help_text=_("需要联系点报送什么：如汇总报告、座谈会记录、照片、意见清单。"),
    )
    due_date = models.DateField(_("报送截止日期"))
    open_for_applications = models.BooleanField(
        _("接受联系点申办"),
        default=False,
        help_text=_("未被交办的联系点可以申请承办本任务，由法工委审核。"),
    )
    # How the points were chosen ({"mode": "all" | "type" | "district" | "points", "values": [...]})
    # so that the office can see what it sent, and resend to points added later.
    scope = models.JSONField(_("选择联系点的方式"), default=dict, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    sent_at = models.DateTimeField(_("交办时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("征询任务")
        verbose_name_plural = _("征询任务")
        ordering = ["-due_date", "-pk"]
        default_permissions = ()
        permissions = [
            ("manage_tasks", _("可交办与管理征询任务")),
            ("act_on_tasks", _("可办理本联系点的征询任务")),
        ]

    def __str__(self):
        return self.title

    @property
    def subject(self) -> str:
        """What the points consult on: the page's title or the topic."""
        if self.target_page_id and self.target_page is not None:
            return self.target_page.title
        return self.topic


class TaskAssignment(models.Model):
    task = models.ForeignKey(ConsultationTask, on_delete=models.CASCADE, related_name="assignments")
    point = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("联系点"), on_delete=models.CASCADE, related_name="+"
    )
    origin = models.CharField(_("来源"), max_length=10, choices=Origin.choices)
    state = models.CharField(_("状态"), max_length=12, choices=AssignmentState.choices)
    applied_note = models.CharField(_("申办理由"), max_length=1000, blank=True)
    decline_reason = models.CharField(_("未通过的理由"), max_length=1000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reported_at = models.DateTimeField(_("报送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("联系点任务")
        verbose_name_plural = _("联系点任务")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["task", "point"], name="consultations_one_per_point")
        ]
        indexes = [models.Index(fields=["point", "state"])]

    def __str__(self):
        return f"{self.task} · {self.point_id}"

    def late(self, today=None) -> bool:
        reported_on = timezone.localdate(self.reported_at) if self.reported_at else None
        return is_late(self.state, self.task.due_date, reported_on, today or timezone.localdate())

    def board_state(self, today=None) -> str:
        return board_state(self.state, self.late(today))


class StepRecord(models.Model):
    """One of the five steps as the point did it: when, what, how many took part, and which of its
    events it cites (page ids from ``lawbridge_point_activities``)."""

    assignment = models.ForeignKey(TaskAssignment, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("环节"), max_length=12, choices=Step.choices)
    date = models.DateField(_("日期"))
    note = models.TextField(_("情况记录"), max_length=MAX_TEXT, blank=True)
    participants = models.PositiveIntegerField(_("参与人数"), null=True, blank=True)
    event_ids = models.JSONField(_("相关活动"), default=list, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("环节记录")
        verbose_name_plural = _("环节记录")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["assignment", "step"], name="consultations_one_step")
        ]

    def __str__(self):
        return self.get_step_display()


def _evidence_path(instance, filename):
    return f"consultations/evidence/{instance.step.assignment_id}/{filename}"


class StepAttachment(models.Model):
    """A photo, sign-in sheet or document behind a step. Private: served only to the point's staff
    and the office (``admin_views.attachment``)."""

    step = models.ForeignKey(StepRecord, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=_evidence_path, storage=private_storage, max_length=255)
    name = models.CharField(_("文件名"), max_length=255)
    mime = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        default_permissions = ()

    def __str__(self):
        return self.name


def _report_path(instance, filename):
    return f"consultations/reports/{instance.assignment_id}/{filename}"


class TaskReport(models.Model):
    """The point's 汇总报告: prefilled from its steps, edited, then submitted once; the DOCX sent is
    kept as it was at submission."""

    assignment = models.OneToOneField(
        TaskAssignment, on_delete=models.CASCADE, related_name="report"
    )
    summary = models.TextField(_("工作开展情况"), max_length=MAX_TEXT, blank=True)
    opinions = models.TextField(_("主要意见建议"), max_length=MAX_TEXT, blank=True)
    feedback = models.TextField(_("反馈采纳情况"), max_length=MAX_TEXT, blank=True)
    participants = models.PositiveIntegerField(_("参与人数合计"), null=True, blank=True)
    opinions_count = models.PositiveIntegerField(_("收集意见条数"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    docx = models.FileField(
        upload_to=_report_path, storage=private_storage, max_length=255, blank=True
    )

    class Meta:
        verbose_name = _("汇总报告")
        verbose_name_plural = _("汇总报告")
        default_permissions = ()

    def __str__(self):
        return str(self.assignment)


class ReportReturn(models.Model):
    """退回补充: the office sent a submitted report back with a reason. Never edited or deleted: the
    history of a report's returns, each with the DOCX the office had received then."""

    assignment = models.ForeignKey(TaskAssignment, on_delete=models.CASCADE, related_name="returns")
    reason = models.TextField(_("退回理由"), max_length=2000)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(_("退回时间"), default=timezone.now)
    # The submission sent back: when it came and its DOCX (a re-submission writes a new file).
    submitted_at = models.DateTimeField(_("原报送时间"), null=True, blank=True)
    docx = models.FileField(storage=private_storage, max_length=255, blank=True)

    class Meta:
        verbose_name = _("退回记录")
        verbose_name_plural = _("退回记录")
        default_permissions = ()
        ordering = ["-returned_at", "-pk"]

    def __str__(self):
        return f"{self.assignment_id} · {self.returned_at:%Y-%m-%d}"


class TaskReminder(models.Model):
    """A reminder sent (or tried) for one assignment: each kind once (the unique constraint makes
    two runs at once send one). ``delivered`` False: nobody could be reached — retried next run."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("截止前提醒")
        AFTER = "after", _("逾期提醒")

    assignment = models.ForeignKey(
        TaskAssignment, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(default=timezone.now)
    recipients = models.PositiveSmallIntegerField(default=0)
    delivered = models.BooleanField(default=False)

    class Meta:
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(fields=["assignment", "kind"], name="consultations_remind_once")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.assignment_id}"
