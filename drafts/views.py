"""Sub-pages of a draft (routes of ``RegulationDraftPage``): compare versions, one article's
history, the print view with a QR code per article, and the permalinks of ``drafts.permalinks``
(an article by key, a version's full text, an article by its number in a version)."""

from __future__ import annotations

import segno
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from .diff import char_diff, summary
from .models import article_anchor, article_lines
from .permalinks import (
    MAX_NUMBER,
    article_entry,
    article_now,
    can_see_pending,
    find_version,
    last_reading,
    numbered_versions,
    subpage_url,
    version_article,
    version_items,
)
from .services import compare_items


def _status_label(status: str) -> str:
    return {
        "added": gettext("新增"),
        "removed": pgettext("article history", "删除"),
        "changed": pgettext("article history", "修改"),
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
        page_url = page.get_url(request)
        context.update(
            old=old,
            new=new,
            rows=rows,
            counts=summary(changes),
            show_all=show_all,
            # Each version's full text (drafts.permalinks): numbered in the order listed.
            old_url=subpage_url(page, page_url, "version", versions.index(old) + 1),
            new_url=subpage_url(page, page_url, "version", versions.index(new) + 1),
        )
    return TemplateResponse(request, "drafts/compare.html", context)


def article_history(request, page, key):
    entries = []
    previous = None
    page_url = page.get_url(request)
    for number, version in enumerate(page.versions(), 1):
        found = next((a for a in version.articles() if a.get("key") == key), None)
        # The version's full text, at this article when it has it (drafts.permalinks).
        url = subpage_url(page, page_url, "version", number)
        if found is None:
            if previous is not None:
                entries.append(
                    {"version": version, "article": None, "status": "removed", "url": url}
                )
                previous = None
            continue
        if url and found.get("ordinal"):
            url += f"#{article_anchor(found['ordinal'])}"
        if previous is None:
            status, html = ("added" if entries else "first"), ops_html([("equal", found["text"])])
        else:
            ops = char_diff(previous["text"], found["text"])
            changed = any(op != "equal" for op, _t in ops)
            status = "changed" if changed else "unchanged"
            if not changed and previous["number"] != found["number"]:
                status = "renumbered"
            html = ops_html(ops)
        entries.append(
            {"version": version, "article": found, "status": status, "html": html, "url": url}
        )
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


# -- permalinks (drafts.permalinks) ---------------------------------------------


def _private_if_pending(response, pending: bool):
    # A pending version is an editor's work in progress: never in a shared cache.
    if pending:
        add_never_cache_headers(response)
    return response


def _version_links(page, rows, request) -> list[dict]:
    page_url = page.get_url(request)
    return [
        {
            "number": row.number,
            "version": row.version,
            "pending": row.pending,
            "url": subpage_url(page, page_url, "version", row.number),
        }
        for row in rows
    ]


def version_view(request, page, number: int):
    """The full text of one version, read-only, with the reading page's anchors."""
    if number > MAX_NUMBER:
        raise Http404
    row = find_version(page, number, request)
    if row is None:
        raise Http404
    current = page.current_version
    is_current = not row.pending and current is not None and current.pk == row.version.pk
    page_url = page.get_url(request)
    items = version_items(page, row.version, is_current=is_current, page_url=page_url)
    rows = numbered_versions(page, pending=can_see_pending(request, page), text=False)
    response = TemplateResponse(
        request,
        "drafts/version.html",
        _context(
            request,
            page,
            row=row,
            version=row.version,
            is_current=is_current,
            current_version=current,
            items=items,
            article_count=sum(1 for item in items if item["type"] == "article"),
            versions=_version_links(page, rows, request),
        ),
    )
    return _private_if_pending(response, row.pending)


def version_article_view(request, page, number: int, ordinal: int):
    """第<ordinal>条 of version <number>: as it read then, and where it stands now."""
    if number > MAX_NUMBER or ordinal > MAX_NUMBER:
        raise Http404
    row = find_version(page, number, request)
    item = version_article(row.version, ordinal) if row is not None else None
    if item is None:
        raise Http404
    rows = numbered_versions(page, pending=can_see_pending(request, page))
    return _article_response(request, page, row, item, rows)


def article_by_key(request, page, key: str):
    """An article by its stable key: its place in the current text, or as it last read."""
    current = next((item for item in page.articles() if item["key"] == key), None)
    if current is not None:
        return redirect(page.article_url(current["ordinal"], request))
    rows = numbered_versions(page, pending=can_see_pending(request, page))
    found = last_reading(rows, key)
    if found is None:
        raise Http404
    row, item = found
    return _article_response(request, page, row, item, rows)


def _article_response(request, page, row, item, rows):
    position = next(
        (n for n, a in enumerate(row.version.articles(), 1) if a.get("key") == item.get("key")),
        1,
    )
    article = article_entry(item, position)
    current = page.current_version
    is_current = not row.pending and current is not None and current.pk == row.version.pk
    page_url = page.get_url(request)
    version_url = subpage_url(page, page_url, "version", row.number)
    response = TemplateResponse(
        request,
        "drafts/article.html",
        _context(
            request,
            page,
            row=row,
            version=row.version,
            is_current=is_current,
            article=article,
            now=article_now(page, item["key"], rows, request),
            version_url=version_url,
            history_url=subpage_url(page, page_url, "history", item["key"]),
            version_count=sum(1 for r in rows if not r.pending),
        ),
    )
    return _private_if_pending(response, row.pending)
