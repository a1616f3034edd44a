from django.urls import path, re_path

from . import report_views, views
from .api import api

# /api/openapi.json, /api/opinions/… (Wagtail's own API stays at /api/v2/, matched first).
urlpatterns = [path("api/", api.urls)]

# Under the language prefix: /opinions/… for zh-hans, /en/opinions/… for English.
i18n_urlpatterns = [
    path("opinions/new/<int:page_id>/", views.new_opinion, name="opinions_new"),
    path("opinions/receipt/<str:code>/", views.receipt, name="opinions_receipt"),
    path("opinions/status/", views.status_lookup, name="opinions_status"),
    path("opinions/withdraw/", views.withdraw, name="opinions_withdraw"),
    path("opinions/referral/rate/", views.rate_referral, name="opinions_rate_referral"),
    path("opinions/thank-you-letter/", views.thank_you_letter, name="opinions_thank_you_letter"),
    path("opinions/verify/<str:code>/", views.verify_document, name="opinions_verify"),
    path("opinions/<int:page_id>/report/", report_views.report_page, name="opinions_report"),
    re_path(
        r"^opinions/(?P<page_id>[0-9]+)/report\.(?P<fmt>docx|pdf)$",
        report_views.report_file,
        name="opinions_report_file",
    ),
]
