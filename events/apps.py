from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class EventsConfig(plugins.PluginConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "events"
    verbose_name = _("活动通知")

    optional_dependencies = ("liaison_points", "drafts")
    home_section_order = 30
    page_roles = {plugins.EVENT_PAGE: "EventNoticePage"}
    search_facets = {"event": _("活动")}
    # Staff call people back when their point's event changes.
    point_staff_permissions = ("view_registration_phone",)
