from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import two_factor
from core import views as core_views
from core.api import api_router
from core.life_story_views import life_story_page
from core.login import RateLimitedLoginView
from core.plugins import installed_plugin_modules
from core.sitemaps import LocalisedSitemap

plugin_urls = installed_plugin_modules("urls")

urlpatterns = [
    path("admin/login/", RateLimitedLoginView.as_view(), name="wagtailadmin_login"),
    path("admin/", include(two_factor.urlpatterns)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("captcha/", include("captcha.urls")),
    path("api/v2/", api_router.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": LocalisedSitemap}}, name="sitemap"),
    path("prefs/", core_views.reading_preferences, name="reading_preferences"),
]
for module in plugin_urls:
    urlpatterns += getattr(module, "urlpatterns", [])

# Django's own admin: off unless DJANGO_ADMIN_ENABLED (never in production, see core/checks.py).
if settings.DJANGO_ADMIN_ENABLED:
    urlpatterns.insert(0, path("django-admin/", two_factor.django_admin_urls()))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# zh-hans is served without a prefix (/), other languages under theirs (/en/…): the default
# language gets the short URLs people share in WeChat.
i18n_urls = []
for module in plugin_urls:
    i18n_urls += getattr(module, "i18n_urlpatterns", [])
urlpatterns += i18n_patterns(
    *i18n_urls,
    path("licheng/<int:page_id>/", life_story_page, name="life_story"),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
