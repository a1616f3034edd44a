"""Demo content: a 立法建议征集 form page, and realistic opinions on the open demo draft."""

from __future__ import annotations

import random

from django.utils import timezone
from wagtail.models import Page

from core.demo import ensure_child, ensure_translation
from core.interfaces import as_commentable

from .models import Batch, Channel, Opinion, OpinionFormField, OpinionFormPage, PageOpinionSettings

CAMPAIGN = "建议取消第{n}条中“住宅小区停车位优先出租给本小区业主”的期限限制，保障业主的合法权益。"
CAMPAIGN_VARIANTS = [
    CAMPAIGN,
    CAMPAIGN.replace("，", ",").replace("。", "."),
    "建議取消第{n}條中「住宅小區停車位優先出租給本小區業主」的期限限制，保障業主的合法權益。",
    CAMPAIGN.replace("保障业主的合法权益", "切实保障业主的合法权益！"),
]
SINGLES = [
    "本条对“公共区域”的界定不够清楚，建议列举电梯间、楼道、地下室等具体范围。",
    "建议增加物业服务企业公开收支情况的频次，至少每半年公示一次。",
    "罚款数额偏低，难以起到震慑作用，建议提高到五千元以上。",
    "老旧小区没有物业，本条规定的业主委员会职责难以落实，建议街道兜底。",
    "建议明确电动自行车充电设施的建设责任主体和费用分担办法。",
    "第二款“及时”一词过于模糊，建议改为“七个工作日内”。",
    "支持本条规定，希望尽快出台。",
    "建议对高空抛物的取证方式作出规定，明确物业配合调取监控的义务。",
    "业主大会的表决方式应当允许线上投票，方便年轻业主参与。",
    "建议增加对物业服务质量第三方评估的规定。",
    "垃圾分类的投放时间安排太早，上班族难以遵守，建议延长到晚上九点。",
    "建议规定维修资金使用的应急程序，电梯故障等紧急情况可以先修后审。",
]
REPLY = "感谢您的意见。经研究，草案修改稿已吸收该建议，相关表述已作调整。"


def load_demo(demo) -> None:
    home = demo.home
    form_page = ensure_child(
        home,
        OpinionFormPage,
        "suggestions",
        title="立法建议征集",
        show_in_menus=True,
        intro="<p>欢迎就本市年度立法计划提出立法项目建议。您的每一条建议我们都会认真研究并答复。</p>",
        thank_you_text="<p>感谢您的建议！</p>",
        reply_deadline=timezone.localdate() + timezone.timedelta(days=60),
    )
    if not form_page.form_fields.exists():
        OpinionFormField.objects.create(
            page=form_page,
            sort_order=0,
            label="建议立法项目名称",
            field_type="singleline",
            required=True,
        )
        OpinionFormField.objects.create(
            page=form_page,
            sort_order=1,
            label="所属领域",
            field_type="dropdown",
            choices="城市管理\n生态环境\n社会民生\n经济发展\n其他",
            required=True,
        )
        form_page.save_revision().publish()
    if "en" in demo.homes:
        ensure_translation(
            form_page,
            "en",
            title="Legislative suggestions",
            intro="<p>Suggest laws and regulations for the city's annual legislative plan.</p>",
        )
    demo.log("opinions: form page ready")
    _demo_opinions(demo)


def _open_draft():
    for page in Page.objects.live().specific().order_by("pk"):
        commentable = as_commentable(page)
        if commentable is None or isinstance(page, OpinionFormPage):
            continue
        if commentable.accepts_comments() and commentable.get_comment_targets():
            return page
    return None


def _demo_opinions(demo) -> None:
    draft = _open_draft()
    if draft is None or Opinion.objects.filter(page=draft).exists():
        return
    from .dedupe import group_duplicates
    from .intake import Submission, create_opinion
    from .workflow import Publication, Status, transition

    rng = random.Random(20240601)  # same demo every time
    targets = as_commentable(draft).get_comment_targets()
    target3 = targets[min(2, len(targets) - 1)]
    start = timezone.now() - timezone.timedelta(days=20)
    created = []
    for i, variant in enumerate(CAMPAIGN_VARIANTS * 3):
        created.append(
            create_opinion(
                draft,
                Submission(
                    text=variant.format(n="三"),
                    target=target3,
                    category="public",
                    name=rng.choice(["王", "李", "张", "刘"])
                    + rng.choice(["明", "芳", "伟", "静"]),
                    phone=f"1380000{1000 + i}",
                    publish_consent="anonymous",
                ),
                channel=Channel.WEB,
                check_window=False,
                submit_time=start + timezone.timedelta(hours=i * 7),
            )
        )
    for i, text in enumerate(SINGLES * 2):
        target = rng.choice([None, *targets[:8]])
        created.append(
            create_opinion(
                draft,
                Submission(
                    text=text if i < len(SINGLES) else text.replace("建议", "我建议", 1),
                    target=target,
                    category=rng.choice(["public", "deputy", "expert", "lawyer", "company"]),
                    email=f"resident{i}@example.com" if i % 3 == 0 else "",
                    publish_consent=rng.choice(["full", "anonymous", "none"]),
                ),
                channel=rng.choice([Channel.WEB, Channel.WEB, Channel.API]),
                check_window=False,
                submit_time=start + timezone.timedelta(hours=3 + i * 11),
            )
        )
    group_duplicates(draft.pk)
    batch = Batch.objects.create(title=f"{draft.title} 第一批意见", note="演示批次")
    for opinion in created[:12]:
        transition(opinion, Status.REVIEWING, note="演示")
    for opinion in created[:8]:
        transition(opinion, Status.FORWARDED, note="演示")
        opinion.batches.add(batch)
    for opinion, status in zip(
        created[:6], [Status.ADOPTED, Status.PARTLY_ADOPTED, Status.NOT_ADOPTED] * 2, strict=True
    ):
        transition(opinion, status, reply=REPLY, note="演示", notify=False)
    transition(created[-1], Status.INVALID, note="演示：无意义内容")
    # Demo opinions carry no personal data in their text: passed by 公开审核 as if reviewed.
    Opinion.objects.filter(pk__in=[o.pk for o in created[:12]]).update(
        publication=Publication.MASKED
    )
    PageOpinionSettings.objects.get_or_create(page=draft, defaults={"show_public_opinions": True})
    demo.log(f"opinions: {len(created)} demo opinions on {draft.title}")
