"""Test settings: PostgreSQL and Redis on 127.0.0.1, as `make test` prepares them."""

import os

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DATABASE_URL", "postgres://portfolio:portfolio@127.0.0.1:5432/portfolio")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("DATABASE_POOL", "false")
os.environ.setdefault(
    "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
)

from portfolio.settings import *  # noqa: E402,F403
from portfolio.settings import BASE_DIR, DATABASES  # noqa: E402

# Persistent connections keep the test database from being dropped.
DATABASES["default"]["CONN_MAX_AGE"] = 0
MEDIA_ROOT = BASE_DIR / "var" / "test-uploads"
STORAGES["default"]["OPTIONS"]["location"] = str(MEDIA_ROOT)  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

# whitenoise warns at every request when STATIC_ROOT is missing; tests serve
# static files through the finders instead of collectstatic.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
