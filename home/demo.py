"""Demo content of the home plugin: the home page in both languages and the standard pages."""

from core.demo import ensure_child, ensure_translation, publish
from core.models import SiteSettings

from .models import StandardPage

HOME_INTRO = "基层立法联系点是国家立法机关直接联系群众的“直通车”。在这里阅读法规草案、提出意见建议，并查看意见的采纳与反馈。"
HOME_INTRO_EN = (
    "Grassroots legislative contact points connect residents directly with the legislature. "
    "Read draft regulations, comment on them, and see what became of every opinion."
)


def _paragraphs(*texts):
    return [("paragraph", f"<p>{text}</p>") for text in texts]


STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "关于我们",
        "introduction": "立法连心桥是本市基层立法联系点的统一平台。",
        "body": _paragraphs(
            "基层立法联系点由市人大常委会法制工作委员会设立，覆盖社区、街道、乡镇、企业和高校，"
            "让群众的声音直达立法机关。",
            "我们公开法规草案，收集群众意见，并向每一位提出意见的群众反馈采纳情况，"
            "做到“事事有回音、件件有着落”。",
        ),
        "en": {
            "title": "About us",
            "introduction": "LawBridge is the shared platform of the city's legislative contact points.",
            "body": _paragraphs(
                "Contact points in communities, towns, firms and universities carry residents' "
                "views straight to the legislature.",
            ),
        },
    },
    {
        "slug": "privacy",
        "title": "隐私政策",
        "introduction": "我们只收集处理意见所必需的个人信息，并依照《个人信息保护法》予以保护。",
        "body": _paragraphs(
            "提交意见时，姓名和联系方式均为选填，仅用于向您反馈意见处理结果。",
            "您的联系方式不会公开，仅有获得授权的工作人员可以查看；反馈完成后按规定期限删除。",
            "您可以凭回执编码和联系方式查询或撤回您的意见。",
        ),
        "en": {
            "title": "Privacy policy",
            "introduction": "We collect only what we need to answer your opinion, under the PIPL.",
            "body": _paragraphs(
                "Name and contact details are optional and used only to tell you the outcome.",
            ),
        },
    },
    {
        "slug": "help",
        "title": "使用帮助",
        "introduction": "如何阅读法规草案、提出意见、查询处理结果。",
        "body": [
            ("heading", {"text": "如何提出意见", "level": "h2"}),
            *_paragraphs(
                "打开正在征求意见的法规草案，可以对整部草案或其中某一条提出意见。",
                "提交后您会得到一个回执编码，请妥善保存，用于查询处理进度。",
            ),
            ("heading", {"text": "字号和配色", "level": "h2"}),
            *_paragraphs("页面顶部可以切换大字号、高对比度和护眼模式，设置会自动记住。"),
        ],
        "en": {
            "title": "Help",
            "introduction": "How to read drafts, comment, and follow up on your opinion.",
            "body": _paragraphs(
                "Open a draft that is open for comment and comment on the whole draft or one article.",
            ),
        },
    },
]


def load_home_demo(demo):
    home = demo.home
    if home.intro != HOME_INTRO:
        home.title = "立法连心桥"
        home.intro = HOME_INTRO
        publish(home)
    demo.homes["en"] = ensure_translation(home, "en", title="LawBridge", intro=HOME_INTRO_EN)

    for spec in STANDARD_PAGES:
        page = ensure_child(
            home,
            StandardPage,
            spec["slug"],
            title=spec["title"],
            introduction=spec["introduction"],
            body=spec["body"],
            show_in_menus=True,
        )
        ensure_translation(page, "en", **spec["en"])

    settings = SiteSettings.for_site(home.get_site())
    if not settings.address:
        settings.address = "滨州市黄河五路 1 号 市人大常委会法工委"
        settings.phone = "0543-1234567"
        settings.email = "lifa@example.gov.cn"
        settings.icp_number = "鲁ICP备00000000号-1"
        settings.police_number = "鲁公网安备 37160202000000号"
        settings.save()
    demo.log("home: home page, standard pages and site settings")
