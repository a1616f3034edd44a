"""A4 PDFs from Django templates: certificates, thank-you letters, closing reports.

One engine for every printable document, so that a PDF and the page it mirrors come from the same
template language and a designer changes one stylesheet. WeasyPrint lays the HTML out with Pango
and embeds a subset of each font it uses (the printed letter looks the same on any machine); the
Chinese faces come from the system through fontconfig — Debian's ``fonts-noto-cjk`` in production
and CI (``manage.py check --deploy`` says when none is installed).

Nothing in a document is fetched from the network: a template passes images (the seal, a QR code)
as ``data:`` URIs, and any other URL a template or an editor's text might name is refused, so a
document cannot be made to reach an internal address while it is rendered.
"""

from __future__ import annotations

import base64
import logging
import shutil
import subprocess
from functools import lru_cache

from django.template.loader import render_to_string

logger = logging.getLogger(__name__)
# WeasyPrint logs each layout step at INFO; a certificate batch would fill the log with them.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

# The faces the printable stylesheet asks for, in order; the first installed one sets Chinese text.
CJK_FONT_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei")


def _inline_only_fetcher():
    # WeasyPrint's default fetcher opens http(s), ftp and file URLs; an editor-written reply or a
    # name can carry <img src>, so only data: URIs are read (its public ``allowed_protocols``).
    from weasyprint import URLFetcher

    return URLFetcher(allowed_protocols={"data"}, allow_redirects=False, timeout=1)


def render_document(template_name: str, context: dict, request=None):
    """WeasyPrint's laid-out document of ``template_name`` rendered with ``context`` (A4 comes
    from the template's ``@page`` rule; see ``templates/pdf/base.html``): its ``pages``, and
    ``write_pdf()`` for the file."""
    from weasyprint import HTML

    html = render_to_string(template_name, context, request=request)
    return HTML(string=html, url_fetcher=_inline_only_fetcher(), base_url="about:blank").render()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """The PDF of ``template_name`` rendered with ``context``."""
    return render_document(template_name, context, request=request).write_pdf()


def data_uri(content: bytes, mime: str) -> str:
    """``content`` inline, for an <img src> in a printable template."""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


@lru_cache(maxsize=1)
def installed_cjk_font() -> str:
    """The first of ``CJK_FONT_FAMILIES`` fontconfig knows, or "" (fc-list missing or none)."""
    if not shutil.which("fc-list"):
        return ""
    try:
        listed = subprocess.run(  # noqa: S603 - a fixed command, no user input
            [shutil.which("fc-list"), ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        logger.warning("fc-list failed", exc_info=True)
        return ""
    families = {name.strip() for line in listed.splitlines() for name in line.split(",")}
    return next((family for family in CJK_FONT_FAMILIES if family in families), "")
