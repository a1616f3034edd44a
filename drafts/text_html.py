"""The reading page's text (章, 节, 条 with their footers) written in Python.

Why not the template: a draft has 50 to 200 articles, and the template engine's cost per article
(a dozen tags, lookups and translated words each) was most of the page's time — and every editor,
every reader after a publish and every reader of a language not yet cached gets the page
uncached. The markup is the one ``regulation_draft_page.html`` had. An article's published
opinions, under a few articles of most drafts, are written here too; the parts under one or two
articles only (absorbed opinions, findings) keep their templates.
"""

from __future__ import annotations

from django.template.defaultfilters import linebreaksbr
from django.template.loader import get_template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext, ngettext

from core.escaping import escape  # as the template did: SafeStrings kept
from core.plugins import absorbed_opinions, article_findings, opinion_widget
from core.punctuation import colon


class _Words:
    """The translated words every article repeats, looked up once per page."""

    def __init__(self):
        self.history = escape(gettext("修改历史"))
        self.prev = escape(gettext("上一条"))
        self.next = escape(gettext("下一条"))
        self.reply = escape(gettext("答复"))
        self.colon = colon()  # ： in Chinese, ": " in English
        self._counts: dict[int, str] = {}

    def count(self, n: int) -> str:
        if n not in self._counts:
            self._counts[n] = escape(ngettext("%(n)s 条意见", "%(n)s 条意见", n) % {"n": n})
        return self._counts[n]


def _public_opinions(public, number: str, words: _Words) -> str:
    """An article's published opinions with their outcome and reply, behind a disclosure
    (``public`` is a core.plugins.ArticleOpinions); a template cost about a millisecond per
    article."""
    n = public.count
    summary = escape(ngettext("%(n)s 条公开意见", "%(n)s 条公开意见", n) % {"n": n})
    if n := public.replies:
        summary += " · " + escape(ngettext("%(n)s 条答复", "%(n)s 条答复", n) % {"n": n})
    entries = []
    for opinion in public.opinions:
        meta = escape(opinion.category)
        if opinion.author:
            meta += " · " + escape(opinion.author)
        if opinion.date:
            meta += " · " + escape(date_format(template_localtime(opinion.date), "DATE_FORMAT"))
        if opinion.outcome:
            meta += (
                f' <span class="badge outcome outcome-{escape(opinion.outcome)}">'
                f"{escape(opinion.outcome_label)}</span>"
            )
        similar = reply = ""
        if n := opinion.similar:
            text = ngettext("另有 %(n)s 条相近意见", "另有 %(n)s 条相近意见", n) % {"n": n}
            similar = f'<p class="public-opinion-similar">{escape(text)}</p>'
        if opinion.reply:
            reply = (
                f'<p class="official-reply"><strong>{words.reply}{words.colon}</strong>'
                f"{linebreaksbr(opinion.reply, autoescape=True)}</p>"
            )
        entries.append(
            f'<li class="public-opinion"><p class="public-opinion-meta">{meta}</p>'
            f"<p>{linebreaksbr(opinion.text, autoescape=True)}</p>{similar}{reply}</li>"
        )
    more = ""
    if n := public.more:
        text = ngettext(
            "另有 %(n)s 条较早的公开意见未列出。", "另有 %(n)s 条较早的公开意见未列出。", n
        ) % {"n": n}
        more = f'<p class="public-opinion-more">{escape(text)}</p>'
    return (
        f'<details class="article-opinions"><summary>{summary}'
        f'<span class="visually-hidden">（{escape(number)}）</span></summary>'
        f'<ol class="article-opinion-list">{"".join(entries)}</ol>{more}</details>'
    )


def _lines(item: dict) -> str:
    # f-strings over escaped values rather than format_html: this runs for every line of every
    # article, and format_html's per-argument machinery cost more than the writing itself.
    anchor, number = escape(item["anchor"]), escape(item["number"])
    link = f'<a class="article-number" href="#{anchor}">{number}</a>'
    if not item["lines"]:
        return f"<p>{link}</p>"
    parts = []
    for index, line in enumerate(item["lines"]):
        own = f' id="{escape(line["anchor"])}"' if line.get("anchor") else ""
        css = ' class="draft-item"' if line.get("item") else ""
        lead = f"{link} " if index == 0 else ""
        parts.append(f"<p{own}{css}>{lead}{escape(line['text'])}</p>")
    return "".join(parts)


def _nav(item: dict, words: _Words) -> str:
    prev, next_ = item.get("prev"), item.get("next")
    back = (
        f'<a href="#{escape(prev["anchor"])}" rel="prev"><span class="visually-hidden">'
        f'{words.prev}{words.colon}</span><span aria-hidden="true">‹ </span>{escape(prev["number"])}</a>'
        if prev
        else ""
    )
    forward = (
        f'<a href="#{escape(next_["anchor"])}" rel="next"><span class="visually-hidden">'
        f'{words.next}{words.colon}</span>{escape(next_["number"])}<span aria-hidden="true"> ›</span></a>'
        if next_
        else ""
    )
    return f'<span class="article-nav">{back}{forward}</span>'


def draft_text_html(
    request, page, items: list[dict], *, version_id, show_counts: bool, show_history: bool
) -> SafeString:
    """The inside of the page's ``<section class="draft-text">``."""
    words = _Words()
    absorbed_template = get_template("drafts/_absorbed.html")
    findings_template = get_template("drafts/_findings.html")
    # Asked once for the whole page (the hooks answer for every article at once).
    absorbed = absorbed_opinions(request, page, version_id) if version_id else {}
    findings = article_findings(request, page, version_id)
    out = []
    for item in items:
        kind = item["type"]
        if kind == "part":
            out.append(
                format_html(
                    '<h2 id="{}" class="draft-part{}">{} {}</h2>',
                    item["anchor"],
                    " draft-subpart" if item.get("subpart") else "",
                    item["number"],
                    item["title"],
                )
            )
        elif kind == "chapter":
            out.append(
                format_html(
                    '<h2 id="{}" class="draft-chapter">{} {}</h2>',
                    item["anchor"],
                    item["number"],
                    item["title"],
                )
            )
        elif kind == "section":
            out.append(
                format_html(
                    '<h3 id="{}" class="draft-section">{} {}</h3>',
                    item["anchor"],
                    item["number"],
                    item["title"],
                )
            )
        elif kind == "article":
            number, key = item["number"], item["key"]
            extras = []
            if item.get("public"):
                extras.append(_public_opinions(item["public"], number, words))
            if found := absorbed.get(key):
                extras.append(absorbed_template.render({"found": found, "number": number}))
            if found := findings.get(key):
                extras.append(findings_template.render({"found": found, "number": number}))
            count = f'<span class="article-count">{words.count(item["count"])}</span>'
            history = (
                f'<a href="{escape(item["history_url"])}">{words.history}'
                f'<span class="visually-hidden">（{escape(number)}）</span></a>'
            )
            actions = (
                '<div class="article-actions">'
                f"{count if show_counts else ''}"
                f"{opinion_widget(request, page, item['target'])}"
                f"{history if show_history else ''}"
                f"{_nav(item, words)}</div>"
            )
            out.append(
                f'<article id="{escape(item["anchor"])}" class="draft-article" '
                f'aria-label="{escape(number)}">{_lines(item)}'
                f'<footer class="article-footer">{"".join(extras)}{actions}</footer></article>'
            )
        else:
            out.append(format_html('<p class="draft-note">{}</p>', item.get("text", "")))
    # Every value above went through escape() or format_html; the hook answers HTML.
    return mark_safe("\n".join(out))  # noqa: S308


def toc_articles_html(articles: list[dict]) -> SafeString:
    """A table of contents' list of article numbers, each a link to its article."""
    links = "".join(
        f'<li><a href="#{escape(a["anchor"])}">{escape(a["number"])}</a></li>' for a in articles
    )
    return mark_safe(f'<ol class="toc-articles">{links}</ol>')  # noqa: S308 - values escaped
