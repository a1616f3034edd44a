"""Public views: the opinion form, the receipt, the status lookup, and the form page's serve()."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from wagtail.contrib.forms.models import FormMixin
from wagtail.models import Page

from core import ratelimit, spam
from core.interfaces import as_commentable, submission_kind
from core.params import bounded_int

from . import kept_uploads
from .adoptions import adopted_wordings
from .intake import (
    CommentsClosed,
    Submission,
    check_open,
    create_opinion,
    idempotency_key,
    replayed,
    source_page,
    submit_from_form_page,
)
from .models import Channel, Opinion
from .public_forms import OpinionForm, StatusLookupForm, WithdrawForm
from .receipts import normalise, normalise_contact
from .sources import form_source
from .workflow import Status, withdraw_refusal

# The receipt page is shown only to the browser that submitted: it keeps its last receipt codes in
# a signed cookie. Not in the session: a session cookie would take every page this visitor reads
# afterwards out of the anonymous page cache (core/page_cache.py), and on a hot draft many readers
# are commenters.
RECEIPTS_COOKIE = "lb_receipts"
RECEIPTS_SALT = "lawbridge.forms.receipts"
RECEIPTS_MAX_AGE = 14 * 24 * 3600


def _remembered_receipts(request) -> list[str]:
    value = request.get_signed_cookie(
        RECEIPTS_COOKIE, default="", salt=RECEIPTS_SALT, max_age=RECEIPTS_MAX_AGE
    )
    return [code for code in value.split(",") if code]


def _receipt_redirect(request, code: str):
    """Redirect to the receipt page, remembering ``code`` in this browser."""
    response = redirect("opinions_receipt", code=code)
    codes = [*_remembered_receipts(request)[-19:], code]
    response.set_signed_cookie(
        RECEIPTS_COOKIE,
        ",".join(codes),
        salt=RECEIPTS_SALT,
        max_age=RECEIPTS_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def _page_or_404(page_id: int):
    if bounded_int(page_id) is None:  # /opinions/new/<30 digits>/ overflows the id column
        raise Http404(_("没有这个征求意见的页面。"))
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or as_commentable(page.specific) is None:
        raise Http404(_("没有这个征求意见的页面。"))
    return page.specific


def web_idempotency_key(page, token: str) -> str:
    """The stored key of an HTML form's single-use token (``submission_token``) on ``page``."""
    from .public_forms import SUBMISSION_TOKEN

    token = token if isinstance(token, str) and SUBMISSION_TOKEN.fullmatch(token) else ""
    return idempotency_key(f"web:{page.pk}", token)


def _sent_before(request, form) -> Opinion | None:
    """The opinion this browser already sent with the same text on the same article, if any.

    A single-use token stops the same form being posted twice, but going back to the form and
    submitting again loads a new form (with a new token) that the browser refills with what was
    typed. Among the receipts this browser keeps (``lb_receipts``), the same words on the same
    article are that same opinion: the visitor gets its receipt again, nothing is stored twice."""
    codes = _remembered_receipts(request)
    if not codes:
        return None
    target = form.cleaned_data.get("article")
    return (
        Opinion.objects.filter(
            receipt_code__in=codes,
            page_id=source_page(form.page).pk,
            text=form.cleaned_data["text"],
            article_key=target.key if target else "",
        )
        .exclude(status=Status.WITHDRAWN)
        .only("receipt_code")
        .first()
    )


def submission_from_form(form, idempotency_key: str = "") -> Submission:
    cleaned = form.cleaned_data
    return Submission(
        text=cleaned["text"],
        subject=cleaned.get("subject") or "",
        category=cleaned["category"],
        target=cleaned.get("article"),
        name=cleaned.get("name") or "",
        phone=cleaned.get("phone") or "",
        email=cleaned.get("email") or "",
        region=cleaned.get("region") or "",
        privacy_consent=cleaned["privacy_consent"],
        publish_consent=cleaned["publish_consent"],
        attachments=cleaned.get("attachments") or [],
        idempotency_key=idempotency_key,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def new_opinion(request, page_id: int):
    """The comment form for a page or (``?article=<key>``) one of its articles."""
    page = _page_or_404(page_id)
    if isinstance(page, FormMixin):
        # An editor-built form page has its own fields (some required): only its own form,
        # on its own page, takes opinions for it.
        return redirect(page.url or "/")
    commentable = as_commentable(page)
    closed_message = ""
    try:
        check_open(page)
    except CommentsClosed as exc:
        closed_message = exc.message
    status, refusal_message = 200, ""
    replay_key = ""
    # A point's card (``/c/<code>``) sends the resident here with a signed source token; the form
    # carries it back, and the opinion is credited to that point (forms/sources.py).
    source_token = (request.POST if request.method == "POST" else request.GET).get("source", "")
    source = form_source(source_token, page)
    if request.method == "POST":
        replay_key = web_idempotency_key(page, request.POST.get("submission_token", ""))
        first = replayed(replay_key)
        if first is not None:  # the same form posted again: the same receipt
            return _receipt_redirect(request, first.receipt_code)
        form, refusal = spam.guard(
            request,
            lambda captcha: OpinionForm(request.POST, request.FILES, page=page, captcha=captcha),
            limit="opinion_submit",
            hard_limit="opinion_submit_hard",
            address_limit="opinion_submit_address",
        )
        if closed_message:
            # A form left open past the deadline: refuse politely and give the text back.
            status = 409
        elif refusal:
            status, refusal_message = refusal
        elif form.is_valid() and (earlier := _sent_before(request, form)) is not None:
            # Back, then 提交 again: the browser kept the text, the page gave a fresh token.
            return _receipt_redirect(request, earlier.receipt_code)
        elif form.is_valid():
            try:
                opinion = create_opinion(
                    page,
                    submission_from_form(form, replay_key),
                    channel=Channel.WEB,
                    source=source,
                )
            except CommentsClosed as exc:  # closed between the check and the save
                closed_message, status = exc.message, 409
            else:
                if not opinion.replayed:
                    # The attachments now live with the opinion; drop their pending copies.
                    used = getattr(form, "used_kept", [])
                    transaction.on_commit(lambda: kept_uploads.discard(used))
                    spam.spend(request.POST)
                return _receipt_redirect(request, opinion.receipt_code)
        else:
            status = 400
        if not closed_message:
            # Looks automated (honeypot, no or forged timestamp, too fast), whether refused for
            # it now or shown the CAPTCHA earlier: nothing new is stored for it.
            likely_bot = bool(spam.suspicious(request.POST))
            form.keep_for_retry(request, keep_new=not likely_bot)
    else:
        form = OpinionForm(
            initial={"article": request.GET.get("article", "")},
            page=page,
            captcha=spam.captcha_required(request),
        )
    key = request.POST.get("article") if request.method == "POST" else request.GET.get("article")
    target = None
    if key:
        # A bound form has built every target to check the choice; a reader's GET asks for one.
        known = form.targets.get(key) if form.is_bound else None
        target = known or commentable.get_comment_target(key)
    context = {
        "page": page,
        "form": form,
        "target": target,
        "closed_message": closed_message,
        "refusal_message": refusal_message,
        "returned_text": request.POST.get("text", "") if closed_message else "",
        "window_message": commentable.comment_window_message(),
        "back_url": (target.url if target and target.url else page.url),
        "source": source,
        # A plan, a call for proposals or an evaluation says what the form is for in its own
        # words (SubmissionKind: heading, back link, submit button).
        "kind": submission_kind(page),
    }
    return TemplateResponse(request, "forms/opinion_form.html", context, status=status)


def _as_read(opinion: Opinion) -> dict:
    """The draft and article as the visitor read them: the opinion belongs to the source draft,
    the visitor sees (and goes back to) the translation in their language."""
    page = opinion.page.specific.localized.specific if opinion.page_id else None
    back_url = page.url if page is not None else "/"
    target_label = opinion.target_label
    commentable = as_commentable(page) if page is not None else None
    if commentable is not None and opinion.article_key:
        target = commentable.get_comment_target(opinion.article_key)
        if target is not None:
            target_label = target.label
            back_url = target.url or back_url
    from .submission_kinds import kind_for

    kind = kind_for(opinion)
    if not opinion.article_key:
        # The whole page, in the page's words (整个计划); a page that takes comments on the whole
        # only (a call for proposals) has no such choice, so the row is left out.
        if commentable is not None and not commentable.current_article_labels():
            target_label = ""
        elif kind.whole_label:
            target_label = kind.whole_label
    return {
        "source_page": page,
        # What the page calls the submission, its subject and the page (SubmissionKind: 建议,
        # 建议项目名称, 建议征集).
        "submission_kind": kind,
        "page_title": page.title if page is not None else opinion.page_title,
        "target_label": target_label,
        "back_url": back_url,
    }


@never_cache
def receipt(request, code: str):
    """Shown right after submitting, to the browser that submitted (it keeps the code in its
    receipt cookie). Anywhere else — the link opened in WeChat, on another phone — the same address
    asks for the contact check of the status lookup, with the code filled in: 200, never a 404,
    and the same answer whether or not the code exists, so the link reveals nothing by itself."""
    canonical = normalise(code)
    if canonical and canonical in _remembered_receipts(request):
        if canonical != code:  # typed by hand, in lower case or full width
            return redirect("opinions_receipt", code=canonical)
        opinion = Opinion.objects.select_related("page").filter(receipt_code=code).first()
        if opinion is not None:
            return TemplateResponse(
                request,
                "forms/receipt.html",
                {"opinion": opinion, **_as_read(opinion), **referral_context(opinion)},
            )
    # The code as it can be shown back: canonical, or what was in the link, shortened and without
    # control characters (a NUL or a megabyte in a URL must not come back into the page).
    shown = canonical or "".join(ch for ch in code[:20] if ch.isprintable())
    form = StatusLookupForm(initial={"code": shown})
    return TemplateResponse(
        request,
        "forms/receipt.html",
        {"opinion": None, "form": form, "code_unreadable": not canonical},
    )


def find_opinion(code: str, contact: str) -> Opinion | None:
    """The opinion for a receipt code and the submitter's proof: last 4 digits of the phone (or
    the whole number) or the email. Opinions submitted without contact details need only the code.
    ``contact`` is compared as typed on a phone: full-width digits, spaces and dashes allowed."""
    opinion = Opinion.objects.filter(receipt_code=code).first()
    if opinion is None:
        return None
    contact = normalise_contact(contact)
    if not opinion.phone and not opinion.email:
        return opinion
    digits = "".join(ch for ch in opinion.phone if ch.isdigit())
    if opinion.phone and contact.isdigit():
        if len(contact) == 4 and constant_time_compare(digits[-4:], contact):
            return opinion
        if len(contact) > 4 and constant_time_compare(digits, contact):
            return opinion
    if opinion.email and constant_time_compare(normalise_contact(opinion.email), contact):
        return opinion
    return None


def find_own_opinion(code: str, contacts: list[str]) -> Opinion | None:
    """``find_opinion`` for each proof the visitor gave (the phone digits, the e-mail), or for
    none when they gave none (an opinion left without contact details)."""
    for contact in contacts or [""]:
        opinion = find_opinion(code, contact)
        if opinion is not None:
            return opinion
    return None


# Receipt lookups (status and withdrawal, HTML and API) are limited so that a guesser cannot try the
# 10,000 last-4-digits of a code, without letting the guesser lock the owner out:
# - per client address: every lookup ("status_lookup", a code enumerator) and the wrong contacts
#   given from it ("status_lookup_miss"): refused outright — the owner is rarely the guesser's
#   address, and may always try from another one (a phone on mobile data);
# - per code, wrong contacts from any address ("status_lookup_code"): past that budget the code is
#   not refused but asks whoever looks it up to solve the CAPTCHA first, so a botnet pays one
#   CAPTCHA per guess while the owner still gets in; the browser that submitted the opinion (it
#   remembers the code in its receipt cookie) is not even asked. The API cannot show a CAPTCHA and
#   answers 429, pointing to the website.
# Only misses count against the code: right answers never use up its budget.


def lookup_limited(request, code: str) -> bool:
    """Is this client address over its budgets? Counts the lookup, not yet a miss."""
    over_lookups = ratelimit.limited(request, "status_lookup")
    over_misses = ratelimit.limited(request, "status_lookup_miss", increment=False)
    return over_lookups or over_misses


def code_needs_captcha(request, code: str) -> bool:
    """Too many wrong contacts for ``code`` lately, from any address (see above)."""
    if code in _remembered_receipts(request):
        return False
    return ratelimit.limited(request, "status_lookup_code", key=code, increment=False)


def record_miss(request, code: str) -> None:
    """A wrong contact (or an unknown code): one miss for this address and for this code."""
    ratelimit.limited(request, "status_lookup_miss")
    ratelimit.limited(request, "status_lookup_code", key=code)


def _ask_captcha(form) -> bool:
    """Add the offline CAPTCHA (the opinion form's) to a bound lookup form and validate again.
    False when the spam defence is off (no CAPTCHA to ask: the lookup is then refused)."""
    field = spam.SpamProtectedForm(captcha=True).fields.get(spam.CAPTCHA)
    if field is None:
        return False
    form.fields[spam.CAPTCHA] = field
    form.full_clean()
    return True


def guarded_lookup(request, form) -> tuple[Opinion | None, int, str]:
    """The opinion a valid lookup form proves is the visitor's, else ``(None, status, message)``:
    429 over a budget, 400 when the CAPTCHA is asked for (or wrong), 404 no such opinion."""
    code = form.cleaned_data["code"]
    if lookup_limited(request, code):
        return None, 429, str(ratelimit.TOO_MANY)
    if code_needs_captcha(request, code):
        if not _ask_captcha(form):
            return None, 429, str(ratelimit.TOO_MANY)
        if not form.is_valid():
            if not request.POST.get(f"{spam.CAPTCHA}_1", "").strip():
                del form.errors[spam.CAPTCHA]  # nothing typed yet: ask, do not scold
                return (
                    None,
                    (200 if request.POST.get(spam.REFRESH) else 400),
                    _(
                        "这个回执码最近多次输错联系方式。为确认是您本人查询，请输入下面图片中的数字后再查一次。"
                    ),
                )
            return None, 400, ""
    opinion = find_own_opinion(code, form.cleaned_data["contacts"])
    if opinion is None:
        record_miss(request, code)
        return None, 404, _("没有找到与回执码和联系方式相符的意见，请核对后再试。")
    return opinion, 200, ""


@never_cache
@require_http_methods(["GET", "POST"])
def status_lookup(request):
    opinion, not_found, status, refusal_message = None, False, 200, ""
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
        if form.is_valid():
            opinion, status, message = guarded_lookup(request, form)
            not_found = status == 404
            if not not_found:
                refusal_message = message
        else:
            status = 400
    else:
        form = StatusLookupForm(initial={"code": request.GET.get("code", "")})
    # Naming the articles that took an adoption up keeps the status (forms/adoptions.py): the
    # resident sees that under "您的意见被吸收到", not as the same status twice.
    history = [c for c in opinion.history.all() if c.from_status != c.to_status] if opinion else []
    as_read = _as_read(opinion) if opinion else {}
    return TemplateResponse(
        request,
        "forms/status.html",
        {
            "form": form,
            "opinion": opinion,
            "history": history,
            "not_found": not_found,
            **as_read,
            "adopted_wordings": (
                adopted_wordings(opinion, as_read.get("source_page")) if opinion else None
            ),
            "refusal_message": refusal_message,
            # A decided opinion says why it cannot be withdrawn instead of offering to.
            "withdraw_refusal": (
                withdraw_refusal(opinion) if opinion and opinion.status != Status.WITHDRAWN else ""
            ),
            # 下载感谢信: the form re-sends the proof just checked (forms/_thank_you_letter.html).
            "thank_you_letter": bool(opinion) and _letter_earned(opinion),
            **referral_context(opinion),
        },
        status=status,
    )


# --- 转办: the department's reply and the resident's rating (forms/referrals.py) -------------------


def referral_context(opinion, **extra) -> dict:
    """The status page's 转办 part: the open referral (with the rating form when it can be rated),
    or, on the empty lookup page, the published figures (aggregates only)."""
    from .referral_models import Rating
    from .referrals import open_referral, public_summary

    if opinion is None:
        return {"referral_summary": public_summary(), **extra}
    referral = open_referral(opinion) if opinion.status == Status.REFERRED else None
    return {
        "referral": referral,
        "rating_choices": Rating.choices,
        "can_rate": bool(referral and referral.is_replied and not referral.rating),
        **extra,
    }


@never_cache
@require_http_methods(["POST"])
def rate_referral(request):
    """满意度评价: the status page's form re-sends the proof just checked (code + last 4 digits or
    e-mail, through ``guarded_lookup`` and its rate limits), or the browser that submitted the
    opinion (its receipt cookie) sends the code alone. Rated once; a second rating is told so."""
    from .referrals import open_referral, rate
    from .workflow import TransitionError

    form = StatusLookupForm(request.POST)
    opinion, status, message = None, 200, ""
    code = normalise(request.POST.get("code", ""))
    if code and code in _remembered_receipts(request):
        if ratelimit.limited(request, "status_lookup"):
            status, message = 429, str(ratelimit.TOO_MANY)
        else:
            opinion = Opinion.objects.filter(receipt_code=code).first()
        form.is_valid()
    elif form.is_valid():
        opinion, status, message = guarded_lookup(request, form)
    else:
        status = 400
    if opinion is None:
        return TemplateResponse(
            request,
            "forms/status.html",
            {
                "form": form,
                "opinion": None,
                "not_found": status == 404,
                "refusal_message": message if status != 404 else "",
                **referral_context(None),
            },
            status=status,
        )
    referral = open_referral(opinion) if opinion.status == Status.REFERRED else None
    rated = False
    if referral is None:
        status, message = 409, _("这条意见没有转办，不需要评价。")
    else:
        try:
            rate(referral, request.POST.get("rating", ""))
        except TransitionError as exc:
            status, message = (
                (400 if referral.is_replied and not referral.rating else 409),
                str(exc),
            )
            referral.refresh_from_db()
        else:
            rated = True
    history = [c for c in opinion.history.all() if c.from_status != c.to_status]
    return TemplateResponse(
        request,
        "forms/status.html",
        {
            "form": form,
            "opinion": opinion,
            "history": history,
            **_as_read(opinion),
            "withdraw_refusal": withdraw_refusal(opinion),
            **referral_context(opinion, rating_message=message, rated=rated),
        },
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request):
    """撤回意见: the submitter proves it is theirs (receipt code + contact) and confirms."""
    from .workflow import TransitionError
    from .workflow import withdraw as withdraw_opinion

    opinion, status, message, done = None, 200, "", False
    if request.method == "POST":
        form = WithdrawForm(request.POST)
        if form.is_valid():
            opinion, status, message = guarded_lookup(request, form)
            if opinion is not None:
                try:
                    withdraw_opinion(opinion, note=form.cleaned_data["reason"])
                except TransitionError as exc:
                    status, message = 409, str(exc)
                else:
                    done = True
        else:
            status = 400
    else:
        form = WithdrawForm(initial={"code": request.GET.get("code", "")})
    return TemplateResponse(
        request,
        "forms/withdraw.html",
        {"form": form, "opinion": opinion, "done": done, "refusal_message": message},
        status=status,
    )


def serve_form_page(page, request):
    """``OpinionFormPage.serve``: Wagtail's form flow, plus the comment window and a receipt."""
    closed_message = ""
    try:
        check_open(page)
    except CommentsClosed as exc:
        closed_message = exc.message
    status, refusal_message = 200, ""
    if request.method == "POST":
        replay_key = web_idempotency_key(page, request.POST.get("submission_token", ""))
        first = replayed(replay_key)
        if first is not None:  # the same form posted again: the same receipt
            return _receipt_redirect(request, first.receipt_code)
        form, refusal = spam.guard(
            request,
            lambda captcha: page.get_form(
                request.POST, request.FILES, page=page, user=request.user, captcha=captcha
            ),
            limit="opinion_submit",
            hard_limit="opinion_submit_hard",
            address_limit="opinion_submit_address",
        )
        if closed_message:
            status = 409
        elif refusal:
            status, refusal_message = refusal
        elif form.is_valid():
            try:
                opinion = submit_from_form_page(page, form, idempotency_key=replay_key)
            except CommentsClosed as exc:
                closed_message, status = exc.message, 409
            else:
                if not getattr(opinion, "replayed", False):
                    spam.spend(request.POST)
                return _receipt_redirect(request, opinion.receipt_code)
        else:
            status = 400
    else:
        form = page.get_form(page=page, user=request.user, captcha=spam.captcha_required(request))
    context = page.get_context(request)
    context.update(
        {
            "form": form,
            "closed_message": closed_message,
            "refusal_message": refusal_message,
            "returned_text": request.POST.get("text", "") if closed_message else "",
        }
    )
    response = TemplateResponse(request, page.get_template(request), context, status=status)
    # Never shared by the page cache: the form carries this visitor's single-use token (and the
    # spam timestamp); a cached copy would give every visitor the same token.
    add_never_cache_headers(response)
    return response


# --- 采纳证书 and 感谢信 (forms/certificates.py) ---------------------------------------------------


def _letter_earned(opinion) -> bool:
    from . import certificates

    return certificates.eligible(opinion, certificates.Kind.LETTER)


def _pdf_response(content: bytes, name: str):
    from django.http import HttpResponse
    from django.utils.http import content_disposition_header

    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Robots-Tag"] = "noindex"
    add_never_cache_headers(response)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def thank_you_letter(request):
    """The resident's 感谢信 as a PDF. The receipt is checked again on every download: the status
    page's button posts the code and the contact just proven (``guarded_lookup``, with its rate
    limits); a GET with ``?code=`` is served only to the browser that submitted (its receipt
    cookie). Anything else goes back to the status lookup, with the code filled in."""
    from . import certificates

    opinion, status, message = None, 200, ""
    if request.method == "POST":
        form = StatusLookupForm(request.POST)
        if form.is_valid():
            opinion, status, message = guarded_lookup(request, form)
        else:
            status = 400
    else:
        code = normalise(request.GET.get("code", ""))
        if code and code in _remembered_receipts(request):
            opinion = Opinion.objects.filter(receipt_code=code).first()
        form = StatusLookupForm(initial={"code": code})
    if opinion is not None:
        document = certificates.issue(opinion, certificates.Kind.LETTER)
        if document is None or not certificates.is_valid(document):
            status, message = 404, _("这条意见没有被采纳，没有感谢信。")
        else:
            try:
                content = certificates.render([document], request=request)
            except certificates.PdfUnavailable:
                status, message = 503, _("暂时无法生成感谢信，请稍后再试。")
            else:
                return _pdf_response(content, certificates.filename([document]))
        # Checked and found, but no letter: the status page again, with the reason.
        return TemplateResponse(
            request,
            "forms/status.html",
            {
                "form": form,
                "opinion": opinion,
                "history": list(opinion.history.all()),
                **_as_read(opinion),
                "letter_message": message,
                "thank_you_letter": status == 503,  # try again later
                "withdraw_refusal": withdraw_refusal(opinion),
            },
            status=status,
        )
    return TemplateResponse(
        request,
        "forms/status.html",
        {
            "form": form,
            "opinion": None,
            "not_found": status == 404,
            "refusal_message": message if status != 404 else "",
        },
        status=status if request.method == "POST" else 200,
    )


def _verify_limited(request) -> bool:
    """Unknown codes count as misses of the receipt lookup's budget per address: past it, even a
    real code is refused for a while, so codes cannot be enumerated; real codes cost nothing."""
    return ratelimit.limited(request, "status_lookup_miss", increment=False)


@never_cache
def verify_document(request, code: str):
    """核验: the public page a certificate's QR code opens. Only what the paper itself shows."""
    from . import certificates

    if _verify_limited(request):
        response = TemplateResponse(
            request, "forms/verify.html", {"refused": str(ratelimit.TOO_MANY)}, status=429
        )
    else:
        document = certificates.find_by_code(code)
        if document is None:
            ratelimit.limited(request, "status_lookup_miss")
            shown = "".join(ch for ch in code[:20] if ch.isprintable())
            response = TemplateResponse(
                request, "forms/verify.html", {"unknown": True, "code": shown}, status=404
            )
        else:
            response = TemplateResponse(
                request,
                "forms/verify.html",
                {
                    "facts": certificates.public_facts(document),
                    "valid": certificates.is_valid(document),
                },
            )
    response["X-Robots-Tag"] = "noindex"
    return response
