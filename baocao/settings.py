"""baocao's one settings module.  Every option is read from the environment and listed, with its
default, in docs/settings.md.  With nothing set it runs on a SQLite file under var/."""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

from baocao.lib.env import env, envbool, envint, envlist

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env("BAOCAO_DATA_DIR", str(BASE_DIR / "var")))


def _secret_key() -> str:
    """SECRET_KEY from the environment; otherwise one made once and kept in DATA_DIR."""
    key = env("SECRET_KEY")
    if key:
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = envbool("DEBUG", False)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "baocao.core",
    # Before organisation, whose admin module takes their devices out of the admin pages.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "baocao.organisation",
    "baocao.audit",
    "baocao.outbox",
    "baocao.catalogue",
    "baocao.core.apps.BaocaoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "baocao.collection",
    "baocao.consolidation",
    "baocao.drafting",
    "baocao.documents",
    "baocao.quality",
    "baocao.records",
    "baocao.api",
    "django_htmx",
    "huey.contrib.djhuey",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "baocao.lib.requestlog.RequestLogMiddleware",
    "baocao.core.health.HealthMiddleware",
    "baocao.lib.memo.RequestMemoMiddleware",
    # Refuses a body over the limits by its Content-Length, and while it is read, before
    # anything else (or any upload handler) touches it.
    "baocao.lib.limits.RequestBodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "baocao.core.middleware.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "baocao.lib.sessions.SessionRefreshMiddleware",
    "baocao.core.middleware.LanguageMiddleware",
    "baocao.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "baocao.organisation.middleware.AbsoluteSessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "baocao.organisation.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "baocao.audit.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "baocao.urls"
WSGI_APPLICATION = "baocao.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "baocao" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "baocao.core.context_processors.frame",
            ],
            "builtins": ["baocao.core.templatetags.baocao"],
        },
    },
]

# Database: a SQLite file by default; PostgreSQL (or any dj-database-url URL) with DATABASE_URL.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=envint("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
    # Behind pgbouncer in transaction pooling: no server-side cursors (docs/deploy.md).
    _no_cursors = envbool("DB_DISABLE_SERVER_SIDE_CURSORS", False)
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = _no_cursors
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "baocao.sqlite3",
            "OPTIONS": {
                # Take the write lock at BEGIN: concurrent writers wait instead of failing midway.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organisation.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", 10)}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, the signed-in user read without compiling a queryset each request
    "baocao.organisation.sessions.ModelBackend",
]

# Sign-in throttling (django-axes).  Failures are counted three ways, and any one count at
# AXES_FAILURE_LIMIT locks for AXES_COOLOFF_MINUTES: one user name from one address; one user
# name from any address (AXES_ACCOUNT_FAILURE_LIMIT: spraying one account from many addresses);
# one address against any user name (AXES_ADDRESS_FAILURE_LIMIT: one address trying many
# accounts).  The lockout page says until when, in Vietnamese.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_ACCOUNT_FAILURE_LIMIT = envint("AXES_ACCOUNT_FAILURE_LIMIT", 20)
AXES_ADDRESS_FAILURE_LIMIT = envint("AXES_ADDRESS_FAILURE_LIMIT", 30)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_HANDLER = "baocao.organisation.throttle.ThrottleHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "baocao.organisation.throttle.lockout_response"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How many reverse proxies stand in front; the client address is taken from X-Forwarded-For
# only through that many of them (baocao.lib.net and django-axes read the same number).
BAOCAO_PROXY_COUNT = envint("BAOCAO_PROXY_COUNT", 0)
AXES_IPWARE_PROXY_COUNT = BAOCAO_PROXY_COUNT or None
AXES_VERBOSE = False

# Second factor (django-otp, TOTP with recovery codes): required of whoever signs, issues,
# administers or holds a leader's role (organisation.access.needs_second_factor), optional for
# the others.  The issuer is the name an authenticator app shows beside the code.
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "baocao")
OTP_TOTP_THROTTLE_FACTOR = 1
OTP_STATIC_THROTTLE_FACTOR = 1

# Sessions end after SESSION_COOKIE_AGE seconds without a request (the expiry refreshed at most
# once a minute by baocao.lib.sessions, not written on every request), and in any case
# SESSION_ABSOLUTE_AGE seconds after sign-in.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 2 * 60 * 60)
SESSION_ABSOLUTE_AGE = envint("SESSION_ABSOLUTE_AGE", 12 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
# Django's database sessions, read without compiling a queryset each request
SESSION_ENGINE = "baocao.organisation.sessions"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", False)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", False)
# Behind HTTPS the cookies take the __Host- prefix: the browser then keeps them only when set
# over HTTPS, for this host alone (no Domain) and for the whole site (Path=/).
if SESSION_COOKIE_SECURE:
    SESSION_COOKIE_NAME = "__Host-baocao_session"
if CSRF_COOKIE_SECURE:
    CSRF_COOKIE_NAME = "__Host-baocao_csrftoken"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
if envbool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp): scripts only from this server (and the nonce of the
# page), no eval (Vega's charts use its CSP-safe expression interpreter); styles from this
# server and inline style attributes (Bootstrap's and Vega's SVG); images from here and data:
# URLs (QR codes, the report's charts); frames and forms of this origin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
    },
}
# Browser features no page of baocao uses are refused for every origin.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

# Language and time: Vietnamese first, English selectable; Vietnam's time.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "baocao" / "locale"]
LANGUAGE_COOKIE_NAME = "baocao_language"
TIME_ZONE = env("TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(DATA_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "baocao" / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"

# Files (units' attachments, request letters): one storage every application server sees.  A
# directory by default (on shared storage when there are several servers); S3-compatible object
# storage through django-storages (`pip install 'baocao[s3]'`).  Issued documents' PDFs and signing
# keys are kept in the database.
BAOCAO_FILE_STORAGE = env("BAOCAO_FILE_STORAGE", "directory")
MEDIA_ROOT = Path(env("BAOCAO_FILES_DIR", str(DATA_DIR / "media")))
if BAOCAO_FILE_STORAGE == "directory":
    _files = {"BACKEND": "django.core.files.storage.FileSystemStorage",
              "OPTIONS": {"file_permissions_mode": 0o640, "directory_permissions_mode": 0o750}}
elif BAOCAO_FILE_STORAGE == "s3":
    _files = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": env("BAOCAO_S3_BUCKET"),
        "endpoint_url": env("BAOCAO_S3_ENDPOINT_URL") or None,
        "region_name": env("BAOCAO_S3_REGION") or None,
        "access_key": env("BAOCAO_S3_ACCESS_KEY") or None,
        "secret_key": env("BAOCAO_S3_SECRET_KEY") or None,
        "location": env("BAOCAO_S3_PREFIX"),
        "default_acl": "private", "querystring_auth": True, "file_overwrite": False}}
else:
    raise ImproperlyConfigured("BAOCAO_FILE_STORAGE must be 'directory' or 's3', "
                     f"not {BAOCAO_FILE_STORAGE!r}")
STORAGES = {
    "default": _files,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# E-mail: SMTP when EMAIL_HOST is set; otherwise messages are printed to the console.
if env("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env("EMAIL_HOST"),
                "port": envint("EMAIL_PORT", 587),
                "username": env("EMAIL_HOST_USER"),
                "password": env("EMAIL_HOST_PASSWORD"),
                "use_tls": envbool("EMAIL_USE_TLS", True),
                "use_ssl": envbool("EMAIL_USE_SSL", False),
                "timeout": envint("EMAIL_TIMEOUT", 20),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "baocao@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The committee whose reports this installation runs: the code of its OrgUnit.  Empty: the one
# top-level administrative unit.
BAOCAO_COMMITTEE_CODE = env("BAOCAO_COMMITTEE_CODE")
# The symbol after the number of an issued report: 125/BC-UBND.
BAOCAO_REPORT_SYMBOL = env("BAOCAO_REPORT_SYMBOL", "BC-UBND")
# The symbol after the number of the committee's letters (công văn), numbered from their own
# register: 123/UBND-VP (the committee, then the unit that drafts them).
BAOCAO_LETTER_SYMBOL = env("BAOCAO_LETTER_SYMBOL", "UBND-VP")
# Digital signatures (PAdES): the signer signs with their key, the clerk seals with the
# committee's.  Off, signing and issuing record who and when without a digital signature.
BAOCAO_DIGITAL_SIGNATURES = envbool("BAOCAO_DIGITAL_SIGNATURES", True)
BAOCAO_SEAL_PASSWORD = env("BAOCAO_SEAL_PASSWORD")
BAOCAO_TRUST_ROOTS = envlist("BAOCAO_TRUST_ROOTS")
BAOCAO_PKCS11_MODULE = env("BAOCAO_PKCS11_MODULE", "/usr/lib/softhsm/libsofthsm2.so")
# Largest CSV file accepted by the import commands and pages, in bytes.
BAOCAO_MAX_IMPORT_BYTES = envint("BAOCAO_MAX_IMPORT_BYTES", 10 * 1024 * 1024)
# Largest attachment (scanned paper copy) and Excel upload, in bytes.
BAOCAO_MAX_ATTACHMENT_BYTES = envint("BAOCAO_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)
BAOCAO_MAX_XLSX_BYTES = envint("BAOCAO_MAX_XLSX_BYTES", 5 * 1024 * 1024)
# Largest image of a signature or a seal (PNG or JPEG), in bytes.
BAOCAO_MAX_IMAGE_BYTES = envint("BAOCAO_MAX_IMAGE_BYTES", 2 * 1024 * 1024)
# Render a draft's PDF in the background as soon as a version is saved, so that signing and
# issuing find it ready.
BAOCAO_PRERENDER = envbool("BAOCAO_PRERENDER", True)
# Request bodies: a form without files holds at most DATA_UPLOAD_MAX_MEMORY_SIZE bytes; an
# upload is kept in memory up to FILE_UPLOAD_MAX_MEMORY_SIZE, on disk beyond.  No body may
# exceed BAOCAO_MAX_REQUEST_BYTES (the largest file limit and room for the form around it):
# RequestBodyLimitMiddleware refuses it by its Content-Length, or while it is read, before any
# of it is written to disk.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_HANDLERS = [
    "baocao.lib.limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
_LARGEST_FILE = max(BAOCAO_MAX_ATTACHMENT_BYTES, BAOCAO_MAX_XLSX_BYTES, BAOCAO_MAX_IMPORT_BYTES)
BAOCAO_MAX_REQUEST_BYTES = envint("BAOCAO_MAX_REQUEST_BYTES", _LARGEST_FILE + 512 * 1024)
# /documents/verify/ (anyone, without signing in): the largest PDF it reads, the most objects
# and the longest signature (/Contents) it accepts before pyHanko opens it, the seconds it may
# take, and how many checks one address may ask for per minute.
BAOCAO_VERIFY_MAX_BYTES = envint("BAOCAO_VERIFY_MAX_BYTES", 10 * 1024 * 1024)
BAOCAO_VERIFY_MAX_OBJECTS = envint("BAOCAO_VERIFY_MAX_OBJECTS", 20_000)
BAOCAO_VERIFY_MAX_CONTENTS = envint("BAOCAO_VERIFY_MAX_CONTENTS", 64 * 1024)
BAOCAO_VERIFY_SECONDS = envint("BAOCAO_VERIFY_SECONDS", 10)
BAOCAO_VERIFY_PER_MINUTE = envint("BAOCAO_VERIFY_PER_MINUTE", 10)
# The API (/api/): requests one caller (a token's owner, a Basic user) may make per minute; and
# per address with an unknown token.
BAOCAO_API_PER_MINUTE = envint("BAOCAO_API_PER_MINUTE", 300)

# Quality (QT.07).  The public survey, suggestion and tracking pages take at most this many
# requests per hour from one address (0: no limit).
BAOCAO_PUBLIC_ANSWERS_PER_HOUR = envint("BAOCAO_PUBLIC_ANSWERS_PER_HOUR", 30)
BAOCAO_PUBLIC_SUGGESTIONS_PER_HOUR = envint("BAOCAO_PUBLIC_SUGGESTIONS_PER_HOUR", 5)
BAOCAO_PUBLIC_LOOKUPS_PER_HOUR = envint("BAOCAO_PUBLIC_LOOKUPS_PER_HOUR", 30)
# Working days each person has for their step of an improvement suggestion (the head, the QMR,
# telling the author); the assignee's due date is set by the QMR.
BAOCAO_SUGGESTION_STEP_DAYS = envint("BAOCAO_SUGGESTION_STEP_DAYS", 5)

# Background jobs (huey): a SQLite file by default; Redis when REDIS_URL is set.  `baocao worker`
# runs them.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "baocao", "url": REDIS_URL,
            "immediate": envbool("HUEY_IMMEDIATE", False)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # the queue's file is opened at start-up
    HUEY = {"huey_class": "huey.SqliteHuey", "name": "baocao",
            "filename": str(DATA_DIR / "huey.sqlite3"),
            "immediate": envbool("HUEY_IMMEDIATE", False)}

# Rollups: a write notes its change and the worker recomputes the units above it, many changes
# at once, after the commit (a consolidation drains what is left before reading, so it stays
# exact).  Off: each write recomputes them in its own transaction.
BAOCAO_ROLLUPS_DEFERRED = envbool("BAOCAO_ROLLUPS_DEFERRED", True)

# The production server: `baocao serve` (gunicorn).
BAOCAO_BIND = env("BAOCAO_BIND", "127.0.0.1:8000")
BAOCAO_WORKERS = envint("BAOCAO_WORKERS", 2 * (os.cpu_count() or 1))
BAOCAO_TIMEOUT = envint("BAOCAO_TIMEOUT", 120)
BAOCAO_MAX_REQUESTS = envint("BAOCAO_MAX_REQUESTS", 2000)
BAOCAO_FORWARDED_ALLOW_IPS = env("BAOCAO_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Observability: one JSON line per request on standard error; slow ones at WARNING; /healthz.
BAOCAO_REQUEST_LOG = envbool("BAOCAO_REQUEST_LOG", True)
BAOCAO_SLOW_REQUEST_MS = envint("BAOCAO_SLOW_REQUEST_MS", 1000)
BAOCAO_HEALTH_MIN_FREE_MB = envint("BAOCAO_HEALTH_MIN_FREE_MB", 1024)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The cache holds the rate limits (baocao.lib.ratelimit) and rendered PDFs, so it must be
# shared by every application process: a file cache under BAOCAO_DATA_DIR (one machine), or
# Redis with REDIS_URL (several servers).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                          "LOCATION": REDIS_URL, "KEY_PREFIX": "baocao"}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                          "LOCATION": str(DATA_DIR / "cache"),
                          "OPTIONS": {"MAX_ENTRIES": 10_000}}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"message": {"format": "%(message)s"}},
    # an ordinary 403/404 is one line, without the traceback Django gives it (lib/logfilters.py)
    "filters": {"quiet_client_errors": {"()": "baocao.lib.logfilters.QuietClientErrors"}},
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["quiet_client_errors"]},
                 "requests": {"class": "logging.StreamHandler", "formatter": "message"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {"baocao.request": {"handlers": ["requests"], "level": "INFO",
                                   "propagate": False}},
}
