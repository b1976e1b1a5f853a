"""Maillage settings: one module, every value read from the environment (see README, "Production").

A local, uncommitted `var/local.env` (written by `make install`) gives a newcomer working defaults;
real deployments set the variables themselves. Secrets may be given as NAME_FILE.
"""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from config.env import env, env_bool, env_int, env_list

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env("MAILLAGE_VAR_DIR", str(BASE_DIR / "var")))


def _load_local_env(path: Path) -> None:
    """Fill os.environ from var/local.env without overriding what the environment already says."""
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


_load_local_env(VAR_DIR / "local.env")

TESTING = os.environ.get("MAILLAGE_TESTING") == "1" or "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env("SECRET_KEY", required=not DEBUG) or "dev-only-insecure-key-" + "x" * 40
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")
# Keys for field-level encryption (TOTP secrets, bank details): the first encrypts, all decrypt.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEY") or (
    [] if not DEBUG else ["ZGV2LW9ubHktaW5zZWN1cmUta2V5LTMyLWJ5dGVzISE="]
)
if not FIELD_ENCRYPTION_KEYS:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("The environment variable FIELD_ENCRYPTION_KEY is required.")
# Dedicated key of the pseudonymised study exports (HMAC-SHA256, mixed per export with a random
# value never kept). Production must set it (`check --deploy` fails and the export is refused
# without it); development, tests and the demo derive one from SECRET_KEY.
PSEUDONYMISATION_KEY = env("PSEUDONYMISATION_KEY", "")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_otp",
    "axes",
    "csp",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "maillage.core",
    "maillage.accounts",
    "maillage.access",
    "maillage.audit",
    "maillage.networks",
    "maillage.tasks",
    "maillage.directory",
    "maillage.files",
    "maillage.exports",
    "maillage.retention",
    "maillage.patients",
    "maillage.intake",
    "maillage.assessments",
    "maillage.careplans",
    "maillage.coordination",
    "maillage.hospital",
    "maillage.supportcare",
    "maillage.training",
    "maillage.documents",
    "maillage.reporting",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's and django-otp's, with the user, the session's device and the active network's
    # membership loaded in one query (maillage/accounts/request_user.py).
    "maillage.accounts.request_user.AuthenticationMiddleware",
    "maillage.accounts.request_user.OTPMiddleware",
    "maillage.accounts.middleware.SessionLifetimeMiddleware",
    "maillage.accounts.middleware.SecondFactorRequiredMiddleware",
    "maillage.accounts.middleware.ActiveNetworkMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "maillage.core.middleware.NoStoreForAuthenticatedMiddleware",
    "axes.middleware.AxesMiddleware",
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
                "maillage.core.context_processors.shell",
            ],
            "string_if_invalid": "",
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'maillage.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA foreign_keys=ON; PRAGMA journal_mode=WAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Trigram similarity for the directory search (pg_trgm, created by a directory migration).
    INSTALLED_APPS.append("django.contrib.postgres")
    # One typo in a 5-letter name leaves a word similarity of about 0.45; pg_trgm's 0.6 is too
    # strict for people typing a colleague's name on the phone.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c pg_trgm.word_similarity_threshold=0.4"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# PostgreSQL: the role the application connects with (`manage.py setup_db_roles` creates it);
# it owns nothing and may only SELECT and INSERT on the audit trail.
DATABASE_APP_ROLE = env("DATABASE_APP_ROLE", "maillage_app")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("email", "first_name", "last_name"), "max_similarity": 0.6},
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
PASSWORD_RESET_TIMEOUT = 3600

# Sessions: 12 hours in all, 30 minutes idle (enforced by SessionLifetimeMiddleware).
# Django's database sessions, the row read by a query compiled once (maillage/accounts/sessions.py).
SESSION_ENGINE = "maillage.accounts.sessions"
SESSION_COOKIE_AGE = 12 * 3600
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_COOKIES = env_bool("SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# The __Host- prefix binds cookies to this exact host over HTTPS (no Domain, Path=/).
SESSION_COOKIE_NAME = "__Host-sessionid" if SECURE_COOKIES else "sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken" if SECURE_COOKIES else "csrftoken"
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
CSRF_FAILURE_VIEW = "maillage.core.views.csrf_failure"

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

MAP_TILE_URL = env("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
_TILE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL))  # allowed by the CSP
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", _TILE_ORIGIN],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
    }
}

# Two-factor authentication (django-otp) and lockout (django-axes).
OTP_TOTP_ISSUER = "Maillage"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# One rule for the client address everywhere (audit, lockout, rate limits): only what our
# TRUSTED_PROXY_COUNT proxies appended to X-Forwarded-For counts; a forged header changes nothing.
AXES_CLIENT_IP_CALLABLE = "maillage.core.net.client_ip"
AXES_VERBOSE = False

# Cache: shared in production (Redis or the database), per-process only for development.
_cache_url = env("CACHE_URL", "")
if _cache_url.startswith("redis"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
        }
    }
elif _cache_url == "db":
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "maillage_cache",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Email: sent only from background tasks.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Maillage <ne-pas-repondre@maillage.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
ADMINS: list = []  # no error emails carrying request data

# Backups (PostgreSQL only): encrypted with age to these public keys; see README "Sauvegardes".
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_AGE_RECIPIENTS = env_list("BACKUP_AGE_RECIPIENT")
BACKUP_AGE_IDENTITY_FILE = env("BACKUP_AGE_IDENTITY_FILE", "")
BACKUP_DATABASE_URL = env("BACKUP_DATABASE_URL", "")  # default: the application's database

# Background work: django-tasks with its database backend; tests run tasks at once.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if TESTING or DEBUG
            else "maillage.core.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = TESTING
# Uploaded files live outside any URL; only the files app serves them, after an access check.
PRIVATE_FILES_ROOT = Path(env("PRIVATE_FILES_ROOT", str(VAR_DIR / "files")))
MEDIA_ROOT = PRIVATE_FILES_ROOT
MEDIA_URL = "/nonpublic/"
# Uploads (maillage.files, docs/files.md): antivirus over clamd's socket, failing closed in
# production; size caps; X-Accel-Redirect when the reverse proxy serves the bytes.
CLAMD_SOCKET = env("CLAMD_SOCKET", "/run/clamav/clamd.ctl")
CLAMD_TIMEOUT = env_int("CLAMD_TIMEOUT", 60)
CLAMD_REQUIRED = env_bool("CLAMD_REQUIRED", not (DEBUG or TESTING))
FILES_X_ACCEL_PREFIX = env("FILES_X_ACCEL_PREFIX", "")
FILES_MAX_REQUEST_BYTES = env_int("FILES_MAX_REQUEST_BYTES", 30 * 1024 * 1024)
FILES_MAX_UNCOMPRESSED_BYTES = env_int("FILES_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
FILES_MAX_ARCHIVE_ENTRIES = 5000
FILES_MAX_IMAGE_PIXELS = 50_000_000
FILE_UPLOAD_HANDLERS = [
    "maillage.files.uploadhandlers.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_PERMISSIONS = 0o600
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # form fields other than files (Django's default)
DATA_UPLOAD_MAX_NUMBER_FILES = 20

MAILLAGE_ALLOW_SEED = env_bool("MAILLAGE_ALLOW_SEED", False)
MAILLAGE_DEMO = env_bool("MAILLAGE_DEMO", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "maillage.core.logging.JsonFormatter"}},
    "filters": {"redact_nir": {"()": "maillage.core.logging.RedactNirFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "filters": ["redact_nir"],
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "weasyprint.progress": {"level": "WARNING"},
    },
}

if TESTING:
    INSTALLED_APPS.append("maillage.retention.tests.testapp")  # models for retention tests
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    SECURE_SSL_REDIRECT = False
    AXES_ENABLED = True
