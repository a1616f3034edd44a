import os

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
    # Showing a page's public opinions or publishing its feedback changes what its readers see:
    # cached pages (and the facts kept until the next publish) go, as on a publish.
    page_cache_models = ("PageOpinionSettings",)
    # Staff enter what their point collected at a 板凳会 or 立法赶集, and print the 采纳证书 their
    # point earned (forms/certificates_admin.py shows them their own point's only).
    point_staff_permissions = ("enter_offline_opinions", "view_issueddocument")
    default_settings = {
        # PIPL retention: contact details are erased this many days after the draft's feedback is
        # published (``manage.py purge_contact_details``, daily).
        "OPINION_CONTACT_RETENTION_DAYS": int(
            os.environ.get("OPINION_CONTACT_RETENTION_DAYS", "180")
        ),
        # How a submitter hears of a reply: e-mail, and an SMS stand-in that logs (plug a gateway in).
        "LAWBRIDGE_OPINION_NOTIFIERS": [
            "forms.notifiers.EmailNotifier",
            "forms.notifiers.ConsoleSMSNotifier",
        ],
        # Attachments kept for a form that came back (a field missing, the CAPTCHA asked for).
        "KEPT_UPLOADS_MAX_AGE_SECONDS": 2 * 3600,
        "KEPT_UPLOADS_PER_CLIENT_BYTES": 30 * 1024 * 1024,
        "KEPT_UPLOADS_TOTAL_BYTES": 1024 * 1024 * 1024,
    }
