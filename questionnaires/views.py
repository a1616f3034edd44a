"""The questionnaire page: the form, the reply, the thanks, and the published results.

One reply per browser: the browser gets a random token in a signed cookie (``lb_questionnaire``)
the first time it opens a questionnaire, and the form carries the same token signed, so that a
browser refusing cookies still cannot store one form twice. The reply is stored under a hash of
the page and the token, unique per questionnaire (storage.py). The page is never kept in the
anonymous page cache: it holds a CSRF token and this browser's state."""

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
from core.plugins import POINT_PAGE, page_models_for

from .answering import AnswerForm
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
    unknown, unpublished or non-point id is ignored, never an error for the person answering."""
    point_id = bounded_int(value)
    models = page_models_for(POINT_PAGE)
    if point_id is None or not models:
        return None
    return Page.objects.live().public().type(*models).filter(pk=point_id).first()


def _render(request, page, context: dict, status: int = 200, token: str = ""):
    replied = context.get("replied", False)
    context = {
        "page": page,
        "self": page,
        "window_message": page.window_message(),
        "target": page.article_target(),
        "draft": page.draft.specific if page.draft_id and page.draft.live else None,
        "results": results_for(page) if page.publish_results else None,
        **context,
    }
    context["replied"] = replied
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    if token and cookie_token(request) != token:
        _remember(response, token)
    add_never_cache_headers(response)
    return response


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


def _blank_form(page, token: str, point, captcha: bool = False) -> AnswerForm:
    return AnswerForm(
        questions=page.question_list,
        captcha=captcha,
        initial={
            "reply_token": signing.Signer(salt=SALT).sign(token),
            "point": point.pk if point else "",
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
    point = point_for(request.GET.get("point"))
    form = _blank_form(page, token, point, captcha=spam.captcha_required(request))
    return _render(request, page, {"form": form, "point": point}, token=token)


def _answer(page, request, token: str):
    token = token or form_token(request.POST.get("reply_token", ""))
    point = point_for(request.POST.get("point"))

    def make_form(captcha: bool):
        return AnswerForm(request.POST, questions=page.question_list, captcha=captcha)

    if not page.is_open():
        form = make_form(captcha=False)
        form.is_valid()
        return _render(
            request, page, {"form": form, "closed": True, "point": point}, status=409, token=token
        )
    if not token:
        # A form not from this site, or its signature broken: what was typed comes back with a
        # fresh, valid token; nothing is stored.
        token = secrets.token_urlsafe(32)
        data = request.POST.copy()
        data["reply_token"] = signing.Signer(salt=SALT).sign(token)
        form = AnswerForm(data, questions=page.question_list)
        form.is_valid()
        context = {"form": form, "point": point, "refusal_message": str(FORM_EXPIRED)}
        return _render(request, page, context, status=400, token=token)
    form, refusal = spam.guard(
        request,
        make_form,
        limit="questionnaire_submit",
        hard_limit="questionnaire_submit_hard",
        address_limit="questionnaire_submit_address",
    )
    if refusal is not None:
        status, message = refusal
        context = {"form": form, "point": point, "refusal_message": message}
        return _render(request, page, context, status=status, token=token)
    if not form.is_valid():
        return _render(request, page, {"form": form, "point": point}, status=400, token=token)
    try:
        record_reply(page, token, form.answers, point=point)
    except AlreadyReplied:
        pass  # the same form sent twice, or a second tab: the first reply stands
    else:
        spam.spend(request.POST)
    response = HttpResponseRedirect(page.url + THANKS_ANCHOR)
    _remember(response, token)
    return response
