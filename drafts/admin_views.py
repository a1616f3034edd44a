"""Admin: upload a .docx/.txt/.md draft, preview what the importer recognised, then create a new
draft (or a new version of an existing one) as an unpublished revision for an editor to check.

Permission comes before any work on the upload: a user who may not add a draft under some drafts
index, nor edit some draft, gets 403 before the file is read; the target chosen is checked before
the file is parsed; and the file is parsed within ``limits.import_limits()``."""

from __future__ import annotations

import datetime as dt
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale
from wagtail.permission_policies.pages import PagePermissionPolicy

from core import once
from core.legal_text import ImportFormatError, parse_draft, read_document

from .limits import import_limits
from .models import DraftIndexPage, RegulationDraftPage
from .services import add_version, create_draft, items_from_parsed

SESSION_KEY = "drafts_import"


def importable_targets(user):
    """(drafts indexes the user may add a draft under, drafts the user may add a version to)."""
    policy = PagePermissionPolicy()
    indexes = policy.instances_user_has_any_permission_for(user, {"add"}).type(DraftIndexPage)
    drafts = policy.instances_user_has_any_permission_for(user, {"change"}).type(
        RegulationDraftPage
    )
    return (
        DraftIndexPage.objects.filter(pk__in=indexes.values("pk")),
        RegulationDraftPage.objects.filter(pk__in=drafts.values("pk")),
    )


def can_import(user) -> bool:
    indexes, drafts = importable_targets(user)
    return indexes.exists() or drafts.exists()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("草案文件"))
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.limits = import_limits()
        self.fields["file"].help_text = gettext("支持 .docx、.txt、.md 文件，不超过 %(n)s MB") % {
            "n": self.limits.max_bytes // (1024 * 1024)
        }
        # Only targets this user may import into are offered (and accepted).
        self.fields["index"].queryset, self.fields["draft"].queryset = importable_targets(user)

    def clean_file(self):
        """Only the size here: the file is read once the target's permission is checked."""
        upload = self.cleaned_data["file"]
        if upload.size > self.limits.max_bytes:
            raise forms.ValidationError(
                gettext("文件过大，请上传不超过 %(limit)s MB 的文件")
                % {"limit": self.limits.max_bytes // (1024 * 1024)}
            )
        return upload

    def read_file(self) -> str | None:
        """The upload's text, or None with the reason added to the form."""
        upload = self.cleaned_data["file"]
        try:
            return read_document(upload.read(), upload.name, self.limits)
        except ImportFormatError as exc:
            self.add_error("file", exc.translated(gettext))
            return None

    def clean(self):
        data = super().clean()
        if data.get("mode") == "new" and not data.get("index"):
            indexes = self.fields["index"].queryset.filter(locale=Locale.get_default())
            if indexes.count() == 1:
                data["index"] = indexes.get()
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
    if not can_import(request.user):
        raise PermissionDenied
    pending = request.session.get(SESSION_KEY, {})
    if request.method == "POST" and request.POST.get("action") == "create":
        return _create(request, pending)

    form = ImportForm(request.POST or None, request.FILES or None, user=request.user)
    preview = None
    text = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = data["index"] if data["mode"] == "new" else data["draft"]
        _check_permission(request.user, data["mode"], target)
        text = form.read_file()
    if text is not None:
        parsed = parse_draft(text, title=data["title"] or None)
        token = uuid.uuid4().hex
        pending = {
            token: {
                "text": text,
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
    if job["mode"] == "new":
        target = get_object_or_404(DraftIndexPage, pk=job["target"])
    else:
        target = get_object_or_404(RegulationDraftPage, pk=job["target"])
    _check_permission(request.user, job["mode"], target)
    # The session is read by each request before any writes it back: the token is spent in the
    # database, so confirm sent twice at once imports once.
    if not once.spend(f"drafts-import:{token}"):
        messages.error(request, gettext("导入已过期，请重新上传文件"))
        return redirect("drafts_admin:import")
    parsed = parse_draft(job["text"], title=job["title"] or None)
    date = dt.date.fromisoformat(job["date"])
    if job["mode"] == "new":
        result = create_draft(
            target,
            parsed,
            label=job["label"],
            date=date,
            user=request.user,
            source_name=job["filename"],
        )
        message = gettext("已导入草案“%(title)s”（%(count)s 条），请检查后发布。")
    else:
        result = add_version(
            target,
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
