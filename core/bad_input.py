"""The backstop behind ``core/params.py``: bad input in a URL is a 400 with a clear message, never a
500, even in views we do not own (Wagtail's API and redirects, its page router, the admin's
filters).

- A path or query string holding a NUL or another control character is refused before any view
  runs: PostgreSQL cannot store or compare a NUL ("A string literal cannot contain NUL"), and no
  real link carries one.
- A read (GET/HEAD) that still makes the database choke on a value — an id too big for its column
  (``OverflowError`` on SQLite, ``DataError`` on PostgreSQL), a date out of range — is answered 400
  and logged (``lawbridge.bad_input``, with the traceback: it shows a view that should validate).
  Writes are left alone: their forms validate and a failure there is a bug to see.
"""

from __future__ import annotations

import logging
import re

from django.db import DataError
from django.http import HttpResponseBadRequest, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

log = logging.getLogger("lawbridge.bad_input")

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
API_PREFIXES = ("/api/",)


def has_control_characters(request) -> bool:
    if _CONTROL.search(request.path):
        return True
    return any(
        _CONTROL.search(key) or any(_CONTROL.search(v) for v in values)
        for key, values in request.GET.lists()
    )


def bad_request(request, message: str = ""):
    message = message or _("网址中有无法识别的内容，请检查后再试。")
    if request.path.startswith(API_PREFIXES):
        return JsonResponse({"message": message}, status=400)
    html = render_to_string("400.html", {"message": message}, request=request)
    return HttpResponseBadRequest(html)


class BadInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_control_characters(request):
            log.info("refused control characters in %r", request.get_full_path()[:200])
            return bad_request(request)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method in ("GET", "HEAD") and isinstance(exception, OverflowError | DataError):
            log.warning("bad input reached the database: %s", request.path[:200], exc_info=True)
            return bad_request(request)
        return None
