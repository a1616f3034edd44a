"""An invitation as a collection source (``core.plugins.CollectionSource`` of kind ``expert``),
for the hook ``lawbridge_collection_source``. The label names the campaign, never the person:
the source shows on opinion lists and maps that people without the personal-data right read."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from core.plugins import CollectionSource

from . import codes
from .models import Invitation

__all__ = ["from_token", "live_invitation", "source_of"]


def live_invitation(code: str) -> Invitation | None:
    """The invitation with this code if it still works: switched on, its expert still in the pool."""
    if not code:
        return None
    return (
        Invitation.objects.filter(code=code, active=True, expert__active=True)
        .select_related("campaign")
        .first()
    )


def source_of(invitation: Invitation) -> CollectionSource:
    # Stored on the opinion: in the site's language, whichever language the expert reads.
    with translation.override(settings.LANGUAGE_CODE):
        label = gettext("定向征集：%(title)s") % {"title": invitation.campaign.title}
    return CollectionSource(
        point_id=None,
        kind="expert",
        label=label[:200],
        code=invitation.code,
        page_id=invitation.campaign.page_id,
        token=codes.sign(invitation.code),
    )


def from_token(value) -> CollectionSource | None:
    """Only a token this plugin signed: a typed or edited code credits nobody."""
    invitation = live_invitation(codes.unsign(value))
    return source_of(invitation) if invitation is not None else None
