from django.urls import path

from search import views

# Under the language prefix: /search/ (zh-hans) and /en/search/.
i18n_urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/autocomplete/", views.autocomplete, name="search_autocomplete"),
]
