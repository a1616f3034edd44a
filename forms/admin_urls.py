"""The opinions plugin's own admin pages (registered by ``wagtail_hooks.register_admin_urls``;
the snippet viewsets add theirs)."""

from django.urls import path

from . import admin_views, certificates_admin, decision_admin, report_views

urlpatterns = [
    path("opinions/offline/", admin_views.offline_entry_view, name="forms_offline_entry"),
    path("opinions/statistics/", admin_views.statistics_view, name="forms_statistics"),
    path("opinions/decisions/", decision_admin.upload_view, name="forms_decisions"),
    path("opinions/decisions/apply/", decision_admin.apply_view, name="forms_decisions_apply"),
    path("opinions/certificates/", certificates_admin.index_view, name="forms_certificates"),
    path(
        "opinions/certificates/<int:pk>/pdf/",
        certificates_admin.download_view,
        name="forms_certificate_download",
    ),
    path(
        "opinions/certificates/print/",
        certificates_admin.print_view,
        name="forms_certificates_print",
    ),
    path(
        "opinions/report/<int:page_id>/",
        report_views.report_preview,
        name="forms_closing_report_preview",
    ),
    path(
        "opinions/report/<int:page_id>/<str:fmt>/",
        report_views.report_preview_file,
        name="forms_closing_report_preview_file",
    ),
]
