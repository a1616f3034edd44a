from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("首页与普通页面")
    default_auto_field = "django.db.models.BigAutoField"
