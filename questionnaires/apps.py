from django.conf import settings
from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins

# Rate limits of the answer form (core/ratelimit.py, core/spam.py), as the opinion form's: per
# browser (past it the CAPTCHA), per address above what a crowd on one Wi-Fi sends, and a flood
# refused even with a solved CAPTCHA. A project setting of the same name wins.
RATELIMITS = {
    "questionnaire_submit": "10/h",
    "questionnaire_submit_address": "500/h",
    "questionnaire_submit_hard": "2000/h",
    # SMS codes (verification.py): per phone, so no one is flooded with texts; per address,
    # above what one Wi-Fi at a 立法赶集 asks for, below what a script sending texts would.
    "questionnaire_code_phone": "5/h",
    "questionnaire_code_address": "100/h",
}


class QuestionnairesConfig(plugins.PluginConfig):
    """问卷调查: questionnaires on a draft, one of its articles or standing alone; answers
    counted as they arrive, results for the office and, when the editor chooses, the public."""

    name = "questionnaires"
    label = "questionnaires"
    verbose_name = _("问卷调查")
    default_auto_field = "django.db.models.BigAutoField"

    optional_dependencies = ("drafts", "liaison_points")
    home_section_order = 25
    # Consultation tasks may send a questionnaire out to the points.
    page_roles = {plugins.QUESTIONNAIRE_PAGE: "QuestionnairePage"}

    def ready(self):
        limits = getattr(settings, "LAWBRIDGE_RATELIMITS", None)
        if isinstance(limits, dict):
            for name, rate in RATELIMITS.items():
                limits.setdefault(name, rate)
