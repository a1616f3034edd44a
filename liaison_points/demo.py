"""Demo liaison points from ``liaison_points/demo_data/points.toml``: the index, each point with its
team and collection sites, its staff group and (DEBUG only) a demo login for its staff."""

from django.conf import settings
from django.contrib.auth import get_user_model

from core.demo import DemoData, ensure_child, ensure_translation

from .models import LiaisonPointIndexPage, LiaisonPointPage
from .staff import ensure_point_staff

DEMO_STAFF_PASSWORD = "lawbridge-demo"  # noqa: S105 - documented demo login, DEBUG only

DATA = DemoData(__file__)


def demo_points() -> list[dict]:
    return DATA.toml("points.toml")["point"]


def load_points_demo(demo):
    data = DATA.toml("points.toml")
    index_spec = data["index"]
    index = ensure_child(
        demo.home,
        LiaisonPointIndexPage,
        "points",
        title=index_spec["title"],
        intro=index_spec["intro"],
        show_in_menus=True,
    )
    index_en = ensure_translation(index, "en", **index_spec["en"])
    intro = data["point_intro"]["template"]
    User = get_user_model()
    for spec in data["point"]:
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
            intro=intro.format(**spec),
            team_members=[_team_member(**member) for member in spec["team"]],
            collection_sites=[_site(**site) for site in spec["sites"]],
        )
        group = ensure_point_staff(point)
        if index_en is not None:
            translated = ensure_translation(point, "en", **spec["en"])
            ensure_point_staff(translated)
        if settings.DEBUG:
            username = f"point-{spec['slug']}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User.objects.create_user(
                    username, f"{username}@example.com", DEMO_STAFF_PASSWORD
                )
            user.groups.add(group)
    first = data["point"][0]["slug"]
    demo.show(
        "Contact points",
        index,
        f"(point staff sign in as point-{first} / {DEMO_STAFF_PASSWORD})" if settings.DEBUG else "",
    )
    demo.log(
        f"liaison_points: index and {len(data['point'])} points with teams and collection sites"
    )


def _team_member(name, role, title):
    from .models import TeamMember

    return TeamMember(name=name, role=role, title=title)


def _site(name, address):
    from .models import CollectionSite

    return CollectionSite(name=name, address=address)
