"""采纳证书 (for the point that collected an adopted opinion) and 感谢信 (for the resident who gave it):
issued lazily, printed as A4 PDFs, verified on a public page.

A document is issued the first time anyone asks for it (the resident's download, the admin's list)
and is the same document ever after: one row per opinion and kind (``IssuedDocument``, unique), so a
reload or a double click finds the row the first request made. It stays valid while its opinion is
adopted (采纳 or 部分采纳) and nobody revoked it; the verification page says so, or that it is not.

What a document shows is what its reader may know: the draft, the article, the outcome, the date,
the point's name; the resident's name only when they chose to publish it (``PublishConsent.FULL``),
never a contact. The public page shows exactly the same facts (``public_facts``).
"""

from __future__ import annotations

import io
import logging
import secrets
import unicodedata

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import pdf

from .certificate_models import CODE_ALPHABET, CODE_LENGTH, IssuedDocument
from .models import Opinion, PublishConsent
from .workflow import Status

logger = logging.getLogger(__name__)

Kind = IssuedDocument.Kind
ADOPTED = (Status.ADOPTED, Status.PARTLY_ADOPTED)
# One bulk print at most, within the worker's 30 s (gunicorn.conf.py): 200 letters with a seal took
# 36 s and 740 KiB on 2 shared cores, so a ceremony prints per draft, point or kind, 100 at a time.
MAX_BULK = 100

__all__ = [
    "ADOPTED",
    "MAX_BULK",
    "Kind",
    "PdfUnavailable",
    "eligible",
    "find_by_code",
    "issue",
    "issue_missing",
    "is_valid",
    "names_resident",
    "normalise_code",
    "public_facts",
    "render",
]


class PdfUnavailable(Exception):
    """The PDF could not be made (no font, WeasyPrint failing): say so, never a 500."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(value: str) -> str:
    """The stored form of a code as typed or scanned: full width, lower case, dashes and spaces
    allowed; "" when it cannot be one."""
    value = unicodedata.normalize("NFKC", str(value or "")[:40]).upper()
    value = "".join(ch for ch in value if ch not in "- ")
    if len(value) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in value):
        return ""
    return value


def eligible(opinion: Opinion, kind: str) -> bool:
    """Adopted (fully or partly); a certificate also needs the point that collected it."""
    if opinion.status not in ADOPTED:
        return False
    return kind != Kind.CERTIFICATE or bool(opinion.point_id)


def issue(opinion: Opinion, kind: str) -> IssuedDocument | None:
    """The opinion's document of ``kind``, issued now if it is the first request; None when the
    opinion does not earn one (or no longer does and never had one)."""
    existing = IssuedDocument.objects.filter(opinion=opinion, kind=kind).first()
    if existing is not None or not eligible(opinion, kind):
        return existing
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return IssuedDocument.objects.create(
                    opinion=opinion,
                    kind=kind,
                    point_id=opinion.point_id if kind == Kind.CERTIFICATE else None,
                    code=new_code(),
                )
        except IntegrityError:
            # Another request issued it a moment ago (or, once in 2**59, the code was taken).
            existing = IssuedDocument.objects.filter(opinion=opinion, kind=kind).first()
            if existing is not None:
                return existing
    raise IntegrityError("could not issue a document")  # pragma: no cover


def issue_missing(opinions, kind: str) -> int:
    """Issue ``kind`` for every eligible opinion of the queryset that has none yet (the admin list
    shows them all at once). Returns how many were issued."""
    opinions = opinions.filter(status__in=ADOPTED).exclude(issued_documents__kind=kind)
    if kind == Kind.CERTIFICATE:
        opinions = opinions.filter(point__isnull=False)
    rows = [
        IssuedDocument(
            opinion_id=pk,
            kind=kind,
            point_id=point_id if kind == Kind.CERTIFICATE else None,
            code=new_code(),
        )
        for pk, point_id in opinions.order_by().values_list("pk", "point_id").iterator()
    ]
    # A request issuing one of them at the same moment wins; its row is kept.
    IssuedDocument.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


def is_valid(document: IssuedDocument) -> bool:
    return not document.revoked and document.opinion.status in ADOPTED


def find_by_code(code: str) -> IssuedDocument | None:
    code = normalise_code(code)
    if not code:
        return None
    return IssuedDocument.objects.select_related("opinion", "point").filter(code=code).first()


def names_resident(document: IssuedDocument) -> bool:
    """The letter carries the resident's name: only when they chose to publish it."""
    opinion = document.opinion
    return (
        document.kind == Kind.LETTER
        and opinion.publish_consent == PublishConsent.FULL
        and bool(opinion.name.strip())
    )


def _point_name(document: IssuedDocument) -> str:
    if document.kind != Kind.CERTIFICATE:
        return ""
    point = document.point if document.point_id else None
    if point is None and document.opinion.point_id:
        point = document.opinion.point
    return point.title if point is not None else ""


def public_facts(document: IssuedDocument) -> dict:
    """What the paper and the verification page show: nothing the resident did not publish."""
    from .submission_kinds import kind_for, noun, status_label

    opinion = document.opinion
    kind = kind_for(opinion)
    adopted = opinion.status in ADOPTED
    return {
        "kind": document.get_kind_display(),
        "is_certificate": document.kind == Kind.CERTIFICATE,
        "code": document.display_code,
        "issued_on": timezone.localtime(document.issued_at).date(),
        "submitted_on": timezone.localtime(opinion.submit_time).date(),
        "page_title": opinion.page_title or (opinion.page.title if opinion.page_id else ""),
        "article": opinion.target_label,
        "outcome": status_label(opinion.status, kind) if adopted else "",
        # A page with decisions of its own (a call for proposals: 列入计划, 列入调研) gets a
        # sentence naming the proposal and the decision, not "被采纳".
        "decision_words": status_label(opinion.status, kind)
        if adopted and kind.decision_labels
        else "",
        "noun": noun(kind),
        "subject": opinion.subject,
        "partly": opinion.status == Status.PARTLY_ADOPTED,
        "point_name": _point_name(document),
        "name": opinion.name.strip() if names_resident(document) else "",
    }


def verification_url(document: IssuedDocument) -> str:
    # Absolute, like the links in e-mails: the paper is read away from any request.
    path = reverse("opinions_verify", args=[document.code])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def _qr_data_uri(url: str) -> str:
    # PNG rather than SVG: every print driver and PDF viewer shows a bitmap the same way.
    import segno

    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=6, border=1)
    return pdf.data_uri(buffer.getvalue(), "image/png")


def _site_settings(request):
    from wagtail.models import Site

    from core.models import SiteSettings

    site = (Site.find_for_request(request) if request is not None else None) or (
        Site.objects.filter(is_default_site=True).first()
    )
    return SiteSettings.for_site(site) if site is not None else SiteSettings()


def _seal_data_uri(site_settings) -> str:
    """The seal as a data: URI (PNG, at most 600 px), or "" without one or when its file is gone:
    the documents then print without a seal rather than with a broken image."""
    image = site_settings.seal if site_settings.seal_id else None
    if image is None:
        return ""
    try:
        rendition = image.get_rendition("max-600x600|format-png")
        with rendition.file.open("rb") as handle:
            return pdf.data_uri(handle.read(), "image/png")
    except Exception:  # a missing or unreadable file must not stop a ceremony's printing
        logger.warning("seal image %s unreadable; printing without it", image.pk, exc_info=True)
        return ""


def render(documents, request=None) -> bytes:
    """One PDF, one A4 page per document, in the order given."""
    site_settings = _site_settings(request)
    shared = {
        "organisation": site_settings.organisation,
        "seal": _seal_data_uri(site_settings),
    }
    pages = []
    for document in documents:
        url = verification_url(document)
        pages.append(
            {
                **public_facts(document),
                "verify_url": url,
                "qr": _qr_data_uri(url),
                "template": (
                    "forms/pdf/certificate.html"
                    if document.kind == Kind.CERTIFICATE
                    else "forms/pdf/letter.html"
                ),
            }
        )
    title = pages[0]["kind"] if len(pages) == 1 else _("采纳证书与感谢信")
    try:
        return pdf.render_pdf(
            "forms/pdf/documents.html", {**shared, "pages": pages, "title": title}, request=request
        )
    except Exception as exc:
        logger.exception("certificate PDF failed")
        raise PdfUnavailable from exc


def filename(documents) -> str:
    if len(documents) == 1:
        document = documents[0]
        return f"{document.get_kind_display()}-{document.code}.pdf"
    return f"{_('采纳证书与感谢信')}-{timezone.localdate():%Y%m%d}.pdf"
