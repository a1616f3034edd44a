"""Production: everything from the environment, and refuse to start with unsafe defaults."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", False)
if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG).")
if not SECRET_KEY or SECRET_KEY.startswith(("dev-only", "test-only")) or len(SECRET_KEY) < 40:  # noqa: F405
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 40 characters.")

STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
}

# Rate limits must count across every gunicorn worker and server: production needs REDIS_URL.
# base.py silences django-ratelimit's "cache is not shared" checks for development only; here they
# stand, so `check --deploy` and `migrate` refuse a production configuration without Redis.
SILENCED_SYSTEM_CHECKS = []

# Caches (base.py, core/caches.py): rate-limit counters and CAPTCHA flags must not share a Redis
# database with the page cache (filling it would evict them), and sessions must not live in a
# cache only (a Redis outage or eviction would sign every editor out).
if REDIS_URL and REDIS_LIMITS_URL == REDIS_PAGES_URL:  # noqa: F405
    raise ImproperlyConfigured(
        "REDIS_LIMITS_URL must name another Redis database (better: another server with "
        "maxmemory-policy noeviction) than the page cache's REDIS_PAGES_URL."
    )
if SESSION_ENGINE == "django.contrib.sessions.backends.cache":  # noqa: F405
    raise ImproperlyConfigured(
        "SESSION_ENGINE must keep sessions in the database (db or cached_db)."
    )

TWO_FACTOR_FOR_SUPERUSERS = env_bool("TWO_FACTOR_FOR_SUPERUSERS", True)
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))  # noqa: F405

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Background tasks (opinion emails and exports, duplicate grouping, and Wagtail's own jobs) are
# stored in the database and run by `manage.py db_worker` (django-tasks-db 0.13 supports
# django-tasks 0.12). LAWBRIDGE_TASKS=immediate runs them inline instead (no worker).
if os.environ.get("LAWBRIDGE_TASKS", "database") == "database":  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Database connections are kept between requests (a new PostgreSQL connection per request cost
# a third of an uncached page's time) and checked before reuse, so a restarted database costs no
# request (docs/operations.md).
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("DB_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# An HTTP cache in front (deploy/varnish.vcl): VARNISH_URLS lists every Varnish server
# (comma-separated, e.g. http://10.0.0.21:6081); each is told to drop every page when anything is
# published (core/frontend_cache.py).
VARNISH_URLS = [url.strip() for url in os.environ.get("VARNISH_URLS", "").split(",") if url.strip()]  # noqa: F405
if VARNISH_URLS:
    WAGTAILFRONTENDCACHE = {
        f"varnish{number}": {"BACKEND": "core.frontend_cache.VarnishBackend", "LOCATION": url}
        for number, url in enumerate(VARNISH_URLS, 1)
    }
