from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class RegulationsConfig(plugins.PluginConfig):
    name = "regulations"
    verbose_name = _("现行法规")
    default_auto_field = "django.db.models.BigAutoField"

    # Drafts become regulations in force, evaluations take opinions, questionnaires ask questions:
    # all through roles, hooks and interfaces, none required.
    optional_dependencies = ("drafts", "forms", "questionnaires")
    home_section_order = 15
    page_roles = {plugins.REGULATION_PAGE: "RegulationPage"}
    search_facets = {
        "regulation": _("现行法规"),
        "regulation_article": pgettext_lazy("search facet", "法规条文"),
        "evaluation": _("实施评估"),
    }

    def ready(self):
        from . import signals  # noqa: F401 - keeps the searchable articles in step with publishing
