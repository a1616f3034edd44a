"""The closing report of a consultation (征求意见情况报告): 我们问了，您说了，我们改了.

One function, ``closing_report(page)``, gathers everything the report says; the public page, its
DOCX (``report_docx``) and its PDF (``templates/forms/pdf/closing_report.html``) only lay it out,
so the three never disagree.

Only what is public anyway goes in: the figures the office published with its 采纳情况反馈 (the
same counts as the draft page and the open data: ``feedback.summary``), theme names with counts,
example opinions as the 公开审核 step released them (``masking.public_text``; a name only where
its author chose to publish it; never a contact), the office's published replies, and the wording
of the new version. Who took part is counted, never listed.

Bounded queries whatever the size of the consultation: each part is one aggregate or one
windowed query for the whole page, never one per article, theme or opinion.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from django.db.models import Count, F, Max, Min, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Locale, Page

from core.interfaces import as_commentable
from core.plugins import linked_points, version_compare_url

from .adoptions import adoptions_by_article
from .analysis_models import Theme
from .article_refs import CurrentArticles
from .feedback import published_replies, summary
from .intake import source_page
from .masking import public_text
from .models import Category, Channel, Opinion, PageOpinionSettings, PublishConsent
from .workflow import DECISIONS, UNCOUNTED_STATUSES, Status

__all__ = ["THEME_EXAMPLES", "THEME_LIMIT", "ClosingReport", "closing_report", "is_published"]

THEME_LIMIT = 8  # the main themes: an office may define dozens; the report names the largest
THEME_EXAMPLES = 2
# Read a few more per theme than shown: copies of one campaign text count once.
_EXAMPLE_CANDIDATES = 6


@dataclass
class ClosingReport:
    """What the report says, in plain values (strings, numbers, lists, dicts): ready for any
    rendering, and serialisable for the cache key of the rendered files."""

    page_id: int
    title: str
    url: str  # the draft page, in the reader's language where it is translated
    published: bool  # the 采纳情况反馈 is public; False: the office's preview
    published_at: str
    intro: str
    asked: dict = field(default_factory=dict)
    said: dict = field(default_factory=dict)
    changed: list = field(default_factory=list)
    replies: list = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def asked_lines(self) -> list[str]:
        """我们问了 as sentences, the same in the page, the DOCX and the PDF."""
        asked = self.asked
        lines = []
        if asked["version"]:
            lines.append(_("征求意见的文本：%(version)s") % {"version": asked["version"]})
        if asked["opens"] and asked["closes"]:
            lines.append(
                _("征求意见期：%(start)s 至 %(end)s")
                % {"start": asked["opens"], "end": asked["closes"]}
            )
        elif asked["closes"]:
            lines.append(_("征求意见截止：%(end)s") % {"end": asked["closes"]})
        elif asked["window"]:
            lines.append(asked["window"])
        if asked["first"]:
            lines.append(
                _("收到意见的时间：%(first)s 至 %(last)s")
                % {"first": asked["first"], "last": asked["last"]}
            )
        channels = _separator().join(row["label"] for row in self.said["by_channel"])
        if channels:
            lines.append(_("意见渠道：%(channels)s") % {"channels": channels})
        if asked["points"]:
            lines.append(
                _("相关立法联系点：%(points)s") % {"points": _separator().join(asked["points"])}
            )
        return lines

    def breakdowns(self) -> list[tuple[str, list[dict]]]:
        """The opinions by channel, by who wrote them and by liaison point, each titled."""
        return [
            (_("按渠道"), self.said["by_channel"]),
            (_("按提出人类别"), self.said["by_category"]),
            (_("按联系点"), self.said["by_point"]),
        ]

    def totals_sentence(self) -> str:
        totals = self.said["totals"]
        text = _(
            "共收到意见建议 %(received)s 条，约 %(people)s 人参与；已采纳 %(adopted)s 条，"
            "部分采纳 %(partly)s 条，未采纳 %(not_adopted)s 条，处理中 %(processing)s 条。"
        ) % {**totals, "people": self.said["people"]}
        if totals["adoption_rate"] is not None:
            text += _("已答复意见的采纳率（含部分采纳）为 %(rate)s%%。") % {
                "rate": totals["adoption_rate"]
            }
        return text


def _separator() -> str:
    return pgettext("between the items of a list in a sentence", "、")


def is_published(page) -> bool:
    """The gate of the public report: the same switch as the open-data figures."""
    source = source_page(page)
    return PageOpinionSettings.objects.filter(page_id=source.pk, feedback_published=True).exists()


def closing_report(page, request=None) -> ClosingReport | None:
    """The report on ``page`` (any translation of a commentable page; the opinions live on its
    source), whether or not the feedback is published yet: the public views check
    ``report.published``, the office's preview does not. None for a page that takes no
    opinions."""
    page = getattr(page, "specific", page)
    if as_commentable(page) is None:
        return None
    source = source_page(page)
    settings = PageOpinionSettings.objects.filter(page_id=source.pk).first()
    shown = _in_reader_language(source, page)
    counted = Opinion.objects.filter(page_id=source.pk).exclude(status__in=UNCOUNTED_STATUSES)
    articles = CurrentArticles([source.pk])
    return ClosingReport(
        page_id=source.pk,
        title=shown.title,
        url=_absolute(request, shown.get_url(request)),
        published=bool(settings and settings.feedback_published),
        published_at=_date(settings.feedback_published_at) if settings else "",
        intro=settings.feedback_intro if settings else "",
        asked=_asked(source, counted),
        said=_said(source, counted, articles),
        changed=_changed(source, request),
        replies=_replies(source, articles),
    )


def _in_reader_language(source, asked):
    """The page as the reader reads it: the translation in the active language if live."""
    try:
        locale = Locale.get_active()
    except Locale.DoesNotExist:
        return asked
    if source.locale_id == locale.pk:
        return source
    translation = source.get_translation_or_none(locale)
    return translation.specific if translation is not None and translation.live else asked


def _absolute(request, url: str | None) -> str:
    """Links that work outside the site too: the DOCX and the PDF are read offline."""
    if not url:
        return ""
    return request.build_absolute_uri(url) if request is not None else url


def _date(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.isoformat()


# --- 我们问了 -------------------------------------------------------------------------------


def _asked(page, counted) -> dict:
    """The text consulted on, the window, and the liaison points asked to gather opinions."""
    commentable = as_commentable(page)
    span = counted.order_by().aggregate(first=Min("submit_time"), last=Max("submit_time"))
    version = (
        counted.exclude(article_version="")
        .values("article_version")
        .annotate(n=Count("pk"))
        .order_by("-n", "article_version")
        .values_list("article_version", flat=True)[:1]
    )
    points = Page.objects.live().filter(pk__in=linked_points(page)).order_by("title")
    # Both kinds of commentable page keep their window in these fields; the interface says it
    # only as a sentence, which is what a page without dates shows.
    opens_at, closes_at = getattr(page, "opens_at", None), getattr(page, "closes_at", None)
    return {
        "version": next(iter(version), ""),
        "opens": _date(opens_at),
        "closes": _date(closes_at),
        "window": "" if closes_at else str(commentable.comment_window_message()),
        "first": _date(span["first"]),
        "last": _date(span["last"]),
        "points": list(points.values_list("title", flat=True)),
    }


# --- 您说了 ---------------------------------------------------------------------------------


def _said(page, counted, articles: CurrentArticles) -> dict:
    figures = summary(page.pk, articles)
    totals = figures["totals"]
    totals["processing"] = (
        totals["received"] - totals["adopted"] - totals["partly"] - totals["not_adopted"]
    )
    return {
        "totals": totals,
        "people": _people(counted),
        "by_channel": _breakdown(counted, "channel", dict(Channel.choices)),
        "by_category": _breakdown(counted, "category", dict(Category.choices)),
        "by_point": [
            {"label": row["point__title"], "count": row["n"]}
            for row in counted.exclude(point=None)
            .values("point_id", "point__title")
            .annotate(n=Count("pk"))
            .order_by("-n", "point__title")
        ],
        "articles": [
            {
                key: item[key]
                for key in ("key", "label", "received", "adopted", "partly", "not_adopted")
            }
            for item in figures["articles"]
        ],  # fmt: skip
        "themes": _themes(page),
    }


def _people(counted) -> int:
    """How many people took part: one per telephone number, one per e-mail address of those
    without a number, and one per opinion left without either (an offline sheet, a resident who
    gave no contact). Counted in the database: no contact leaves it."""
    row = counted.order_by().aggregate(
        phones=Count("phone", distinct=True, filter=~Q(phone="")),
        emails=Count("email", distinct=True, filter=Q(phone="") & ~Q(email="")),
        neither=Count("pk", filter=Q(phone="", email="")),
    )
    return row["phones"] + row["emails"] + row["neither"]


def _breakdown(counted, name: str, labels: dict) -> list[dict]:
    rows = counted.values(name).annotate(n=Count("pk")).order_by("-n", name)
    return [{"label": str(labels.get(row[name], row[name])), "count": row["n"]} for row in rows]


def _themes(page) -> list[dict]:
    """The largest themes the office tagged, with counts and a few published opinions each."""
    themes = list(
        Theme.objects.filter(page_id=page.pk)
        .annotate(n=Count("opinions", filter=~Q(opinions__status__in=UNCOUNTED_STATUSES)))
        .filter(n__gt=0)
        .order_by("-n", "name")
        .values("pk", "name", "n")[:THEME_LIMIT]
    )
    if not themes:
        return []
    tagged = Theme.opinions.through.objects.filter(
        theme_id__in=[theme["pk"] for theme in themes],
        opinion__in=Opinion.objects.publicly_visible(),
    )
    rows = (
        tagged.annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[F("opinion__submit_time").desc(), F("opinion_id").desc()],
            )
        )
        .filter(rank__lte=_EXAMPLE_CANDIDATES)
        .values(
            "theme_id", "opinion__text", "opinion__publication", "opinion__published_text",
            "opinion__publish_consent", "opinion__name", "opinion__status", "opinion__group_id",
        )
        .order_by("theme_id", "rank")
    )  # fmt: skip
    examples: dict[int, list[dict]] = {}
    seen: dict[int, set] = {}
    outcomes = {value: str(label) for value, label in Status.choices if value in DECISIONS}
    for row in rows:
        shown = examples.setdefault(row["theme_id"], [])
        text = public_text(_Published(row))
        group = row["opinion__group_id"]
        same = seen.setdefault(row["theme_id"], set())
        if len(shown) >= THEME_EXAMPLES or text in same or (group and group in same):
            continue
        same.update({text, group} - {None})
        shown.append(
            {
                "text": text,
                "author": row["opinion__name"]
                if row["opinion__publish_consent"] == PublishConsent.FULL
                else "",
                "outcome": outcomes.get(row["opinion__status"], ""),
            }
        )
    return [
        {"name": theme["name"], "count": theme["n"], "examples": examples.get(theme["pk"], [])}
        for theme in themes
    ]


class _Published:
    """The three fields ``public_text`` reads, from a ``values()`` row."""

    def __init__(self, row):
        self.text = row["opinion__text"]
        self.publication = row["opinion__publication"]
        self.published_text = row["opinion__published_text"]


# --- 我们改了 -------------------------------------------------------------------------------


def _changed(page, request) -> list[dict]:
    """Each article of the current version that took up opinions (``adoptions``): its wording
    now, how many opinions, and a link to its change in the version comparison."""
    commentable = as_commentable(page)
    by_article = adoptions_by_article(page)
    if not by_article or commentable is None:
        return []
    ids = {pk for pks in by_article.values() for pk in pks}
    commented = dict(Opinion.objects.filter(pk__in=ids).values_list("pk", "article_version_id"))
    order = list(commentable.current_article_labels(by_article))
    changed = []
    for key in order:
        target = commentable.get_comment_target(key)
        if target is None:
            continue
        opinions = [pk for pk in by_article[key] if pk in commented]
        # Compared with the version most of them were written on (else the one before).
        versions = Counter(
            commented[pk] for pk in opinions if commented[pk] not in (None, target.version_id)
        )
        earlier = versions.most_common(1)[0][0] if versions else None
        changed.append(
            {
                "key": key,
                "label": target.label,
                "version": target.version_label,
                "text": target.text,
                "count": len(opinions),
                "url": _absolute(
                    request, version_compare_url(request, page, earlier, target.version_id, key)
                ),
                "article_url": _absolute(request, target.url),
            }
        )
    return changed


# --- The office's replies --------------------------------------------------------------------


def _replies(page, articles: CurrentArticles) -> list[dict]:
    """The published replies (``feedback.published_replies``) in current text order; a group of
    near-identical opinions with the same outcome and reply is shown once, with how many more
    (as under each article on the draft page)."""
    outcomes = {value: str(label) for value, label in Status.choices if value in DECISIONS}
    replies = published_replies(page.pk)
    replies.sort(
        key=lambda o: (
            articles.position(page.pk, o.article_key, o.article_ordinal) if o.article_key else 0
        )
    )
    shown: list[dict] = []
    alike: dict[tuple, dict] = {}  # (group, outcome, reply) -> the entry shown for them
    for opinion in articles.decorate(replies):
        same = (opinion.group_id, opinion.status, opinion.reply)
        if opinion.group_id and same in alike:
            alike[same]["similar"] += 1
            continue
        shown.append(
            {
                "article": opinion.article_reference,
                "outcome": outcomes.get(opinion.status, ""),
                "text": public_text(opinion),
                "reply": opinion.reply,
                "similar": 0,
            }
        )
        if opinion.group_id:
            alike[same] = shown[-1]
    return shown
