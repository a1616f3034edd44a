"""The read beacon behind "most read".

Counting reads in ``serve()`` would stop working the day pages are cached (the cache answers and the
page code never runs). The article page therefore asks the browser to POST a tiny beacon
(``navigator.sendBeacon``) after it has been shown; that request is never cached, costs one
``UPDATE … SET count = count + 1`` and answers 204. Robots that do not run JavaScript are not
counted, which is what "read" should mean anyway. The same visitor counts once per article per
half hour (a cache key of address + article), so reloading does not inflate the figure.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed
from django.views.decorators.csrf import csrf_exempt

from .models import DailyReads, LawEducationArticlePage

DEDUPE_SECONDS = 30 * 60


def visitor_key(request) -> str:
    """Address (the proxy's X-Forwarded-For when behind nginx) and browser, hashed. Only used to
    skip repeated counts; spoofing it can at worst add reads, never read anything."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[0].strip()
    address = forwarded or request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")
    return hashlib.sha256(f"{address}|{agent}".encode()).hexdigest()[:24]


@csrf_exempt  # a counter bump carries no user data and changes nothing a visitor owns
def read_beacon(request, page_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if not LawEducationArticlePage.objects.live().public().filter(pk=page_id).exists():
        return HttpResponse(status=404)
    if cache.add(f"law_education:read:{page_id}:{visitor_key(request)}", 1, DEDUPE_SECONDS):
        DailyReads.bump(page_id)
    return HttpResponse(status=204)
