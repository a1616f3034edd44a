from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class PlansConfig(plugins.PluginConfig):
    """立法计划: the annual legislative plan (年度立法计划) or five-year programme (立法规划)
    published item by item for comment, and calls for project proposals (立项建议征集). Opinions
    and proposals are the opinions plugin's, through ``core.interfaces.Commentable``."""

    name = "plans"
    label = "plans"
    verbose_name = _("立法计划")
    default_auto_field = "django.db.models.BigAutoField"

    # Items link to drafts and regulations in force by page role; opinions come through hooks.
    optional_dependencies = ("drafts", "forms")
    # After the drafts open for comment (10), before questionnaires (25).
    home_section_order = 15
    page_roles = {plugins.PLAN_PAGE: "LegislativePlanPage"}
    search_facets = {"plan": pgettext_lazy("search facet", "立法计划")}
