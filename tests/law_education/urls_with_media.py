"""The site's URLs plus uploaded media, for browser tests (the live server runs with DEBUG off)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from lawbridge.urls import urlpatterns as site_urlpatterns


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$", media),
    *site_urlpatterns,
]
