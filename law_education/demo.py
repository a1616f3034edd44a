"""Demo content of 普法园地: topics, audiences, two series, nine live articles (one with every block
type), one scheduled article, one waiting for 法律审核, the review workflow and an English index.

Media are made at load time (Pillow pictures, a WAV tone, a DOCX leaflet) except a 22 KB MP4
(``demo_media/pufa-xiaoketang.mp4``, 3 s H.264 + AAC) that ships with the app.
"""

from __future__ import annotations

import io
import math
import struct
import wave
from datetime import date, timedelta
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db.models import Q
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from core.demo import ensure_child, ensure_translation, publish
from core.plugins import DRAFT_PAGE, page_models_for

from .models import (
    Audience,
    DailyReads,
    LawEducationArticlePage,
    LawEducationIndexPage,
    LawTopic,
    RelatedArticle,
    RelatedDraft,
    Series,
)
from .workflow import ensure_review_workflow

MEDIA_DIR = Path(__file__).resolve().parent / "demo_media"

TOPICS = [
    ("xianfa", "宪法", "Constitution", "国家的根本法，公民的基本权利和义务。"),
    ("minfadian", "民法典", "Civil Code", "社会生活的百科全书：合同、物权、婚姻家庭、继承、侵权。"),
    (
        "difang-fagui",
        "地方性法规解读",
        "Local regulations",
        "本市新出台、新修改的地方性法规逐条讲。",
    ),
    (
        "weichengnianren",
        "未成年人保护",
        "Protecting minors",
        "家庭、学校、社会、网络、政府、司法六大保护。",
    ),
    ("wuye", "物业管理", "Property management", "物业费、公共收益、业主大会，小区里的那些事。"),
]
AUDIENCES = [
    ("laonianren", "老年人", "Older people"),
    ("qingshaonian", "青少年", "Young people"),
    ("qiye", "企业", "Businesses"),
    ("nongmingong", "农民工", "Migrant workers"),
    ("shequ-jumin", "社区居民", "Residents"),
]
SERIES = [
    ("minfadian-jin-shequ", "民法典进社区", "Civil Code in the community"),
    ("caoan-zenme-du", "法规草案怎么读", "How to read a draft"),
]


def p(*texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


def heading(text):
    return ("heading", {"text": text, "level": "h2"})


def image_block(image, alt, caption, decorative=False):
    """ImageBlock's native value is the image itself carrying its alt text for this use."""
    image = type(image).objects.get(pk=image.pk)
    image.decorative = decorative
    image.contextual_alt_text = "" if decorative else alt
    return ("image", {"image": image, "caption": caption})


def key_points(*points, title="划重点"):
    return ("key_points", {"title": title, "points": list(points)})


def quote(law, number, text, draft=None, ordinal=None):
    return (
        "legal_quote",
        {
            "law_name": law,
            "article_number": number,
            "text": text,
            "draft_page": draft,
            "article_ordinal": ordinal,
        },
    )


def qa(*pairs, title="问答"):
    return (
        "qa",
        {"title": title, "items": [{"question": q, "answer": f"<p>{a}</p>"} for q, a in pairs]},
    )


def case(title, facts, question, analysis, basis):
    return (
        "case",
        {
            "title": title,
            "facts": f"<p>{facts}</p>",
            "question": question,
            "analysis": f"<p>{analysis}</p>",
            "legal_basis": basis,
        },
    )


# Media ---------------------------------------------------------------------------------------


def _picture(title: str, colour: tuple[int, int, int]):
    from PIL import Image, ImageDraw

    Image_ = get_image_model()
    existing = Image_.objects.filter(title=title).first()
    if existing is not None:
        return existing
    picture = Image.new("RGB", (800, 450), colour)
    draw = ImageDraw.Draw(picture)
    # A simple emblem: scales of justice drawn with shapes (no font needed).
    draw.line((400, 90, 400, 360), fill="white", width=10)
    draw.line((250, 140, 550, 140), fill="white", width=10)
    for x in (250, 550):
        draw.line((x, 140, x - 50, 250), fill="white", width=4)
        draw.line((x, 140, x + 50, 250), fill="white", width=4)
        draw.chord((x - 70, 200, x + 70, 300), 0, 180, fill="white")
    draw.rectangle((320, 360, 480, 380), fill="white")
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    image = Image_(
        title=title,
        caption=title,
        credit="立法连心桥",
        file=ImageFile(buffer, name=f"law-education-{colour[2]}.png"),
    )
    image.save()
    return image


def _document(title: str, filename: str, content: bytes):
    Document = get_document_model()
    existing = Document.objects.filter(title=title).first()
    if existing is not None:
        return existing
    document = Document(title=title)
    document.file.save(filename, ContentFile(content), save=False)
    document.save()
    return document


def _wav_bytes(seconds: float = 2.0, rate: int = 8000) -> bytes:
    """A soft two-tone chime (the demo has no voice recording)."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        frames = bytearray()
        for i in range(int(seconds * rate)):
            t = i / rate
            freq = 523.25 if t < seconds / 2 else 659.25
            envelope = math.exp(-3 * (t % (seconds / 2)))
            frames += struct.pack("<h", int(8000 * envelope * math.sin(2 * math.pi * freq * t)))
        out.writeframes(bytes(frames))
    return buffer.getvalue()


def _leaflet_bytes() -> bytes:
    from docx import Document as Docx

    doc = Docx()
    doc.add_heading("物业服务收费明白纸", level=1)
    for line in (
        "一、物业费标准应当在物业服务合同中约定，并在小区显著位置公示。",
        "二、物业服务人不得采取停止供电、供水、供热、供燃气等方式催交物业费。",
        "三、利用业主共有部分产生的收入，扣除合理成本后属于业主共有。",
        "四、有疑问可拨打社区基层立法联系点电话咨询，也可以在“立法连心桥”上提出意见。",
    ):
        doc.add_paragraph(line)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _ensure_root_collection():
    """Wagtail's migration creates it; a flushed test database (live server tests) has none."""
    from wagtail.models import Collection

    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


def demo_media():
    video = _document(
        "普法小课堂：物业费怎么交（视频）",
        "pufa-xiaoketang.mp4",
        (MEDIA_DIR / "pufa-xiaoketang.mp4").read_bytes(),
    )
    audio = _document("普法广播：物业费提示音（音频）", "pufa-guangbo.wav", _wav_bytes())
    leaflet = _document("物业服务收费明白纸", "wuye-mingbaizhi.docx", _leaflet_bytes())
    return video, audio, leaflet


# Articles ------------------------------------------------------------------------------------


def _quiz():
    return (
        "quiz",
        {
            "title": "知识问答：物业费那些事",
            "questions": [
                {
                    "question": "业主拖欠物业费，物业公司能不能停水停电催缴？",
                    "options": ["能，欠费就可以停", "不能，法律明确禁止", "只能停电，不能停水"],
                    "correct": 2,
                    "explanation": "民法典第九百四十四条规定，物业服务人不得采取停止供电、供水、供热、供燃气等方式催交物业费。",
                },
                {
                    "question": "小区电梯广告的收入归谁？",
                    "options": ["物业公司", "开发商", "扣除合理成本后归全体业主共有"],
                    "correct": 3,
                    "explanation": "民法典第二百八十二条：利用业主的共有部分产生的收入，在扣除合理成本之后，属于业主共有。",
                },
                {
                    "question": "对物业服务不满意，最稳妥的做法是？",
                    "options": [
                        "一直不交物业费",
                        "通过业主大会依法解聘或与物业协商、投诉",
                        "自己换锁不让物业进小区",
                    ],
                    "correct": 2,
                    "explanation": "业主可以依照法定程序共同决定解聘物业服务人；拒交物业费可能被起诉并承担违约责任。",
                },
            ],
        },
    )


def _articles(images, media, draft):
    video, audio, leaflet = media
    draft_ordinal = 1 if draft is not None else None
    return [
        {
            "slug": "wuye-fei-gai-bu-gai-jiao",
            "title": "物业服务不满意，物业费能不能不交？",
            "summary": "不满意可以依法维权，但不能拿“拒交物业费”当武器，物业也不能停水停电催费。",
            "topic": "wuye",
            "audiences": ["shequ-jumin", "laonianren"],
            "series": ("minfadian-jin-shequ", 1),
            "days_ago": 2,
            "reads": 120,
            "tags": ["物业费", "民法典", "业主权利"],
            "body": [
                *p(
                    "“电梯三天两头坏，凭什么还要交物业费？”这是基层立法联系点收到最多的问题之一。"
                    "今天我们用一个真实改编的案例，把“法言法语”翻译成大白话。"
                ),
                heading("先看一个案例"),
                image_block(images[0], "天平图案：公平公正", "小区里的事，也要讲法讲理"),
                case(
                    "王阿姨拒交两年物业费被起诉",
                    "王阿姨认为小区绿化差、电梯常坏，连续两年没有交物业费。物业公司多次催缴无果，"
                    "一度贴出“欠费户将停水”的告示，随后向法院起诉。",
                    "业主能否以服务不到位为由拒交物业费？物业公司能否停水催费？",
                    "法院认为，物业公司确有部分服务不到位，可以酌情减少物业费；但王阿姨作为业主，"
                    "享受了保安、保洁等基本服务，不能全部拒交。同时，物业公司以停水相威胁的做法违法。",
                    "《中华人民共和国民法典》第九百四十四条、第二百八十二条",
                ),
                quote(
                    "中华人民共和国民法典",
                    "第九百四十四条",
                    "业主应当按照约定向物业服务人支付物业费。物业服务人已经按照约定和有关规定提供服务的，"
                    "业主不得以未接受或者无需接受相关物业服务为由拒绝支付物业费。\n"
                    "物业服务人不得采取停止供电、供水、供热、供燃气等方式催交物业费。",
                ),
                quote(
                    "本市物业管理条例（草案征求意见稿）",
                    "第一条",
                    "为了规范物业管理活动，维护业主、物业服务人的合法权益，营造和谐宜居的生活环境，制定本条例。",
                    draft=draft,
                    ordinal=draft_ordinal,
                ),
                qa(
                    (
                        "电梯坏了一直不修，我可以怎么办？",
                        "先书面要求物业限期维修并保留证据；可以向街道、住建部门投诉，必要时通过业主大会依法维权。",
                    ),
                    (
                        "物业公司把电梯广告费装进自己口袋合法吗？",
                        "不合法。扣除合理成本后，这笔收入属于全体业主共有，应当定期公开。",
                    ),
                ),
                key_points(
                    "服务不到位可以要求减费、赔偿，但不能一分不交。",
                    "物业不得停水、停电、停气催缴物业费。",
                    "公共收益归全体业主，物业应当公开账目。",
                ),
                (
                    "video",
                    {
                        "title": "普法小课堂：物业费怎么交（3秒演示视频）",
                        "document": video,
                        "embed": None,
                        "transcript": "普法小课堂。物业费怎么交？业主大会说了算。立法连心桥。",
                    },
                ),
                (
                    "audio",
                    {
                        "title": "普法广播：物业费提示音",
                        "document": audio,
                        "embed": None,
                        "transcript": "（提示音）欢迎收听普法广播。本期内容：物业服务人不得以停水停电方式催交物业费。",
                    },
                ),
                (
                    "leaflet",
                    {
                        "title": "物业服务收费明白纸",
                        "document": leaflet,
                        "description": "可打印张贴在楼道、社区公告栏。",
                    },
                ),
                _quiz(),
            ],
        },
        {
            "slug": "xianfa-ri-jiben-quanli",
            "title": "宪法日：公民有哪些基本权利？",
            "summary": "选举权、言论自由、受教育权……宪法写给每个人的“权利清单”。",
            "topic": "xianfa",
            "audiences": ["qingshaonian", "shequ-jumin"],
            "series": None,
            "days_ago": 20,
            "reads": 45,
            "tags": ["宪法", "国家宪法日"],
            "body": [
                *p(
                    "每年12月4日是国家宪法日。宪法不是离我们很远的“大道理”，它规定了每个公民的基本权利和义务。"
                ),
                heading("宪法里的“权利清单”"),
                quote(
                    "中华人民共和国宪法",
                    "第三十三条",
                    "中华人民共和国公民在法律面前一律平等。\n国家尊重和保障人权。",
                ),
                key_points(
                    "法律面前人人平等。",
                    "年满十八周岁的公民有选举权和被选举权。",
                    "公民有受教育的权利和义务。",
                ),
                qa(
                    (
                        "宪法日为什么是12月4日？",
                        "现行宪法于1982年12月4日通过，2014年起这一天被设立为国家宪法日。",
                    )
                ),
            ],
        },
        {
            "slug": "minfadian-gaokong-paowu",
            "title": "高空抛物砸了人，找不到是谁扔的怎么办？",
            "summary": "先由公安机关调查；查不清的，可能加害的建筑物使用人给予补偿，物业也有安全保障义务。",
            "topic": "minfadian",
            "audiences": ["shequ-jumin", "laonianren"],
            "series": ("minfadian-jin-shequ", 2),
            "days_ago": 9,
            "reads": 210,
            "tags": ["高空抛物", "侵权责任"],
            "body": [
                *p("“头顶上的安全”关系每一个人。民法典对高空抛物作了更清楚的规定。"),
                case(
                    "楼下车辆被花盆砸坏",
                    "李先生停在楼下的车被一个花盆砸坏，物业调取监控没能查到是哪一户。",
                    "查不到具体侵权人，损失由谁承担？",
                    "公安机关应当依法及时调查。经调查难以确定具体侵权人的，除能够证明自己不是侵权人的外，"
                    "由可能加害的建筑物使用人给予补偿；物业未采取必要安全保障措施的，也应承担相应责任。",
                    "《中华人民共和国民法典》第一千二百五十四条",
                ),
                quote(
                    "中华人民共和国民法典",
                    "第一千二百五十四条",
                    "禁止从建筑物中抛掷物品。从建筑物中抛掷物品或者从建筑物上坠落的物品造成他人损害的，由侵权人依法承担侵权责任。",
                ),
                key_points(
                    "禁止高空抛物。",
                    "查不到人时，可能加害的住户给予补偿。",
                    "物业负有安全保障义务。",
                ),
            ],
        },
        {
            "slug": "minfadian-yizhu",
            "title": "立遗嘱，这几种形式都有效",
            "summary": "自书、代书、打印、录音录像、口头、公证遗嘱，各有各的要求。",
            "topic": "minfadian",
            "audiences": ["laonianren"],
            "series": ("minfadian-jin-shequ", 3),
            "days_ago": 15,
            "reads": 160,
            "tags": ["遗嘱", "继承"],
            "body": [
                *p("很多老年朋友关心：自己写的遗嘱算不算数？打印的遗嘱有没有效？"),
                qa(
                    (
                        "打印的遗嘱有效吗？",
                        "有效，但应当有两个以上见证人在场见证，遗嘱人和见证人应当在遗嘱每一页签名，注明年、月、日。",
                    ),
                    (
                        "公证遗嘱是不是效力最高？",
                        "民法典取消了公证遗嘱效力优先的规定，立有数份遗嘱、内容相抵触的，以最后的遗嘱为准。",
                    ),
                ),
                quote(
                    "中华人民共和国民法典",
                    "第一千一百四十二条",
                    "立有数份遗嘱，内容相抵触的，以最后的遗嘱为准。",
                ),
                (
                    "audio",
                    {
                        "title": "普法广播：遗嘱小知识",
                        "document": audio,
                        "embed": None,
                        "transcript": "（提示音）立有数份遗嘱，内容相抵触的，以最后的遗嘱为准。",
                    },
                ),
            ],
        },
        {
            "slug": "weichengnianren-wangluo-baohu",
            "title": "孩子沉迷网络游戏，法律怎么管？",
            "summary": "网络游戏要实名、限时；家长、学校、平台各有责任。",
            "topic": "weichengnianren",
            "audiences": ["qingshaonian"],
            "series": None,
            "days_ago": 5,
            "reads": 90,
            "tags": ["未成年人", "网络保护"],
            "body": [
                *p("未成年人保护法专设“网络保护”一章。"),
                image_block(
                    images[1], "", "家庭、学校、社会、网络、政府、司法六大保护", decorative=True
                ),
                quote(
                    "中华人民共和国未成年人保护法",
                    "第七十五条",
                    "网络游戏服务提供者应当通过统一的未成年人网络游戏电子身份认证系统等必要手段验证未成年人用户真实身份。",
                ),
                key_points(
                    "游戏要实名认证。", "家长是第一责任人。", "发现侵害可向网信、公安等部门举报。"
                ),
            ],
        },
        {
            "slug": "weichengnianren-qiangzhi-baogao",
            "title": "发现孩子可能受到侵害，必须报告",
            "summary": "学校、医院、社区等单位及其工作人员有强制报告义务。",
            "topic": "weichengnianren",
            "audiences": ["shequ-jumin", "qingshaonian"],
            "series": None,
            "days_ago": 30,
            "reads": 30,
            "tags": ["强制报告"],
            "body": [
                *p("强制报告制度让更多人成为孩子的“守护者”。"),
                case(
                    "老师发现学生身上有伤",
                    "班主任发现一名学生身上多处淤青，学生支支吾吾不愿说明。",
                    "老师应当怎么做？",
                    "老师所在学校属于密切接触未成年人的单位，发现未成年人疑似受到侵害的，应当立即向公安、民政、教育等部门报告。",
                    "《中华人民共和国未成年人保护法》第十一条",
                ),
            ],
        },
        {
            "slug": "difang-fagui-tingche",
            "title": "停车管理条例施行了，这几条和你有关",
            "summary": "居住区停车位优先满足业主需要，收费要公示，占用消防通道要处罚。",
            "topic": "difang-fagui",
            "audiences": ["shequ-jumin", "qiye"],
            "series": ("caoan-zenme-du", 1),
            "days_ago": 4,
            "reads": 75,
            "tags": ["停车", "地方性法规"],
            "body": [
                *p("本市停车管理条例是基层立法联系点收集意见最多的法规之一，不少群众意见被采纳。"),
                heading("居民最关心的三条"),
                key_points("小区车位先满足业主。", "收费标准要公示。", "占用消防通道依法处罚。"),
                quote(
                    "本市停车管理条例",
                    "第二十条",
                    "居住区内规划用于停放汽车的车位、车库，应当首先满足业主的需要。",
                    draft=draft,
                    ordinal=draft_ordinal,
                ),
            ],
        },
        {
            "slug": "caoan-zenme-du-tiaokuan",
            "title": "第一次读法规草案？从这三步开始",
            "summary": "先看立法目的，再找和自己有关的条款，最后说出具体修改建议。",
            "topic": "difang-fagui",
            "audiences": ["shequ-jumin", "nongmingong"],
            "series": ("caoan-zenme-du", 2),
            "days_ago": 1,
            "reads": 20,
            "tags": ["法规草案", "提意见"],
            "body": [
                *p("法规草案征求意见，就是请你来“挑毛病”。意见越具体，越容易被采纳。"),
                qa(
                    ("意见怎么写才有用？", "说清是第几条、哪里不合适、建议怎么改、为什么。"),
                    ("提了意见有回音吗？", "有。每条意见都会登记，处理结果会在网站上反馈。"),
                ),
                key_points("看立法目的。", "找相关条款。", "提具体建议。"),
            ],
        },
        {
            "slug": "nongmingong-gongzi",
            "title": "工资被拖欠，农民工朋友这样维权",
            "summary": "保障农民工工资支付条例规定了总包单位先行清偿等制度，维权渠道很多。",
            "topic": "minfadian",
            "audiences": ["nongmingong", "qiye"],
            "series": None,
            "days_ago": 12,
            "reads": 140,
            "tags": ["讨薪", "劳动权益"],
            "body": [
                *p("年底讨薪难？记住这些规定和渠道。"),
                case(
                    "分包老板跑了，工资找谁要",
                    "老张在工地干了半年，分包老板拖欠工资后失联。",
                    "老张能不能找总承包单位要工资？",
                    "分包单位拖欠农民工工资的，由施工总承包单位先行清偿，再依法进行追偿。",
                    "《保障农民工工资支付条例》第三十条",
                ),
                key_points(
                    "保留考勤、工资条等证据。",
                    "拨打12333或向劳动保障监察机构投诉。",
                    "可以申请法律援助。",
                ),
            ],
        },
    ]


def _find_demo_draft():
    """A live page of the drafts plugin, when it is installed and has demo drafts."""
    models = page_models_for(DRAFT_PAGE)
    if not models:
        return None
    return Page.objects.live().type(*models).filter(Q(depth__gte=3)).order_by("path").first()


def _taxonomy(model, rows):
    items = {}
    for order, row in enumerate(rows):
        slug, name = row[0], row[1]
        description = row[3] if len(row) > 3 else ""
        obj = model.objects.filter(slug=slug, locale__language_code="zh-hans").first()
        if obj is None:
            obj = model.objects.create(
                slug=slug, name=name, description=description, sort_order=order
            )
        items[slug] = obj
    return items


def _translate_taxonomy(items, rows, locale):
    english = {}
    for row in rows:
        slug, name_en = row[0], row[2]
        source = items[slug]
        translation = source.get_translation_or_none(locale)
        if translation is None:
            translation = source.copy_for_translation(locale)
            translation.name = name_en
            translation.save()
        english[slug] = translation
    return english


def load_law_education_demo(demo):
    _ensure_root_collection()
    home = demo.home
    index = ensure_child(
        home,
        LawEducationIndexPage,
        "law-education",
        title="普法园地",
        intro="把“法言法语”变成家常话：以案释法、问答、小测验，看得懂、用得上。",
        show_in_menus=True,
    )
    ensure_review_workflow(index)

    topics = _taxonomy(LawTopic, TOPICS)
    audiences = _taxonomy(Audience, AUDIENCES)
    series = _taxonomy(Series, SERIES)
    images = [
        _picture("普法配图：天平", (179, 38, 30)),
        _picture("普法配图：六大保护", (11, 79, 156)),
    ]
    media = demo_media()
    draft = _find_demo_draft()

    pages = {}
    for spec in _articles(images, media, draft):
        series_slug, number = spec["series"] or (None, None)
        page = index.get_children().filter(slug=spec["slug"]).first()
        if page is None:
            page = LawEducationArticlePage(
                slug=spec["slug"],
                title=spec["title"],
                summary=spec["summary"],
                body=spec["body"],
                topic=topics[spec["topic"]],
                series=series[series_slug] if series_slug else None,
                series_number=number,
                reviewer="市人大常委会法工委 张律师",
                reviewed_at=date.today() - timedelta(days=spec["days_ago"] + 1),
                locale=index.locale,
            )
            page.audiences = [audiences[slug] for slug in spec["audiences"]]
            page.tags.add(*spec["tags"])
            if draft is not None and spec["slug"] == "wuye-fei-gai-bu-gai-jiao":
                page.related_drafts = [RelatedDraft(page=draft)]
            index.add_child(instance=page)
            page = publish(page)
            published = timezone.now() - timedelta(days=spec["days_ago"])
            LawEducationArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=published
            )
            today = timezone.localdate()
            DailyReads.objects.bulk_create(
                [
                    DailyReads(page=page, day=today - timedelta(days=d), count=spec["reads"] // 3)
                    for d in range(3)
                ]
            )
        pages[spec["slug"]] = page.specific

    _relate(pages)
    _scheduled_and_in_review(index, topics)

    en_index = ensure_translation(
        index,
        "en",
        title="Law education",
        intro="Law in everyday words: explained cases, Q&A and short quizzes.",
    )
    from wagtail.models import Locale

    en = Locale.objects.get(language_code="en")
    en_topics = _translate_taxonomy(topics, TOPICS, en)
    _translate_taxonomy(audiences, AUDIENCES, en)
    _translate_taxonomy(series, SERIES, en)
    source = pages["xianfa-ri-jiben-quanli"]
    if source.get_translation_or_none(en) is None:
        ensure_translation(
            source,
            "en",
            title="Constitution Day: what are our basic rights?",
            summary="Equality before the law, the vote, education: the rights the Constitution gives everyone.",
            topic=en_topics["xianfa"],
            body=[
                *p(
                    "December 4 is National Constitution Day. The Constitution lists every citizen's basic rights and duties."
                ),
                quote(
                    "Constitution of the People's Republic of China",
                    "Article 33",
                    "All citizens of the People's Republic of China are equal before the law.",
                ),
            ],
        )
    demo.log(f"law_education: {len(pages)} articles in {index.url} and {en_index.url}")


def _relate(pages):
    pairs = [
        ("wuye-fei-gai-bu-gai-jiao", "minfadian-gaokong-paowu"),
        ("wuye-fei-gai-bu-gai-jiao", "difang-fagui-tingche"),
        ("minfadian-yizhu", "minfadian-gaokong-paowu"),
        ("weichengnianren-wangluo-baohu", "weichengnianren-qiangzhi-baogao"),
    ]
    for source_slug, target_slug in pairs:
        source, target = pages[source_slug], pages[target_slug]
        if not RelatedArticle.objects.filter(source=source, article=target).exists():
            RelatedArticle.objects.create(source=source, article=target)


def _scheduled_and_in_review(index, topics):
    """One article scheduled for next week and one waiting at 法律审核, so that editors see both
    states in the admin listing."""
    if not index.get_children().filter(slug="xiaofei-quanyi-yugao").exists():
        page = LawEducationArticlePage(
            slug="xiaofei-quanyi-yugao",
            title="预告：3·15消费者权益保护专题",
            summary="下周发布：网购退货、预付卡、直播带货怎么维权。",
            body=p("本文定时发布。"),
            topic=topics["minfadian"],
            live=False,
            go_live_at=timezone.now() + timedelta(days=7),
            locale=index.locale,
        )
        index.add_child(instance=page)
        page.save_revision().publish()  # with go_live_at in the future: scheduled, not live
    if not index.get_children().filter(slug="zuling-hetong-daishen").exists():
        page = LawEducationArticlePage(
            slug="zuling-hetong-daishen",
            title="租房合同里这些条款要当心（待审核）",
            summary="押金、维修、提前退租，签合同前看清楚。",
            body=p("本文正在法律审核中。"),
            topic=topics["minfadian"],
            live=False,
            locale=index.locale,
        )
        index.add_child(instance=page)
        page.save_revision()
        workflow = page.get_workflow()
        if workflow is not None:
            state = workflow.start(page, None)
            state.current_task_state.approve(user=None)  # 初审 passed; waits for 法律审核
