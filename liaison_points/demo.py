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
            community_grids=[_grid(name) for name in spec.get("grids", [])],
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
    load_codes_demo(demo)


def _open_draft():
    from core.interfaces import as_commentable
    from core.plugins import DRAFT_PAGE, page_models_for

    for model in page_models_for(DRAFT_PAGE):
        for page in model.objects.live().filter(locale__language_code=settings.LANGUAGE_CODE):
            commentable = as_commentable(page)
            if commentable is not None and commentable.accepts_comments():
                return page
    return None


def load_codes_demo(demo):
    """Codes for the open draft: one per point, the named ones of ``codes.toml`` (sites, grids,
    a campaign), and one per article at one point's reception desk. Made once."""
    from .models import CollectionCode, CollectionSite, CommunityGrid, SourceKind
    from .sources import create_code, describe

    data = DATA.toml("codes.toml")
    draft = _open_draft()
    if draft is None:
        return
    first = data["code"][0]["code"]
    demo.show(
        "Collection code", f"/c/{first}", "(what a 连心卡's QR code opens; 征集地图 in the admin)"
    )
    if CollectionCode.objects.filter(page=draft).exists():
        return
    points = {
        p.slug: p
        for p in LiaisonPointPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE)
    }
    made = 0
    for point in points.values():
        create_code(point, draft, kind=SourceKind.POINT)
        made += 1
    for spec in data["code"]:
        point = points[spec["point"]]
        site = CollectionSite.objects.filter(point=point, name=spec.get("site", "")).first()
        grid = CommunityGrid.objects.filter(point=point, name=spec.get("grid", "")).first()
        label = spec.get("label", "")
        CollectionCode.objects.create(
            code=spec["code"],
            point=point,
            page=draft,
            kind=spec["kind"],
            site=site,
            grid=grid,
            label=label,
            source_label=describe(spec["kind"], point, site, grid, label),
        )
        made += 1
    desk = points[data["per_article"]["point"]]
    for target in draft.get_comment_targets():
        create_code(desk, draft, kind=SourceKind.POINT, target=target)
        made += 1
    demo.log(f"liaison_points: {made} collection codes for {draft.title} (try /c/{first})")


def _team_member(name, role, title):
    from .models import TeamMember

    return TeamMember(name=name, role=role, title=title)


def _grid(name):
    from .models import CommunityGrid

    return CommunityGrid(name=name)


def _site(name, address):
    from .models import CollectionSite

    return CollectionSite(name=name, address=address)
