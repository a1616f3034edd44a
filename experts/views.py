"""The personal link ``/i/<code>`` an invited expert receives by SMS or e-mail.

It records when the invitation was first opened and leads to the draft's opinion form with the
invitation signed into the link (``source_landing_url``), so the opinion is credited to it. An
unknown or withdrawn code is a translated page (status 404) pointing to the draft when there is
one, and every miss is counted against the visitor's address, so codes cannot be walked."""

from __future__ import annotations

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from wagtail.models import Site

from core import ratelimit
from core.plugins import source_landing_url

from . import codes
from .models import Invitation
from .sources import live_invitation, source_of

MISS_LIMIT = "expert_link_miss"


def _not_found(request, *, page=None, status=404, limited=False):
    site = Site.find_for_request(request)
    home = site.root_page.localized.url if site is not None else "/"
    return TemplateResponse(
        request,
        "experts/public/link_not_found.html",
        {"page": page, "limited": limited, "home_url": home or "/"},
        status=status,
    )


@never_cache
@require_GET
def personal_link(request, code: str):
    if ratelimit.limited(request, MISS_LIMIT, increment=False):
        return _not_found(request, status=429, limited=True)
    code = codes.normalise(code)
    invitation = live_invitation(code)
    page = invitation.campaign.page.specific if invitation is not None else None
    if invitation is None or page is None or not page.live:
        ratelimit.limited(request, MISS_LIMIT)  # one miss spent
        known = (
            Invitation.objects.filter(code=code).select_related("campaign__page").first()
            if code
            else None
        )
        draft = known.campaign.page.specific if known is not None else None
        draft = draft.localized if draft is not None and draft.live else None
        return _not_found(request, page=draft)
    Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
        opened_at=timezone.now()
    )
    localized = page.localized
    url = source_landing_url(localized, "", source_of(invitation).token) or localized.url or "/"
    return redirect(url)
