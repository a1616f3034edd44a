"""Demo content: the drafts index and three drafts imported by the importer from real regulations
shipped in ``drafts/demo_data/`` — one open, one closed with a second version, one passed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone

from core.demo import ensure_child, ensure_translation

from .importer import parse_draft, read_document
from .models import DraftIndexPage, DraftTopic, RegulationDraftPage
from .services import add_version, create_draft

DATA = Path(__file__).resolve().parent / "demo_data"

TOPICS = [
    ("civility", "精神文明", "Civility"),
    ("urban", "城市管理", "Urban management"),
    ("utilities", "公用事业", "Public utilities"),
]


def _parse(name: str, title: str | None = None):
    path = DATA / name
    return parse_draft(read_document(path.read_bytes(), path.name), title=title)


def _stages(*pairs):
    return [("stage", {"stage": stage, "date": date, "note": ""}) for stage, date in pairs]


def _topics(locale, *slugs):
    return list(DraftTopic.objects.filter(locale=locale, slug__in=slugs))


def load_drafts_demo(demo):
    home = demo.home
    index = ensure_child(
        home,
        DraftIndexPage,
        "drafts",
        title="草案征求意见",
        intro="正在公开征求意见的法规草案，欢迎您逐条阅读并提出意见建议。",
        show_in_menus=True,
    )
    if "en" in demo.homes:
        ensure_translation(
            index,
            "en",
            title="Drafts for comment",
            intro="Draft regulations open for public comment: read them article by article.",
        )
    for slug, name, _en in TOPICS:
        DraftTopic.objects.get_or_create(locale=home.locale, slug=slug, defaults={"name": name})

    now = timezone.now()
    today = timezone.localdate()
    existing = set(index.get_children().values_list("slug", flat=True))

    if "wenming" not in existing:
        result = create_draft(
            index,
            _parse("wenming.md", "江门市文明行为促进条例（草案）"),
            slug="wenming",
            label="征求意见稿",
            date=today - dt.timedelta(days=10),
            publish=False,
            source_name="wenming.md",
            summary="规范文明行为、鼓励见义勇为和志愿服务、治理不文明行为，共建文明城市。",
            drafting_body="市精神文明建设委员会办公室",
            explanation="<p>为了培育和践行社会主义核心价值观，市文明办在调研基础上起草了本草案。"
            "草案共五章五十二条，重点规范公共场所、交通出行、社区生活等方面的文明行为。</p>",
            opens_at=now - dt.timedelta(days=10),
            closes_at=now + dt.timedelta(days=20),
            reply_deadline=today + dt.timedelta(days=50),
            timeline=_stages(
                ("project", today - dt.timedelta(days=200)),
                ("drafting", today - dt.timedelta(days=120)),
                ("first_reading", today - dt.timedelta(days=12)),
            ),
        )
        _publish_with_topics(result.page, "civility")
        demo.log("drafts: 文明行为促进条例（草案） — open for comment")

    if "tingche" not in existing:
        result = create_draft(
            index,
            _parse("tingche_v1.md", "滨州市停车场管理条例（草案）"),
            slug="tingche",
            label="征求意见稿",
            date=today - dt.timedelta(days=60),
            publish=False,
            source_name="tingche_v1.md",
            summary="加强停车场规划建设，规范停车场使用和管理，缓解停车难。",
            drafting_body="市城市管理局",
            explanation="<p>针对停车难、停车乱问题，草案对停车场规划、建设、使用和管理作出规定。</p>",
            opens_at=now - dt.timedelta(days=60),
            closes_at=now - dt.timedelta(days=5),
            reply_deadline=today + dt.timedelta(days=25),
            timeline=_stages(
                ("project", today - dt.timedelta(days=300)),
                ("drafting", today - dt.timedelta(days=200)),
                ("first_reading", today - dt.timedelta(days=62)),
                ("second_reading", today - dt.timedelta(days=3)),
            ),
        )
        page = _publish_with_topics(result.page, "urban")
        add_version(
            page,
            _parse("tingche_v2.md", "滨州市停车场管理条例（草案）"),
            label="二审稿",
            date=today - dt.timedelta(days=3),
            note="根据征求意见情况修改：新增第四条，删除原第二十一条，修改三处表述。",
            publish=True,
            source_name="tingche_v2.md",
        )
        demo.log("drafts: 停车场管理条例（草案） — closed, second version")

    if "gongre" not in existing:
        result = create_draft(
            index,
            _parse("gongre.md", "滨州市供热条例"),
            slug="gongre",
            label="公布稿",
            date=dt.date(2016, 9, 26),
            publish=False,
            source_name="gongre.md",
            summary="规范供热经营和用热行为，保障供热安全和质量。",
            drafting_body="市住房和城乡建设局",
            opens_at=dt.datetime(2016, 5, 1, 9, 0, tzinfo=dt.UTC),
            closes_at=dt.datetime(2016, 5, 31, 9, 0, tzinfo=dt.UTC),
            timeline=_stages(
                ("project", dt.date(2015, 12, 1)),
                ("first_reading", dt.date(2016, 6, 28)),
                ("second_reading", dt.date(2016, 8, 25)),
                ("adopted", dt.date(2016, 8, 25)),
                ("approved", dt.date(2016, 9, 23)),
                ("promulgated", dt.date(2016, 9, 26)),
            ),
        )
        _publish_with_topics(result.page, "utilities")
        demo.log("drafts: 供热条例 — passed")


def _publish_with_topics(page: RegulationDraftPage, *slugs) -> RegulationDraftPage:
    page = RegulationDraftPage.objects.get(pk=page.pk)
    page.topics.set(_topics(page.locale, *slugs))
    page.save_revision().publish()
    return RegulationDraftPage.objects.get(pk=page.pk)
