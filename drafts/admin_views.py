"""Admin: upload a .docx/.txt/.md draft, preview what the importer recognised, then create a new
draft (or a new version of an existing one) as an unpublished revision for an editor to check."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .importer import ImportFormatError, parse_draft, read_document
from .models import DraftIndexPage, RegulationDraftPage
from .services import add_version, create_draft, items_from_parsed

SESSION_KEY = "drafts_import"
MAX_UPLOAD = 10 * 1024 * 1024


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("草案文件"), help_text=_("支持 .docx、.txt、.md 文件，不超过 10MB")
    )
    title = forms.CharField(
        label=_("草案标题"),
        required=False,
        max_length=255,
        help_text=_("留空则使用文件中识别出的标题"),
    )
    mode = forms.ChoiceField(
        label=_("导入方式"),
        choices=[("new", _("新建草案")), ("version", _("作为已有草案的新版本"))],
        initial="new",
        widget=forms.RadioSelect,
    )
    index = forms.ModelChoiceField(
        label=_("所属栏目"), queryset=DraftIndexPage.objects.all(), required=False
    )
    draft = forms.ModelChoiceField(
        label=_("已有草案"), queryset=RegulationDraftPage.objects.all(), required=False
    )
    label = forms.CharField(label=_("版本名称"), max_length=50, initial="征求意见稿")
    date = forms.DateField(label=_("版本日期"), initial=timezone.localdate)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(gettext("文件过大，请上传不超过 10MB 的文件"))
        try:
            self.text = read_document(upload.read(), upload.name)
        except ImportFormatError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload

    def clean(self):
        data = super().clean()
        if data.get("mode") == "new" and not data.get("index"):
            if DraftIndexPage.objects.count() == 1:
                data["index"] = DraftIndexPage.objects.get()
            else:
                self.add_error("index", gettext("请选择草案所属栏目"))
        if data.get("mode") == "version" and not data.get("draft"):
            self.add_error("draft", gettext("请选择要添加新版本的草案"))
        return data


def _check_permission(user, mode, target):
    perms = target.permissions_for_user(user)
    allowed = perms.can_add_subpage() if mode == "new" else perms.can_edit()
    if not allowed:
        raise PermissionDenied


def import_draft(request):
    pending = request.session.get(SESSION_KEY, {})
    if request.method == "POST" and request.POST.get("action") == "create":
        return _create(request, pending)

    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = data["index"] if data["mode"] == "new" else data["draft"]
        _check_permission(request.user, data["mode"], target)
        parsed = parse_draft(form.text, title=data["title"] or None)
        token = uuid.uuid4().hex
        pending = {
            token: {
                "text": form.text,
                "filename": data["file"].name,
                "title": data["title"],
                "mode": data["mode"],
                "target": target.pk,
                "label": data["label"],
                "date": data["date"].isoformat(),
            }
        }
        request.session[SESSION_KEY] = pending
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
        "drafts/admin/import.html",
        {
            "form": form,
            "preview": preview,
            "page_title": _("导入法规草案"),
            "header_icon": "upload",
        },
    )


def _create(request, pending):
    token = request.POST.get("token", "")
    job = pending.get(token)
    if job is None:
        messages.error(request, gettext("导入已过期，请重新上传文件"))
        return redirect("drafts_admin:import")
    parsed = parse_draft(job["text"], title=job["title"] or None)
    date = dt.date.fromisoformat(job["date"])
    if job["mode"] == "new":
        index = DraftIndexPage.objects.get(pk=job["target"])
        _check_permission(request.user, "new", index)
        result = create_draft(
            index,
            parsed,
            label=job["label"],
            date=date,
            user=request.user,
            source_name=job["filename"],
        )
        message = gettext("已导入草案“%(title)s”（%(count)s 条），请检查后发布。")
    else:
        draft = RegulationDraftPage.objects.get(pk=job["target"])
        _check_permission(request.user, "version", draft)
        result = add_version(
            draft,
            parsed,
            label=job["label"],
            date=date,
            user=request.user,
            source_name=job["filename"],
        )
        message = gettext("已为“%(title)s”导入新版本（%(count)s 条），发布后成为当前版本。")
    request.session[SESSION_KEY] = {}
    count = sum(1 for _a in parsed.all_articles())
    messages.success(request, message % {"title": result.page.title, "count": count})
    if parsed.unplaced:
        messages.warning(
            request,
            gettext("有 %(n)s 段文字未能识别位置，已放在正文末尾，请核对。")
            % {"n": len(parsed.unplaced)},
        )
    return redirect(reverse("wagtailadmin_pages:edit", args=[result.page.pk]))
