"""JSON API for the WeChat mini-program and other clients (django-ninja), at ``/api/``.

``POST /api/opinions/`` submits an opinion (the response carries the receipt code);
``POST /api/opinions/with-attachments`` does the same as multipart/form-data with up to three
files (WeChat's ``wx.uploadFile`` sends that);
``POST /api/opinions/status`` looks one up by receipt code + contact. The OpenAPI schema is at
``/api/openapi.json``. Validation is the HTML form's (``OpinionForm``): same fields, same limits,
same messages. Every error is JSON ``{"message": str, "errors": {field: [str]}}``.

Who may call (``api_keys``): submissions need the key of a client registered in the admin
(设置 › API 客户端) in the ``X-Api-Key`` header; without a valid key the answer is 401. Status
lookups and withdrawals need no key (the receipt code and the contact are the proof). Every POST
must be ``application/json`` (``multipart/form-data`` for ``with-attachments``; otherwise 415),
and a browser request from another site's page (``Origin`` not ours, ``Sec-Fetch-Site`` not
``same-origin``/``none``) is refused with 403 — so no web page can make its visitors file
opinions. CSRF is off (clients are not browsers with our cookies). An ``Idempotency-Key`` header
(any string up to 200 characters, unique per client) makes a retried submission answer the same
receipt without storing anything twice. Submissions, status lookups and withdrawals are rate
limited (``core.ratelimit``; per client address, lookups also per receipt code): over a limit the
answer is 429 ``{"message": ...}``. Bad, oversized or malformed bodies (invalid JSON, multipart
without a boundary, NUL bytes, huge numbers or strings) are answered 400/413/415 in the same JSON
— never an HTML page.

Editor-built form pages (``OpinionFormPage``) are validated with the page's own form: their
questions are answered in ``answers`` (keys are the form's field names), and they take no files.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime

from django.core.exceptions import (
    BadRequest,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.http import Http404, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.utils import translation
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Form, NinjaAPI, Schema, Status, UploadedFile
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from wagtail.contrib.forms.models import FormMixin
from wagtail.models import Page

from core import ratelimit
from core.interfaces import as_commentable

from . import api_keys
from .api_language import in_request_language
from .intake import (
    CommentsClosed,
    check_open,
    create_opinion,
    idempotency_key,
    replayed,
    submit_from_form_page,
)
from .masking import masked_text
from .models import MAX_TEXT_LENGTH, Channel
from .public_forms import OpinionForm, StatusLookupForm
from .sources import form_source
from .views import (
    code_needs_captcha,
    find_own_opinion,
    lookup_limited,
    record_miss,
    submission_from_form,
)

log = logging.getLogger("lawbridge.api")
JSON = "application/json"
MULTIPART = "multipart/form-data"
MAX_PAGE_ID = 2**31 - 1  # a database integer: larger ids are a 400, not an overflow


class JSONObjectParser(Parser):
    """Bodies are JSON objects; anything else is a 400 with our message (ninja would otherwise
    pass a list or a string on to the schema)."""

    def parse_body(self, request):
        data = json.loads(request.body)
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        return data


class Caller:
    """ninja auth for endpoints open to any client: the browser gate and the content type, run
    before the body is read."""

    def __init__(self, *content_types: str):
        self.content_types = content_types

    def __call__(self, request):
        api_keys.refuse_foreign_browsers(request)
        api_keys.require_content_type(request, *self.content_types)
        return True


class ApiClientKey(api_keys.ClientKey):
    """ninja auth for submissions: the browser gate, the content type, then the client's key."""

    def __init__(self, *content_types: str):
        super().__init__()
        self.content_types = content_types

    def __call__(self, request):
        api_keys.refuse_foreign_browsers(request)
        api_keys.require_content_type(request, *self.content_types)
        return super().__call__(request)


api = NinjaAPI(
    title="LawBridge opinions API",
    version="1.1.0",
    description=(
        "提交立法意见建议、查询办理情况（小程序、微信等客户端）。提交意见需要在后台登记的客户端"
        "密钥（请求头 X-Api-Key），否则返回 401；请求体必须是 JSON（带附件的接口为 "
        "multipart/form-data），否则返回 415；来自其他网站网页的浏览器请求返回 403。"
        "可用请求头 Idempotency-Key 安全重试：同一个键返回同一个回执码，不会重复保存。"
        '所有错误均为 JSON：{"message": str, "errors": {字段: [str]}}。'
    ),
    urls_namespace="opinions_api",
    docs_url=None,  # Swagger UI loads from a CDN; the schema itself is at /api/openapi.json
    docs_decorator=in_request_language,  # help texts in the caller's language (?lang=)
    parser=JSONObjectParser(),
)


class OpinionIn(Schema):
    page_id: int = Field(..., ge=1, le=MAX_PAGE_ID, description="草案（或征集页面）的页面 ID")
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
    source: str = Field(
        "",
        max_length=40,
        description="征集码（联系点印在连心卡、海报、桌牌上的码，不区分大小写）：意见记在该联系点名下并注明来源；"
        "码须是为这份草案制作的。不填则不注明来源。",
    )


class OpinionJSONIn(OpinionIn):
    answers: dict[str, str | list[str] | bool | int] = Field(
        default_factory=dict,
        description="征集表单页面（问卷）各题的答案，键为表单字段名；按该页面自己的表单校验"
        "（必填题不能缺）。草案不用此项。",
    )


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


def _field_message(item: dict) -> str:
    """pydantic's English for a field, said in the caller's language (the most common kinds)."""
    kind = item.get("type", "")
    if kind == "missing":
        return _("必填。")
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("应为数字。")
    if kind.startswith("bool_"):
        return _("应为 true 或 false。")
    if kind.startswith(("string_", "str_")):
        return _("应为文字，且不能过长。")
    if kind in {"less_than", "less_than_equal", "greater_than", "greater_than_equal"}:
        return _("数值超出允许的范围。")
    if kind.endswith(("_type", "_parsing")):
        return _("类型不正确。")
    return _("格式不正确。")


@api.exception_handler(NinjaValidationError)
def validation_error(request, exc):
    errors: dict[str, list[str]] = {}
    for item in exc.errors:
        loc = [str(part) for part in item.get("loc", []) if part not in ("body", "payload")]
        errors.setdefault(".".join(loc) or "__all__", []).append(str(_field_message(item)))
    return _error(request, 400, _("提交的数据格式不正确。"), errors)


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = _("请求格式不正确（需要 JSON）。") if exc.status_code == 400 else str(exc)
    return _error(request, exc.status_code, message)


@api.exception_handler(AuthenticationError)
def no_key(request, exc):
    return _error(request, 401, _("需要有效的 API 密钥（请求头 X-Api-Key）。"))


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return _error(request, 413, _("请求内容过大。"))


@api.exception_handler(MultiPartParserError)
@api.exception_handler(UnreadablePostError)
@api.exception_handler(TooManyFieldsSent)
@api.exception_handler(SuspiciousOperation)
@api.exception_handler(BadRequest)
def malformed(request, exc):
    return _error(request, 400, _("请求格式不正确，无法读取。"))


@api.exception_handler(Exception)
def unexpected(request, exc):
    # A bug is still answered in the JSON contract (and logged with its traceback).
    log.exception("API error on %s", request.path)
    return _error(request, 500, _("服务器出错了，请稍后再试。"))


@api.exception_handler(Http404)
def not_found(request, exc):
    return _error(request, 404, _("没有这个地址。"))


def _form_errors(form) -> dict[str, list[str]]:
    return {field: [str(e) for e in errs] for field, errs in form.errors.items()}


SUBMIT_RESPONSES = {201: OpinionOut, 400: ErrorOut, 404: ErrorOut, 409: ErrorOut, 429: ErrorOut}


SUBMIT_RESPONSES.update({401: ErrorOut, 403: ErrorOut, 413: ErrorOut, 415: ErrorOut})
PUBLIC_RESPONSES = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, 415: ErrorOut}
PUBLIC_RESPONSES[429] = ErrorOut
IDEMPOTENCY_NOTE = (
    "可带请求头 Idempotency-Key（每个客户端内唯一，最长 200 字符）：同一个键的重复请求返回"
    "第一次的回执，不会重复保存；同一个键用于另一页面或另一段意见内容时返回 409。"
)


@api.post(
    "/opinions/",
    response=SUBMIT_RESPONSES,
    summary="提交意见",
    description="JSON 请求体。" + IDEMPOTENCY_NOTE,
    tags=["opinions"],
    auth=ApiClientKey(JSON),
)
def submit_opinion(request, payload: OpinionJSONIn):
    return _submit(request, payload, files=None)


@api.post(
    "/opinions/with-attachments",
    response=SUBMIT_RESPONSES,
    summary="提交意见（带附件，multipart/form-data）",
    description=(
        "与 /opinions/ 字段相同，以表单字段发送；附件字段名 attachments，最多 3 个，"
        "PDF、DOCX 或图片，每个不超过 10 MB（与网页表单相同的检查：按内容识别类型，图片重新编码）。"
        "问卷（征集表单页面）的答案 answers 只能用 JSON 接口提交。" + IDEMPOTENCY_NOTE
    ),
    tags=["opinions"],
    auth=ApiClientKey(MULTIPART),
)
def submit_opinion_with_attachments(
    request, payload: Form[OpinionIn], attachments: File[list[UploadedFile]] = None
):
    return _submit(request, payload, files=MultiValueDict({"attachments": attachments or []}))


def _receipt(opinion, page_id: int):
    return Status(
        201,
        {
            "receipt_code": opinion.receipt_code,
            "status": opinion.status,
            "status_label": opinion.status_display,
            "page_id": page_id,
            "article_label": opinion.article_label,
            "submit_time": opinion.submit_time,
        },
    )


def _replay_key(request) -> str | None:
    """The stored key of the request's ``Idempotency-Key`` (scoped to the client), "" without
    one, None when it is unusable."""
    value = request.headers.get("Idempotency-Key", "")
    if len(value) > 200:
        return None
    return idempotency_key(f"api:{request.auth.pk}", value.strip())


def _same_submission(opinion, page, text: str) -> bool:
    """Whether a replayed key names this submission: same page, and for a draft the same text
    (a questionnaire's stored text may be built from its answers)."""
    from .dedupe import fingerprint
    from .intake import source_page
    from .public_forms import visible_text

    if opinion.page_id != source_page(page).pk:
        return False
    return isinstance(page, FormMixin) or opinion.fingerprint == fingerprint(visible_text(text))


def _form_page_form(page, payload: OpinionIn):
    """The page's own form, bound to the standard fields and the answers."""
    data = MultiValueDict()
    for name in ("text", "category", "name", "phone", "email", "region", "publish_consent"):
        data[name] = getattr(payload, name)
    data["privacy_consent"] = "on" if payload.privacy_consent else ""
    for name, value in getattr(payload, "answers", {}).items():
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data.setlist(name, [str(v) for v in value] if isinstance(value, list) else [str(value)])
    return page.get_form(data, page=page, user=None)


def _submit(request, payload: OpinionIn, files):
    if ratelimit.limited(request, "api_opinion_submit"):
        return _error(request, 429, str(ratelimit.TOO_MANY))
    key = _replay_key(request)
    if key is None:
        return _error(request, 400, _("Idempotency-Key 过长（最多 200 个字符）。"))
    page = Page.objects.live().public().filter(pk=payload.page_id).first()
    if page is None or as_commentable(page.specific) is None:
        return _error(request, 404, _("没有这个征求意见的页面。"))
    page = page.specific
    first = replayed(key)
    if first is not None:
        if not _same_submission(first, page, payload.text):
            return _error(request, 409, _("这个 Idempotency-Key 已用于另一条意见。"))
        return _receipt(first, page.pk)
    try:
        check_open(page)
    except CommentsClosed as exc:
        return _error(request, 409, exc.message)
    source = None
    if payload.source:
        source = form_source(payload.source, page)
        if source is None:
            message = _("征集码无效或已停用，或不是为这份草案制作的。")
            return _error(request, 400, message, {"source": [message]})
    if isinstance(page, FormMixin):
        # An editor-built questionnaire: its own form decides, as on its page.
        if files and files.getlist("attachments"):
            return _error(
                request,
                400,
                _("此征集表单不接受附件。"),
                {"attachments": [_("此征集表单不接受附件。")]},
            )
        form = _form_page_form(page, payload)
    else:
        data = payload.dict()
        data.pop("answers", None)  # only form pages have questions of their own
        data.pop("source", None)
        data["article"] = data.get("article") or ""
        data["privacy_consent"] = "on" if payload.privacy_consent else ""
        form = OpinionForm(data=data, files=files, page=page)
    if not form.is_valid():
        errors = _form_errors(form)
        first_error = next(iter(errors.values()))[0]
        return _error(request, 400, first_error, errors)
    language = translation.get_language() or ""
    try:
        if isinstance(page, FormMixin):
            opinion = submit_from_form_page(
                page, form, channel=Channel.API, idempotency_key=key, source=source
            )
        else:
            opinion = create_opinion(
                page,
                submission_from_form(form, key),
                channel=Channel.API,
                language=language,
                source=source,
            )
    except CommentsClosed as exc:
        return _error(request, 409, exc.message)
    return _receipt(opinion, page.pk)


def _own_opinion(request, payload):
    """The opinion a receipt code + contact prove is the caller's, or an error response (bad
    input 400, too many tries 429, no such opinion 404): one place for status and withdrawal."""
    form = StatusLookupForm(data=payload.dict())
    if not form.is_valid():
        # The API takes one ``contact``: its errors are named after it, whichever box it went to.
        errors = {
            ("contact" if field in ("phone_last4", "email") else field): messages
            for field, messages in _form_errors(form).items()
        }
        return None, _error(request, 400, next(iter(errors.values()))[0], errors)
    code = form.cleaned_data["code"]
    if lookup_limited(request, code):
        return None, _error(request, 429, str(ratelimit.TOO_MANY))
    if code_needs_captcha(request, code):
        # The API cannot show the CAPTCHA the website asks for once a code has many misses.
        return None, _error(
            request, 429, _("这个回执码最近多次输错联系方式，请到网站上查询（需要输入验证码）。")
        )
    opinion = find_own_opinion(code, form.cleaned_data["contacts"])
    if opinion is None:
        record_miss(request, code)
        return None, _error(request, 404, _("没有找到与回执码和联系方式相符的意见，请核对后再试。"))
    return opinion, None


@api.post(
    "/opinions/status",
    response={200: StatusOut, **PUBLIC_RESPONSES},
    summary="查询办理情况",
    tags=["opinions"],
    auth=Caller(JSON),
)
def opinion_status(request, payload: StatusIn):
    opinion, refusal = _own_opinion(request, payload)
    if refusal is not None:
        return refusal
    return {
        "receipt_code": opinion.receipt_code,
        "status": opinion.status,
        "status_label": opinion.status_display,
        "page_title": opinion.page_title,
        "article_label": opinion.article_label,
        "text": masked_text(opinion),
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
    response={200: WithdrawOut, 409: ErrorOut, **PUBLIC_RESPONSES},
    summary="撤回意见",
    tags=["opinions"],
    auth=Caller(JSON),
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
        "status_label": opinion.status_display,
    }


api.add_router("/open-data/", "forms.open_data_api.router")  # GET-only open data, no key
