"""Django settings, read from the environment; the defaults serve a laptop on SQLite.

Production: set SAFETOUCH_ENV=production, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}: expected true or false, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}: expected an integer, got {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


PRODUCTION = env_str("SAFETOUCH_ENV", "development") == "production"
DATA_DIR = Path(env_str("SAFETOUCH_DATA_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env_str("SECRET_KEY", "" if PRODUCTION else "dev-only-insecure-key-" + "x" * 40)
if PRODUCTION and len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY: set a random key of at least 50 characters")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "safetouch.core",
    "safetouch.accounts",
    "safetouch.clients",
    "safetouch.treatments",
    "safetouch.planning",
    "safetouch.handoff",
    "safetouch.guidance",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "safetouch.audit",
    "safetouch.sharing",
    "safetouch.checkins",
    "ninja",
    "safetouch.api",
    "safetouch.portability",
    "safetouch.practice",
    "safetouch.reminders",
    # The demo practice loads records of many apps: it comes last, above them all.
    "safetouch.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "safetouch.core.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "safetouch.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safetouch.accounts.middleware.UserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "safetouch.accounts.twofactor.TwoFactorMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "safetouch.urls"
WSGI_APPLICATION = "safetouch.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def _database() -> dict:
    default_sqlite = f"sqlite:///{DATA_DIR / 'safetouch.sqlite3'}"
    config = dj_database_url.parse(env_str("DATABASE_URL", default_sqlite))
    # Each worker keeps its connection between requests (checked before reuse) instead
    # of opening one and running the PRAGMAs below for every request.
    config["CONN_MAX_AGE"] = env_int("CONN_MAX_AGE", 60)
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers work beside one writer; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue on the busy timeout instead of failing mid-way;
        # synchronous=FULL keeps acknowledged commits through a power loss.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            ),
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"  # a therapist lands on her clients: accounts.views.Login
LOGOUT_REDIRECT_URL = "home"
# A password reset link works once, and for one hour.
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# django-axes checks every login for lockout before the password is tried.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, reading the logged-in user through a compiled query.
    "safetouch.accounts.backends.ModelBackend",
]
# Five wrong passwords lock the account, and separately the address they came from, for
# 15 minutes (ASVS 2.2.1 allows at most 100 an hour). Locking the account stops guessing
# from many addresses; locking the address stops trying one password on many accounts.
# The price: someone can lock another person out for 15 minutes.
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field, not the model's `email`
AXES_USERNAME_CALLABLE = "safetouch.accounts.lockout.lockout_username"
AXES_CLIENT_IP_CALLABLE = "safetouch.core.addresses.client_ip"
# How many reverse proxies of ours stand in front of the app (each appends the address
# it saw to X-Forwarded-For); 0 trusts REMOTE_ADDR alone.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
AXES_VERBOSE = False

# How many clients' records each process keeps, each under her record's version
# (safetouch.records.load): a page then reads one number, not her whole history.
RECORDS_KEPT = env_int("RECORDS_KEPT", 200)
# Fragments drawn from records (`safetouch.core.cache.remembered`) each process keeps.
FRAGMENTS_KEPT = env_int("FRAGMENTS_KEPT", 1000)

# Sessions end after 30 minutes without a request.
# Django's database sessions, the row read through a compiled query.
SESSION_ENGINE = "safetouch.accounts.sessions"
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = False  # IdleSessionMiddleware refreshes it once a minute
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = False
USE_TZ = True
# One format everywhere (safetouch.core.timefmt): "Tue 1 Dec 2026", "17:25". Times are
# shown in the viewer's own zone (accounts.middleware.UserTimeZoneMiddleware).
FORMAT_MODULE_PATH = ["safetouch.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# WhiteNoise serves static files from the app processes, so a production server needs no
# separate web server for them; without a collectstatic run it finds them in place.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): only our own scripts and styles, no inline code;
# htmx is told not to inject its indicator styles and not to eval (see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# A laptop prints mail to the console; production must name a backend that sends it, or
# it refuses to start (safetouch.core.checks: invitation codes must not land in a log).
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND", "" if PRODUCTION else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "SafeTouch <noreply@localhost>")
# Reminder emails go out from a local hour per kind (reminders.due.SEND_FROM); a number
# here sends every kind from that hour instead (`make run` sets 0, so the demo's
# reminders print at once whatever the time of day).
REMINDERS_FROM_HOUR = env_int("REMINDERS_FROM_HOUR", -1)
# Where emails link to (reminders, unsubscribe): the address people open the app at.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

OTP_TOTP_ISSUER = "SafeTouch"

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Every handler redacts secrets (share and feed tokens, API tokens, codes in a query) from
# the finished line; `django.server` is the development server's request log.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "safetouch.core.logsafety.RedactSecrets"}},
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["redact"]},
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact"],
        },
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # WeasyPrint reports every layout step at INFO; only its warnings matter here.
        "weasyprint.progress": {"level": "WARNING"},
    },
}
