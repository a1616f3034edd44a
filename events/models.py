"""Events (活动通知) of the liaison points: 立法赶集, 流动板凳会, 座谈会, 论证会, 代表接待日…

An event page lives under its organising point (the page playing the liaison-point role), so that the
point's staff may post it. Without the liaison points plugin, events live under the index."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Orderable
from wagtail.search import index
from wagtail.url_routing import RouteResult

from core.masking import mask_phone
from core.models import BasePage, parent_page_ids
from core.plugins import DRAFT_PAGE, POINT_PAGE, page_types_for

EVENT_TYPES = [
    ("market", _("立法赶集")),
    ("bench", _("流动板凳会")),
    ("forum", _("座谈会")),
    ("hearing", _("论证会")),
    ("reception", _("代表接待日")),
    ("lecture", _("普法讲座")),
    ("training", _("培训")),
]

# How many people one sign-up may bring, at most (the event's own cap is at most this).
MAX_PEOPLE_PER_REGISTRATION = 10
DEFAULT_PEOPLE_PER_REGISTRATION = 5

# What, when changed after people signed up, they are told about (events/changes.py).
WATCHED_FIELDS = ("start", "place", "cancelled")
# Sub-pages of an event that belong to one visitor's sign-up (events/cancellation.py).
PERSONAL_PAGES = ("cancel", "registered")

# Events live under the page that plays the liaison-point role, when a plugin provides one
# (declared in that plugin's AppConfig; this plugin never names it).
_POINT_TYPES = page_types_for(POINT_PAGE)
POINTS_INSTALLED = bool(_POINT_TYPES)
POINT_MODEL = _POINT_TYPES[0] if _POINT_TYPES else None


def _draft_chooser_types() -> list[str]:
    # Restricted to drafts when a plugin provides them (drafts is never imported).
    return page_types_for(DRAFT_PAGE) or ["wagtailcore.Page"]


class EventIndexPage(BasePage):
    """活动通知: upcoming and past events of every point, filterable, with a month calendar."""

    intro = RichTextField(_("导语"), blank=True, features=["bold", "link"])

    content_panels = BasePage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = [] if POINTS_INSTALLED else ["events.EventNoticePage"]
    max_count_per_parent = 1
    api_fields = [APIField("intro")]

    class Meta:
        verbose_name = _("活动通知列表")

    # listing.py and registration.py import this module, so it imports them only when a request
    # comes: at import time the dependency runs one way (tests/events/test_module_structure.py).
    def get_context(self, request, *args, **kwargs):
        from .listing import index_context

        context = super().get_context(request, *args, **kwargs)
        context.update(index_context(self, request))
        return context


class EventNoticePage(BasePage):
    event_type = models.CharField(_("活动类型"), max_length=20, choices=EVENT_TYPES)
    start = models.DateTimeField(_("开始时间"))
    end = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=255)
    summary = models.CharField(_("简介"), max_length=500, blank=True)
    body = RichTextField(_("活动内容"), blank=True, features=["bold", "link", "ol", "ul"])
    audience = models.CharField(
        _("参加对象"), max_length=255, blank=True, help_text=_("例如：辖区居民、企业代表")
    )
    related_draft = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("征求意见的法规草案"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Called off by the organiser: the page stays up saying so, and whoever signed up is told.
    cancelled = models.BooleanField(
        _("活动取消"),
        default=False,
        help_text=_("勾选并发布后，页面显示活动已取消，已报名的群众会收到通知。"),
    )
    registration_open = models.BooleanField(_("需要报名"), default=False)
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("留空表示不限名额。")
    )
    registration_closes = models.DateTimeField(
        _("报名截止"), null=True, blank=True, help_text=_("留空则到活动开始时截止。")
    )
    # One sign-up may not take every place: one client once booked 60 in six requests.
    max_people = models.PositiveSmallIntegerField(
        _("每人最多可报人数"),
        default=DEFAULT_PEOPLE_PER_REGISTRATION,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE_PER_REGISTRATION)],
        help_text=_("一个电话号码一次报名最多可带的人数（含本人）。"),
    )
    report = RichTextField(_("活动报道"), blank=True, features=["bold", "link", "ol", "ul"])
    participants = models.PositiveIntegerField(
        _("参加人数"),
        null=True,
        blank=True,
        help_text=_("有签到记录时，页面和考核按签到人次计算，不用此数。"),
    )
    opinions_collected = models.PositiveIntegerField(_("收集意见数"), null=True, blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("event_type"),
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("place"),
                FieldPanel("audience"),
                FieldPanel("cancelled"),
            ],
            heading=_("时间地点"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
        PageChooserPanel("related_draft", page_type=_draft_chooser_types()),
        MultiFieldPanel(
            [
                FieldPanel("registration_open"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_closes")]),
                FieldPanel("max_people"),
            ],
            heading=_("报名"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("report"),
                FieldRowPanel([FieldPanel("participants"), FieldPanel("opinions_collected")]),
                InlinePanel("report_images", label=_("活动照片")),
            ],
            heading=_("活动结束后的报道"),
            classname="collapsed",
        ),
    ]
    parent_page_types = [POINT_MODEL] if POINTS_INSTALLED else ["events.EventIndexPage"]
    subpage_types: list[str] = []
    search_kind = "event"
    search_fields = BasePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("place"),
        index.SearchField("report"),
        index.FilterField("event_type"),
        index.FilterField("start"),
        index.FilterField("end"),
    ]
    api_fields = [
        APIField("event_type"),
        APIField("start"),
        APIField("end"),
        APIField("place"),
        APIField("summary"),
        APIField("body"),
        APIField("audience"),
        APIField("related_draft"),
        APIField("organising_point_id"),
        APIField("registration_open"),
        APIField("capacity"),
        APIField("places_left"),
        APIField("report"),
        APIField("participants"),
        APIField("opinions_collected"),
    ]

    class Meta:
        verbose_name = _("活动通知")
        verbose_name_plural = _("活动通知")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["end"])]

    def clean(self):
        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("结束时间不能早于开始时间。")})

    # The organising point is the page above the event.
    @cached_property
    def organising_point(self):
        parent = self.get_parent()
        if parent is None or not POINTS_INSTALLED:
            return None
        parent = parent.specific
        return parent if parent._meta.label == POINT_MODEL else None

    @property
    def organising_point_id(self):
        point = self.organising_point
        return point.pk if point else None

    def search_point_ids(self) -> list[int]:
        point_id = self.organising_point_id
        return [point_id] if point_id else []

    @classmethod
    def search_point_ids_for(cls, page_ids: list[int]) -> dict[int, list[int]]:
        # The organising point is the parent: one query for every hit, not get_parent() each.
        if not POINTS_INSTALLED:
            return {}
        points = parent_page_ids(page_ids, apps.get_model(POINT_MODEL))
        return {page_id: [point_id] for page_id, point_id in points.items()}

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @property
    def is_upcoming(self) -> bool:
        return self.end >= timezone.now()

    @property
    def has_report(self) -> bool:
        return bool(
            self.report or self.participants is not None or self.opinions_collected is not None
        )

    def registered_people(self) -> int:
        return self.registrations.active().aggregate(total=Sum("people"))["total"] or 0

    @property
    def places_left(self) -> int | None:
        if not self.registration_open or self.capacity is None:
            return None
        return max(self.capacity - self.registered_people(), 0)

    def registration_deadline(self):
        return self.registration_closes or self.start

    def registration_state(self, now=None) -> str:
        """ "none" (no registration), "open", "full", "closed" (deadline passed) or "cancelled"
        (the event is called off)."""
        if not self.registration_open:
            return "none"
        if self.cancelled:
            return "cancelled"
        now = now or timezone.now()
        if now >= self.registration_deadline():
            return "closed"
        if self.capacity is not None and self.registered_people() >= self.capacity:
            return "full"
        return "open"

    def register(
        self, name: str, phone: str, people: int = 1, language: str = ""
    ) -> EventRegistration | None:
        """Sign up for this event, never beyond its places (``registration.sign_up``)."""
        from .registration import sign_up

        return sign_up(self, name, phone, people, language=language)

    def save(self, *args, **kwargs):
        # Publishing writes every field; saving a draft only Wagtail's bookkeeping. A change of
        # time, place or the event being called off reaches those signed up (events/changes.py).
        update_fields = kwargs.get("update_fields")
        watched = update_fields is None or bool(set(update_fields) & set(WATCHED_FIELDS))
        before = None
        if self.pk and watched:
            before = type(self).objects.filter(pk=self.pk).values(*WATCHED_FIELDS).first()
        super().save(*args, **kwargs)
        if before is not None:
            from .changes import record_change

            record_change(self, before)

    def route(self, request, path_components):
        # <event url>cancel/ and <event url>registered/: the two pages of one person's sign-up.
        if len(path_components) == 1 and path_components[0] in PERSONAL_PAGES and self.live:
            return RouteResult(self, kwargs={"personal": path_components[0]})
        # <event url>checkin/<token>/: self check-in with the link shown at the venue.
        if len(path_components) == 2 and path_components[0] == "checkin" and self.live:
            return RouteResult(self, kwargs={"checkin": path_components[1]})
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        from .registration import event_context

        context = super().get_context(request, *args, **kwargs)
        context.update(event_context(self, request, kwargs.get("form")))
        return context

    def serve(self, request, *args, **kwargs):
        if kwargs.get("checkin"):
            from .checkin import serve_self_check_in

            return serve_self_check_in(self, request, kwargs["checkin"])
        if kwargs.get("personal"):
            from .cancellation import serve_personal_page

            return serve_personal_page(self, request, kwargs["personal"])
        if request.method == "POST" and self.registration_open:
            from .registration import handle_registration

            return handle_registration(self, request)
        return super().serve(request, *args, **kwargs)


class EventReportImage(Orderable):
    event = ParentalKey(EventNoticePage, related_name="report_images", on_delete=models.CASCADE)
    image = models.ForeignKey(
        "core.CustomImage", verbose_name=_("图片"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("图片说明"), max_length=255, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("活动照片")


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Sign-ups still holding their places (not cancelled by the person)."""
        return self.filter(cancelled__isnull=True)


class EventRegistration(models.Model):
    """One sign-up for an event. The phone is personal data: shown masked in the admin.

    A sign-up cancelled with its code stays on the list (marked), without holding a place or
    blocking the same phone from signing up again."""

    event = models.ForeignKey(
        EventNoticePage,
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30)
    # ``phone`` as typed, reduced to its digits (events/phones.py): one sign-up per phone per event.
    # Empty only for sign-ups kept from before the rule that duplicated an earlier one.
    phone_key = models.CharField(_("电话号码（规范化）"), max_length=30, blank=True, editable=False)
    people = models.PositiveSmallIntegerField(
        _("人数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    created = models.DateTimeField(_("报名时间"), auto_now_add=True)
    # Shown once on the confirmation page and sent by SMS: with the phone it cancels the sign-up.
    cancel_code = models.CharField(_("取消码"), max_length=12, blank=True, editable=False)
    cancelled = models.DateTimeField(_("取消时间"), null=True, blank=True, editable=False)
    # The language the person signed up in: later notices are written in it.
    language = models.CharField(_("语言"), max_length=12, blank=True, editable=False)
    # Whether the SMS with the cancel code went out: None not yet tried, False could not be sent.
    code_sent = models.BooleanField(_("取消码已发送"), null=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动报名")
        verbose_name_plural = _("活动报名")
        ordering = ["created"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "phone_key"],
                condition=~Q(phone_key="") & Q(cancelled__isnull=True),
                name="one_registration_per_phone",
            )
        ]
        # Point staff call registrants when an event changes: they hold this (liaison_points grants
        # it to every point's group). Everyone else who can edit the event sees phones masked.
        permissions = [("view_registration_phone", _("可查看报名人电话"))]

    def __str__(self):
        return f"{self.name} ({self.people})"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class EventChangeNotice(models.Model):
    """A late change of an event (time, place, called off) as sent to those signed up: what
    changed, to how many, and who could not be reached (staff phone them instead)."""

    event = models.ForeignKey(
        EventNoticePage,
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="change_notices",
    )
    # The revision whose publication made the change: the editor's confirmation finds it.
    revision_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created = models.DateTimeField(_("变更时间"), auto_now_add=True)
    # {"start": [old ISO, new ISO]}, {"place": [old, new]}, {"cancelled": [false, true]}
    changes = models.JSONField(_("变更内容"), default=dict)
    recipients = models.PositiveIntegerField(_("应通知人数"), default=0)
    sent = models.PositiveIntegerField(_("已通知人数"), default=0)
    done = models.BooleanField(_("已发送完毕"), default=False)
    not_reached = models.ManyToManyField(
        EventRegistration, verbose_name=_("未能通知"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("活动变更通知")
        verbose_name_plural = _("活动变更通知")
        ordering = ["-created"]

    def __str__(self):
        return f"{self.event_id} {self.created:%Y-%m-%d %H:%M}"


class AttendanceQuerySet(models.QuerySet):
    def present(self):
        """Check-ins that stand (not undone by staff)."""
        return self.filter(undone_at__isnull=True)


class EventAttendance(models.Model):
    """One check-in (签到) at an event: a sign-up arriving, or someone who came without one (现场登记).
    The sum of ``people`` over an event's check-ins is its person-times (人次) for the scorecard.

    A check-in made by mistake is undone, not deleted: who undid it and when stays on record, and
    the same person may then be checked in again."""

    METHOD_STAFF = "staff"
    METHOD_SELF = "self"
    METHODS = [(METHOD_STAFF, _("工作人员签到")), (METHOD_SELF, _("扫码自助签到"))]

    event = models.ForeignKey(
        EventNoticePage,
        verbose_name=_("活动"),
        on_delete=models.CASCADE,
        related_name="attendances",
    )
    registration = models.ForeignKey(
        EventRegistration,
        verbose_name=_("报名"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attendances",
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    # Digits of ``phone`` (events/phones.py): one check-in per phone per event. Empty for a walk-in
    # who gave no phone.
    phone_key = models.CharField(_("电话号码（规范化）"), max_length=30, blank=True, editable=False)
    people = models.PositiveSmallIntegerField(
        _("人数"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PEOPLE_PER_REGISTRATION)],
    )
    checked_in_at = models.DateTimeField(_("签到时间"), default=timezone.now)
    method = models.CharField(_("签到方式"), max_length=10, choices=METHODS)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("撤销人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("活动签到")
        verbose_name_plural = _("活动签到")
        ordering = ["checked_in_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(registration__isnull=False) & Q(undone_at__isnull=True),
                name="one_check_in_per_registration",
            ),
            models.UniqueConstraint(
                fields=["event", "phone_key"],
                condition=~Q(phone_key="") & Q(undone_at__isnull=True),
                name="one_check_in_per_phone",
            ),
            models.CheckConstraint(
                condition=Q(people__gte=1) & Q(people__lte=MAX_PEOPLE_PER_REGISTRATION),
                name="check_in_people_1_to_10",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.people})"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)
