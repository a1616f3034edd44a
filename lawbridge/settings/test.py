"""Test settings: fast hashing, mail in memory, tasks run inline. DATABASE_URL picks the database."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
# Uploaded and generated files (demo pictures, leaflets) never land in the work tree.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lawbridge-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lawbridge-test-private-"))
STORAGES["private"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
}
# django-axes needs the request in authenticate(); the test client's login() has none. The
# lock-out test turns it back on.
AXES_ENABLED = False
# Rate limits and the spam defence are off for the suite (test clients post instantly from one
# address); their own tests turn them on.
RATELIMIT_ENABLE = False
SPAM_DEFENCE = False
