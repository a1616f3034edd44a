from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FormsConfig(AppConfig):
    """Public opinions (意见建议): intake, handling, routing to the committee and feedback."""

    name = "forms"
    label = "forms"
    verbose_name = _("意见建议")
    default_auto_field = "django.db.models.BigAutoField"
