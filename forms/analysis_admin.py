"""Response analysis in the admin: themes per draft, analyst notes on the inspect page, the theme
filter and export column, reply templates and the bulk actions 标记主题 and 批量答复.

Registered from forms/wagtail_hooks.py. Whoever may view opinions sees themes and notes; whoever
may handle them (forms.change_opinion) defines themes and templates, tags, writes notes and
answers. Notes are internal: no public view, API, feedback table or committee export reads them.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.models import Locale
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.bulk_actions.snippet_bulk_action import SnippetBulkAction
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, pii
from .admin_messages import report_errors
from .analysis_models import MAX_NOTE_LENGTH, MAX_REPLY_LENGTH, AnalystNote, ReplyTemplate, Theme
from .masking import can_view_personal_data
from .models import Opinion
from .replies import DECISION_CHOICES, answer_many, blocked_reason
from .themes import tag, themes_for_page, untag

HANDLE_PERMISSION = admin_views.HANDLE_PERMISSION

# --- Permissions: the opinion rights decide ----------------------------------------------------


class OpinionToolPolicy(ModelPermissionPolicy):
    """Themes and reply templates are the working tools of the people who handle opinions: those
    who may view opinions see them, those who may change opinions manage them. So the office's
    roles (forms migration 0007) need no new permissions, and nobody else gets them."""

    def __init__(self, model):
        super().__init__(model, auth_model=Opinion)

    def _get_permission_codename(self, action):
        if action == "view":
            return "view_opinion"
        if action in {"add", "change", "delete"}:
            return "change_opinion"
        return f"{action}_opinion"  # no such permission: other actions only for superusers


for _model in (Theme, ReplyTemplate):
    register_permission_policy(_model, OpinionToolPolicy(_model))


# --- Choices -----------------------------------------------------------------------------


def draft_pages():
    """Pages a theme or template may belong to: commentable pages in the default language, as
    opinions are stored against the source page of a translation (forms.intake.source_page)."""
    return admin_views.commentable_pages().filter(locale=Locale.get_default())


def theme_label(theme) -> str:
    return f"{theme.name}（{theme.page.title}）"


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return theme_label(obj)


class ThemeMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return theme_label(obj)


class ThemeFilter(django_filters.ModelChoiceFilter):
    """The opinion list's 主题 filter; the export follows it like every other filter."""

    field_class = ThemeChoiceField


def theme_filter():
    return ThemeFilter(
        label=gettext_lazy("主题"),
        field_name="themes",
        queryset=lambda request: Theme.objects.select_related("page"),
    )


class DraftPageFormMixin:
    """A plain select of the drafts (default language) instead of the page explorer."""

    page_required = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["page"]
        field.queryset = draft_pages()
        field.required = self.page_required
        field.empty_label = _("（所有草案）") if not self.page_required else "---------"


class ThemeAdminForm(DraftPageFormMixin, WagtailAdminModelForm):
    pass


class ReplyTemplateAdminForm(DraftPageFormMixin, WagtailAdminModelForm):
    page_required = False


# --- Viewsets ----------------------------------------------------------------------------


class ThemeFilterSet(WagtailFilterSet):
    page = django_filters.ModelChoiceFilter(
        label=gettext_lazy("草案/征集"), queryset=lambda request: draft_pages()
    )

    class Meta:
        model = Theme
        fields = []


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = gettext_lazy("意见主题")
    url_prefix = "opinions/themes"
    copy_view_enabled = False
    filterset_class = ThemeFilterSet
    # Name and draft only: which opinions carry a theme is set by tagging, not on this form.
    edit_handler = ObjectList(
        [FieldPanel("page", widget=forms.Select), FieldPanel("name"), FieldPanel("description")],
        base_form_class=ThemeAdminForm,
    )
    list_display = [
        TitleColumn(
            "name", label=gettext_lazy("主题"), url_name="wagtailsnippets_forms_theme:edit"
        ),
        Column("page", label=gettext_lazy("草案/征集"), accessor=lambda t: t.page.title),
        Column("description", label=gettext_lazy("说明")),
        # The count links to the opinion list filtered by the theme, whose export follows it.
        TitleColumn(
            "opinion_count",
            label=gettext_lazy("意见数"),
            sort_key="opinion_count",
            get_url=lambda t: admin_views.opinions_index_url(themes=t.pk),
        ),
    ]

    def get_queryset(self, request):
        return Theme.objects.select_related("page").annotate(opinion_count=Count("opinions"))


class ReplyTemplateViewSet(SnippetViewSet):
    model = ReplyTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("答复模板")
    url_prefix = "opinions/reply-templates"
    copy_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("name"), FieldPanel("page", widget=forms.Select), FieldPanel("text")],
        base_form_class=ReplyTemplateAdminForm,
    )
    list_display = [
        TitleColumn(
            "name",
            label=gettext_lazy("模板名称"),
            url_name="wagtailsnippets_forms_replytemplate:edit",
        ),
        Column(
            "page",
            label=gettext_lazy("适用草案"),
            accessor=lambda t: t.page.title if t.page_id else _("所有草案"),
        ),
        Column("excerpt", label=gettext_lazy("答复内容"), accessor=lambda t: t.text[:60]),
        Column("updated_at", label=gettext_lazy("修改时间"), sort_key="updated_at"),
    ]

    def get_queryset(self, request):
        return ReplyTemplate.objects.select_related("page")


# --- The inspect page: themes and notes of one opinion ----------------------------------------


class OpinionThemesForm(forms.Form):
    themes = forms.ModelMultipleChoiceField(
        label=gettext_lazy("选择本草案的主题"),
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, opinion, **kwargs):
        super().__init__(*args, **kwargs)
        # Only this draft's themes: an id of another draft's theme is an invalid choice.
        self.fields["themes"].queryset = themes_for_page(opinion.page_id)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("分析备注（仅内部可见，不公开、不报送）"),
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def inspect_context(request, opinion) -> dict:
    """What the inspect page shows of the analysis. Notes are the office's words, but staff may
    copy a phone number into one: masked like the opinion's text without the personal-data
    right."""
    user = request.user
    can_handle = user.has_perm(HANDLE_PERMISSION)
    clear = can_view_personal_data(user)
    notes = opinion.analyst_notes.select_related("author")
    themes = opinion.themes.all()
    return {
        "analysis_themes": themes,
        "analysis_notes": [(note, note.text if clear else pii.mask(note.text)) for note in notes],
        "analysis_can_handle": can_handle,
        "analysis_has_page_themes": themes_for_page(opinion.page_id).exists(),
        "theme_form": OpinionThemesForm(opinion=opinion, initial={"themes": list(themes)})
        if can_handle
        else None,
        "note_form": NoteForm() if can_handle else None,
        "themes_admin_url": reverse("wagtailsnippets_forms_theme:list"),
    }


def _inspect_url(pk):
    return reverse("wagtailsnippets_forms_opinion:inspect", args=[pk]) + "#analysis-heading"


def _form_errors(form) -> str:
    return "；".join(" ".join(errors) for errors in form.errors.values())


@require_POST
def opinion_themes_view(request, pk):
    if not request.user.has_perm(HANDLE_PERMISSION):
        raise PermissionDenied
    opinion = get_object_or_404(Opinion, pk=pk)
    form = OpinionThemesForm(request.POST, opinion=opinion)
    if form.is_valid():
        opinion.themes.set(form.cleaned_data["themes"])
        messages.success(request, _("主题已保存。"))
    else:
        messages.error(request, _("无法保存主题：%(errors)s") % {"errors": _form_errors(form)})
    return redirect(_inspect_url(pk))


@require_POST
def add_note_view(request, pk):
    if not request.user.has_perm(HANDLE_PERMISSION):
        raise PermissionDenied
    opinion = get_object_or_404(Opinion, pk=pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("无法保存备注：%(errors)s") % {"errors": _form_errors(form)})
        return redirect(_inspect_url(pk))
    text = form.cleaned_data["text"]
    # A double click or a resent form posts the same words again: keep one.
    recent = timezone.now() - timezone.timedelta(minutes=10)
    if not opinion.analyst_notes.filter(
        author=request.user, text=text, created_at__gte=recent
    ).exists():
        AnalystNote.objects.create(opinion=opinion, author=request.user, text=text)
    messages.success(request, _("备注已保存。"))
    return redirect(_inspect_url(pk))


def opinion_urlpatterns():
    """Added to the opinion viewset's URLs (wagtailsnippets_forms_opinion:…)."""
    return [
        path("themes/<int:pk>/", opinion_themes_view, name="themes"),
        path("notes/<int:pk>/", add_note_view, name="notes"),
    ]


# --- Bulk actions --------------------------------------------------------------------------


def _selected_page_ids(request):
    """The drafts of the selected opinions, to offer only their themes and templates (None: the
    whole list was selected, offer all)."""
    ids = request.GET.getlist("id")
    if "all" in ids:
        return None
    pks = [int(i) for i in ids if i.isdigit()]
    return set(Opinion.objects.filter(pk__in=pks).values_list("page_id", flat=True))


class OpinionAnalysisBulkAction(SnippetBulkAction):
    models = [Opinion]

    def check_perm(self, obj):
        return self.request.user.has_perm(HANDLE_PERMISSION)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "page_ids": _selected_page_ids(self.request)}

    def get_execution_context(self):
        self.errors = []
        return {**super().get_execution_context(), "errors": self.errors}

    def get_success_message(self, num_parent_objects, num_child_objects):
        report_errors(self.request, self.errors)
        return self.success_message(num_parent_objects) if num_parent_objects else None


class ThemeBulkForm(forms.Form):
    themes = ThemeMultipleChoiceField(
        label=gettext_lazy("主题"),
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("请至少选择一个主题。")},
    )
    operation = forms.ChoiceField(
        label=gettext_lazy("操作"),
        choices=[("add", gettext_lazy("加上主题")), ("remove", gettext_lazy("去掉主题"))],
        initial="add",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, page_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        themes = Theme.objects.select_related("page")
        if page_ids is not None:
            themes = themes.filter(page_id__in=page_ids)
        self.fields["themes"].queryset = themes


class ThemeBulkAction(OpinionAnalysisBulkAction):
    display_name = gettext_lazy("标记主题")
    action_type = "opinions_themes"
    aria_label = gettext_lazy("为所选意见加上或去掉主题")
    template_name = "forms/admin/bulk_confirm.html"
    form_class = ThemeBulkForm
    action_priority = 50

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        self.operation = data["operation"]
        return {
            **super().get_execution_context(),
            "themes": list(data["themes"]),
            "remove": self.operation == "remove",
        }

    @classmethod
    def execute_action(cls, objects, themes=(), remove=False, errors=None, **kwargs):
        done, failed = (untag if remove else tag)(objects, themes)
        errors.extend(failed)
        return done, 0

    def success_message(self, n):
        if self.operation == "remove":
            return _("已为 %(n)s 条意见去掉主题。") % {"n": n}
        return _("已为 %(n)s 条意见加上主题。") % {"n": n}


class AnswerBulkForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("采纳结果"), choices=DECISION_CHOICES, widget=forms.RadioSelect
    )
    template = forms.ModelChoiceField(
        label=gettext_lazy("答复模板"),
        queryset=ReplyTemplate.objects.none(),
        required=False,
        empty_label=gettext_lazy("（不用模板）"),
    )
    reply = forms.CharField(
        label=gettext_lazy("或填写答复（将分别通知每位提交人）"),
        required=False,
        max_length=MAX_REPLY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    note = forms.CharField(label=gettext_lazy("备注"), required=False, max_length=200)

    def __init__(self, *args, page_ids=None, **kwargs):
        super().__init__(*args, **kwargs)
        templates = ReplyTemplate.objects.all()
        if page_ids is not None:
            templates = templates.filter(Q(page__isnull=True) | Q(page_id__in=page_ids))
        self.fields["template"].queryset = templates

    def clean(self):
        cleaned = super().clean()
        template, reply = cleaned.get("template"), (cleaned.get("reply") or "").strip()
        if template and reply:
            raise forms.ValidationError(_("请选择答复模板或填写答复，不要同时使用。"))
        if not template and not reply and "reply" not in self.errors:
            raise forms.ValidationError(_("请选择答复模板或填写答复。"))
        return cleaned


class AnswerBulkAction(OpinionAnalysisBulkAction):
    display_name = gettext_lazy("批量答复")
    action_type = "opinions_answer"
    aria_label = gettext_lazy("用同一答复答复所选意见")
    template_name = "forms/admin/bulk_answer_confirm.html"
    form_class = AnswerBulkForm
    action_priority = 25

    def object_context(self, obj):
        # Shown before anything is done: which of the selection the decision cannot reach.
        return {**super().object_context(obj), "blocked": blocked_reason(obj)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reply_templates"] = context["form"].fields["template"].queryset
        return context

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        return {
            **super().get_execution_context(),
            "decision": data["decision"],
            "template": data["template"],
            "reply": data["reply"],
            "note": data["note"],
            "user": self.request.user,
        }

    @classmethod
    def execute_action(cls, objects, errors=None, **kwargs):
        kwargs.pop("self", None)
        done, failed = answer_many(objects, **kwargs)
        errors.extend(failed)
        return done, 0

    def success_message(self, n):
        return _("已答复 %(n)s 条意见，并将分别通知提交人。") % {"n": n}


BULK_ACTIONS = (AnswerBulkAction, ThemeBulkAction)
