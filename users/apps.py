from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class UsersConfig(AppConfig):
    """The custom User lives alone so its migration can run before Wagtail's (which point at it)."""

    name = "users"
    verbose_name = _("用户")
    default_auto_field = "django.db.models.BigAutoField"
