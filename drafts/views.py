"""Sub-pages of a draft (routes of ``RegulationDraftPage``): compare versions, one article's
history, and the print view with a QR code per article."""

from __future__ import annotations

import segno
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .diff import char_diff, summary
from .models import article_anchor, article_lines
from .services import compare_items


def _status_label(status: str) -> str:
    return {
        "added": gettext("新增"),
        "removed": gettext("删除"),
        "changed": gettext("修改"),
        "renumbered": gettext("条号变化"),
        "unchanged": gettext("未修改"),
    }[status]


def ops_html(ops) -> str:
    """Character diff as HTML: <del> for removed text, <ins> for added, line breaks kept."""
    out = []
    for op, text in ops:
        piece = escape(text).replace("\n", "<br>")
        if op == "delete":
            out.append(f"<del>{piece}</del>")
        elif op == "insert":
            out.append(f"<ins>{piece}</ins>")
        else:
            out.append(piece)
    return mark_safe("".join(out))  # noqa: S308 - every piece escaped above


def _context(request, page, **extra):
    return {"page": page, "self": page, "request": request, **extra}


def _pick(versions, value, default):
    for version in versions:
        if str(version.pk) == str(value):
            return version
    return default


def compare_versions(request, page):
    versions = list(page.versions())
    context = _context(request, page, versions=versions, rows=[], counts=None)
    if len(versions) >= 2:
        new = _pick(versions, request.GET.get("to"), versions[-1])
        position = versions.index(new)
        default_old = versions[position - 1] if position > 0 else versions[0]
        old = _pick(versions, request.GET.get("from"), default_old)
        changes = compare_items(old.items(), new.items())
        show_all = request.GET.get("all") == "1"
        rows = [
            {
                "status": change.status,
                "label": _status_label(change.status),
                "old": change.old,
                "new": change.new,
                "renumbered": change.renumbered,
                "html": ops_html(change.ops),
                "key": (change.new or change.old).key,
            }
            for change in changes
            if show_all or change.status != "unchanged"
        ]
        context.update(old=old, new=new, rows=rows, counts=summary(changes), show_all=show_all)
    return TemplateResponse(request, "drafts/compare.html", context)


def article_history(request, page, key):
    entries = []
    previous = None
    for version in page.versions():
        found = next((a for a in version.articles() if a.get("key") == key), None)
        if found is None:
            if previous is not None:
                entries.append({"version": version, "article": None, "status": "removed"})
                previous = None
            continue
        if previous is None:
            status, html = ("added" if entries else "first"), ops_html([("equal", found["text"])])
        else:
            ops = char_diff(previous["text"], found["text"])
            changed = any(op != "equal" for op, _t in ops)
            status = "changed" if changed else "unchanged"
            if not changed and previous["number"] != found["number"]:
                status = "renumbered"
            html = ops_html(ops)
        entries.append({"version": version, "article": found, "status": status, "html": html})
        previous = found
    current = next((a for a in page.articles() if a["key"] == key), None)
    if not entries and current is None:
        raise Http404
    latest = current or next(
        (e["article"] for e in reversed(entries) if e["article"] is not None), None
    )
    return TemplateResponse(
        request,
        "drafts/history.html",
        _context(
            request,
            page,
            entries=entries,
            article=latest,
            current=current,
            anchor=article_anchor(current["ordinal"]) if current else "",
        ),
    )


def qr_svg(url: str, label: str) -> str:
    qr = segno.make(url, error="m")
    return mark_safe(qr.svg_inline(scale=3, border=2, title=label))  # noqa: S308 - segno output


def print_view(request, page):
    items = []
    for item in page.text_items:
        entry = dict(item)
        if item["type"] == "article":
            entry["anchor"] = article_anchor(item["ordinal"])
            entry["lines"] = article_lines(item["ordinal"], item["text"])
            url = page.comment_url(item["key"], item["ordinal"])
            entry["comment_url"] = url
            entry["qr"] = qr_svg(
                url, gettext("扫码对%(number)s提意见") % {"number": item["number"]}
            )
        items.append(entry)
    return TemplateResponse(
        request,
        "drafts/print.html",
        _context(
            request,
            page,
            items=items,
            current_version=page.current_version,
            page_qr=qr_svg(page.full_url, gettext("扫码打开草案")),
        ),
    )
