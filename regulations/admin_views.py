"""Admin: import a regulation in force from .docx/.txt/.md (a new regulation, or an amendment of
one: a new version), previewed before anything is saved; and make a regulation in force from a
passed draft ("生成现行法规").

As the draft import: permission comes before any work on the upload (403 for a user who may add
a regulation nowhere and edit none), the chosen target is checked before the file is read, and
the file is read within ``core.legal_text.ImportLimits``. What the user typed stays in the form
when the file is refused."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy

from core import once
from core.interfaces import as_commentable, legal_text_items
from core.legal_text import (
    ImportFormatError,
    ImportLimits,
    items_from_parsed,
    parse_draft,
    read_document,
)
from core.plugins import DRAFT_PAGE, LIFE_STORY_HOOK, plays_role

from .life_story import regulation_story
from .models import RegulationIndexPage, RegulationPage
from .services import add_version, create_regulation
from .status import AMENDMENT, REVISION, VERSION_KINDS

SESSION_KEY = "regulations_import"


def importable_targets(user):
    """(indexes the user may add a regulation under, regulations the user may amend)."""
    policy = PagePermissionPolicy()
    indexes = policy.instances_user_has_any_permission_for(user, {"add"}).type(RegulationIndexPage)
    pages = policy.instances_user_has_any_permission_for(user, {"change"}).type(RegulationPage)
    return (
        RegulationIndexPage.objects.filter(pk__in=indexes.values("pk")),
        RegulationPage.objects.filter(pk__in=pages.values("pk")),
    )


def can_import(user) -> bool:
    indexes, pages = importable_targets(user)
    return indexes.exists() or pages.exists()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("法规文件"))
    title = forms.CharField(
        label=_("法规标题"),
        required=False,
        max_length=255,
        help_text=_("留空则使用文件中识别出的标题"),
    )
    mode = forms.ChoiceField(
        label=_("导入方式"),
        choices=[("new", _("新建现行法规")), ("version", _("作为已有法规的修正或修订"))],
        initial="new",
        widget=forms.RadioSelect,
    )
    index = forms.ModelChoiceField(
        label=pgettext_lazy("regulations", "所属栏目"),
        queryset=RegulationIndexPage.objects.none(),
        required=False,
        help_text=_("仅在新建现行法规时使用；只有一个栏目时可不选"),
    )
    regulation = forms.ModelChoiceField(
        label=_("已有法规"),
        queryset=RegulationPage.objects.none(),
        required=False,
        help_text=_("仅在作为已有法规的新版本时使用"),
    )
    kind = forms.ChoiceField(
        label=_("修改方式"),
        choices=[c for c in VERSION_KINDS if c[0] in (AMENDMENT, REVISION)],
        initial=AMENDMENT,
        help_text=_("仅在作为已有法规的新版本时使用"),
    )
    label = forms.CharField(
        label=_("版本名称"),
        max_length=50,
        required=False,
        help_text=_("如：2021年修正；新建时默认为“公布”"),
    )
    # A date picker on phones and desktops alike; typed dates (2021-09-30) still work.
    promulgated_on = forms.DateField(
        label=_("公布日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    effective_on = forms.DateField(
        label=_("施行日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    note = forms.CharField(
        label=_("说明"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = ImportLimits()
        self.fields["file"].help_text = gettext("支持 .docx、.txt、.md 文件，不超过 %(n)s MB") % {
            "n": self.limits.max_bytes // (1024 * 1024)
        }
        self.fields["index"].queryset, self.fields["regulation"].queryset = importable_targets(user)

    def clean_file(self):
        """Only the size here: the file is read once the target's permission is checked."""
        upload = self.cleaned_data["file"]
        if upload.size > self.limits.max_bytes:
            raise forms.ValidationError(
                gettext("文件过大，请上传不超过 %(limit)s MB 的文件")
                % {"limit": self.limits.max_bytes // (1024 * 1024)}
            )
        return upload

    def clean(self):
        data = super().clean()
        if data.get("mode") == "new" and not data.get("index"):
            indexes = self.fields["index"].queryset
            if indexes.count() == 1:
                data["index"] = indexes.get()
            else:
                self.add_error("index", gettext("请选择法规所属栏目"))
        if data.get("mode") == "version":
            if not data.get("regulation"):
                self.add_error("regulation", gettext("请选择要修改的法规"))
            if not data.get("label"):
                self.add_error("label", gettext("请填写版本名称，如：2021年修正"))
        return data

    def read_file(self) -> str | None:
        upload = self.cleaned_data["file"]
        try:
            return read_document(upload.read(), upload.name, self.limits)
        except ImportFormatError as exc:
            self.add_error("file", exc.translated(gettext))
            return None


def _check_permission(user, mode, target):
    perms = target.permissions_for_user(user)
    if not (perms.can_add_subpage() if mode == "new" else perms.can_edit()):
        raise PermissionDenied


def import_regulation(request):
    if not can_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and request.POST.get("action") == "create":
        return _create(request, request.session.get(SESSION_KEY, {}))
    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = data["index"] if data["mode"] == "new" else data["regulation"]
        _check_permission(request.user, data["mode"], target)
        text = form.read_file()
        parsed = parse_draft(text, title=data["title"] or None) if text is not None else None
        if parsed is not None and not any(True for _a in parsed.all_articles()):
            form.add_error(
                "file", gettext("文件中没有识别出任何条文（如“第一条”），请检查文件内容")
            )
            parsed = None
        if parsed is not None:
            token = uuid.uuid4().hex
            request.session[SESSION_KEY] = {
                token: {
                    "text": text,
                    "filename": data["file"].name[:255],
                    "title": data["title"],
                    "mode": data["mode"],
                    "target": target.pk,
                    "kind": data["kind"],
                    "label": data["label"],
                    "promulgated_on": data["promulgated_on"].isoformat()
                    if data["promulgated_on"]
                    else "",
                    "effective_on": data["effective_on"].isoformat()
                    if data["effective_on"]
                    else "",
                    "note": data["note"],
                }
            }
            preview = {
                "token": token,
                "parsed": parsed,
                "items": items_from_parsed(parsed),
                "article_count": sum(1 for _a in parsed.all_articles()),
                "target": target,
                "mode": data["mode"],
                "label": data["label"],
            }
    return TemplateResponse(
        request,
        "regulations/admin/import.html",
        {
            "form": form,
            "preview": preview,
            "page_title": _("导入现行法规"),
            "header_icon": "upload",
        },
    )


def _date(value: str):
    return dt.date.fromisoformat(value) if value else None


def _create(request, pending):
    job = pending.get(request.POST.get("token", ""))
    if job is None:
        # Expired, or already imported (a second click): nothing is created twice.
        messages.error(request, gettext("导入已过期或已完成，请重新上传文件"))
        return redirect("regulations_admin:import")
    model = RegulationIndexPage if job["mode"] == "new" else RegulationPage
    target = get_object_or_404(model, pk=job["target"])
    _check_permission(request.user, job["mode"], target)
    # The session is read by each request before any writes it back: the token is spent in the
    # database, so confirm sent three times at once imports once.
    if not once.spend(f"regulations-import:{request.POST.get('token', '')}"):
        messages.error(request, gettext("导入已过期或已完成，请重新上传文件"))
        return redirect("regulations_admin:import")
    parsed = parse_draft(job["text"], title=job["title"] or None)
    items = items_from_parsed(parsed)
    count = sum(1 for _a in parsed.all_articles())
    request.session[SESSION_KEY] = {}
    if job["mode"] == "new":
        page = create_regulation(
            target,
            items,
            title=parsed.title or job["filename"],
            user=request.user,
            label=job["label"],
            source_name=job["filename"],
            promulgated_on=_date(job["promulgated_on"]),
            effective_on=_date(job["effective_on"]),
        )
        messages.success(
            request,
            gettext("已导入现行法规“%(title)s”（%(count)s 条），请核对公布、施行日期后发布。")
            % {"title": page.title, "count": count},
        )
    else:
        page = target
        add_version(
            page,
            items,
            kind=job["kind"],
            label=job["label"],
            promulgated_on=_date(job["promulgated_on"]),
            effective_on=_date(job["effective_on"]),
            note=job["note"],
            user=request.user,
            source_name=job["filename"],
        )
        messages.success(
            request,
            gettext("已为“%(title)s”添加新版本“%(label)s”（%(count)s 条），现行文本已更新。")
            % {"title": page.title, "label": job["label"], "count": count},
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=[page.pk]))


# ---------------------------------------------------------------------------
# A passed draft becomes a regulation in force
# ---------------------------------------------------------------------------


def passed_story(page) -> dict[str, dt.date]:
    """``{"passed": date, "in_force": date}`` as far as the draft's own plugin tells its life
    (``LIFE_STORY_HOOK``): the earliest date of each. This plugin's answer is left out — a
    regulation made from the draft must not make the draft count as passed."""
    found: dict[str, dt.date] = {}
    for fn in hooks.get_hooks(LIFE_STORY_HOOK):
        if fn is regulation_story:
            continue
        for event in fn(frozenset({page.pk})):
            if page.pk not in event.page_ids or event.stage not in ("passed", "in_force"):
                continue
            if event.stage not in found or event.date < found[event.stage]:
                found[event.stage] = event.date
    return found


def made_from(draft) -> RegulationPage | None:
    return RegulationPage.objects.filter(source_draft_id=draft.pk).first()


class FromDraftForm(forms.Form):
    index = forms.ModelChoiceField(
        label=pgettext_lazy("regulations", "所属栏目"), queryset=RegulationIndexPage.objects.none()
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        indexes, _pages = importable_targets(user)
        self.fields["index"].queryset = indexes
        if indexes.count() == 1:
            self.fields["index"].initial = indexes.get()


def from_draft(request, page_id: int):
    draft = get_object_or_404(Page, pk=page_id).specific
    commentable = as_commentable(draft)
    if not plays_role(draft, DRAFT_PAGE) or commentable is None:
        raise PermissionDenied
    if not draft.permissions_for_user(request.user).can_edit() or not can_import(request.user):
        raise PermissionDenied
    existing = made_from(draft)
    if existing is not None:
        messages.warning(
            request, gettext("该草案已生成现行法规“%(title)s”。") % {"title": existing.title}
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[existing.pk]))
    story = passed_story(draft)
    if "passed" not in story and "in_force" not in story:
        messages.error(
            request,
            gettext("该草案尚未通过：请先在草案的“立法进程”中记录表决通过（或批准）及其日期。"),
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[draft.pk]))
    targets = commentable.get_comment_targets()
    # The whole structure (编/章/节 and notes) when the draft offers it, else its articles.
    items = legal_text_items(draft) or [
        {"type": "article", "number": t.label, "text": t.text} for t in targets
    ]
    for item in items:
        item.pop("key", None)  # the regulation keys its text its own way (text.assign_keys)
    form = FromDraftForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid() and targets:
        index = form.cleaned_data["index"]
        if not index.permissions_for_user(request.user).can_add_subpage():
            raise PermissionDenied
        with transaction.atomic():
            # Checked again inside the transaction: a double submit makes one regulation.
            existing = made_from(draft)
            if existing is None:
                regulation = create_regulation(
                    index,
                    items,
                    title=draft.title.replace("（草案）", "")
                    .replace("(草案)", "")
                    .replace("草案", ""),
                    user=request.user,
                    source_draft=draft,
                    promulgated_on=story.get("in_force"),
                )
        if existing is not None:
            return redirect(reverse("wagtailadmin_pages:edit", args=[existing.pk]))
        messages.success(
            request,
            gettext(
                "已根据草案生成现行法规“%(title)s”（%(count)s 条，未发布），请填写公布、施行日期后发布。"
            )
            % {"title": regulation.title, "count": len(targets)},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[regulation.pk]))
    return TemplateResponse(
        request,
        "regulations/admin/from_draft.html",
        {
            "form": form,
            "draft": draft,
            "targets": targets,
            "items": items,
            "story": story,
            "page_title": _("生成现行法规"),
            "header_icon": "doc-full",
        },
    )
