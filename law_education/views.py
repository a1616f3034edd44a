"""The read beacon behind "most read".

Counting reads in ``serve()`` would stop working the day pages are cached (the cache answers and the
page code never runs). The article page therefore asks the browser to POST a tiny beacon
(``navigator.sendBeacon``) after it has been shown; that request is never cached, costs one
``UPDATE … SET count = count + 1`` and answers 204. Robots that do not run JavaScript are not
counted, which is what "read" should mean anyway.

One client address counts once per article per day. The key is the address as the rate limits see
it (``core.ratelimit.client_ip``: the proxy header named in ``RATELIMIT_IP_META_KEY``, else the
socket address) and nothing the client chooses: keying on the User-Agent, or on a forwarded header
the proxy does not set, let one client add a read per request by changing a header. Many readers
behind one carrier NAT count as one: "most read" ranks articles, it does not census readers.
"""

import hashlib

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from core.params import bounded_int
from core.ratelimit import client_ip

from .models import DailyReads, LawEducationArticlePage

# Long enough to outlive the day the key names; the day in the key does the real work.
DEDUPE_SECONDS = 26 * 3600


def visitor_key(request) -> str:
    """The client address, hashed (addresses never appear as cache keys)."""
    return hashlib.sha256(client_ip(request).encode()).hexdigest()[:24]


@csrf_exempt  # a counter bump carries no user data and changes nothing a visitor owns
def read_beacon(request, page_id: int):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if bounded_int(page_id) is None:
        return HttpResponse(status=404)
    if not LawEducationArticlePage.objects.live().public().filter(pk=page_id).exists():
        return HttpResponse(status=404)
    day = timezone.localdate().isoformat()
    if cache.add(f"law_education:read:{day}:{page_id}:{visitor_key(request)}", 1, DEDUPE_SECONDS):
        DailyReads.bump(page_id)
    return HttpResponse(status=204)
