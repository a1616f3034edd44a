"""The questionnaire page: the form, the reply, the thanks, and the published results.

One reply per browser: the browser gets a random token in a signed cookie (``lb_questionnaire``)
the first time it opens a questionnaire, and the form carries the same token signed, so that a
browser refusing cookies still cannot store one form twice. The reply is stored under a hash of
the page and the token, unique per questionnaire (storage.py). The page is never kept in the
anonymous page cache: it holds a CSRF token and this browser's state.

A questionnaire that verifies phones (verification.py) adds, after the questions, a mobile number,
a 获取验证码 button and the code: the button posts the whole form (so it works without
JavaScript) and the form comes back with every answer kept and the code sent, or a sentence
saying why not. The reply is then one per verified phone as well as one per browser.

Without JavaScript every question is on one page, even where the editor chose one question per
screen (stepping.js does the stepping): a server-stepped flow would carry the answers through N
posts in hidden fields and re-check the conditions on each, for the few browsers without scripts;
one page is the same form every other path already validates and keeps when refused."""

from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core import spam
from core.params import bounded_int
from core.plugins import POINT_PAGE, CollectionSource, collection_source, page_models_for

from . import verification
from .answering import PHONE, SEND_CODE, SMS_CODE, AnswerForm
from .models import QuestionnaireIndexPage, source_page
from .results import results_for
from .storage import AlreadyReplied, has_replied, record_reply

COOKIE = "lb_questionnaire"
SALT = "lawbridge.questionnaires.token"
COOKIE_MAX_AGE = 365 * 24 * 3600
TOKEN = re.compile(r"[A-Za-z0-9_-]{32,64}")
THANKS_ANCHOR = "#q-thanks"

FORM_EXPIRED = _("这份问卷表单已失效（可能不是从本网站打开的）。您填写的内容已保留，请再提交一次。")


def cookie_token(request) -> str:
    value = request.get_signed_cookie(COOKIE, default="", salt=SALT, max_age=COOKIE_MAX_AGE)
    return value if TOKEN.fullmatch(value or "") else ""


def form_token(value: str) -> str:
    try:
        token = signing.Signer(salt=SALT).unsign(value or "")
    except signing.BadSignature:
        return ""
    return token if TOKEN.fullmatch(token) else ""


def point_for(value) -> Page | None:
    """The live liaison point a link's ``?point=<id>`` names (a point's QR card), else None: an
    unknown, unpublished or non-point id is ignored, never an error for the person answering.
    A translation of a point is credited to its default-language page, so that a point's
    replies are counted together whichever language its card opened.

    A collection code's source (``credit_for``) comes first; this is the fallback."""
    if not isinstance(value, str | int) or (isinstance(value, str) and len(value) > 20):
        return None
    point_id = bounded_int(value)
    models = page_models_for(POINT_PAGE)
    if point_id is None or not models:
        return None
    point = Page.objects.live().public().type(*models).filter(pk=point_id).first()
    return source_page(point) if point is not None else None


def source_for(page, value) -> CollectionSource | None:
    """The collection source a link's ``?source=<signed token>`` names (``/c/<code>`` puts it
    there), if genuine, still switched on, and meant for this questionnaire (a code printed for
    another page credits nothing here). Forged, edited or retired: None, never an error."""
    if not isinstance(value, str) or not value:
        return None
    source = collection_source(value)
    if source is None:
        return None
    if source.page_id is not None and source.page_id not in {page.pk, source_page(page).pk}:
        return None
    return source


def credit_for(page, data) -> tuple[Page | None, CollectionSource | None, str]:
    """The one place a reply's credit is decided: ``(point, source, token to carry)`` from a
    request's GET or POST. A collection code's source credits its point (if that point is
    live); without one, ``?point=<id>`` (a point's own QR link) credits that point."""
    token = data.get("source", "")
    source = source_for(page, token)
    if source is not None:
        point = point_for(source.point_id)
        if point is not None:
            return point, source, token
    return point_for(data.get("point")), None, ""


def _render(request, page, context: dict, status: int = 200, token: str = ""):
    replied = context.get("replied", False)
    context = {
        "page": page,
        "self": page,
        "window_message": page.window_message(),
        "target": page.article_target(),
        "draft": page.draft.specific if page.draft_id and page.draft.live else None,
        "results": results_for(page) if page.publish_results else None,
        "section": _section(page),
        **context,
    }
    context["replied"] = replied
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if token and cookie_token(request) != token:
        _remember(response, token)
    add_never_cache_headers(response)
    return response


def _section(page):
    """The 问卷调查 index above the page, for the breadcrumb; None under any other parent."""
    parent = page.get_parent()
    if parent is not None and parent.specific_class is QuestionnaireIndexPage:
        return parent
    return None


def _remember(response, token: str) -> None:
    response.set_signed_cookie(
        COOKIE,
        token,
        salt=SALT,
        max_age=COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _blank_form(
    page, token: str, point, source_token: str = "", captcha: bool = False
) -> AnswerForm:
    return AnswerForm(
        questions=page.question_list,
        verify=page.verify_phone,
        captcha=captcha,
        initial={
            "reply_token": signing.Signer(salt=SALT).sign(token),
            "point": point.pk if point else "",
            "source": source_token,
        },
    )


def serve_questionnaire(page, request):
    token = cookie_token(request)
    if request.method == "POST":
        return _answer(page, request, token)
    token = token or secrets.token_urlsafe(32)
    if has_replied(page, token):
        return _render(request, page, {"replied": True}, token=token)
    if not page.is_open():
        return _render(request, page, {"closed": True}, token=token)
    point, source, source_token = credit_for(page, request.GET)
    # A code's credit travels only as its signed token: a plain point id beside it would
    # credit the point again if the token were edited.
    carried = point if source is None else None
    form = _blank_form(page, token, carried, source_token, captcha=spam.captcha_required(request))
    return _render(request, page, {"form": form, "point": point}, token=token)


def _answer(page, request, token: str):
    token = token or form_token(request.POST.get("reply_token", ""))
    point, source, _token = credit_for(page, request.POST)
    verify = page.verify_phone

    def make_form(captcha: bool, data=None):
        return AnswerForm(
            data if data is not None else request.POST,
            questions=page.question_list,
            verify=verify,
            captcha=captcha,
        )

    def again(form, status: int, **extra):
        return _render(request, page, {"form": form, "point": point, **extra}, status, token)

    if not page.is_open():
        form = make_form(captcha=False)
        form.is_valid()
        return again(form, 409, closed=True)
    if not token:
        # A form not from this site, or its signature broken: what was typed comes back with a
        # fresh, valid token; nothing is stored.
        token = secrets.token_urlsafe(32)
        data = request.POST.copy()
        data["reply_token"] = signing.Signer(salt=SALT).sign(token)
        form = make_form(captcha=False, data=data)
        form.is_valid()
        return again(form, 400, refusal_message=str(FORM_EXPIRED))
    if verify and request.POST.get(SEND_CODE):
        return _send_code(page, request, make_form, again)
    form, refusal = spam.guard(
        request,
        make_form,
        limit="questionnaire_submit",
        hard_limit="questionnaire_submit_hard",
        address_limit="questionnaire_submit_address",
    )
    if refusal is not None:
        status, message = refusal
        return again(form, status, refusal_message=message)
    if not form.is_valid():
        return again(form, 400)
    hashed = ""
    if verify:
        if has_replied(page, token):
            return _thanks(page, token)  # the same form sent twice: its code is spent already
        try:
            hashed = verification.check_code(
                page, form.cleaned_data.get(PHONE, ""), form.cleaned_data.get(SMS_CODE, "")
            )
        except verification.VerificationError as refusal:
            form.add_error(refusal.field, refusal.message)
            return again(form, 400, at_verification=True)
        if verification.phone_replied(page, hashed):
            form.add_error(PHONE, str(verification.ALREADY))
            return again(form, 409, at_verification=True)
    try:
        record_reply(page, token, form.answers, point=point, source=source, phone_hash=hashed)
    except AlreadyReplied as exc:
        if exc.by_phone:  # the same phone, verified in two browsers at once
            form.add_error(PHONE, str(verification.ALREADY))
            return again(form, 409, at_verification=True)
        # The same form sent twice, or a second tab: the first reply stands.
    else:
        spam.spend(request.POST)
    return _thanks(page, token)


def _thanks(page, token: str):
    response = HttpResponseRedirect(page.url + THANKS_ANCHOR)
    _remember(response, token)
    return response


def _send_code(page, request, make_form, again):
    """获取验证码: the form comes back with every answer as typed (not yet checked: the person
    has not finished) and either where the code went or why it could not be sent."""
    form = make_form(captcha=spam.captcha_required(request))
    form.is_valid()
    form.errors.clear()
    reason = spam.evidence(request.POST)
    if reason in ("honeypot", "no-timestamp"):
        return again(form, 400, refusal_message=str(spam.REASONS[reason]), at_verification=True)
    try:
        sent = verification.send_code(request, page, form.data.get(PHONE, ""))
    except verification.VerificationError as refusal:
        form.add_error(PHONE, refusal.message)
        return again(form, refusal.status, at_verification=True)
    return again(form, 200, code_message=sent, at_verification=True)
