from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class RosterConfig(plugins.PluginConfig):
    """人员名册: each liaison point's private roster of 联络员, 信息员, 宣传员, 志愿者 and 人大代表,
    who joined when and who left (and why). Phones are personal data: masked unless the user
    holds ``view_roster_contacts`` (two-step sign-in), every clear view audit-logged."""

    name = "roster"
    label = "roster"
    verbose_name = _("人员名册")
    default_auto_field = "django.db.models.BigAutoField"

    # Points come through core's page role and hooks; nothing else is needed.
    optional_dependencies = ("liaison_points",)
    # A point's staff recruit and phone their own 信息员 and volunteers, as they phone the people
    # who signed up for their events (events grants them view_registration_phone): they keep the
    # roster and see its phones in clear, for their own points only, behind two-step sign-in.
    point_staff_permissions = ("manage_roster", "view_roster_contacts")
