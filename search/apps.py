from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class SearchConfig(plugins.PluginConfig):
    """Site search. The label "search" does not clash with Wagtail's own search app, whose label
    is "wagtailsearch"."""

    name = "search"
    label = "search"
    verbose_name = _("站内搜索")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
