"""The admin's 导入办理结果: upload the committee's returned summary table, see what it would change
(and every row that cannot be applied), apply it all or nothing.

Between preview and apply the upload is kept in the private storage (never under /media/) under a
random name, and the confirm form carries only a signed token naming it; the token expires, and
is bound to the user who uploaded. Only holders of the right to record decisions
(``admin_views.HANDLE_PERMISSION``) may use it; what they may touch is what
``point_scope.visible_opinions`` shows them (forms/decision_import.py)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.uploads import private_storage

from . import decision_import
from .admin_views import HANDLE_PERMISSION
from .decision_models import DecisionFile

KEPT_DIR = "opinions/decision-files"
SALT = "lawbridge.forms.decision-files"
TOKEN_MAX_AGE = 24 * 3600


class DecisionUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("办理结果文件"),
        help_text=gettext_lazy(
            "导出的意见汇总表（.xlsx，已填写“采纳情况”和“答复”），或含“回执码、采纳情况、答复”三列的表格或 CSV（UTF-8 或 GBK）。"
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )


def _require(request):
    if not request.user.has_perm(HANDLE_PERMISSION):
        raise PermissionDenied


def _already(sha256):
    record = DecisionFile.objects.filter(sha256=sha256).select_related("applied_by").first()
    if record is None:
        return ""
    who = record.applied_by.get_username() if record.applied_by else _("已删除的用户")
    return _("这个文件已于 %(date)s 由 %(user)s 导入，不会重复导入。") % {
        "date": formats.date_format(timezone.localtime(record.applied_at), "Y-m-d H:i"),
        "user": who,
    }


def _open_kept(token, user):
    """The kept file a token names, or None (forged, expired, another user's, deleted)."""
    try:
        item = signing.loads(token or "", salt=SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        return None, None
    if not isinstance(item, dict) or item.get("user") != user.pk:
        return None, None
    path = str(item.get("path", ""))
    if not path.startswith(KEPT_DIR + "/") or not private_storage().exists(path):
        return None, None
    return private_storage().open(path, "rb"), item


def _purge_stale():
    """Previews never applied: their files go once no token can name them any more."""
    storage = private_storage()
    cutoff = timezone.now() - timedelta(seconds=TOKEN_MAX_AGE)
    try:
        _dirs, files = storage.listdir(KEPT_DIR)
    except FileNotFoundError:
        return
    for name in files:
        path = f"{KEPT_DIR}/{name}"
        if storage.get_modified_time(path) < cutoff:
            storage.delete(path)


def upload_view(request):
    _require(request)
    if request.method == "POST":
        _purge_stale()
    form = DecisionUploadForm(request.POST or None, request.FILES or None)
    context = {"page_title": _("导入办理结果"), "form": form}
    if request.method != "POST" or not form.is_valid():
        return TemplateResponse(request, "forms/admin/decisions_upload.html", context)
    upload = form.cleaned_data["file"]
    try:
        kind = decision_import.check_file(upload)
        sha256 = decision_import.file_sha256(upload)
        already = _already(sha256)
        if already:
            form.add_error("file", already)
            return TemplateResponse(request, "forms/admin/decisions_upload.html", context)
        plan = decision_import.preview(decision_import.read_rows(upload, kind), request.user)
    except decision_import.DecisionFileError as exc:
        form.add_error("file", str(exc))
        return TemplateResponse(request, "forms/admin/decisions_upload.html", context)
    token = ""
    if plan.ok:
        upload.seek(0)
        path = private_storage().save(f"{KEPT_DIR}/{uuid.uuid4().hex}.{kind}", upload)
        token = signing.dumps(
            {"path": path, "kind": kind, "sha256": sha256, "name": upload.name[:255],
             "user": request.user.pk},
            salt=SALT,
        )  # fmt: skip
    context.update(plan=plan, token=token, name=upload.name, form=DecisionUploadForm())
    return TemplateResponse(request, "forms/admin/decisions_preview.html", context)


@require_POST
def apply_view(request):
    _require(request)
    handle, item = _open_kept(request.POST.get("token"), request.user)
    if handle is None:
        messages.error(request, _("导入已过期或无效，请重新上传文件。"))
        return redirect("forms_decisions")
    try:
        with handle:
            plan = decision_import.apply_file(
                decision_import.read_rows(handle, item["kind"]),
                request.user,
                sha256=item["sha256"],
                name=item["name"],
            )
    except decision_import.DecisionFileError as exc:
        messages.error(request, str(exc))
        return redirect("forms_decisions")
    if not plan.ok:
        reasons = [
            _("第 %(row)s 行：%(error)s") % {"row": n, "error": e} if n else e
            for n, e in plan.sample_errors[:5]
        ] or [_("文件中没有需要改变的意见。")]
        messages.error(
            request, _("没有导入任何结果：%(reasons)s") % {"reasons": "；".join(reasons)}
        )
        return redirect("forms_decisions")
    private_storage().delete(item["path"])
    messages.success(
        request,
        _("已导入 %(n)s 条意见的办理结果；%(same)s 条未变。")
        % {"n": plan.changes, "same": plan.unchanged},
    )
    return redirect(reverse("forms_decisions"))
