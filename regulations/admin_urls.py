from django.urls import path

from . import admin_views

app_name = "regulations_admin"
urlpatterns = [
    path("import/", admin_views.import_regulation, name="import"),
    path("from-draft/<int:page_id>/", admin_views.from_draft, name="from_draft"),
]
