from django.urls import path

from . import admin_views

app_name = "drafts_admin"
urlpatterns = [
    path("import/", admin_views.import_draft, name="import"),
]
