from django.utils.translation import gettext_lazy as _

# The module, not its names: a second AppConfig subclass in this module would hide ours from Django.
from core import plugins


class ConsultationsConfig(plugins.PluginConfig):
    """征询任务: the office assigns a draft, questionnaire or research topic to chosen liaison points
    with a due date; a point may apply for one (申办); each point records the five steps and
    sends its 汇总报告; the office's board shows who is late, and reminders go out."""

    name = "consultations"
    label = "consultations"
    verbose_name = _("征询任务")
    default_auto_field = "django.db.models.BigAutoField"

    # Points (whom tasks go to), their events (evidence), drafts and questionnaires (what a task
    # is about) and credited opinions all come through core's hooks and page roles.
    optional_dependencies = ("liaison_points", "events", "drafts", "questionnaires", "forms")
    point_staff_permissions = ("act_on_tasks",)
    default_settings = {
        # Days before the due date a point that has not reported hears of it; after the due date
        # it is told once more (and the office sees it as late on the board).
        "CONSULTATION_REMINDER_DAYS": 3,
    }
