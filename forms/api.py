"""JSON API for the WeChat mini-program and other clients (django-ninja), at ``/api/``.

``POST /api/opinions/`` submits an opinion (the response carries the receipt code);
``POST /api/opinions/with-attachments`` does the same as multipart/form-data with up to three
files (WeChat's ``wx.uploadFile`` sends that);
``POST /api/opinions/status`` looks one up by receipt code + contact. The OpenAPI schema is at
``/api/openapi.json``. Validation is the HTML form's (``OpinionForm``): same fields, same limits,
same messages. Every error is JSON ``{"message": str, "errors": {field: [str]}}``.

CSRF is off (clients are not browsers with our cookies). Submissions, status lookups and
withdrawals are rate limited (``core.ratelimit``; per client address, lookups also per receipt
code): over a limit the answer is 429 ``{"message": ...}``.
"""

from __future__ import annotations

from datetime import datetime

from django.http import Http404
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, NinjaAPI, Schema, Status, UploadedFile
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from wagtail.models import Page

from core import ratelimit
from core.interfaces import as_commentable

from .intake import CommentsClosed, check_open, create_opinion
from .models import MAX_TEXT_LENGTH, Channel
from .public_forms import OpinionForm, StatusLookupForm
from .views import (
    code_needs_captcha,
    find_opinion,
    lookup_limited,
    record_miss,
    submission_from_form,
)

api = NinjaAPI(
    title="LawBridge opinions API",
    version="1.0.0",
    description="提交立法意见建议、查询办理情况（小程序、微信等客户端）。",
    urls_namespace="opinions_api",
    docs_url=None,  # Swagger UI loads from a CDN; the schema itself is at /api/openapi.json
)


class OpinionIn(Schema):
    page_id: int = Field(..., description="草案（或征集页面）的页面 ID")
    article: str | None = Field(None, description="条文标识（CommentTarget.key）；不填为草案整体")
    text: str = Field(..., description="意见内容", max_length=MAX_TEXT_LENGTH * 2)
    category: str = Field(
        "public", description="提出人类别: public/deputy/expert/lawyer/company/organisation/other"
    )
    name: str = ""
    phone: str = ""
    email: str = ""
    region: str = ""
    privacy_consent: bool = Field(..., description="是否同意隐私说明（必须为 true）")
    publish_consent: str = Field("none", description="是否公开: full/anonymous/none")


class OpinionOut(Schema):
    receipt_code: str
    status: str
    status_label: str
    page_id: int
    article_label: str
    submit_time: datetime


class StatusIn(Schema):
    code: str = Field(..., description="回执码，例如 LB-7K3Q-9XPM")
    contact: str = Field("", description="手机号后四位或完整邮箱（提交时留了联系方式的）")


class HistoryItem(Schema):
    status: str
    status_label: str
    at: datetime


class StatusOut(Schema):
    receipt_code: str
    status: str
    status_label: str
    page_title: str
    article_label: str
    text: str
    reply: str
    replied_at: datetime | None
    history: list[HistoryItem]


class ErrorOut(Schema):
    message: str
    errors: dict[str, list[str]] = {}


def _error(request, status: int, message: str, errors=None):
    return api.create_response(request, {"message": message, "errors": errors or {}}, status=status)


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", []) if part not in ("body", "payload")]
        errors.setdefault(".".join(loc) or "__all__", []).append(item.get("msg", ""))
    return _error(request, 400, _("提交的数据格式不正确。"), errors)


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = _("请求格式不正确（需要 JSON）。") if exc.status_code == 400 else str(exc)
    return _error(request, exc.status_code, message)


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, _("没有这个地址。"))


def _form_errors(form) -> dict[str, list[str]]:
    return {field: [str(e) for e in errs] for field, errs in form.errors.items()}


SUBMIT_RESPONSES = {201: OpinionOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


@api.post("/opinions/", response=SUBMIT_RESPONSES, summary="提交意见", tags=["opinions"])
def submit_opinion(request, payload: OpinionIn):
    return _submit(request, payload, files=None)


@api.post(
    "/opinions/with-attachments",
    response=SUBMIT_RESPONSES,
    summary="提交意见（带附件，multipart/form-data）",
    description=(
        "与 /opinions/ 字段相同，以表单字段发送；附件字段名 attachments，最多 3 个，"
        "PDF、DOCX 或图片，每个不超过 10 MB（与网页表单相同的检查：按内容识别类型，图片重新编码）。"
    ),
    tags=["opinions"],
)
def submit_opinion_with_attachments(
    request, payload: Form[OpinionIn], attachments: File[list[UploadedFile]] = None
):
    return _submit(request, payload, files=MultiValueDict({"attachments": attachments or []}))


def _submit(request, payload: OpinionIn, files):
    if ratelimit.limited(request, "api_opinion_submit"):
        return _error(request, 429, str(ratelimit.TOO_MANY))
    page = Page.objects.live().public().filter(pk=payload.page_id).first()
    if page is None or as_commentable(page.specific) is None:
        return _error(request, 404, _("没有这个征求意见的页面。"))
    page = page.specific
    try:
        check_open(page)
    except CommentsClosed as exc:
        return _error(request, 409, exc.message)
    data = payload.dict()
    data["article"] = data.get("article") or ""
    data["privacy_consent"] = "on" if payload.privacy_consent else ""
    form = OpinionForm(data=data, files=files, page=page)
    if not form.is_valid():
        errors = _form_errors(form)
        first = next(iter(errors.values()))[0]
        return _error(request, 400, first, errors)
    try:
        opinion = create_opinion(
            page,
            submission_from_form(form),
            channel=Channel.API,
            language=translation.get_language() or "",
        )
    except CommentsClosed as exc:
        return _error(request, 409, exc.message)
    return Status(
        201,
        {
            "receipt_code": opinion.receipt_code,
            "status": opinion.status,
            "status_label": str(opinion.get_status_display()),
            "page_id": page.pk,
            "article_label": opinion.article_label,
            "submit_time": opinion.submit_time,
        },
    )


def _own_opinion(request, payload):
    """The opinion a receipt code + contact prove is the caller's, or an error response (bad
    input 400, too many tries 429, no such opinion 404): one place for status and withdrawal."""
    form = StatusLookupForm(data=payload.dict())
    if not form.is_valid():
        errors = _form_errors(form)
        return None, _error(request, 400, next(iter(errors.values()))[0], errors)
    code = form.cleaned_data["code"]
    if lookup_limited(request, code):
        return None, _error(request, 429, str(ratelimit.TOO_MANY))
    if code_needs_captcha(request, code):
        # The API cannot show the CAPTCHA the website asks for once a code has many misses.
        return None, _error(
            request, 429, _("这个回执码最近多次输错联系方式，请到网站上查询（需要输入验证码）。")
        )
    opinion = find_opinion(code, form.cleaned_data["contact"])
    if opinion is None:
        record_miss(request, code)
        return None, _error(request, 404, _("没有找到与回执码和联系方式相符的意见，请核对后再试。"))
    return opinion, None


@api.post(
    "/opinions/status",
    response={200: StatusOut, 400: ErrorOut, 404: ErrorOut, 429: ErrorOut},
    summary="查询办理情况",
    tags=["opinions"],
)
def opinion_status(request, payload: StatusIn):
    opinion, refusal = _own_opinion(request, payload)
    if refusal is not None:
        return refusal
    return {
        "receipt_code": opinion.receipt_code,
        "status": opinion.status,
        "status_label": str(opinion.get_status_display()),
        "page_title": opinion.page_title,
        "article_label": opinion.article_label,
        "text": opinion.text,
        "reply": opinion.reply,
        "replied_at": opinion.replied_at,
        "history": [
            {
                "status": c.to_status,
                "status_label": str(c.get_to_status_display()),
                "at": c.created_at,
            }
            for c in opinion.history.all()
        ],
    }


class WithdrawIn(StatusIn):
    reason: str = Field("", description="撤回原因（可不填）", max_length=500)


class WithdrawOut(Schema):
    receipt_code: str
    status: str
    status_label: str


@api.post(
    "/opinions/withdraw",
    response={200: WithdrawOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut},
    summary="撤回意见",
    tags=["opinions"],
)
def withdraw_opinion(request, payload: WithdrawIn):
    """The submitter withdraws an opinion (receipt code + contact, as for the status lookup)."""
    from .workflow import TransitionError, withdraw

    opinion, refusal = _own_opinion(request, payload)
    if refusal is not None:
        return refusal
    try:
        withdraw(opinion, note=payload.reason)
    except TransitionError as exc:
        return _error(request, 409, str(exc))
    return {
        "receipt_code": opinion.receipt_code,
        "status": opinion.status,
        "status_label": str(opinion.get_status_display()),
    }
