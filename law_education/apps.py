from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LawEducationConfig(AppConfig):
    name = "law_education"
    verbose_name = _("普法园地")
    default_auto_field = "django.db.models.BigAutoField"
