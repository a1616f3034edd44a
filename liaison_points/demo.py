"""Demo liaison points: eight points of every type in the three districts of the demo city (滨州市).

Names of people are invented; phones are the points' office numbers, never a private mobile."""

from django.conf import settings
from django.contrib.auth import get_user_model

from core.demo import ensure_child, ensure_translation

from .models import LiaisonPointIndexPage, LiaisonPointPage
from .staff import ensure_point_staff

DEMO_STAFF_PASSWORD = "lawbridge-demo"  # noqa: S105 - documented demo login, DEBUG only

POINTS = [
    {
        "slug": "shizhong-jiedao",
        "title": "市中街道基层立法联系点",
        "en": "Shizhong Subdistrict Contact Point",
        "point_type": "subdistrict",
        "district": "滨城区",
        "address": "滨州市滨城区黄河四路 369 号 市中街道便民服务中心二楼",
        "latitude": 37.3835,
        "longitude": 118.0102,
        "opening_hours": "周一至周五 8:30–12:00，14:00–17:30",
        "reception_days": "每月6日代表接待日",
        "phone": "0543-3161001",
        "specialty": "城市管理和物业服务立法意见征集",
        "team": [
            ("李秀梅", "liaison", "街道人大工委主任"),
            ("张建国", "informant", "社区网格员"),
            ("刘文博", "expert", "律师"),
        ],
        "sites": [
            ("渤海社区信息采集点", "滨城区渤海十路 156 号 渤海社区党群服务中心"),
            ("新立河社区信息采集点", "滨城区新立河西路 88 号"),
        ],
    },
    {
        "slug": "huanghe-shequ",
        "title": "黄河社区立法信息采集点",
        "en": "Huanghe Community Contact Point",
        "point_type": "community",
        "district": "滨城区",
        "address": "滨州市滨城区黄河八路 520 号 黄河社区居委会",
        "latitude": 37.4012,
        "longitude": 117.9685,
        "opening_hours": "每天 9:00–17:00",
        "reception_days": "每月15日代表接待日",
        "phone": "0543-3161002",
        "specialty": "老年人权益和养老服务",
        "team": [
            ("王桂芳", "liaison", "社区居委会主任"),
            ("赵海燕", "informant", "楼长"),
        ],
        "sites": [("黄河小区采集点", "黄河八路 520 号小区东门议事亭")],
    },
    {
        "slug": "binzhou-xueyuan",
        "title": "滨州学院基层立法联系点",
        "en": "Binzhou University Contact Point",
        "point_type": "university",
        "district": "滨城区",
        "address": "滨州市滨城区黄河五路 391 号 滨州学院法学院",
        "latitude": 37.3662,
        "longitude": 118.0451,
        "opening_hours": "教学周周二、周四 14:00–17:00",
        "reception_days": "每学期两次立法论证会",
        "phone": "0543-3161003",
        "specialty": "专家论证和立法评估",
        "team": [
            ("陈立新", "liaison", "法学院副院长"),
            ("孙晓雯", "expert", "行政法教授"),
            ("周子涵", "informant", "研究生志愿者"),
        ],
        "sites": [("法学院模拟法庭采集点", "滨州学院法学楼 101 室")],
    },
    {
        "slug": "xiawa-zhen",
        "title": "下洼镇基层立法联系点",
        "en": "Xiawa Town Contact Point",
        "point_type": "township",
        "district": "沾化区",
        "address": "滨州市沾化区下洼镇政府驻地 为民服务中心",
        "latitude": 37.6315,
        "longitude": 118.0382,
        "opening_hours": "周一至周五 8:30–17:30",
        "reception_days": "每月10日代表接待日（逢集日）",
        "phone": "0543-7321004",
        "specialty": "冬枣产业和农村集体经济",
        "team": [
            ("马成林", "liaison", "镇人大主席"),
            ("高玉兰", "informant", "镇司法所工作人员"),
        ],
        "sites": [
            ("下洼大集采集点", "下洼镇大集东口"),
            ("冬枣交易市场采集点", "下洼镇冬枣批发市场服务大厅"),
        ],
    },
    {
        "slug": "mashanzi-cun",
        "title": "马山子村立法联系点",
        "en": "Mashanzi Village Contact Point",
        "point_type": "village",
        "district": "沾化区",
        "address": "滨州市沾化区滨海镇马山子村村委会",
        "latitude": 37.8615,
        "longitude": 118.2208,
        "opening_hours": "每天 8:00–18:00",
        "reception_days": "每月20日村民议事日",
        "phone": "0543-7321005",
        "specialty": "渔业资源保护和海岸线管理",
        "team": [
            ("宋德海", "liaison", "村党支部书记"),
            ("郭春花", "informant", "村妇联主任"),
        ],
        "sites": [("渔港采集点", "马山子渔港管理站")],
    },
    {
        "slug": "zhanhua-sifaju",
        "title": "沾化区司法局立法联系点",
        "en": "Zhanhua Justice Bureau Contact Point",
        "point_type": "agency",
        "district": "沾化区",
        "address": "滨州市沾化区富源四路 199 号 区司法局",
        "latitude": 37.6982,
        "longitude": 118.1325,
        "opening_hours": "周一至周五 9:00–17:00",
        "reception_days": "每月25日法律咨询日",
        "phone": "0543-7321006",
        "specialty": "行政执法监督和公共法律服务",
        "team": [
            ("韩志强", "liaison", "法治督察科科长"),
            ("冯丽", "expert", "公职律师"),
        ],
        "sites": [("公共法律服务中心采集点", "富源四路 199 号一楼大厅")],
    },
    {
        "slug": "shengwang-chanyeyuan",
        "title": "惠民县绳网产业园企业联系点",
        "en": "Huimin Rope and Net Industrial Park Contact Point",
        "point_type": "enterprise",
        "district": "惠民县",
        "address": "滨州市惠民县李庄镇绳网产业园管委会",
        "latitude": 37.4452,
        "longitude": 117.6135,
        "opening_hours": "周一至周六 8:00–17:00",
        "reception_days": "每季度一次企业家座谈会",
        "phone": "0543-5361007",
        "specialty": "营商环境和中小企业权益保护",
        "team": [
            ("杜宏伟", "liaison", "产业园综合办主任"),
            ("蒋春燕", "informant", "企业法务"),
        ],
        "sites": [
            ("产业园服务中心采集点", "绳网产业园服务中心一楼"),
            ("电商孵化基地采集点", "李庄镇电商孵化基地"),
        ],
    },
    {
        "slug": "huimin-lvshi-xiehui",
        "title": "惠民县律师协会立法联系点",
        "en": "Huimin Bar Association Contact Point",
        "point_type": "association",
        "district": "惠民县",
        "address": "滨州市惠民县孙武街道鼓楼街 18 号",
        "latitude": 37.4898,
        "longitude": 117.5098,
        "opening_hours": "周一至周五 9:00–17:00",
        "reception_days": "每月8日律师值班接待",
        "phone": "0543-5361008",
        "specialty": "法规草案合法性审查意见",
        "team": [
            ("彭俊", "liaison", "协会秘书长"),
            ("曹敏", "expert", "执业律师"),
        ],
        "sites": [("孙武街道采集点", "孙武街道便民服务中心")],
    },
]


def _intro(spec) -> str:
    return (
        f"<p>{spec['title']}设在{spec['district']}，围绕“{spec['specialty']}”收集群众对法规草案的意见建议，"
        f"并向提出意见的群众反馈采纳情况。</p>"
    )


def load_points_demo(demo):
    index = ensure_child(
        demo.home,
        LiaisonPointIndexPage,
        "points",
        title="联系点",
        intro="<p>全市基层立法联系点和信息采集点分布。点击地图或列表查看接待时间、地址和近期活动。</p>",
        show_in_menus=True,
    )
    index_en = ensure_translation(
        index,
        "en",
        title="Contact points",
        intro="<p>Every legislative contact point and collection site in the city.</p>",
    )
    User = get_user_model()
    for spec in POINTS:
        point = ensure_child(
            index,
            LiaisonPointPage,
            spec["slug"],
            title=spec["title"],
            point_type=spec["point_type"],
            district=spec["district"],
            address=spec["address"],
            latitude=spec["latitude"],
            longitude=spec["longitude"],
            opening_hours=spec["opening_hours"],
            reception_days=spec["reception_days"],
            phone=spec["phone"],
            specialty=spec["specialty"],
            intro=_intro(spec),
            team_members=[_team_member(name, role, title) for name, role, title in spec["team"]],
            collection_sites=[_site(name, address) for name, address in spec["sites"]],
        )
        group = ensure_point_staff(point)
        if index_en is not None:
            translated = ensure_translation(point, "en", title=spec["en"])
            ensure_point_staff(translated)
        if settings.DEBUG:
            username = f"point-{spec['slug']}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username, f"{username}@example.com", DEMO_STAFF_PASSWORD
                )
            user.groups.add(group)
    demo.log(f"liaison_points: index and {len(POINTS)} points with teams and collection sites")


def _team_member(name, role, title):
    from .models import TeamMember

    return TeamMember(name=name, role=role, title=title)


def _site(name, address):
    from .models import CollectionSite

    return CollectionSite(name=name, address=address)
