"""Settings for the learning portfolio platform, read from the environment.

Every value can be set as an environment variable or in a `.env` file beside
manage.py. Without any of them the site runs on SQLite with an embedded Celery
broker, which is what `make demo` uses.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is missing: set it in the environment or in .env "
            "(make demo writes one for you)."
        )
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# School identity, printed on PDFs and written into central-database rosters.
SCHOOL_CODE = env("SCHOOL_CODE", default="030305")
SCHOOL_NAME = env("SCHOOL_NAME", default="桃園市立壽山高級中等學校")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")
# Printed on paper notices as the address and contacts departed students reply to.
SCHOOL_ADDRESS = env("SCHOOL_ADDRESS", default="")
SCHOOL_PHONE = env("SCHOOL_PHONE", default="")
REGISTRY_EMAIL = env("REGISTRY_EMAIL", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "guardian",
    "import_export",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "bootstrap",
    "portfolio",
    "audit",
    "accounts",
    "records",
    "submissions",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # zh-Hant unless the user picks English in the menu, whatever the browser asks for.
    "accounts.middleware.IgnoreBrowserLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # django-axes must come last because it records the outcome of every login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portfolio.urls"
WSGI_APPLICATION = "portfolio.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "portfolio.context_processors.school",
                "notifications.context_processors.unread_notifications",
            ],
            "builtins": ["portfolio.templatetags.roc"],
        },
    },
]

# Database: SQLite by default, PostgreSQL (psycopg 3) in production and tests.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'portfolio.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    if env.bool("DATABASE_POOL", default=not DEBUG):
        # Django's pool needs CONN_MAX_AGE = 0: the pool keeps the connections.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": env.int("DATABASE_POOL_MIN", default=2),
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
        }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a Celery worker write to one file in the demo, so wait
    # for the lock instead of failing at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account and address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True

# Language and calendar.
LANGUAGE_CODE = "zh-hant"
LANGUAGES = [("zh-hant", "繁體中文"), ("en", "English")]
# makemessages writes the project's strings into the first entry, locale/.
# locale_vendor/ holds hand-maintained zh-Hant for django-guardian,
# django-import-export, django-celery-beat and django-axes, which ship no
# Traditional Chinese. Where both translate a msgid, locale/ wins.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
TIME_ZONE = "Asia/Taipei"
USE_I18N = True
USE_TZ = True

# Static files: the project's own and those of packages (Bootstrap, htmx),
# served by whitenoise. No CDN.
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files live in private storage and are only served through views
# that check permissions, so there is no MEDIA_URL to serve them publicly.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "uploads"))
STORAGE_BACKEND = env("STORAGE_BACKEND", default="local")
if STORAGE_BACKEND == "s3":
    default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env("S3_BUCKET"),
            "endpoint_url": env("S3_ENDPOINT_URL", default=None),
            "access_key": env("S3_ACCESS_KEY", default=None),
            "secret_key": env("S3_SECRET_KEY", default=None),
            "region_name": env("S3_REGION", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND == "local":
    default_storage = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(MEDIA_ROOT), "base_url": None},
    }
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be 'local' or 's3', not {STORAGE_BACKEND!r}.")

STORAGES = {
    "default": default_storage,
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_BACKEND",
            default="whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}

# How protected files leave the server: "django" streams them from Django,
# "x-accel-redirect" (nginx) or "x-sendfile" (Apache) hand them to the web server.
FILE_SERVING = env("FILE_SERVING", default="django")
FILE_SERVING_INTERNAL_PREFIX = env("FILE_SERVING_INTERNAL_PREFIX", default="/protected/")

# Key for encrypting national ID numbers at rest (a Fernet key). Without it a
# key is derived from SECRET_KEY, so changing SECRET_KEY then makes the stored
# numbers unreadable.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", default="")

# Cache and Celery: Redis when REDIS_URL is set, otherwise in-process cache and
# an embedded file-system broker (one machine, no Redis).
REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
    CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=REDIS_URL)
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(broker_dir / "queue"),
        "data_folder_out": str(broker_dir / "queue"),
        "processed_folder": str(broker_dir / "processed"),
        "store_processed": False,
    }
    # Progress of long jobs is kept in the database (records.Job), so the
    # embedded mode needs no result backend.
    CELERY_RESULT_BACKEND = None
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# E-mail: console in the demo, SMTP from EMAIL_URL in production.
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="portfolio@school.example")

# Portfolio limits. The defaults are this school's rules; other schools may
# change them here without touching code.
PORTFOLIO = {
    "OUTCOMES_PER_TERM": env.int("OUTCOMES_PER_TERM", default=6),
    "PERFORMANCES_PER_YEAR": env.int("PERFORMANCES_PER_YEAR", default=20),
    "SELECTED_OUTCOMES_PER_YEAR": env.int("SELECTED_OUTCOMES_PER_YEAR", default=6),
    "SELECTED_PERFORMANCES_PER_YEAR": env.int("SELECTED_PERFORMANCES_PER_YEAR", default=10),
    "DOCUMENT_MAX_BYTES": env.int("DOCUMENT_MAX_BYTES", default=4 * 1024 * 1024),
    "MEDIA_MAX_BYTES": env.int("MEDIA_MAX_BYTES", default=10 * 1024 * 1024),
    "SUMMARY_MAX_CHARS": 100,
    "RECEIPT_WINDOW_MIN_DAYS": 3,
    "OBJECTION_ANSWER_DAYS": 3,
    # A subject grade passes at this score or above (the national 60-point scale).
    "GRADE_PASS_MARK": env.int("GRADE_PASS_MARK", default=60),
    "SEALED_YEARS": 3,
    "REMINDER_DAYS_BEFORE": env.list("REMINDER_DAYS_BEFORE", cast=int, default=[7, 3, 1]),
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
# Behind a TLS-terminating proxy (the docker-compose setup), trust its
# X-Forwarded-Proto header so that links in e-mails start with https://.
if env.bool("BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes announces its configuration at INFO on every start, and
    # WeasyPrint and fontTools log every rendering step at INFO.
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("django.db.backends", "axes.apps", "weasyprint", "fontTools")
    },
}
