from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class LiaisonPointsConfig(plugins.PluginConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "liaison_points"
    verbose_name = _("联系点")

    home_section_order = 50
    page_roles = {plugins.POINT_PAGE: "LiaisonPointPage"}
    search_facets = {"point": _("联系点")}
    # /c/<code> redirects a card's reader to the opinion form (a form, never a cached page).
    page_cache_excluded_prefixes = ("/c/",)

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401 - connects the staff-group receivers
        from .staff import grant_plugin_permissions

        post_migrate.connect(grant_plugin_permissions, dispatch_uid="lb_points_perm")
        # Wrong collection codes per address on /c/ (code_views.py): enough for a crowd on one
        # Wi-Fi mistyping now and then, far too few to walk 31**7 codes. A project setting wins.
        from django.conf import settings

        limits = getattr(settings, "LAWBRIDGE_RATELIMITS", None)
        if isinstance(limits, dict):
            limits.setdefault("collection_code_miss", "60/h")
