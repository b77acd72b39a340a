"""One environment-driven settings module; dev/test/production only adjust it."""

from __future__ import annotations

from pathlib import Path

from config.env import env_bool, env_int, env_list, env_path, env_str, parse_database_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# Everything the platform writes (database, search index, job queue, uploads, backups)
# lives under MAILLAGE_HOME so one directory is the whole state of an installation.
MAILLAGE_HOME = env_path("MAILLAGE_HOME", BASE_DIR / "var")
MAILLAGE_HOME.mkdir(parents=True, exist_ok=True)
SEARCH_INDEX_DIR = MAILLAGE_HOME / "index"
UPLOAD_DIR = MAILLAGE_HOME / "uploads"
BACKUP_DIR = MAILLAGE_HOME / "backups"
MEDIA_ROOT = str(UPLOAD_DIR)
MEDIA_URL = "/media/"

# Where the open-data loaders look when no --from is given.
OPENDATA_DIR = env_str("MAILLAGE_OPENDATA_DIR", "")

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{MAILLAGE_HOME / 'maillage.sqlite3'}")
_db = parse_database_url(DATABASE_URL)
DATABASES = {"default": _db.to_django()}
if _db.engine == "postgresql":
    DATABASES["default"]["ATOMIC_REQUESTS"] = True
    DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60, minimum=0)
    DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME", "test_maillage")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    # django-ninja in INSTALLED_APPS serves its bundled swagger-ui files (offline API docs).
    "ninja",
    "maillage.common",
    "maillage.accounts",
    "maillage.opendata",
    "maillage.directory",
    "maillage.search",
    "maillage.matching",
    "maillage.funding",
    "maillage.training",
    "maillage.observatory",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "maillage.common.middleware.SecurityHeadersMiddleware",
    "maillage.accounts.middleware.StaffSessionTimeoutMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "maillage.common.context_processors.platform",
            ],
        },
    }
]

AUTH_PASSWORD_VALIDATORS = [
    # QUALITY.md: at least 12 characters, no composition rules.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "common:home"
LOGOUT_REDIRECT_URL = "common:home"

# Sessions: staff get 30 min idle / 12 h absolute (enforced by StaffSessionTimeoutMiddleware).
SESSION_COOKIE_AGE = 12 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
STAFF_SESSION_IDLE_SECONDS = env_int("STAFF_SESSION_IDLE_SECONDS", 30 * 60, minimum=60)
STAFF_SESSION_ABSOLUTE_SECONDS = env_int("STAFF_SESSION_ABSOLUTE_SECONDS", 12 * 3600, minimum=60)
LOGIN_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("LOGIN_FAILURE_WINDOW_SECONDS", 300, minimum=1)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = MAILLAGE_HOME / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# E-mail: console in dev, SMTP in production (EMAIL_BACKEND=smtp plus EMAIL_HOST...).
_EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_email_backend = env_str("EMAIL_BACKEND", "console")
if _email_backend not in _EMAIL_BACKENDS:
    from config.env import ImproperlyConfiguredEnv

    raise ImproperlyConfiguredEnv(
        f"EMAIL_BACKEND={_email_backend!r} is not one of {sorted(_EMAIL_BACKENDS)}"
    )
EMAIL_BACKEND = _EMAIL_BACKENDS[_email_backend]
EMAIL_FILE_PATH = str(MAILLAGE_HOME / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "maillage <ne-pas-repondre@maillage.local>")

# Background jobs: Huey on SQLite by default (no server), Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL", "")
HUEY_IMMEDIATE = env_bool("HUEY_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "maillage",
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "maillage",
        "filename": str(MAILLAGE_HOME / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# Cache shared by every web worker (rate limits, cached summaries): Redis when REDIS_URL is set,
# else files under MAILLAGE_HOME (one machine, no server); a per-process memory cache would let
# each gunicorn worker count its own requests.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "maillage",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(MAILLAGE_HOME / "cache"),
        }
    }

# Absolute address of the site, for links in e-mails.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Matchmaking follow-up: remind after N days without answer, re-route after M days.
MATCHING_REMINDER_DAYS = env_int("MATCHING_REMINDER_DAYS", 3, minimum=1)
MATCHING_REROUTE_DAYS = env_int("MATCHING_REROUTE_DAYS", 7, minimum=1)
# Cyber emergency: alert staff when nobody accepted within this many minutes.
EMERGENCY_ESCALATE_MINUTES = env_int("EMERGENCY_ESCALATE_MINUTES", 60, minimum=1)
EMERGENCY_CSIRT_NAME = env_str("EMERGENCY_CSIRT_NAME", "CSIRT régional")
EMERGENCY_CSIRT_DETAIL = env_str(
    "EMERGENCY_CSIRT_DETAIL",
    "Centre régional de réponse aux incidents cyber (TPE, PME, ETI, collectivités, associations).",
)
EMERGENCY_CSIRT_URL = env_str(
    "EMERGENCY_CSIRT_URL", "https://www.cert.ssi.gouv.fr/csirt/csirt-regionaux/"
)

# Region the installation serves (INSEE region code): 28 = Normandie.
REGION_CODE = env_str("MAILLAGE_REGION", "28")
PLATFORM_NAME = env_str("MAILLAGE_PLATFORM_NAME", "maillage — Normandie numérique")

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
