"""The opinions admin area (意见建议): its filters, columns, list, inspect and history views, and
the snippet viewsets grouped under one menu. Registered in forms/wagtail_hooks.py."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.models import Page
from wagtail.snippets.views.snippets import (
    CreateView,
    HistoryView,
    IndexView,
    InspectView,
    SnippetViewSet,
    SnippetViewSetGroup,
    UsageView,
)

from core.params import bounded_int
from core.spreadsheets import SafeSpreadsheetExportMixin

from . import admin_views, analysis_admin, group_admin, pii, point_scope, referral_admin
from .admin_filters import TickFilter
from .admin_paginator import CappedCountPaginator
from .batches import not_forwarded
from .deadlines import overdue_page_ids
from .masking import (
    PII_KIND_LABELS,
    can_view_personal_data,
    masked_text,
    personal,
    public_text,
    text_for,
)
from .models import Batch, Category, Channel, Opinion, OpinionGroup, PageOpinionSettings
from .themes import theme_names
from .workflow import FINAL_STATUSES, Publication, Status, allowed_transitions

# --- Opinions -----------------------------------------------------------------------------


class OpinionFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=gettext_lazy("草案/征集"), queryset=lambda request: admin_views.commentable_pages()
    )
    article_label = django_filters.CharFilter(
        label=gettext_lazy("条文（如 第三条）"), method="filter_article"
    )
    status = django_filters.ChoiceFilter(label=gettext_lazy("状态"), choices=Status.choices)
    # 个人信息管理员 work through what waits for 公开审核.
    publication = django_filters.ChoiceFilter(
        label=gettext_lazy("公开审核"), choices=Publication.choices
    )
    category = django_filters.ChoiceFilter(
        label=gettext_lazy("提出人类别"), choices=Category.choices
    )
    channel = django_filters.ChoiceFilter(label=gettext_lazy("渠道"), choices=Channel.choices)
    point = django_filters.ModelChoiceFilter(
        label=gettext_lazy("联系点"),
        queryset=lambda request: (
            Page.objects.type(*admin_views.point_page_models())
            if admin_views.point_page_models()
            else Page.objects.none()
        ),
    )
    submit_time = django_filters.DateFromToRangeFilter(
        label=gettext_lazy("提交日期"), widget=DateRangePickerWidget
    )
    group = django_filters.NumberFilter(label=gettext_lazy("相似意见组编号"))
    # Batch titles only for those who may see batches (not point staff).
    batches = django_filters.ModelChoiceFilter(
        label=gettext_lazy("报送批次"),
        queryset=lambda request: (
            Batch.objects.all()
            if request is not None and request.user.has_perm("forms.view_batch")
            else Batch.objects.none()
        ),
    )
    themes = analysis_admin.theme_filter()
    overdue = TickFilter(label=gettext_lazy("已超答复期限"), method="filter_overdue")

    class Meta:
        model = Opinion
        fields = []

    def filter_article(self, queryset, name, value):
        # By the article's number in the current text, not the one it had (article_refs).
        from .article_refs import article_filter

        page = self.form.cleaned_data.get("page")
        page_ids = (
            [page.pk]
            if page is not None
            else queryset.order_by().values_list("page_id", flat=True).distinct()
        )
        return queryset.filter(article_filter(value, list(page_ids)))

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.exclude(status__in=FINAL_STATUSES).filter(page_id__in=overdue_page_ids())


class PersonalColumn(Column):
    """Shows personal data in clear only to users with ``forms.view_personal_data``."""

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = parent_context.get("request")
        context["value"] = (
            personal(request.user if request else None, instance, self.accessor) or "—"
        )
        return context


class OpinionIndexView(SafeSpreadsheetExportMixin, IndexView):
    """The list, and its CSV/XLSX export: personal data masked without ``view_personal_data``;
    whatever is shown or exported in clear is audit-logged; withdrawn opinions are not exported."""

    paginator_class = CappedCountPaginator

    def get_table(self, object_list):
        # Current article numbers for the whole page of rows at once, not a query per row. An
        # export builds (but never renders) the table over every row: it gets its numbers in
        # ``as_spreadsheet`` instead, without loading the rows into a list here.
        if self.is_export:
            return super().get_table(object_list)
        from .article_refs import CurrentArticles
        from .submission_kinds import StatusLabels

        rows = StatusLabels().decorate(CurrentArticles().decorate(object_list))
        return super().get_table(rows)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        from .article_refs import CurrentArticles

        self.current_articles = CurrentArticles(
            queryset.order_by().values_list("page_id", flat=True).distinct()
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)

    @cached_property
    def header_buttons(self):
        # On a draft's opinions (the list filtered to one page): run the grouping for it.
        page_id = bounded_int(self.request.GET.get("page"))
        button = group_admin.start_button(self.request, page_id) if page_id else None
        return super().header_buttons + ([button] if button else [])

    def to_row_dict(self, item):
        from .list_export import human_row
        from .submission_kinds import StatusLabels

        item.theme_names = theme_names(item)  # the export's 主题 column
        # 转办 columns: the open referral, prefetched by get_queryset.
        referral = next(iter(getattr(item, "open_referrals", [])), None)
        item.referral_department = referral.department.name if referral else ""
        item.referral_reply = referral.reply if referral else ""
        item.referral_rating = referral.get_rating_display() if referral else ""
        if not hasattr(self, "status_labels"):
            self.status_labels = StatusLabels()
        self.status_labels.decorate([item])
        row = super().to_row_dict(item)
        for field in ("name", "phone", "email", "region"):
            if field in row:
                row[field] = personal(self.request.user, item, field)
        if "text" in row:
            row["text"] = text_for(self.request.user, item)
        return human_row(row, item, getattr(self, "current_articles", None))

    def render_to_response(self, context, **response_kwargs):
        from core.audit import log_access

        user = self.request.user
        clear = can_view_personal_data(user)
        if self.is_export:
            if not user.has_perm(admin_views.EXPORT_PERMISSION):
                raise PermissionDenied
            objects = context["object_list"].exclude(status=Status.WITHDRAWN)
            context["object_list"] = objects
            if clear:
                log_access(self.request, "export", Opinion, objects.values_list("pk", flat=True))
        elif clear:
            ids = [o.pk for o in context["object_list"] if o.name]
            if ids:
                log_access(self.request, "list", Opinion, ids)
        return super().render_to_response(context, **response_kwargs)


class PointScopedObjectMixin:
    """Inspect, history, usage: another point's opinion is not found (``point_scope``)."""

    def get_object(self, *args, **kwargs):
        return point_scope.check_can_see(self.request.user, super().get_object(*args, **kwargs))


class OpinionHistoryView(PointScopedObjectMixin, HistoryView):
    pass


class OpinionUsageView(PointScopedObjectMixin, UsageView):
    pass


class OpinionInspectView(PointScopedObjectMixin, InspectView):
    template_name = "forms/admin/opinion_inspect.html"

    def get_context_data(self, **kwargs):
        from core.audit import log_access

        from .article_refs import commented_article

        context = super().get_context_data(**kwargs)
        opinion = self.object
        user = self.request.user
        kinds = pii.kinds(opinion.text)  # computed here too: opinions older than the field
        # Personal data in the text, shown in clear, is an access like the contact fields.
        if can_view_personal_data(user) and any(
            (opinion.name, opinion.phone, opinion.email, opinion.region, kinds)
        ):
            log_access(self.request, "view", Opinion, [opinion.pk])
        can_view_personal = can_view_personal_data(user)
        context.update(
            {
                "opinion": opinion,
                "opinion_text": text_for(user, opinion),
                "public_text": public_text(opinion),
                "personal_data_kinds": [PII_KIND_LABELS.get(k, k) for k in kinds],
                # 公开审核 is the office's step, not a point's.
                "can_publish": can_view_personal and point_scope.sees_every_opinion(user),
                "publication_form": getattr(self.request, "publication_form", None)
                or admin_views.PublicationForm(
                    initial={
                        "decision": opinion.publication
                        if opinion.publication != Publication.PENDING
                        else Publication.MASKED,
                        "public_text": opinion.published_text or masked_text(opinion),
                    }
                ),
                "publications": opinion.publications.select_related("user"),
                "history": opinion.history.select_related("user"),
                "can_handle": user.has_perm(admin_views.HANDLE_PERMISSION),
                "can_view_personal": can_view_personal_data(user),
                "transition_form": getattr(self.request, "transition_form", None)
                or admin_views.transition_form_for(opinion),
                "has_transitions": bool(allowed_transitions(opinion.status)),
                "personal": {
                    f: personal(user, opinion, f) for f in ("name", "phone", "email", "region")
                },
                "attachments": opinion.attachments.all(),
                **commented_article(opinion),
                "overdue": opinion.page_id in overdue_page_ids() and not opinion.is_final,
                **analysis_admin.inspect_context(self.request, opinion),
                **admin_views.adoption_context(self.request, opinion),
                **referral_admin.inspect_context(self.request, opinion),
            }
        )
        return context


def open_referrals():
    from django.db.models import Prefetch

    from .referral_models import Referral

    return Prefetch(
        "referrals",
        queryset=Referral.objects.filter(cancelled_at__isnull=True).select_related("department"),
        to_attr="open_referrals",
    )


class OpinionViewSet(SnippetViewSet):
    model = Opinion
    chooser_enabled = False  # picked in no form, so no chooser (core/upstream/snippet_access.py)
    icon = "comment"
    menu_label = gettext_lazy("全部意见")
    url_prefix = "opinions/opinions"
    inspect_view_enabled = True
    inspect_view_class = OpinionInspectView
    history_view_class = OpinionHistoryView
    usage_view_class = OpinionUsageView
    index_view_class = OpinionIndexView
    filterset_class = OpinionFilterSet
    list_export = [
        "receipt_code", "page_title", "article_label", "text", "category", "channel", "status",
        "name", "phone", "email", "region", "submit_time", "theme_names", "source_display",
        "subject", "referral_department", "referral_reply", "referral_rating",
    ]  # fmt: skip
    export_headings = {
        "receipt_code": gettext_lazy("回执码"),
        "page_title": gettext_lazy("草案"),
        "article_label": gettext_lazy("条文"),
        "text": gettext_lazy("意见内容"),
        "category": gettext_lazy("类别"),
        "channel": gettext_lazy("渠道"),
        "status": gettext_lazy("状态"),
        "name": gettext_lazy("姓名"),
        "phone": gettext_lazy("电话"),
        "email": gettext_lazy("邮箱"),
        "region": gettext_lazy("地区/社区"),
        "submit_time": gettext_lazy("提交时间"),
        "theme_names": gettext_lazy("主题"),
        "source_display": gettext_lazy("联系点/来源"),
        "subject": pgettext_lazy("submission subject", "主题"),
        "referral_department": gettext_lazy("转办单位"),
        "referral_reply": gettext_lazy("单位答复"),
        "referral_rating": gettext_lazy("群众评价"),
    }
    export_filename = "opinions"
    search_fields = ["text", "receipt_code"]
    search_backend_name = None  # ORM search: receipt codes and Chinese substrings both work
    list_per_page = 50
    ordering = ["-submit_time", "-id"]
    copy_view_enabled = False
    # Editors may correct the category and the public flag; never what was said, by whom, its
    # receipt code or its status (status moves only through workflow.transition(), with history,
    # reply and notification). Without explicit panels SnippetViewSet would edit every field.
    panels = [FieldPanel("category"), FieldPanel("publish_consent")]
    list_display = [
        TitleColumn(
            "receipt_code",
            label=gettext_lazy("回执码"),
            url_name="wagtailsnippets_forms_opinion:inspect",
        ),
        Column("excerpt", label=gettext_lazy("意见"), accessor=lambda o: masked_text(o)[:60]),
        Column("page_title", label=gettext_lazy("草案")),
        Column("article_reference", label=gettext_lazy("条文")),
        Column("category", label=gettext_lazy("类别"), accessor="get_category_display"),
        Column("channel", label=gettext_lazy("渠道"), accessor=admin_views.channel_label),
        Column("source", label=gettext_lazy("联系点/来源"), accessor="source_display"),
        PersonalColumn("name", label=gettext_lazy("提交人")),
        Column("status", label=gettext_lazy("状态"), accessor="status_display", sort_key="status"),
        Column("group_id", label=gettext_lazy("组")),
        Column("themes", label=gettext_lazy("主题"), accessor=theme_names),
        Column("submit_time", label=gettext_lazy("提交时间"), sort_key="submit_time"),
    ]

    def get_queryset(self, request):
        return point_scope.visible_opinions(
            request.user,
            Opinion.objects.defer("form_data", "reply")
            .select_related("point")
            .prefetch_related("themes", open_referrals()),
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("transition/<int:pk>/", admin_views.transition_view, name="transition"),
            path("publication/<int:pk>/", admin_views.publication_view, name="publication"),
            path("adopted-into/<int:pk>/", admin_views.adoption_view, name="adopted_into"),
            path("attachment/<int:pk>/", admin_views.download_attachment, name="attachment"),
            *analysis_admin.opinion_urlpatterns(),
            *referral_admin.opinion_urlpatterns(),
        ]


# --- Similar-opinion groups ----------------------------------------------------------------


class GroupInspectView(InspectView):
    template_name = "forms/admin/group_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        group = self.object
        members = group.members.order_by("pk")
        context.update(
            {
                "group": group,
                "members": members[:200],
                "member_count": members.count(),
                "status_counts": [
                    (Status(row["status"]).label, row["n"])
                    for row in members.values("status").annotate(n=Count("pk")).order_by()
                ],
                "answer_form": admin_views.GroupAnswerForm(group=group),
                "merge_form": group_admin.MergeForm(),
                "adjustments": group_admin.adjustments(group),
                "can_handle": self.request.user.has_perm(admin_views.HANDLE_PERMISSION),
                "list_url": admin_views.opinions_index_url(group=group.pk),
            }
        )
        return context


class OpinionGroupIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        page_id = bounded_int(self.request.GET.get("page"))
        button = group_admin.start_button(self.request, page_id)
        return super().header_buttons + ([button] if button else [])


class OpinionGroupViewSet(SnippetViewSet):
    model = OpinionGroup
    chooser_enabled = False  # picked in no form, so no chooser (core/upstream/snippet_access.py)
    index_view_class = OpinionGroupIndexView
    icon = "group"
    menu_label = gettext_lazy("相似意见组")
    url_prefix = "opinions/groups"
    inspect_view_enabled = True
    inspect_view_class = GroupInspectView
    copy_view_enabled = False
    panels = []  # nothing to edit by hand (see OpinionGroupPermissionPolicy)
    list_display = [
        TitleColumn(
            "id", label=gettext_lazy("编号"), url_name="wagtailsnippets_forms_opiniongroup:inspect"
        ),
        Column("size", label=gettext_lazy("意见数"), sort_key="size"),
        Column(
            "representative",
            label=gettext_lazy("代表意见"),
            # Masked: the list is for every handler, with or without the personal-data right.
            accessor=lambda g: masked_text(g.representative)[:80] if g.representative_id else "",
        ),
        Column("created_at", label=gettext_lazy("创建时间")),
    ]
    list_filter = {"page": ["exact"]}

    def get_queryset(self, request):
        return OpinionGroup.objects.select_related("representative").filter(size__gt=1)

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("answer/<int:pk>/", admin_views.group_transition_view, name="answer"),
            path("regroup/", group_admin.start_view, name="regroup"),
            path("runs/<int:pk>/", group_admin.run_view, name="run"),
            path("members/<int:pk>/", group_admin.members_view, name="members"),
            path("merge/<int:pk>/", group_admin.merge_view, name="merge"),
        ]


# --- Batches for the committee -------------------------------------------------------------


class BatchInspectView(InspectView):
    template_name = "forms/admin/batch_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batch = self.object
        context.update(
            {
                "batch": batch,
                "opinion_count": batch.opinions.count(),
                "not_forwarded": not_forwarded(batch) if batch.state == Batch.State.SENT else [],
                "can_export": self.request.user.has_perm(admin_views.EXPORT_PERMISSION),
                "list_url": admin_views.opinions_index_url(batches=batch.pk),
            }
        )
        return context


class BatchCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class BatchViewSet(SnippetViewSet):
    model = Batch
    chooser_enabled = False  # picked in no form, so no chooser (core/upstream/snippet_access.py)
    icon = "mail"
    menu_label = gettext_lazy("报送批次")
    url_prefix = "opinions/batches"
    inspect_view_enabled = True
    inspect_view_class = BatchInspectView
    add_view_class = BatchCreateView
    copy_view_enabled = False
    # State, dates and author are bookkeeping: set by adding, exporting and sending, never typed.
    panels = [FieldPanel("title"), FieldPanel("recipient"), FieldPanel("note")]
    list_display = [
        TitleColumn(
            "title", label=gettext_lazy("批次名称"), url_name="wagtailsnippets_forms_batch:inspect"
        ),
        Column("state", label=gettext_lazy("状态"), accessor="get_state_display"),
        Column("created_at", label=gettext_lazy("创建时间")),
        Column("sent_at", label=gettext_lazy("报送时间")),
    ]

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("export/<int:pk>/", admin_views.batch_export_view, name="export"),
            path("download/<int:pk>/<str:kind>/", admin_views.batch_download_view, name="download"),
        ]


# --- Publication and feedback per draft ----------------------------------------------------


class YesNoColumn(Column):
    """是 / 否 in words: Wagtail's BooleanColumn names its icons "True" and "False", which is
    what a screen reader then says to the office."""

    def get_value(self, instance):
        return _("是") if super().get_value(instance) else _("否")


class PageOpinionSettingsViewSet(SnippetViewSet):
    model = PageOpinionSettings
    icon = "cog"
    menu_label = gettext_lazy("公开与反馈")
    url_prefix = "opinions/settings"
    copy_view_enabled = False
    list_display = [
        TitleColumn(
            "page",
            label=gettext_lazy("草案/征集"),
            url_name="wagtailsnippets_forms_pageopinionsettings:edit",
        ),
        YesNoColumn("show_public_opinions", label=gettext_lazy("公开展示意见")),
        YesNoColumn("feedback_published", label=gettext_lazy("已发布反馈")),
    ]


# --- One menu for all of them --------------------------------------------------------------


class OpinionsGroup(SnippetViewSetGroup):
    items = (
        OpinionViewSet,
        OpinionGroupViewSet,
        BatchViewSet,
        analysis_admin.ThemeViewSet,
        analysis_admin.ReplyTemplateViewSet,
        PageOpinionSettingsViewSet,
        referral_admin.ReferralViewSet,
        referral_admin.DepartmentViewSet,
    )
    menu_icon = "comment"
    menu_label = gettext_lazy("意见建议")
    menu_name = "opinions"
    menu_order = 250
