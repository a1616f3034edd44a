from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class AssessmentConfig(plugins.PluginConfig):
    """考核评价: the office's yearly scorecard of the liaison points (weighted indicators other
    plugins provide), each point's status (试运行/正式/整改/撤销) with its history, and the rules
    every point must keep ("每季度至少1次代表接待日") with who missed them."""

    name = "assessment"
    label = "assessment"
    verbose_name = _("考核评价")
    default_auto_field = "django.db.models.BigAutoField"

    # It scores what these provide (through lawbridge_point_indicators and
    # lawbridge_point_directory); without them the scorecard is simply empty.
    optional_dependencies = ("liaison_points", "events", "forms")
    point_staff_permissions = ("view_own_scorecard",)
