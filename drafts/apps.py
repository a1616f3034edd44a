from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class DraftsConfig(plugins.PluginConfig):
    name = "drafts"
    verbose_name = _("法规草案")
    default_auto_field = "django.db.models.BigAutoField"

    home_section_order = 10
    page_roles = {plugins.DRAFT_PAGE: "RegulationDraftPage"}
    search_facets = {"draft": pgettext_lazy("search facet", "草案"), "article": _("条文")}
    # Topics are named on every draft card and page, in the reader's language.
    page_cache_models = ("DraftTopic",)

    def ready(self):
        from . import signals  # noqa: F401 - connects the publish/unpublish handlers
