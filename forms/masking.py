"""Who sees an opinion's personal data in clear, and the masked values for everyone else (the
masking rule itself is core's: core/masking.py)."""

from __future__ import annotations

import functools

from django.utils.translation import gettext_lazy as _

from core.masking import mask_email, mask_name, mask_phone

PERMISSION = "forms.view_personal_data"


def can_view_personal_data(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(PERMISSION))


MASKERS = {"name": mask_name, "phone": mask_phone, "email": mask_email, "region": lambda v: v}


def personal(user, opinion, field: str) -> str:
    """The field's value for this user: in clear with the permission, masked otherwise."""
    value = getattr(opinion, field, "") or ""
    if can_view_personal_data(user):
        return value
    return MASKERS.get(field, mask_name)(value)


# The opinion's own text. Residents type addresses and phone numbers into it; forms.pii finds
# them. Every public or masked renderer goes through these two functions.


PII_KIND_LABELS = {
    "mobile": _("手机号码"),
    "landline": _("电话号码"),
    "id_card": _("身份证号码"),
    "bank_card": _("银行卡号"),
    "email": _("电子邮箱"),
    "plate": _("车牌号"),
    "account": _("微信/QQ号"),
    "address": _("住址"),
}


def masked_text(opinion) -> str:
    """The text with the personal data found in it masked (the original stays in ``text``)."""
    return _masked(getattr(opinion, "text", "") or "")


@functools.lru_cache(maxsize=4096)
def _masked(text: str) -> str:
    # A function of the text alone, and the same published opinions are masked for every
    # reader of their page: once per text and process.
    from . import pii

    return pii.mask(text)


def public_text(opinion) -> str:
    """What the public and the committee read: masked unless the 公开审核 step, done by someone
    with the personal-data right, published an edited text or released the original."""
    from .workflow import Publication

    publication = getattr(opinion, "publication", Publication.PENDING)
    if publication == Publication.EDITED and opinion.published_text:
        return opinion.published_text
    if publication == Publication.RELEASED:
        return opinion.text or ""
    return masked_text(opinion)


def text_for(user, opinion) -> str:
    """The text in admin views: in clear with the personal-data right, masked otherwise."""
    if can_view_personal_data(user):
        return opinion.text or ""
    return masked_text(opinion)
