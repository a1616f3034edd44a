"""The plugin contract: how plugins contribute to the house without importing each other.

A plugin registers Wagtail hooks in its ``wagtail_hooks.py``:

``lawbridge_demo_content``
    ``fn(demo: DemoContext) -> None``; called by ``manage.py load_demo`` in hook order. Must be
    idempotent: look things up by slug before creating them.

``lawbridge_home_sections``
    ``fn(request, page) -> HomeSection | None``; the home page shows the sections in the order of
    their plugins' ``home_section_order`` (hook order among equals).

``lawbridge_nav_links``
    ``fn(request) -> list[tuple[str, str]]`` of (label, url) for pages that are not in the page tree
    (e.g. the opinion status lookup).

``lawbridge_header_items``
    ``fn(request) -> str`` (safe HTML): small widgets in the header beside the language switcher
    (e.g. the search box). Rendered by ``{% header_items %}``; nothing when no plugin adds one.

Between a commentable page (``core.interfaces.Commentable``: drafts, questionnaires) and the opinions
plugin, which the page must not import:

``lawbridge_opinion_widget``
    ``fn(request, page, target: CommentTarget | None) -> str`` (safe HTML): the comment link/form for
    the whole page (target None) or one article. Rendered by ``{% opinion_widget page target %}``.

``lawbridge_opinion_counts``
    ``fn(page) -> dict[str | None, int]``: opinions received per article key (None = whole page),
    in one query for the whole page.

``lawbridge_page_feedback``
    ``fn(request, page) -> HomeSection | None``: the feedback summary (采纳情况反馈) and published
    opinions shown on a commentable page. A page that shows each article's opinions in place
    (``lawbridge_article_feedback``) includes the section with ``articles_in_place=True``; the
    section then lists only the opinions on the whole page or on articles no longer in the text.

``lawbridge_article_feedback``
    ``fn(request, page) -> dict[str, ArticleOpinions]``: per article key, the published opinions
    on that article with their outcome and the office's reply, in one or few queries for the whole
    page. Only what the public may read (the submitter consented, the office approved the text),
    never contact data: ``PublicOpinion`` has no field for it. ``article_feedback(request, page)``.

``lawbridge_absorbed_opinions``
    ``fn(request, page, version_id: int | None) -> dict[str, AbsorbedOpinions]``: per article key
    of that version of the page (the current one if None), the adopted opinions its wording took
    up ("本条吸收了 N 条公众意见"): how many in all, and those the public may read, each linking to
    the article it was written on. Never contact data. ``absorbed_opinions(request, page,
    version_id)``, kept on the request so a page asking once per article pays once.

``lawbridge_article_findings``
    ``fn(request, page, version_id: int | None) -> dict[str, list[ArticleFinding]]``: per article
    key of a commentable page ("" for the page as a whole), short findings other plugins have
    *published* about it — a questionnaire's headline result: the question, the leading answer
    and its share, how many answered, a link to the full results. Only what the public may read
    now (results the editor published, on a live page); nothing otherwise. A few queries for
    the whole page, never one per article, and best none for a page nothing is published
    about (the draft page's query budget has no room). ``article_findings(request, page,
    version_id)``, kept on the request like ``absorbed_opinions``; the page shows each
    article's findings under it and the page's own beside its status.

Article anchors: an article of a draft page is at ``<page url>#article-<ordinal>`` (``#article-12``
for 第十二条), so that other plugins (普法 legal-text quotes, search results) can link to it.

``lawbridge_version_compare_url``
    ``fn(request, page, from_version_id, to_version_id, article_key) -> str``: where the page shows
    two versions of its text side by side, at one article (``article_key`` as in
    ``CommentTarget.key``; version ids as in ``CommentTarget.version_id``, ``from_version_id`` may
    be None: the version before). "" when the page has no such view. Registered by the plugin
    owning the page; ``version_compare_url(...)`` asks each. The closing report links each article
    that took up opinions to its change.

``lawbridge_point_figures``
    ``fn(point_page) -> list[dict]``: opinion figures of a liaison point, by draft:
    ``{"page": <Page>, "collected": int, "adopted": int}``.

``lawbridge_points_for_user``
    ``fn(user) -> QuerySet[Page]``: the liaison point pages this user may act for (post events, enter
    offline opinions); registered by ``liaison_points``. ``points_for_user(user)`` unions them.

``lawbridge_linked_points``
    ``fn(page) -> list[int]``: the liaison point page ids a commentable page is linked to (a
    draft's 相关立法联系点); registered by the plugin owning the page. ``linked_points(page)``.

``lawbridge_point_contacts``
    ``fn(point_page) -> list[str]``: e-mail addresses of the people who act for a liaison point
    (its staff); registered by ``liaison_points``. ``point_contacts(point_page)`` unions them.
    Reminders (a draft a point is linked to opens) go to these addresses.

``lawbridge_withdrawn_points``
    ``fn() -> list[int]``: the liaison point page ids taken out of the network (the assessment's
    撤销 status), in one query. ``withdrawn_points()`` unions them: still listed where history is
    shown, but sent no new consultation tasks.

``lawbridge_point_indicators``
    ``fn(start: date, end: date) -> list[PointIndicator]``: what each liaison point did in the
    half-open period [start, end) that the office may assess it by (opinions collected and
    adopted, events held and their participants, tasks reported on time…), each as one
    ``PointIndicator`` with a value per point page id, computed for **all** points in one or a
    few queries (the scorecard and the obligations board must not cost a query per point). A
    point missing from ``values`` did nothing (0). ``code`` is stable (the office's weights and
    rules refer to it); ``label`` and ``unit`` are translated. ``point_indicators(start, end)``.

``lawbridge_point_directory``
    ``fn() -> list[PointSummary]``: every liaison point of the site's default language, as a
    few plain facts (id, title, type and its label, district, admin/public URLs), in one or two
    queries; registered by the plugin owning the point pages. Lists that cover all points (the
    scorecard's ranking, a task's choice of points) filter by type and district without naming
    that plugin's fields. ``point_directory()``.

``lawbridge_collection_source``
    ``fn(token_or_code: str) -> CollectionSource | None``: where an opinion came from, resolved
    from the signed token a collection code's link carries (``/c/<code>`` puts it on the opinion
    form) or from a short code typed or sent through the API; None for anything unknown, forged
    or retired. Registered by ``liaison_points``. ``collection_source(value)`` asks each.

``lawbridge_point_sources``
    ``fn(point_page) -> list[CollectionSource]``: the sources a point's staff may credit an
    offline opinion to (the point itself, its collection sites, community grids, deputies and
    campaigns), each with a signed ``token`` to pass back to ``collection_source``.

``lawbridge_opinion_form_url``
    ``fn(page, article_key: str, source_token: str) -> str``: where a resident comments on a
    commentable page (or one article of it) so that the opinion records that source; "" if the
    plugin has no form for the page. Registered by the opinions plugin; ``opinion_form_url``.

``lawbridge_source_landing_url``
    ``fn(page, article_key: str, source_token: str) -> str``: where a collection code aimed at a
    page that is *not* commented on (a questionnaire) sends the resident, carrying the signed
    source token so the reply is credited to it; "" for pages the plugin does not own.
    Registered by the plugin owning the page. ``source_landing_url(...)`` asks these first and
    falls back to ``opinion_form_url``: ``/c/<code>`` leads wherever the code's page is answered.

``lawbridge_source_counts``
    ``fn(page) -> list[SourceCount]``: the opinions on a commentable page counted by point and
    source (kind and label), in one query however many points there are: the collection map
    (征集地图) reads it. Counts only, never text or contact data. ``source_counts(page)``.

``lawbridge_point_activities``
    ``fn(point_page, start: date, end: date) -> list[PointActivity]``: what a point held in
    [start, end] (events: forums, reception days…) with their participants, as evidence a
    point cites when it reports a task. Registered by ``events``. ``point_activities(...)``.

``lawbridge_search_sources``
    ``fn() -> SearchSource``: extra searchable models beside pages (e.g. draft articles), with how
    to turn a hit into a result. Pages themselves are searched through their ``search_fields``; a
    page class says which facet it belongs to with ``search_kind`` (see ``core.models.BasePage``).

``lawbridge_personal_data_permissions``
    ``fn() -> list[str]`` of ``"app_label.codename"``: the plugin's own permissions that show
    residents' personal data in clear (built from its own models' ``_meta``, never another
    plugin's). Whoever holds one must pass two-step sign-in, and their sessions expire when idle
    (``core.two_factor``). ``personal_data_permissions()`` unions them.
``lawbridge_page_cache_params``
    ``fn() -> dict[str, normaliser | None]``: the query parameters the plugin's public pages read,
    with how to reduce each to a canonical value (``core.cache_params``: ``choices``, ``number``,
    ``slug``, ``month``…) or ``LIVE`` (never cache a request carrying it). The anonymous page cache
    removes every undeclared parameter before a page is rendered, so a page reading one it did not
    declare simply does not see it.

``lawbridge_life_story``
    ``fn(page_ids: frozenset[int]) -> list[StoryEvent]``: what the plugin knows of the life of a
    regulation that any of these pages belongs to (a plan item naming a draft, a draft's versions
    and its passing, a regulation in force, its evaluations and amendments), each event with the
    page ids it ties in. ``life_story(page)`` asks every plugin, adds the pages the answers name,
    and asks again until no new page turns up, so a plan item leads to its draft, the draft to
    the regulation it became, and that to its evaluations, without any plugin knowing another.
    One or two queries per call, whatever the number of events.

A plugin's public URLs live in ``<plugin>/urls.py`` and are mounted by ``lawbridge.urls`` when the
plugin is installed (``urlpatterns`` at the root, ``i18n_urlpatterns`` under the language prefix).

What a plugin *is* (rather than what it does on a page) it declares in its AppConfig, a subclass of
``PluginConfig``: which optional plugins it works with, where its home sections go, which pages of
it play a role others need (a liaison point, a draft), its search facets, the public paths the page
cache must never keep, the permissions of its own models point staff receive, and its settings
with their defaults. Core reads these declarations; no plugin reads another's.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import AppConfig, apps
from django.conf import settings
from wagtail import hooks

DEMO_CONTENT_HOOK = "lawbridge_demo_content"
HOME_SECTIONS_HOOK = "lawbridge_home_sections"
NAV_LINKS_HOOK = "lawbridge_nav_links"
HEADER_ITEMS_HOOK = "lawbridge_header_items"
OPINION_WIDGET_HOOK = "lawbridge_opinion_widget"
OPINION_COUNTS_HOOK = "lawbridge_opinion_counts"
PAGE_FEEDBACK_HOOK = "lawbridge_page_feedback"
ARTICLE_FEEDBACK_HOOK = "lawbridge_article_feedback"
ABSORBED_OPINIONS_HOOK = "lawbridge_absorbed_opinions"
POINT_FIGURES_HOOK = "lawbridge_point_figures"
SEARCH_SOURCES_HOOK = "lawbridge_search_sources"
POINTS_FOR_USER_HOOK = "lawbridge_points_for_user"
PERSONAL_DATA_PERMISSIONS_HOOK = "lawbridge_personal_data_permissions"
PAGE_CACHE_PARAMS_HOOK = "lawbridge_page_cache_params"
LINKED_POINTS_HOOK = "lawbridge_linked_points"
POINT_CONTACTS_HOOK = "lawbridge_point_contacts"
VERSION_COMPARE_URL_HOOK = "lawbridge_version_compare_url"
POINT_INDICATORS_HOOK = "lawbridge_point_indicators"
POINT_DIRECTORY_HOOK = "lawbridge_point_directory"
COLLECTION_SOURCE_HOOK = "lawbridge_collection_source"
POINT_SOURCES_HOOK = "lawbridge_point_sources"
OPINION_FORM_URL_HOOK = "lawbridge_opinion_form_url"
SOURCE_LANDING_URL_HOOK = "lawbridge_source_landing_url"
SOURCE_COUNTS_HOOK = "lawbridge_source_counts"
POINT_ACTIVITIES_HOOK = "lawbridge_point_activities"
ARTICLE_FINDINGS_HOOK = "lawbridge_article_findings"
WITHDRAWN_POINTS_HOOK = "lawbridge_withdrawn_points"
LIFE_STORY_HOOK = "lawbridge_life_story"


# Page roles: kinds of page one plugin needs from another without naming its model. The plugin
# that provides the page declares the role in ``PluginConfig.page_roles``.
POINT_PAGE = "point"  # a liaison point: events live under one, opinions are credited to one
DRAFT_PAGE = "draft"  # a regulation draft: events and 普法 articles link to one
EVENT_PAGE = "event"  # an event a point organises: it lives under the point's page
QUESTIONNAIRE_PAGE = "questionnaire"  # a questionnaire residents answer: tasks may send one out
REGULATION_PAGE = "regulation"  # a regulation in force: evaluations and amendments refer to one
PLAN_PAGE = "plan"  # an annual legislative plan (年度立法计划) whose items become drafts


class PluginConfig(AppConfig):
    """The AppConfig of an optional plugin: what it declares about itself (all optional)."""

    # Other optional plugins this one uses when they are installed (never required).
    optional_dependencies: tuple[str, ...] = ()
    # Its sections on the home page come in this order among the plugins' (lower first).
    home_section_order: int = 100
    # role -> the model name, in this app, of the page playing that role ({"point": "LiaisonPointPage"}).
    page_roles: dict[str, str] = {}
    # search facet key (a page class's ``search_kind`` or a SearchSource kind) -> its label.
    search_facets: dict = {}
    # Public paths the anonymous page cache must never keep (forms, per-visitor pages).
    page_cache_excluded_prefixes: tuple[str, ...] = ()
    # Names of this app's models, other than pages, whose saves and deletes change what readers
    # see (a snippet a home section lists, a page's display settings): core drops the cached
    # pages on each, as on a publish. Page publishes need no declaration.
    page_cache_models: tuple[str, ...] = ()
    # Codenames of this app's own permissions a liaison point's staff group receives.
    point_staff_permissions: tuple[str, ...] = ()
    # Settings this plugin reads, with their defaults; a project setting of the same name wins.
    default_settings: dict[str, Any] = {}

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        # Defaults land in django.conf.settings as the app registry is built, before any model
        # module reads them, so a plugin reads ``settings.NAME`` like any other setting.
        for name, value in self.default_settings.items():
            if not hasattr(settings, name):
                setattr(settings, name, value)


def plugin_configs() -> list[PluginConfig]:
    """Installed plugins that describe themselves, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, PluginConfig)]


def page_types_for(role: str) -> list[str]:
    """``["app_label.Model"]`` of the pages playing ``role`` (empty when no installed plugin
    provides it). Safe while models are being defined: it reads declarations, not models."""
    return [
        f"{config.label}.{model_name}"
        for config in plugin_configs()
        if (model_name := config.page_roles.get(role))
    ]


def page_models_for(role: str) -> list[type]:
    """The page models playing ``role`` (call after the app registry is ready)."""
    return [apps.get_model(label) for label in page_types_for(role)]


def plays_role(page, role: str) -> bool:
    """Whether ``page`` (any Page) is of a type that plays ``role``."""
    models = page_models_for(role)
    return bool(models) and issubclass(page.specific_class, tuple(models))


def search_facets() -> dict:
    """Every facet key the installed plugins declare, with its label (plugin order)."""
    facets: dict = {}
    for config in plugin_configs():
        facets.update(config.search_facets)
    return facets


def page_cache_excluded_prefixes() -> tuple[str, ...]:
    prefixes = list(settings.PAGE_CACHE_EXCLUDED_PREFIXES)
    for config in plugin_configs():
        prefixes.extend(config.page_cache_excluded_prefixes)
    return tuple(prefixes)


def page_cache_models() -> list[type]:
    """The models whose saves and deletes the installed plugins say readers see."""
    return [
        apps.get_model(config.label, name)
        for config in plugin_configs()
        for name in config.page_cache_models
    ]


def point_staff_permissions() -> list[tuple[str, str]]:
    """``(app_label, codename)`` of every permission plugins grant a point's staff."""
    return [
        (config.label, codename)
        for config in plugin_configs()
        for codename in config.point_staff_permissions
    ]


def _hook_order(fn) -> int:
    config = apps.get_containing_app_config(fn.__module__)
    return getattr(config, "home_section_order", PluginConfig.home_section_order)


@dataclass
class HomeSection:
    """One block of the home page contributed by a plugin."""

    template_name: str
    context: dict[str, Any] = field(default_factory=dict)
    title: str = ""


@dataclass(frozen=True)
class PublicOpinion:
    """One opinion as the public may read it under the article it is about."""

    text: str  # as published: masked, edited or released by the 公开审核 step
    category: str = ""  # who wrote it, as a label (市民, 人大代表…)
    author: str = ""  # the name, only when the submitter allowed it to be shown
    date: Any = None  # when it was submitted (a datetime)
    outcome: str = ""  # "adopted", "partly", "not_adopted", or "" while undecided
    outcome_label: str = ""  # 采纳 / 部分采纳 / 未采纳, translated
    reply: str = ""  # the office's published reply
    similar: int = 0  # near-identical opinions with the same outcome shown as this one
    article: str = ""  # the article it was written on, as then numbered ("征求意见稿第五条")
    url: str = ""  # where that article can be read as it was then


@dataclass(frozen=True)
class ArticleOpinions:
    """The published opinions on one article: how many there are, how many have a reply, and the
    latest of them (``opinions`` may hold fewer than ``count`` on a much-commented article; each
    stands for itself and its ``similar`` ones)."""

    count: int
    replies: int
    opinions: tuple[PublicOpinion, ...] = ()

    @property
    def more(self) -> int:
        return self.count - sum(1 + opinion.similar for opinion in self.opinions)


@dataclass(frozen=True)
class AbsorbedOpinions:
    """The adopted opinions one article of a newer version took up: ``count`` is all of them,
    ``opinions`` those the public may read (their submitters consented, the office passed them)."""

    count: int
    opinions: tuple[PublicOpinion, ...] = ()

    @property
    def unpublished(self) -> int:
        return self.count - len(self.opinions)


@dataclass
class SearchSource:
    """A non-page model the search plugin should search (it must be ``index.Indexed``).

    ``queryset()`` returns the public objects only (e.g. articles of live drafts' current versions);
    ``to_result(obj)`` returns a dict with ``title``, ``url`` (straight to the article), ``text``
    (plain text to highlight), ``date`` (date or None), ``point_ids`` (liaison point page ids,
    possibly empty) and ``locale`` (language code; results of other languages are left out).

    Optional, for speed (the search page turns up to 300 matches into results per search):
    ``results(ids)`` returns ``{id: dict}`` like ``to_result`` for many primary keys at once, in a
    few queries and without ``url`` (ids no longer in ``queryset()`` are left out), and
    ``urls(ids)`` returns ``{id: url}`` for the few results shown. Give both or neither.

    ``for_page(page)``, optional: the queryset's objects that belong to ``page`` (a draft's
    articles). An index kept outside the database (Elasticsearch) re-indexes them when the page
    is published: objects written with ``bulk_create`` send no ``post_save``.

    Page classes may also define ``search_date()`` (e.g. an event's day) used for the date facet
    instead of the publication date."""

    kind: str  # facet key, e.g. "article"
    label: str  # facet label shown to visitors, e.g. "条文"
    model: type
    queryset: Callable[[], Any]
    to_result: Callable[[Any], dict]
    results: Callable[[list], dict] | None = None
    urls: Callable[[list], dict] | None = None
    for_page: Callable[[Any], Any] | None = None


@dataclass
class DemoContext:
    """What a plugin's demo-content function gets: the home page per locale and a way to report.

    ``log`` is detail, shown with ``load_demo -v 2``; ``show`` names a page worth opening, listed
    in the short summary ``load_demo`` (and so ``make run``) ends with."""

    homes: dict  # language code -> HomePage
    stdout: Any = None
    verbose: bool = False
    highlights: list = field(default_factory=list)  # (label, page, note), in the order shown
    files: list = field(default_factory=list)  # (label, path, note): files the demo leaves to try

    @property
    def home(self):
        return self.homes[settings.LANGUAGE_CODE]

    def log(self, message: str) -> None:
        if self.stdout is not None and self.verbose:
            self.stdout.write(message)

    def show(self, label: str, page, note: str = "") -> None:
        """A line of ``load_demo``'s summary: a page, or a site path ("/admin/tasks/board/")."""
        self.highlights.append((label, page, note))

    def show_file(self, label: str, path, note: str = "") -> None:
        self.files.append((label, path, note))


def home_sections(request, page) -> list[HomeSection]:
    sections = []
    # sorted() is stable: a plugin's own sections keep their hook order.
    for fn in sorted(hooks.get_hooks(HOME_SECTIONS_HOOK), key=_hook_order):
        section = fn(request, page)
        if section is not None:
            sections.append(section)
    return sections


def extra_nav_links(request) -> list[tuple[str, str]]:
    links = []
    for fn in hooks.get_hooks(NAV_LINKS_HOOK):
        links.extend(fn(request))
    return links


def header_items(request) -> str:
    return "".join(fn(request) for fn in hooks.get_hooks(HEADER_ITEMS_HOOK))


def opinion_widget(request, page, target=None) -> str:
    return "".join(fn(request, page, target) for fn in hooks.get_hooks(OPINION_WIDGET_HOOK))


def opinion_counts(page) -> dict:
    counts: dict = {}
    for fn in hooks.get_hooks(OPINION_COUNTS_HOOK):
        for key, value in fn(page).items():
            counts[key] = counts.get(key, 0) + value
    return counts


def page_feedback(request, page) -> list[HomeSection]:
    sections = [fn(request, page) for fn in hooks.get_hooks(PAGE_FEEDBACK_HOOK)]
    return [section for section in sections if section is not None]


def article_feedback(request, page) -> dict[str, ArticleOpinions]:
    merged: dict[str, ArticleOpinions] = {}
    for fn in hooks.get_hooks(ARTICLE_FEEDBACK_HOOK):
        for key, found in fn(request, page).items():
            if key in merged:
                before = merged[key]
                found = ArticleOpinions(
                    before.count + found.count,
                    before.replies + found.replies,
                    before.opinions + found.opinions,
                )
            merged[key] = found
    return merged


def absorbed_opinions(request, page, version_id=None) -> dict[str, AbsorbedOpinions]:
    memo = getattr(request, "_lawbridge_absorbed", None)
    if memo is None:
        memo = {}
        if request is not None:
            request._lawbridge_absorbed = memo
    memo_key = (page.pk, version_id)
    if memo_key not in memo:
        merged: dict[str, AbsorbedOpinions] = {}
        for fn in hooks.get_hooks(ABSORBED_OPINIONS_HOOK):
            for key, found in fn(request, page, version_id).items():
                if key in merged:
                    before = merged[key]
                    found = AbsorbedOpinions(
                        before.count + found.count, before.opinions + found.opinions
                    )
                merged[key] = found
        memo[memo_key] = merged
    return memo[memo_key]


@dataclass(frozen=True)
class ArticleFinding:
    """One published finding about an article (or a whole page): "问卷调查：<question> 46% 的受访者
    选择「<answer>」（共 360 人作答）· 查看结果". Texts are already in the reader's language."""

    source: str  # what found it, as a label: 问卷调查
    title: str  # the question asked
    answers: tuple[str, ...]  # the leading answer (several when tied)
    percent: float  # its share of those who answered the question, 0-100
    answered: int  # how many answered the question
    url: str = ""  # the full results
    link_label: str = ""  # 查看结果, or "" for the template's default


def article_findings(request, page, version_id=None) -> dict[str, list[ArticleFinding]]:
    memo = getattr(request, "_lawbridge_findings", None)
    if memo is None:
        memo = {}
        if request is not None:
            request._lawbridge_findings = memo
    memo_key = (page.pk, version_id)
    if memo_key not in memo:
        merged: dict[str, list[ArticleFinding]] = {}
        for fn in hooks.get_hooks(ARTICLE_FINDINGS_HOOK):
            for key, found in fn(request, page, version_id).items():
                merged.setdefault(key, []).extend(found)
        memo[memo_key] = merged
    return memo[memo_key]


def point_figures(point_page) -> list[dict]:
    figures = []
    for fn in hooks.get_hooks(POINT_FIGURES_HOOK):
        figures.extend(fn(point_page))
    return figures


@dataclass(frozen=True)
class PointIndicator:
    """One thing every liaison point can be assessed by, over one period."""

    code: str  # stable: "opinions_collected", "events:reception_day", "tasks_on_time"…
    label: str
    unit: str  # 条, 场, 人次, 项
    values: dict[int, int | float] = field(default_factory=dict)  # point page id -> value


def point_indicators(start, end) -> list[PointIndicator]:
    """Every installed plugin's indicators for [start, end); a code offered twice keeps the first."""
    found: dict[str, PointIndicator] = {}
    for fn in hooks.get_hooks(POINT_INDICATORS_HOOK):
        for indicator in fn(start, end):
            found.setdefault(indicator.code, indicator)
    return list(found.values())


@dataclass(frozen=True)
class PointSummary:
    """One liaison point as lists across all points need it (``lawbridge_point_directory``)."""

    id: int  # the page id of the point in the site's default language
    title: str
    point_type: str = ""  # stable key ("community", "township"…)
    point_type_label: str = ""  # translated
    district: str = ""
    url: str = ""  # public page, "" if not live


def point_directory() -> list[PointSummary]:
    """Every point once (an id given twice keeps the first), ordered by district then title."""
    seen: dict[int, PointSummary] = {}
    for fn in hooks.get_hooks(POINT_DIRECTORY_HOOK):
        for summary in fn():
            seen.setdefault(summary.id, summary)
    return sorted(seen.values(), key=lambda p: (p.district, p.title))


def point_regions(point_ids) -> dict[int, str]:
    """``{point page id: region (所在区县)}`` for the given ids, from the point directory; an id
    no plugin knows, or a point without a district, is left out."""
    wanted = set(point_ids)
    if not wanted:
        return {}
    return {p.id: p.district for p in point_directory() if p.id in wanted and p.district}


def withdrawn_points() -> set[int]:
    """Ids of the points taken out of the network (a 撤销 status): still listed where history
    is shown, but sent no new work (``lawbridge_withdrawn_points``; empty when no plugin says)."""
    withdrawn: set[int] = set()
    for fn in hooks.get_hooks(WITHDRAWN_POINTS_HOOK):
        withdrawn.update(fn())
    return withdrawn


# The kinds of place or person an opinion can be credited to (``CollectionSource.kind``).
# ``expert``: an expert or organisation invited to a draft with a personal link (定向征集); such
# a source belongs to no point (``point_id`` None).
SOURCE_KINDS = ("point", "site", "grid", "deputy", "campaign", "expert")


@dataclass(frozen=True)
class CollectionSource:
    """Where an opinion came from: a liaison point's card, poster or offline sheet.

    ``point_id`` is the point page the opinion counts for; ``kind`` one of ``SOURCE_KINDS``;
    ``label`` what the office reads ("市中街道 · 幸福里社区网格", a deputy's public name, a
    campaign); ``code`` the printed short code ("" for an offline choice). ``page_id`` and
    ``article_key`` are the code's target (None/"" when the source is not tied to one page).
    ``token`` is signed by the plugin that issued it: the only way back into
    ``collection_source`` from a form, so a visitor cannot credit another point by editing it."""

    point_id: int | None
    kind: str
    label: str
    code: str = ""
    page_id: int | None = None
    article_key: str = ""
    token: str = ""


@dataclass(frozen=True)
class SourceCount:
    """Opinions on one page from one source of one point (``kind``/``label`` "" when unknown;
    ``code`` the printed or personal code the opinions came through, "" when none)."""

    point_id: int | None
    kind: str
    label: str
    count: int
    code: str = ""


def collection_source(value: str) -> CollectionSource | None:
    """The source a signed token or a typed short code stands for, or None."""
    if not isinstance(value, str) or not value or len(value) > 500:
        return None
    for fn in hooks.get_hooks(COLLECTION_SOURCE_HOOK):
        found = fn(value)
        if found is not None:
            return found
    return None


def point_sources(point_page) -> list[CollectionSource]:
    sources: list[CollectionSource] = []
    for fn in hooks.get_hooks(POINT_SOURCES_HOOK):
        sources.extend(fn(point_page))
    return sources


def opinion_form_url(page, article_key: str = "", source_token: str = "") -> str:
    for fn in hooks.get_hooks(OPINION_FORM_URL_HOOK):
        url = fn(page, article_key, source_token)
        if url:
            return url
    return ""


def source_landing_url(page, article_key: str = "", source_token: str = "") -> str:
    """Where a collection code for ``page`` leads: the owning plugin's own answering page if it
    declares one (a questionnaire), else the opinion form."""
    for fn in hooks.get_hooks(SOURCE_LANDING_URL_HOOK):
        url = fn(page, article_key, source_token)
        if url:
            return url
    return opinion_form_url(page, article_key, source_token)


def source_counts(page) -> list[SourceCount]:
    counts: list[SourceCount] = []
    for fn in hooks.get_hooks(SOURCE_COUNTS_HOOK):
        counts.extend(fn(page))
    return counts


@dataclass(frozen=True)
class PointActivity:
    """Something a point held (an event), cited as evidence of its work."""

    id: int  # the page id of the activity
    title: str
    url: str  # where staff can open it (its admin edit page or public page)
    date: Any  # a date
    kind: str  # translated: 座谈会, 代表接待日…
    participants: int | None = None


def point_activities(point_page, start, end) -> list[PointActivity]:
    found: list[PointActivity] = []
    for fn in hooks.get_hooks(POINT_ACTIVITIES_HOOK):
        found.extend(fn(point_page, start, end))
    return sorted(found, key=lambda a: (a.date, a.id))


def points_for_user(user) -> list:
    points = []
    for fn in hooks.get_hooks(POINTS_FOR_USER_HOOK):
        points.extend(fn(user))
    return points


def linked_points(page) -> list[int]:
    ids: list[int] = []
    for fn in hooks.get_hooks(LINKED_POINTS_HOOK):
        ids.extend(pk for pk in fn(page) if pk not in ids)
    return ids


def version_compare_url(request, page, from_version_id, to_version_id, article_key="") -> str:
    for fn in hooks.get_hooks(VERSION_COMPARE_URL_HOOK):
        url = fn(request, page, from_version_id, to_version_id, article_key)
        if url:
            return url
    return ""


def point_contacts(point_page) -> list[str]:
    emails: list[str] = []
    for fn in hooks.get_hooks(POINT_CONTACTS_HOOK):
        emails.extend(e for e in fn(point_page) if e and e not in emails)
    return emails


def personal_data_permissions() -> frozenset[str]:
    perms: set[str] = set()
    for fn in hooks.get_hooks(PERSONAL_DATA_PERMISSIONS_HOOK):
        perms.update(fn())
    return frozenset(perms)


def page_cache_params() -> dict:
    """Every plugin's declared parameters. A name several plugins declare (``type``, ``topic``)
    keeps a value any of them recognises, and is LIVE if any of them says so."""
    from .cache_params import LIVE, any_of

    declared: dict = {}
    for fn in hooks.get_hooks(PAGE_CACHE_PARAMS_HOOK):
        for name, normalise in fn().items():
            if name not in declared:
                declared[name] = normalise
            elif LIVE in (declared[name], normalise):
                declared[name] = LIVE
            else:
                declared[name] = any_of(declared[name], normalise)
    return declared


def run_demo_content(demo: DemoContext) -> None:
    for fn in hooks.get_hooks(DEMO_CONTENT_HOOK):
        fn(demo)


def installed_plugin_modules(submodule: str) -> list:
    """Import ``<plugin>.<submodule>`` for every installed optional plugin that has one."""
    modules = []
    for name in settings.LAWBRIDGE_OPTIONAL_PLUGINS:
        if not apps.is_installed(name):
            continue
        try:
            modules.append(importlib.import_module(f"{name}.{submodule}"))
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.{submodule}":
                raise
    return modules


# The stages of a regulation's life, in the order a story shows them on the same day.
STORY_STAGES = (
    "plan",  # listed in an annual plan (立法计划)
    "project",  # 立项
    "draft",  # a draft published for comment, or a new version of it
    "passed",  # 表决通过 / 批准
    "in_force",  # 公布 / 施行
    "evaluation",  # 立法后评估 opened or concluded
    "amendment",  # 修正 / 修订 / 废止
)


@dataclass(frozen=True)
class StoryEvent:
    """One dated step in the life of a regulation (``lawbridge_life_story``)."""

    date: Any  # datetime.date
    stage: str  # one of STORY_STAGES
    title: str  # translated: "列入2026年度立法计划", "公布", "施行", "实施评估开始"…
    detail: str = ""  # a short translated line under the title
    url: str = ""  # where to read more ("" for none)
    page_ids: frozenset[int] = frozenset()  # pages this step ties into the story
    # Two plugins may tell one fact: a draft records 公布施行 in its timeline, the regulation in
    # force says 公布 (and 施行) with the promulgating body. Of the steps of one stage on one day,
    # only those of the highest precedence are told: the regulation's (1) over the draft's (0).
    precedence: int = 0


def _told_once(events) -> list[StoryEvent]:
    best: dict[tuple, int] = {}
    for event in events:
        key = (event.date, event.stage)
        best[key] = max(best.get(key, event.precedence), event.precedence)
    return [e for e in events if e.precedence == best[(e.date, e.stage)]]


def life_story(page, max_rounds: int = 6) -> list[StoryEvent]:
    """Every plugin's steps in the life of the regulation ``page`` belongs to, oldest first.

    Starts from the page, then follows the page ids the answers name (a plan item's draft, a
    draft's regulation in force, that regulation's evaluations) until no new one turns up."""
    ids = frozenset({page.pk})
    events: dict[tuple, StoryEvent] = {}
    for _round in range(max_rounds):
        found: set[int] = set(ids)
        for fn in hooks.get_hooks(LIFE_STORY_HOOK):
            for event in fn(ids):
                events.setdefault((event.date, event.stage, event.title, event.url), event)
                found |= event.page_ids
        if found == ids:
            break
        ids = frozenset(found)
    order = {stage: i for i, stage in enumerate(STORY_STAGES)}
    told = _told_once(list(events.values()))
    return sorted(told, key=lambda e: (e.date, order.get(e.stage, 99), e.title))
