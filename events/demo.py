"""Demo events: a dozen and more, past and upcoming relative to the day ``load_demo`` first runs.

Slugs are stable, so running it again finds them instead of adding more (their dates stay where
they were first put). When the drafts plugin is installed, some events collect opinions on a demo
draft (looked up through the app registry, never imported)."""

from datetime import datetime, time, timedelta

from django.apps import apps
from django.utils import timezone

from core.demo import ensure_child, ensure_translation
from core.plugins import DRAFT_PAGE, page_models_for

from .models import POINT_MODEL, POINTS_INSTALLED, EventIndexPage, EventNoticePage

# (point slug, slug, type, days from today, hour, hours long, title, place, registration capacity,
#  link to a draft, English title for whoever translates it)
EVENTS = [
    (
        "shizhong-jiedao",
        "wuye-zuotanhui",
        "forum",
        5,
        9,
        2,
        "《物业管理条例（草案）》居民座谈会",
        "市中街道便民服务中心三楼会议室",
        30,
        True,
        "Residents' forum on the draft Property Management Regulations",
    ),
    (
        "shizhong-jiedao",
        "daibiao-jiedairi-shizhong",
        "reception",
        12,
        9,
        3,
        "人大代表接待日：听民声、集民意",
        "市中街道基层立法联系点接待室",
        None,
        False,
        "Deputies' reception day",
    ),
    (
        "huanghe-shequ",
        "yanglao-bandenghui",
        "bench",
        3,
        15,
        2,
        "流动板凳会：说说养老服务那些事",
        "黄河小区东门议事亭",
        5,
        False,
        "Bench meeting on elderly care",
    ),
    (
        "huanghe-shequ",
        "fangzha-jiangzuo",
        "lecture",
        -20,
        14,
        2,
        "防范养老诈骗普法讲座",
        "黄河社区活动室",
        None,
        False,
        "Talk: protecting older people from fraud",
    ),
    (
        "binzhou-xueyuan",
        "lifa-lunzhenghui",
        "hearing",
        9,
        14,
        3,
        "《物业管理条例（草案）》专家论证会",
        "滨州学院法学楼模拟法庭",
        40,
        True,
        "Expert hearing on the draft Property Management Regulations",
    ),
    (
        "binzhou-xueyuan",
        "xinxiyuan-peixun",
        "training",
        -35,
        9,
        4,
        "立法信息员业务培训",
        "滨州学院图书馆报告厅",
        None,
        False,
        "Training for information collectors",
    ),
    (
        "xiawa-zhen",
        "lifa-ganji-xiawa",
        "market",
        10,
        8,
        4,
        "立法赶集：把草案送到大集上",
        "下洼大集东口",
        None,
        True,
        "Law-making at the market",
    ),
    (
        "xiawa-zhen",
        "dongzao-zuotanhui",
        "forum",
        -14,
        9,
        2,
        "冬枣产业发展立法座谈会",
        "下洼镇为民服务中心",
        None,
        False,
        "Forum on the winter-jujube industry",
    ),
    (
        "mashanzi-cun",
        "yuye-bandenghui",
        "bench",
        -7,
        16,
        2,
        "流动板凳会：渔业资源保护",
        "马山子渔港管理站门前",
        None,
        False,
        "Bench meeting on fishery protection",
    ),
    (
        "zhanhua-sifaju",
        "xingzheng-zhifa-zuotan",
        "forum",
        -3,
        14,
        2,
        "行政执法监督条例立法调研座谈会",
        "沾化区司法局三楼会议室",
        None,
        True,
        "Forum on supervising administrative law enforcement",
    ),
    (
        "zhanhua-sifaju",
        "minfadian-jiangzuo",
        "lecture",
        16,
        9,
        2,
        "民法典进社区普法讲座",
        "沾化区公共法律服务中心",
        60,
        False,
        "Civil Code talk for residents",
    ),
    (
        "shengwang-chanyeyuan",
        "yingshang-huanjing-zuotan",
        "forum",
        7,
        15,
        2,
        "优化营商环境条例企业家座谈会",
        "绳网产业园服务中心会议室",
        20,
        True,
        "Entrepreneurs' forum on the business environment",
    ),
    (
        "huimin-lvshi-xiehui",
        "heshi-xing-shencha",
        "hearing",
        -10,
        14,
        3,
        "法规草案合法性审查律师论证会",
        "惠民县律师协会会议室",
        None,
        True,
        "Lawyers' legality review of a draft",
    ),
    (
        "huimin-lvshi-xiehui",
        "lvshi-zhiban-jiedai",
        "reception",
        1,
        9,
        3,
        "律师值班接待日",
        "孙武街道便民服务中心",
        None,
        False,
        "Lawyers' duty day",
    ),
]

REPORTS = {
    "fangzha-jiangzuo": (56, 9),
    "xinxiyuan-peixun": (42, 0),
    "dongzao-zuotanhui": (35, 17),
    "yuye-bandenghui": (28, 12),
    "xingzheng-zhifa-zuotan": (22, 15),
    "heshi-xing-shencha": (14, 21),
}


def _demo_draft():
    models = page_models_for(DRAFT_PAGE)
    if not models:
        return None
    return models[0].objects.live().order_by("-first_published_at").first()


def load_events_demo(demo):
    index = ensure_child(
        demo.home,
        EventIndexPage,
        "events",
        title="活动通知",
        intro="<p>各联系点的立法赶集、流动板凳会、座谈会、论证会和代表接待日。欢迎参加，当面提出您的意见。</p>",
        show_in_menus=True,
    )
    ensure_translation(
        index, "en", title="Events", intro="<p>What the contact points organise, and when.</p>"
    )
    points = {}
    if POINTS_INSTALLED:
        point_model = apps.get_model(POINT_MODEL)
        points = {p.slug: p for p in point_model.objects.filter(locale=demo.home.locale)}
    draft = _demo_draft()
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    created = 0
    for (
        point_slug,
        slug,
        event_type,
        days,
        hour,
        hours,
        title,
        place,
        capacity,
        on_draft,
        _title_en,  # for translators; the demo does not translate events
    ) in EVENTS:
        parent = points.get(point_slug) if POINTS_INSTALLED else index
        if parent is None:
            continue
        start = datetime.combine(today + timedelta(days=days), time(hour), tzinfo=tz)
        fields = {
            "title": title,
            "event_type": event_type,
            "start": start,
            "end": start + timedelta(hours=hours),
            "place": place,
            "summary": f"{parent.title if POINTS_INSTALLED else ''}组织{title}，欢迎群众参加。",
            "body": "<p>活动现场将介绍法规草案的主要内容，听取大家的意见建议。请携带身份证件，"
            "行动不便的群众可电话联系联系点预约上门听取意见。</p>",
            "audience": "辖区居民、企业代表和关心立法的群众",
            "registration_open": capacity is not None,
            "capacity": capacity,
        }
        if on_draft and draft is not None:
            fields["related_draft"] = draft
        if slug in REPORTS:
            participants, opinions = REPORTS[slug]
            fields.update(
                participants=participants,
                opinions_collected=opinions,
                report=f"<p>{participants} 名群众参加了活动，现场收集意见建议 {opinions} 条，"
                "已整理报送市人大常委会法工委。</p>",
            )
        before = parent.get_children().filter(slug=slug).exists()
        ensure_child(parent, EventNoticePage, slug, **fields)
        created += 0 if before else 1
        # Events are not translated in the demo: the English index shows the Chinese notices
        # (see EventIndexPage.events_locale), as a real office would until someone translates.
    demo.log(f"events: index and {len(EVENTS)} events ({created} new)")
