"""Settings shared by every environment. Environment variables configure what differs.

dev.py, test.py and production.py import everything from here and change only what they must.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Plugins: one Django app per domain. "core" and "home" are the house itself; the others can be
# removed from INSTALLED_APPS (or listed in LAWBRIDGE_DISABLED_PLUGINS) and the site still runs.
LAWBRIDGE_REQUIRED_APPS = ["users", "core", "home"]
LAWBRIDGE_OPTIONAL_PLUGINS = [
    "drafts",
    "law_education",
    "liaison_points",
    "events",
    "forms",
    "search",
    "questionnaires",
    "assessment",
    "consultations",
    "roster",
    "experts",
    "plans",
    "regulations",
]
# A plugin of one's own (any importable package, e.g. a city's; docs/plugins.md) joins the list
# from the environment, without editing this file.
LAWBRIDGE_EXTRA_PLUGINS = env_list("LAWBRIDGE_EXTRA_PLUGINS")
LAWBRIDGE_OPTIONAL_PLUGINS += [
    p for p in LAWBRIDGE_EXTRA_PLUGINS if p not in LAWBRIDGE_OPTIONAL_PLUGINS
]
LAWBRIDGE_DISABLED_PLUGINS = env_list("LAWBRIDGE_DISABLED_PLUGINS")


def installed_plugins() -> list[str]:
    """Optional plugins that exist as packages and are not disabled by the environment."""
    return [
        name
        for name in LAWBRIDGE_OPTIONAL_PLUGINS
        if name not in LAWBRIDGE_DISABLED_PLUGINS
        and (name in LAWBRIDGE_EXTRA_PLUGINS or (BASE_DIR / name / "apps.py").exists())
    ]


INSTALLED_APPS = [
    *LAWBRIDGE_REQUIRED_APPS,
    *installed_plugins(),
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    # Wagtail's redirects, snippets, documents and images without the v3 API they register at
    # start-up (half of django.setup(); LawBridge serves the v2 API only):
    # core/upstream/without_api_v3.py.
    "core.upstream.without_api_v3.RedirectsConfig",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "core.upstream.without_api_v3.SnippetsConfig",
    "core.upstream.without_api_v3.DocumentsConfig",
    "core.upstream.without_api_v3.ImagesConfig",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "crispy_forms",
    "axes",
    "csp",
    "captcha",
    "django_ratelimit",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "crispy_bootstrap5",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before the page cache: a NUL in a URL is refused, never a cache key (core/bad_input.py).
    "core.bad_input.BadInputMiddleware",
    "core.page_cache.AnonymousPageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "core.two_factor.RequireTwoFactorMiddleware",
    # Snippet choosers and wagtail-localize's snippet listing ask the model's permission policy.
    "core.upstream.snippet_access.SnippetListingAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: counts failed logins and locks out guessers.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Failed-login lock-out (django-axes): 5 failures for one username from one address lock that
# pair for an hour; a success resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_VERBOSE = False

# The client's address, one answer for django-axes, the rate limits and the spam flags
# (core.ratelimit.client_ip): REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT reverse proxies that
# each append to X-Forwarded-For, the address the outermost of them saw. 0 = no proxy. Unset
# (None) means REMOTE_ADDR too, but `check --deploy` fails: behind a proxy the whole city would
# share one address.
_proxies = os.environ.get("TRUSTED_PROXY_COUNT", "").strip()
TRUSTED_PROXY_COUNT = int(_proxies) if _proxies else None
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"

# Rate limits (core/ratelimit.py, django-ratelimit counters in the "limits" cache: Redis in
# production; while that store is unreachable each process counts on its own, and says so in the
# log). "N/h", "N/15m"…; an empty rate turns one off, RATELIMIT_ENABLE=0 all of them (load tests).
# Override single limits with LAWBRIDGE_RATELIMITS_OVERRIDE="opinion_submit=50/h,admin_login=".
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", True)
RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip"
RATELIMIT_FAIL_OPEN = True  # a cache outage must not refuse every citizen
LAWBRIDGE_RATELIMITS = {
    # Opinion form (core/spam.py, docs/hardening.md): per browser, past it that browser is asked
    # for the CAPTCHA; per address, past it everyone there is asked — above what a crowd on one
    # Wi-Fi sends (a 立法赶集: 200 people, some commenting on several articles, in an hour)…
    "opinion_submit": "10/h",
    "opinion_submit_address": "500/h",
    # …and past this one even solved CAPTCHAs are refused for the rest of the hour: a flood.
    "opinion_submit_hard": "2000/h",
    "api_opinion_submit": "60/h",
    # Status lookup and withdrawal (HTML + API), forms/views.py: lookups and wrong contacts per
    # address (refused past them), wrong contacts per receipt code (past it: the CAPTCHA).
    "status_lookup": "60/h",
    "status_lookup_miss": "10/h",
    "status_lookup_code": "10/h",
    # Event sign-up (events/registration.py), per address: past the first the CAPTCHA is asked for, past
    # the second even solved CAPTCHAs are refused (a family signs up once, a community worker a few
    # times; NAT makes an address many people).
    "event_register": "5/h",
    "event_register_hard": "30/h",
    # Cancelling a sign-up with its 6-digit code (events/cancellation.py): attempts and wrong codes
    # per address, wrong codes per phone number of an event from any address; refused past them.
    "event_cancel": "30/h",
    "event_cancel_miss": "10/h",
    "event_cancel_phone": "5/h",
    # Self check-in at an event (events/checkin.py): per address (a venue's Wi-Fi is one address
    # for a hall full of people), and per phone number of an event from any address.
    "event_checkin": "120/h",
    "event_checkin_phone": "5/h",
    # Open-data bulk downloads (forms/open_data_api.py), per address: each one reads every
    # published opinion, so a few an hour; the paginated read API is not limited.
    "open_data_download": "20/h",
    # Admin sign-in attempts per address (django-axes also locks username + address).
    "admin_login": "30/15m",
}
for _item in env_list("LAWBRIDGE_RATELIMITS_OVERRIDE"):
    _name, _sep, _rate = _item.partition("=")
    LAWBRIDGE_RATELIMITS[_name.strip()] = _rate.strip()

# Spam defence for public forms (core/spam.py): honeypot, minimum fill time, and an offline
# CAPTCHA (django-simple-captcha, images from our own host) asked for once a client trips a limit
# or a check, for SPAM_CAPTCHA_SECONDS.
SPAM_DEFENCE = env_bool("SPAM_DEFENCE", True)
SPAM_MIN_FILL_SECONDS = int(os.environ.get("SPAM_MIN_FILL_SECONDS", "3"))
SPAM_CAPTCHA_SECONDS = 3600
CAPTCHA_CHALLENGE_FUNCT = "core.spam.digits_challenge"
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 30  # minutes: elderly users take their time
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (120, 50)
CAPTCHA_2X_IMAGE = False
# An audio CAPTCHA needs the flite speech synthesiser on the server; when installed, set
# CAPTCHA_FLITE_PATH=/usr/bin/flite and the widget offers "听语音验证码".
CAPTCHA_FLITE_PATH = os.environ.get("CAPTCHA_FLITE_PATH") or None


# Two-factor sign-in (core/two_factor.py) for whoever can see personal data in clear: the plugins
# declare those permissions (lawbridge_personal_data_permissions hook); list extra ones here.
# Superusers too in production (dev keeps the demo login simple). Their sessions end after
# TWO_FACTOR_IDLE_MINUTES without a request (0: never).
TWO_FACTOR_REQUIRED_PERMISSIONS = env_list("TWO_FACTOR_REQUIRED_PERMISSIONS")
TWO_FACTOR_FOR_SUPERUSERS = env_bool("TWO_FACTOR_FOR_SUPERUSERS", False)
TWO_FACTOR_IDLE_MINUTES = int(os.environ.get("TWO_FACTOR_IDLE_MINUTES", "30"))
# Django's own admin is a second door into the same data: not mounted unless asked for (never in
# production: `check --deploy` fails). When mounted, two-step sign-in holds it like /admin/ and
# OTP devices are not offered there.
DJANGO_ADMIN_ENABLED = env_bool("DJANGO_ADMIN_ENABLED", False)
OTP_TOTP_ISSUER = "立法连心桥"

# Anonymous page cache (core/page_cache.py): off unless PAGE_CACHE_SECONDS is set; production
# turns it on. Paths below are never cached (personal, per-request or admin content); elsewhere a
# cached page sees only the query parameters plugins declare (core/cache_params.py). Plugins add
# their own never-cached paths in their AppConfig (``page_cache_excluded_prefixes``).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
PAGE_CACHE_EXCLUDED_PREFIXES = [
    "/admin/",
    "/django-admin/",
    "/api/",
    "/healthz",
    "/prefs/",
    "/documents/",
    "/captcha/",
    "/_util/",  # Wagtail's sign-in for restricted pages (reads ?next=, sets cookies)
]

ROOT_URLCONF = "lawbridge.urls"
WSGI_APPLICATION = "lawbridge.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "core.context_processors.reading_preferences",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL says otherwise
# (e.g. postgres://postgres@127.0.0.1:5432/test).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}


def sqlite_writers_take_turns(database: dict) -> None:
    """An SQLite file (``make run``, a small point's own machine) serves the threaded development
    server and any command run beside it. A transaction SQLite starts as a reader and then writes
    fails at once with "database is locked" when another writer is under way (waiting could
    deadlock, so SQLite does not wait): a command beside the server failed so, and a publication
    in the admin gave a 500. Transactions that take the write lock as they begin wait for it
    instead, up to ``timeout`` seconds (tests/core/test_sqlite_writers.py). PostgreSQL needs
    none of this."""
    if database.get("ENGINE") != "django.db.backends.sqlite3":
        return
    options = database.setdefault("OPTIONS", {})
    options.setdefault("transaction_mode", "IMMEDIATE")
    options.setdefault("timeout", 20)


sqlite_writers_take_turns(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches (core/caches.py): three stores so that none can crowd out another, Redis when REDIS_URL is
# set (shared by every app server), process memory otherwise.
# - default: Wagtail's and the plugins' small caches; Redis errors are ignored (and logged) there,
#   every caller falls back to the database.
# - pages: the anonymous page cache; bounded, disposable. REDIS_PAGES_URL (default: REDIS_URL)
#   may point at a Redis with maxmemory + allkeys-lru.
# - limits: rate-limit counters and CAPTCHA flags; must never be evicted. REDIS_LIMITS_URL
#   (default: database 1 of REDIS_URL's server) — a separate Redis server with noeviction is best,
#   since maxmemory-policy applies to a whole server, not to one database.
# Short socket timeouts: a Redis that hangs must cost a request half a second, not a worker.
REDIS_URL = os.environ.get("REDIS_URL", "")
PAGE_CACHE_MAX_ENTRIES = int(os.environ.get("PAGE_CACHE_MAX_ENTRIES", "2000"))  # process memory


def _redis_database(url: str, number: int) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{number}"))


def _redis_cache(url: str, prefix: str, **options) -> dict:
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": prefix,
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "SOCKET_CONNECT_TIMEOUT": 0.5,
            "SOCKET_TIMEOUT": 0.5,
            **options,
        },
    }


REDIS_PAGES_URL = os.environ.get("REDIS_PAGES_URL") or REDIS_URL
REDIS_LIMITS_URL = os.environ.get("REDIS_LIMITS_URL") or (
    _redis_database(REDIS_URL, 1) if REDIS_URL else ""
)
if REDIS_URL:
    _prefix = os.environ.get("CACHE_KEY_PREFIX", "lawbridge")
    CACHES = {
        "default": _redis_cache(REDIS_URL, _prefix, IGNORE_EXCEPTIONS=True),
        "pages": _redis_cache(REDIS_PAGES_URL, f"{_prefix}-pages"),
        "limits": _redis_cache(REDIS_LIMITS_URL, f"{_prefix}-limits"),
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "lawbridge.cache.default"  # once a minute: see LOGGING
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": PAGE_CACHE_MAX_ENTRIES},
        },
        "limits": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "limits",
        },
    }
    # Process memory is per gunicorn worker: fine for one development process, but production
    # with several workers needs REDIS_URL for rate limits to count across them.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
RATELIMIT_USE_CACHE = "limits"
# Sessions (sign-ins, flash messages) live in the database, never in a cache only: a Redis outage
# or eviction must not sign editors out or lose a message (production.py refuses cache-only).
SESSION_ENGINE = "django.contrib.sessions.backends.db"

AUTH_USER_MODEL = "users.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Languages. zh-hans must be the LANGUAGE_CODE before the first migrate: Wagtail creates the
# default Locale from it.
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates by format name in each language's convention (2026年11月21日 / Nov. 21, 2026).
FORMAT_MODULE_PATH = ["lawbridge.formats"]
# zh-hant content is converted from zh-hans by OpenCC, then reviewed like any translation.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = {"CLASS": "core.translation.OpenCCTranslator"}

# Static and media files.
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")

# Files only a permission-checked view may serve (opinion attachments): outside MEDIA_ROOT, so a
# web server serving /media/ can never expose them.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private_media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Any S3-compatible object store (MinIO, Aliyun OSS, Tencent COS…) so that several app servers
# share one media library.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "default_acl": None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
            "file_overwrite": False,
        },
    }
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **STORAGES["default"]["OPTIONS"],
            "bucket_name": os.environ.get("AWS_PRIVATE_BUCKET_NAME")
            or os.environ["AWS_STORAGE_BUCKET_NAME"],
            "location": "private",
            "custom_domain": None,
            "querystring_auth": True,
        },
    }

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Email: console in development; SMTP when EMAIL_HOST is set.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "465"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "LawBridge <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Elasticsearch is opt-in; the embedded default is Wagtail's database backend.
ELASTICSEARCH_URL = os.environ.get("ELASTICSEARCH_URL", "")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if "search" in INSTALLED_APPS:
    # The search plugin's backend segments Chinese (jieba) before the database's full-text search
    # sees it, for every model's .search() on the site, the admin's included.
    WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.chinese"

# Wagtail.
WAGTAIL_SITE_NAME = "立法连心桥 LawBridge"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.CustomImage"
# Audio and video (普法 media) are uploaded as documents and played with <video>/<audio>.
WAGTAILDOCS_EXTENSIONS = ["docx", "pdf", "xlsx", "txt", "odt", "zip"]
WAGTAILDOCS_EXTENSIONS += ["mp4", "webm", "mp3", "m4a", "wav"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents are always served through Wagtail's view (/documents/<id>/<name>), which checks
# collection privacy and sends Content-Disposition: attachment (inline only for the types
# below) with a sandboxing CSP. On S3 the view redirects to a short-lived signed URL after that
# check ("redirect"); never "direct", which would bypass privacy. The web server must not
# serve MEDIA_ROOT/documents/ itself.
WAGTAILDOCS_SERVE_METHOD = "redirect" if os.environ.get("AWS_STORAGE_BUCKET_NAME") else "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf", "text/plain"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
]
WAGTAIL_ENABLE_UPDATE_CHECK = False
# No avatars from gravatar.com (a foreign host, unreachable in mainland China, and it would tell
# it who uses the admin): Wagtail shows its default avatar unless a user uploads one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL
WAGTAILAPI_LIMIT_MAX = 100

# Liaison points map: drawn as SVG over a shipped outline. A tile layer only when a (domestic) tile
# server is configured, e.g. https://tiles.example.cn/{z}/{x}/{y}.png; off by default.
LAWBRIDGE_MAP_TILE_URL = os.environ.get("LAWBRIDGE_MAP_TILE_URL", "")
LAWBRIDGE_MAP_TILE_ATTRIBUTION = os.environ.get("LAWBRIDGE_MAP_TILE_ATTRIBUTION", "")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

# Content Security Policy for the public site: our own scripts and styles only (no inline code,
# no foreign hosts). The Wagtail admin manages its own and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *env_list("CSP_EXTRA_IMG_SRC")],
        "media-src": ["'self'", *env_list("CSP_EXTRA_MEDIA_SRC")],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *env_list("CSP_EXTRA_FRAME_SRC")],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Reading preferences (适老化) are remembered in a cookie for a year.
READING_PREFS_COOKIE = "lb_reading"
READING_PREFS_MAX_AGE = 365 * 24 * 3600

LAWBRIDGE_PAGE_TITLE = _("立法连心桥")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "filters": {"once_a_minute": {"()": "core.caches.ReportOncePerMinute"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"level": "WARNING"},
        # One INFO line per background task drowns everything else in the console.
        "django_tasks": {"level": "WARNING"},
        # Errors django-redis ignores in the default cache (core/caches.py): one a minute is
        # enough to see an outage, which healthz and the pages/limits stores report as well.
        "lawbridge.cache.default": {"filters": ["once_a_minute"]},
    },
}
