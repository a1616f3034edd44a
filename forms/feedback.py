"""What a commentable page shows about its opinions: counts, the feedback summary (采纳情况反馈)
and the opinions submitters allowed to publish, on the whole page and under each article. Also the
figures of a liaison point."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import replace

from django.conf import settings as django_settings
from django.db.models import Count, F, Q, Subquery, Window
from django.db.models.functions import RowNumber
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page

from core.interfaces import as_commentable
from core.plugins import AbsorbedOpinions, ArticleOpinions, HomeSection, PublicOpinion
from core.published_memo import remembered
from core.upstream.prepared_query import PreparedQuery

from .article_refs import CurrentArticles
from .masking import public_text
from .models import Category, Opinion, PageOpinionSettings, PublishConsent
from .submission_kinds import decision_choices, kind_of
from .workflow import DECISIONS, PUBLISHED, UNCOUNTED_STATUSES, Status

PUBLIC_LIMIT = 200
# Shown under one article: the latest ones. A campaign of hundreds of copies on one article must
# not make the page of every reader that long; the count still says how many there are.
ARTICLE_LIMIT = 20

# The columns each article's public opinions are read with (article_feedback).
_ARTICLE_FIELDS = (
    "article_key", "text", "publication", "published_text", "category", "name",
    "publish_consent", "status", "reply", "submit_time", "group_id", "in_article", "answered",
)  # fmt: skip
_ArticleRow = namedtuple("_ArticleRow", _ARTICLE_FIELDS)


def _article_rows(page_id: int, limit: int):
    """Per article of the page: its latest public opinions (at most ``limit``), with how many
    it has and how many were answered, in one query (window functions)."""
    by_article = [F("article_key")]
    return (
        Opinion.objects.filter(page_id=page_id)
        .exclude(article_key="")
        .publicly_visible()
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=by_article,
                order_by=[F("submit_time").desc(), F("pk").desc()],
            ),
            in_article=Window(Count("pk"), partition_by=by_article),
            answered=Window(Count("pk", filter=~Q(reply="")), partition_by=by_article),
        )
        .filter(rank__lte=limit)
        .order_by("article_key", "rank")
        .values_list(*_ARTICLE_FIELDS)
    )


# Compiled once per process (core/upstream/prepared_query.py): building this query cost eight
# times running it, on every uncached view of every draft.
_ARTICLE_ROWS = PreparedQuery(_article_rows, page_id=-2_000_000_001, limit=-2_000_000_002)


def opinion_counts(page) -> dict:
    """Opinions received per article key (None = the whole page), in one query; the same for
    every translation of the page."""
    rows = (
        Opinion.objects.filter(page__translation_key=page.translation_key)
        .exclude(status__in=UNCOUNTED_STATUSES)
        .values("article_key")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(row["article_key"] or None): row["n"] for row in rows}


def summary(page_id: int, articles_now: CurrentArticles | None = None) -> dict:
    """Counts received / adopted / partly / not adopted, overall and per article."""
    rows = (
        Opinion.objects.filter(page_id=page_id)
        .exclude(status__in=UNCOUNTED_STATUSES)
        .values("article_key", "article_label", "article_ordinal", "article_version")
        .annotate(
            received=Count("pk"),
            adopted=Count("pk", filter=Q(status=Status.ADOPTED)),
            partly=Count("pk", filter=Q(status=Status.PARTLY_ADOPTED)),
            not_adopted=Count("pk", filter=Q(status=Status.NOT_ADOPTED)),
        )
        .order_by("article_ordinal", "article_label")
    )
    # One row per article, however it was numbered when commented, headed by its number now
    # and in current text order (article_refs).
    articles_now = articles_now or CurrentArticles([page_id])
    per_article: dict[str, dict] = {}
    for row in rows:
        item = per_article.setdefault(
            row["article_key"],
            {"key": row["article_key"], "received": 0, "adopted": 0, "partly": 0, "not_adopted": 0,
             "label": articles_now.heading(page_id, row["article_key"], row["article_label"],
                                           row["article_version"]) if row["article_key"] else "",
             "ordinal": articles_now.position(page_id, row["article_key"], row["article_ordinal"])
             if row["article_key"] else 0},
        )  # fmt: skip
        for field in ("received", "adopted", "partly", "not_adopted"):
            item[field] += row[field]
    articles = sorted(per_article.values(), key=lambda item: (item["ordinal"], item["label"]))
    totals = {
        field: sum(item[field] for item in articles)
        for field in ("received", "adopted", "partly", "not_adopted")
    }
    answered = totals["adopted"] + totals["partly"] + totals["not_adopted"]
    totals["answered"] = answered
    totals["adoption_rate"] = (
        round(100 * (totals["adopted"] + totals["partly"]) / answered) if answered else None
    )
    return {"totals": totals, "articles": articles}


def public_opinions(page_id: int, limit: int = PUBLIC_LIMIT, except_keys=()) -> list[Opinion]:
    """The page's public opinions in text order; ``except_keys``: leave out those articles'."""
    return list(
        Opinion.objects.filter(page_id=page_id)
        .exclude(article_key__in=except_keys)
        .publicly_visible()
        .only(
            "page", "article_key", "article_label", "article_ordinal", "article_version", "text",
            "publication",
            "published_text", "category", "name",
            "publish_consent", "status", "reply", "replied_at", "submit_time",
        )
        .order_by("article_ordinal", "-submit_time")[:limit]
    )  # fmt: skip


def published_replies(page_id: int, limit: int = PUBLIC_LIMIT) -> list[Opinion]:
    return list(
        Opinion.objects.filter(page_id=page_id, status__in=DECISIONS)
        .exclude(publish_consent="none")
        .filter(publication__in=PUBLISHED)
        .only(
            "page",
            "article_key",
            "article_label",
            "article_version",
            "article_ordinal",
            "text",
            "publication",
            "published_text",
            "status",
            "reply",
            "group_id",
        )
        .order_by("article_ordinal", "group_id", "pk")[:limit]
    )


def _settings_of(page_id: int):
    """The settings of the source draft (default language) of any translation of ``page_id``."""
    key = Subquery(Page.objects.filter(pk=page_id).values("translation_key")[:1])
    return PageOpinionSettings.objects.filter(
        page__translation_key=key,
        page__locale__language_code=get_supported_content_language_variant(
            django_settings.LANGUAGE_CODE
        ),
    ).order_by("pk")[:1]


# Read again after every publish (kept until then): compiled once per process.
_SETTINGS = PreparedQuery(_settings_of, page_id=-2_000_000_003)


def opinion_settings(request, page) -> PageOpinionSettings | None:
    """The page's opinion settings. Opinions and their settings live on the source draft (see
    intake.source_page). Kept on the request: the page's feedback section and its articles'
    opinions both ask, and the page's query count should not pay twice."""
    memo = getattr(request, "_lawbridge_opinion_settings", None)
    if memo is None:
        memo = {}
        if request is not None:
            request._lawbridge_opinion_settings = memo
    if page.translation_key not in memo:
        # Read on every view of every commentable page, changed only by a save that drops
        # what is kept until the next publish (forms/apps.py): kept in process until then.
        memo[page.translation_key] = remembered(
            ("opinion_settings", page.translation_key),
            lambda: next(iter(_SETTINGS.objects(page_id=page.pk)), None),
        )
    return memo[page.translation_key]


def article_feedback(request, page) -> dict[str, ArticleOpinions]:
    """Per article key: its published opinions (latest first, at most ARTICLE_LIMIT), how many
    there are and how many the office answered, in one query for the whole page. The same rule as
    the page's public list (``publicly_visible``); contact data never leaves this function."""
    settings = opinion_settings(request, page)
    if settings is None or not settings.show_public_opinions:
        return {}
    found_rows = _ARTICLE_ROWS.rows(page_id=settings.page_id, limit=ARTICLE_LIMIT)
    rows = [_ArticleRow(*row) for row in found_rows]
    # Labels translated once, not once per opinion (get_FOO_display rebuilds its choices).
    categories = {value: str(label) for value, label in Category.choices}
    outcomes = dict(decision_choices(kind_of(page)))  # in the page's words (SubmissionKind)
    found: dict[str, tuple[int, int, list[PublicOpinion]]] = {}
    # Near-identical opinions the office grouped (a copy-paste campaign) and answered alike are
    # shown once, with how many more there are, rather than as a wall of copies.
    alike: dict[tuple, int] = {}  # (article, group, outcome, reply) -> index in that article's list
    for row in rows:
        entry = found.setdefault(row.article_key, (row.in_article, row.answered, []))
        # What the public sees must be the same: the outcome (not the handling step) and reply.
        same = (row.article_key, row.group_id, outcomes.get(row.status), row.reply)
        if row.group_id and same in alike:
            shown = entry[2][alike[same]]
            entry[2][alike[same]] = replace(shown, similar=shown.similar + 1)
            continue
        if row.group_id:
            alike[same] = len(entry[2])
        decided = row.status in outcomes
        entry[2].append(
            PublicOpinion(
                text=public_text(row),
                category=categories.get(row.category, ""),
                author=row.name if row.publish_consent == PublishConsent.FULL else "",
                date=row.submit_time,
                outcome=row.status if decided else "",
                outcome_label=outcomes.get(row.status, ""),
                reply=row.reply if decided else "",
            )
        )
    return {
        key: ArticleOpinions(count=count, replies=replies, opinions=tuple(opinions))
        for key, (count, replies, opinions) in found.items()
    }


def absorbed_opinions(request, page, version_id: int | None = None) -> dict[str, AbsorbedOpinions]:
    """Per article key of version ``version_id`` (the current one if None): the adopted opinions
    its wording took up (forms/adoptions.py). Counted all; listed (at most ARTICLE_LIMIT each)
    only as far as the public may read them, each with a link to the article it was written on.
    Nothing while the page shows neither its feedback nor its public opinions."""
    from .adoptions import ADOPTING, AdoptedInto, current_version_id

    settings = opinion_settings(request, page)
    if settings is None or not (settings.show_public_opinions or settings.feedback_published):
        return {}
    if version_id is None:
        version_id = current_version_id(page)
        if version_id is None:
            return {}
    links = list(
        AdoptedInto.objects.filter(
            version_id=version_id,
            opinion__page__translation_key=page.translation_key,
            opinion__status__in=ADOPTING,
        )
        .order_by("article_key", "opinion__submit_time", "opinion_id")
        .values_list("article_key", "opinion_id")
    )
    if not links:
        return {}
    shown = {
        opinion.pk: opinion
        for opinion in Opinion.objects.filter(pk__in={pk for _key, pk in links})
        .publicly_visible()
        .only(
            "article_key", "article_label", "article_version", "article_version_id", "text",
            "publication", "published_text", "category", "name", "publish_consent", "status",
            "reply", "submit_time", "page",
        )
    }  # fmt: skip
    categories = {value: str(label) for value, label in Category.choices}
    outcomes = dict(decision_choices(kind_of(page)))  # in the page's words (SubmissionKind)
    commentable = as_commentable(page)
    places: dict[tuple, str] = {}  # (key, version) -> where that article read as commented

    def place(opinion) -> str:
        where = (opinion.article_key, opinion.article_version_id)
        if where not in places:
            target = None
            if commentable is not None and opinion.article_key:
                target = commentable.get_comment_target(
                    opinion.article_key, version_id=opinion.article_version_id
                )
            places[where] = (target.version_url or target.url) if target else ""
        return places[where]

    found: dict[str, tuple[int, list[PublicOpinion]]] = {}
    for key, pk in links:
        count, listed = found.get(key, (0, []))
        opinion = shown.get(pk)
        if opinion is not None and len(listed) < ARTICLE_LIMIT:
            listed.append(
                PublicOpinion(
                    text=public_text(opinion),
                    category=categories.get(opinion.category, ""),
                    author=opinion.name if opinion.publish_consent == PublishConsent.FULL else "",
                    date=opinion.submit_time,
                    outcome=opinion.status,
                    outcome_label=outcomes.get(opinion.status, ""),
                    reply=opinion.reply,
                    article=f"{opinion.article_version}{opinion.article_label}",
                    url=place(opinion),
                )
            )
        found[key] = (count + 1, listed)
    return {
        key: AbsorbedOpinions(count=count, opinions=tuple(listed))
        for key, (count, listed) in found.items()
    }


def page_feedback(request, page) -> HomeSection | None:
    settings = opinion_settings(request, page)
    if settings is None or not (settings.show_public_opinions or settings.feedback_published):
        return None
    source_pk = settings.page_id
    kind = kind_of(page)
    context = {
        "page": page,
        "opinion_settings": settings,
        # 已采纳 / 部分采纳 / 未采纳, or the page's own words (列入计划 …): SubmissionKind.
        "decision_labels": dict(decision_choices(kind)),
    }
    # The draft loaded once for every table below (not at all when it is the page being shown).
    articles = CurrentArticles([source_pk], known=[page] if page.pk == source_pk else [])

    def place(opinion):
        if not opinion.article_key:
            return 0
        return articles.position(source_pk, opinion.article_key, opinion.article_ordinal)

    if settings.feedback_published:
        context["summary"] = summary(source_pk, articles)
        replies = published_replies(source_pk)
        replies.sort(key=place)  # stable: each article's group members stay together
        for reply in replies:
            reply._submission_kind = kind
        context["replies"] = articles.decorate(replies)
    if settings.show_public_opinions:
        commentable = as_commentable(page)
        current = set(commentable.current_article_labels()) if commentable else set()

        def by_heading(opinions) -> dict[str, list]:
            opinions.sort(key=place)
            grouped: dict[str, list] = {}
            for opinion in articles.decorate(opinions):
                opinion._submission_kind = kind
                heading = (
                    articles.heading(
                        source_pk,
                        opinion.article_key,
                        opinion.article_label,
                        opinion.article_version,
                    )
                    if opinion.article_key
                    else ""
                )
                grouped.setdefault(heading, []).append(opinion)
            return grouped

        # Every public opinion by article: read only by a page that does not show each
        # article's opinions under it (the template calls it when it needs it).
        context["public_by_article"] = lambda: by_heading(public_opinions(source_pk))
        # Those not under an article of the current text (on the whole page, or on an article
        # a later version removed): all a page with its articles' opinions in place lists here.
        context["public_elsewhere"] = by_heading(public_opinions(source_pk, except_keys=current))
    return HomeSection(template_name="forms/feedback_section.html", context=context)


def point_figures(point_page) -> list[dict]:
    """Per commentable page: opinions collected at this liaison point, and how many adopted."""
    rows = (
        Opinion.objects.filter(point_id=point_page.pk)
        .exclude(status__in=UNCOUNTED_STATUSES)
        .values("page_id")
        .annotate(
            collected=Count("pk"),
            adopted=Count("pk", filter=Q(status__in=[Status.ADOPTED, Status.PARTLY_ADOPTED])),
        )
        .order_by()
    )
    rows = [row for row in rows if row["page_id"]]
    pages = Page.objects.in_bulk([row["page_id"] for row in rows])
    return [
        {"page": pages[row["page_id"]], "collected": row["collected"], "adopted": row["adopted"]}
        for row in rows
        if row["page_id"] in pages
    ]
