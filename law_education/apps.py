from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class LawEducationConfig(plugins.PluginConfig):
    name = "law_education"
    verbose_name = _("普法园地")
    default_auto_field = "django.db.models.BigAutoField"

    optional_dependencies = ("drafts",)
    home_section_order = 40
    search_facets = {"law_education": _("普法")}
    # Named on every card and article, in the reader's language.
    page_cache_models = ("LawTopic", "Audience", "Series")
