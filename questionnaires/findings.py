"""A questionnaire's headline result beside the article it asks about
(``core.plugins.ARTICLE_FINDINGS_HOOK``): "问卷调查：<question> 46% 的受访者选择「全市范围」（共 360 人作答）".

Only what the public may already read: the editor ticked 公开结果 and the questionnaire (in the
default language, where replies are counted) is live and public. The headline is the first choice
question ticked 在条文旁显示此题结果, else the first single-choice question shown to everyone;
a questionnaire without either says nothing beside the text.

A draft no questionnaire publishes results about costs no query: which drafts have one is kept
in the cache (``drafts_with_findings``), dropped whenever a questionnaire is published,
unpublished or deleted. Any other draft costs one query, however many questionnaires and articles
it has: the headline questions' running totals (``AnswerCount``, never the answers themselves).
The questionnaires about it (every language at once) and their headline questions change only
when something is published, and are kept in process until then (core/published_memo.py)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Length, Substr
from django.db.models.signals import post_delete
from django.utils.translation import gettext as _
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished

from core.plugins import ArticleFinding
from core.published_memo import remembered
from core.upstream.prepared_query import PreparedQuery

from .models import AnswerCount, QuestionnairePage
from .questions import CHOICE_KINDS, Question

__all__ = ["drafts_with_findings", "findings_for", "headline_question"]

# The StructBlock field an editor ticks to choose the headline (questionnaires/blocks.py).
SHOW_BESIDE_ARTICLE = "show_beside_article"


def headline_question(page) -> Question | None:
    """The question whose result stands beside the article, or None."""
    ticked = {
        child.id
        for child in page.questions
        if child.block_type in CHOICE_KINDS and child.value.get(SHOW_BESIDE_ARTICLE)
    }
    questions = page.question_list
    for question in questions:
        if question.id in ticked and question.kind in CHOICE_KINDS:
            return question
    return next(
        (q for q in questions if q.kind == "single" and q.condition is None and q.options), None
    )


DRAFTS_KEY = "questionnaires:findings:drafts"
# A bound on staleness for what no signal reports (a view restriction lifted, another process
# with its own in-memory cache published the questionnaire).
DRAFTS_SECONDS = 120


def drafts_with_findings() -> frozenset[str]:
    """Translation keys of the drafts some live questionnaire publishes results about. The
    default cache ignores a Redis outage (core/caches.py): then this is one query per request."""
    keys = cache.get(DRAFTS_KEY)
    if keys is None:
        keys = frozenset(
            str(key)
            for key in QuestionnairePage.objects.live()
            .filter(publish_results=True, locale__language_code=settings.LANGUAGE_CODE)
            .exclude(draft=None)
            .values_list("draft__translation_key", flat=True)
        )
        cache.set(DRAFTS_KEY, keys, DRAFTS_SECONDS)
    return keys


def _forget_drafts(sender, **kwargs):
    cache.delete(DRAFTS_KEY)


page_published.connect(_forget_drafts, sender=QuestionnairePage, dispatch_uid="q-findings-pub")
page_unpublished.connect(_forget_drafts, sender=QuestionnairePage, dispatch_uid="q-findings-unpub")
post_delete.connect(_forget_drafts, sender=QuestionnairePage, dispatch_uid="q-findings-delete")


def _about(draft_id, locale_id):
    """The live, public questionnaires about any translation of the draft ``draft_id``, in the
    default language (where replies are counted) or in the reader's (``locale_id``).

    Public as Wagtail's ``PageQuerySet.public()`` means it (no view restriction on the page or
    an ancestor), said in SQL rather than as one condition per restriction read beforehand, so
    that the query is compiled once per process (core/upstream/prepared_query.py): it is read
    again after every publish."""
    draft_key = Subquery(Page.objects.filter(pk=draft_id).values("translation_key")[:1])
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef("path"), 1, Length("page__path"))
    )
    return (
        QuestionnairePage.objects.live()
        .filter(draft__translation_key=draft_key)
        .filter(Q(locale__language_code=settings.LANGUAGE_CODE) | Q(locale_id=locale_id))
        .exclude(Exists(restricted))
        .select_related("locale")
        .order_by("path")
    )


# A page id and a locale id no row has.
_ABOUT = PreparedQuery(_about, draft_id=-2_000_000_051, locale_id=-2_000_000_052)


def _questionnaires_about(page) -> list[tuple[QuestionnairePage, QuestionnairePage]]:
    """``[(source, shown)]``: each live questionnaire with published results about ``page`` (any
    of its translations), as counted (the default-language page) and as the reader sees it (the
    translation in the reader's language, when there is a live one)."""
    pages = _ABOUT.objects(draft_id=page.pk, locale_id=page.locale_id)
    by_key: dict = {}
    for questionnaire in pages:
        by_key.setdefault(questionnaire.translation_key, []).append(questionnaire)
    found = []
    for versions in by_key.values():
        source = next(
            (q for q in versions if q.locale.language_code == settings.LANGUAGE_CODE), None
        )
        # Publishing is the source's decision: a translation cannot publish what it counts.
        if source is None or not source.publish_results:
            continue
        shown = next((q for q in versions if q.locale_id == page.locale_id), source)
        found.append((source, shown))
    return found


def _headlines(page) -> list[tuple[QuestionnairePage, QuestionnairePage, Question]]:
    """``[(source, shown, headline question)]``: what only a publish changes, so kept in process
    between publishes (core/published_memo.py); the running totals are read per request."""
    headlines = []
    for source, shown in _questionnaires_about(page):
        question = headline_question(source)
        if question is not None:
            # Read here, once: the reader's wording of the question (parsed from the body).
            shown.question_list  # noqa: B018 - a cached property, filled while we hold the page
            headlines.append((source, shown, question))
    return headlines


def findings_for(request, page, version_id=None) -> dict[str, list[ArticleFinding]]:
    """Per article key ("" for the whole draft), the headline result of each questionnaire
    about it. Article keys stay with an article through every version, so ``version_id`` does
    not narrow anything: the page shows the finding on whichever version holds the article."""
    if not page.translation_key or str(page.translation_key) not in drafts_with_findings():
        return {}
    headlines = remembered(
        ("questionnaire_headlines", str(page.translation_key), page.locale_id),
        lambda: _headlines(page),
    )
    if not headlines:
        return {}
    counts: dict = {}
    rows = AnswerCount.objects.filter(
        page_id__in=[source.pk for source, _shown, _q in headlines],
        question__in={question.id for _s, _shown, question in headlines},
        row="",
    ).values_list("page_id", "question", "option", "count")
    for page_id, question_id, option, count in rows:
        counts[(page_id, question_id, option)] = count
    found: dict[str, list[ArticleFinding]] = {}
    for source, shown, question in headlines:
        answered = counts.get((source.pk, question.id, ""), 0)
        if not answered:
            continue
        # The reader's language: the translation's wording of the same question and options.
        worded = next((q for q in shown.question_list if q.id == question.id), question)
        chosen = {o.id: counts.get((source.pk, question.id, o.id), 0) for o in question.options}
        top = max(chosen.values(), default=0)
        if not top:
            continue
        labels = {o.id: o.label for o in worded.options}
        leaders = tuple(labels.get(o.id, o.label) for o in question.options if chosen[o.id] == top)
        url = shown.get_url(request) or ""
        found.setdefault(source.article_key or "", []).append(
            ArticleFinding(
                source=_("问卷调查"),
                title=worded.title,
                answers=leaders,
                percent=round(100 * top / answered, 1),
                answered=answered,
                url=f"{url}#q-result-{question.id}" if url else "",
                link_label=_("查看结果"),
            )
        )
    return found
