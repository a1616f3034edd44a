from django.urls import path

from . import code_views, collection_map

# Under the language prefix: /c/ABC2345 for zh-hans (what the printed QR codes hold), /en/c/… .
i18n_urlpatterns = [
    path("c/", code_views.enter, name="collection_code_entry"),
    path("c/<str:code>", code_views.scan, name="collection_code"),
    path("c/<str:code>/", code_views.scan),
    path(
        "points/collection-map/<int:page_id>/",
        collection_map.public_view,
        name="collection_map",
    ),
]
