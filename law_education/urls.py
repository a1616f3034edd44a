from django.urls import path

from . import views

urlpatterns = [
    path("law-education/read/<int:page_id>/", views.read_beacon, name="law_education_read"),
]
