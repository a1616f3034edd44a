from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The house every plugin lives in: users, images, site settings, the plugin contract."""

    name = "core"
    verbose_name = _("站点基础")
    default_auto_field = "django.db.models.BigAutoField"
