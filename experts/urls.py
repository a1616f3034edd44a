from django.urls import path

from . import views

# Under the language prefix, like the points' /c/ codes: /i/ABCD2345 (zh-hans, what the SMS holds),
# /en/i/… for an English reader.
i18n_urlpatterns = [
    path("i/<str:code>", views.personal_link, name="expert_link"),
    path("i/<str:code>/", views.personal_link),
]
