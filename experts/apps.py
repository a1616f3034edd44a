from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class ExpertsConfig(plugins.PluginConfig):
    """专家智库 and 定向征集: the office keeps a pool of experts and organisations by field of
    expertise, invites chosen ones to comment on a draft with a personal link each, and sees who
    opened it and who answered. Opinions sent through a personal link are credited to the
    invitation (``core.plugins.CollectionSource`` of kind ``expert``)."""

    name = "experts"
    label = "experts"
    verbose_name = _("专家智库")
    default_auto_field = "django.db.models.BigAutoField"

    # Drafts (what experts are invited to) and opinions (how their answers are counted) come
    # through core's page roles and hooks; without them there is nothing to invite to.
    optional_dependencies = ("drafts", "forms")
    # The personal link records who opened it: never served from the anonymous page cache.
    page_cache_excluded_prefixes = ("/i/",)

    def ready(self):
        # Wrong personal codes per address on /i/ (views.py): a mistyped link now and then, far
        # too few to walk 31**8 codes. A project setting wins.
        from django.conf import settings

        limits = getattr(settings, "LAWBRIDGE_RATELIMITS", None)
        if isinstance(limits, dict):
            limits.setdefault("expert_link_miss", "30/h")
