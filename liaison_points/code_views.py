"""Public side of collection codes: ``/c/<code>`` (the QR code on a card) and ``/c/`` (a code
typed from paper), leading to the opinion form (or a questionnaire) with the code's source signed in the link.

Every wrong code is counted against the visitor's address (limit ``collection_code_miss``): after
the budget, further tries are refused for a while, so codes cannot be walked. Bad input of any
kind (NUL, emoji, HTML, 10,000 characters) is just "not a code": a translated page, status 404."""

from __future__ import annotations

from django import forms
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core import ratelimit
from core.plugins import source_landing_url

from . import codes
from .sources import _active_code, source_of_code

MISS_LIMIT = "collection_code_miss"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("征集码"),
        max_length=codes.MAX_TYPED,
        help_text=_("卡片、海报或桌牌上二维码旁的字母和数字，不区分大小写。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


def _entry_page(request, form, *, status=200, message=""):
    return TemplateResponse(
        request,
        "liaison_points/codes/entry.html",
        {"form": form, "message": message},
        status=status,
    )


def _follow(request, typed: str, form):
    if ratelimit.limited(request, MISS_LIMIT, increment=False):
        return _entry_page(request, form, status=429, message=ratelimit.TOO_MANY)
    found = _active_code(codes.normalise(typed))
    page = found.page.specific if found is not None else None
    if page is None or not page.live:
        ratelimit.limited(request, MISS_LIMIT)  # one miss spent
        message = _(
            "没有找到这个征集码。请核对卡片上的字母和数字（没有字母 O、I、L 和数字 0、1）。"
        )
        return _entry_page(request, form, status=404, message=message)
    localized = page.localized
    source = source_of_code(found)
    # The opinion form, or the page's own answering page (a questionnaire).
    url = source_landing_url(localized, found.article_key, source.token) or localized.url or "/"
    return redirect(url)


@never_cache
@require_GET
def scan(request, code: str):
    return _follow(request, code, CodeForm(initial={"code": code[: codes.MAX_TYPED]}))


@never_cache
@require_GET
def enter(request):
    if "code" not in request.GET:
        return _entry_page(request, CodeForm())
    form = CodeForm(request.GET)
    if not form.is_valid():
        return _entry_page(request, form, status=400)
    return _follow(request, form.cleaned_data["code"], form)
