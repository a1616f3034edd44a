"""Demo content of the home plugin: the home page in both languages, the standard pages and the
site's contact details, from ``home/demo_data/``."""

from core.demo import DemoData, ensure_child, ensure_translation, publish
from core.models import SiteSettings

from .models import StandardPage

DATA = DemoData(__file__)


def load_home_demo(demo):
    data = DATA.toml("home.toml")
    home = demo.home
    if home.intro != data["home"]["intro"]:
        home.title = data["home"]["title"]
        home.intro = data["home"]["intro"]
        publish(home)
    demo.homes["en"] = ensure_translation(home, "en", **data["home"]["en"])

    for spec in data["page"]:
        page = ensure_child(
            home,
            StandardPage,
            spec["slug"],
            title=spec["title"],
            introduction=spec["introduction"],
            body=DATA.blocks(spec["body"]),
            show_in_menus=True,
        )
        en = spec["en"]
        ensure_translation(
            page,
            "en",
            title=en["title"],
            introduction=en["introduction"],
            body=DATA.blocks(en["body"]),
        )

    settings = SiteSettings.for_site(home.get_site())
    if not settings.address:
        for name, value in data["site"].items():
            setattr(settings, name, value)
        settings.save()
    demo.log("home: home page, standard pages and site settings")
