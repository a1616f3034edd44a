from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class FormsConfig(plugins.PluginConfig):
    """Public opinions (意见建议): intake, handling, routing to the committee and feedback."""

    name = "forms"
    label = "forms"
    verbose_name = _("意见建议")
    default_auto_field = "django.db.models.BigAutoField"

    home_section_order = 20
    # The form, receipt and status pages carry CSRF tokens or one visitor's receipts.
    page_cache_excluded_prefixes = ("/opinions/",)
    # Staff enter what their point collected at a 板凳会 or 立法赶集.
    point_staff_permissions = ("enter_offline_opinions",)
