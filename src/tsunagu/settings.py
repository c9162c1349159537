"""Tsunagu settings: one module, configured from the environment.

Local defaults make a fresh clone run (`make run`): DEBUG on, SQLite under var/.
`TSUNAGU_ENV=production` turns DEBUG off and refuses to start without the secrets
listed in REQUIRED_IN_PRODUCTION (see deploy/production.env.example).
"""

from __future__ import annotations

import datetime
from pathlib import Path

import environ
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent
BASE_DIR = SRC_DIR.parent.parent
VAR_DIR = Path(environ.Env().str("TSUNAGU_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
TSUNAGU_ENV = env.str("TSUNAGU_ENV", default="development")
if TSUNAGU_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"TSUNAGU_ENV must be development, test or production (got {TSUNAGU_ENV!r})."
    )
PRODUCTION = TSUNAGU_ENV == "production"

REQUIRED_IN_PRODUCTION = (
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "TSUNAGU_ENCRYPTION_KEYS",
)
if PRODUCTION:
    missing = [name for name in REQUIRED_IN_PRODUCTION if not env.str(name, default="")]
    if missing:
        raise ImproperlyConfigured(
            "Production mode needs these environment variables: " + ", ".join(missing)
        )

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
# The development key is public on purpose; production refuses to start without its own.
SECRET_KEY = env.str("SECRET_KEY", default="tsunagu-development-key-not-for-production")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Comma-separated Fernet keys, newest first (used by core's encrypted fields).
TSUNAGU_ENCRYPTION_KEYS = env.list("TSUNAGU_ENCRYPTION_KEYS", default=[])

INSTALLED_APPS = [
    "tsunagu.accounts",
    "tsunagu.core",
    "tsunagu.directory",
    "tsunagu.navigator",
    "tsunagu.referrals",
    "tsunagu.api",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    # Listed so the API docs page serves Swagger UI from our own static files, not a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "tsunagu.core.middleware.RequestIdMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tsunagu.accounts.middleware.IdleTimeoutMiddleware",
    "tsunagu.accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tsunagu.urls"
WSGI_APPLICATION = "tsunagu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tsunagu.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
SUPPORTED_DATABASE_SCHEMES = ("sqlite", "postgres", "postgresql", "pgsql")


def _database_from_env() -> dict:
    url = env.str("DATABASE_URL", default="")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'tsunagu.sqlite3'}"
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in SUPPORTED_DATABASE_SCHEMES:
        raise ImproperlyConfigured(
            "DATABASE_URL must start with postgres:// or sqlite:/// "
            f"(got a value starting with {scheme or 'no scheme'!r})."
        )
    config = env.db_url_config(url)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers and the task worker run while a request writes.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    else:
        config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
CACHE_URL = env.str("CACHE_URL", default="")
if CACHE_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Copies kept inside each web process, for what every public page reads and a shared cache
# would only slow down (a network round trip a read): the ward codes and the navigator's
# shared results (NAV-12). Each copy is short-lived or checked against a token in "default".
CACHES["local"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "tsunagu-local",
    "OPTIONS": {"MAX_ENTRIES": env.int("TSUNAGU_LOCAL_CACHE_ENTRIES", default=2000)},
}

# --- Background work ------------------------------------------------------
# Development and tests run tasks at once; production queues them in the database
# for `tsunagu db_worker`.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND",
            default="django_tasks_db.DatabaseBackend"
            if PRODUCTION
            else "django_tasks.backends.immediate.ImmediateBackend",
        )
    }
}

# --- Accounts -------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out person before the password is even checked.
    "tsunagu.accounts.backends.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Object-level checks (tsunagu.accounts.rules): user.has_perm("...", obj).
    "rules.permissions.ObjectPermissionBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Idle limits (seconds): short for anyone whose role reads personal data (PRIV-6).
TSUNAGU_IDLE_TIMEOUT_PERSONAL_DATA = env.int("TSUNAGU_IDLE_TIMEOUT_PERSONAL_DATA", default=30 * 60)
TSUNAGU_IDLE_TIMEOUT = env.int("TSUNAGU_IDLE_TIMEOUT", default=8 * 3600)
SESSION_COOKIE_AGE = TSUNAGU_IDLE_TIMEOUT
# Lockout after repeated failures (django-axes): per address and per account + address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"  # the sign-in form's field (axes would guess "email")
AXES_USERNAME_CALLABLE = "tsunagu.accounts.backends.lockout_username"
# Staff addresses are personal data: keep them out of the logs (axes logs them at INFO and
# WARNING; see the logger below) and out of a second access log (the audit log has sign-ins).
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["password", "token"]
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="つなぐ")
PASSWORD_RESET_TIMEOUT = 3600

# --- Languages and time ---------------------------------------------------
# Japanese is the source language of every string; やさしい日本語 and English are
# translations. "ja-easy" is not a language Django knows, so it is declared here
# (Django treats a subtag longer than two letters like "sr-latn": locale ja_Easy).
LANG_INFO["ja-easy"] = {
    "bidi": False,
    "code": "ja-easy",
    "name": "Easy Japanese",
    "name_local": "やさしい日本語",
}
LANGUAGE_CODE = "ja"
LANGUAGES = [("ja", "日本語"), ("ja-easy", "やさしい日本語"), ("en", "English")]
# Each app keeps its own catalogue in <app>/locale/ (fewer merge conflicts, clear ownership).
LOCALE_PATHS: list[Path] = []
LANGUAGE_COOKIE_NAME = "tsunagu_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
TIME_ZONE = "Asia/Tokyo"
USE_TZ = True
# "western" (2026年11月26日) or "wareki" (令和8年11月26日).
TSUNAGU_DATE_STYLE = env.str("TSUNAGU_DATE_STYLE", default="western")

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"
# Outside production, serve files straight from the apps (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# --- Site behaviour -------------------------------------------------------
# Where the quick-exit button sends a visitor: a neutral, everyday page.
TSUNAGU_QUICK_EXIT_URL = env.str(
    "TSUNAGU_QUICK_EXIT_URL", default="https://www.jma.go.jp/bosai/forecast/"
)
TSUNAGU_SITE_NAME = env.str("TSUNAGU_SITE_NAME", default="つなぐ")
# Reference and sample data the project ships (areas, national lines, demo entries).
TSUNAGU_DATA_DIR = Path(env.str("TSUNAGU_DATA_DIR", default=str(BASE_DIR / "data")))

# --- Referrals ------------------------------------------------------------
# The address staff emails link to (emails carry a link, never personal details).
TSUNAGU_SITE_URL = env.str("TSUNAGU_SITE_URL", default="http://127.0.0.1:8000")
# Closed referrals keep the person's details this long, then `purge_referrals` erases them.
TSUNAGU_REFERRAL_RETENTION_DAYS = env.int("TSUNAGU_REFERRAL_RETENTION_DAYS", default=3 * 365)
# A Japanese TrueType/OpenType font for PDFs; empty means reportlab's built-in CID font.
TSUNAGU_PDF_FONT_PATH = env.str("TSUNAGU_PDF_FONT_PATH", default="")
# Poster ids the navigator counts (`src=`); any other value is recorded as "" (NAV-8).
TSUNAGU_POSTER_IDS = env.list("TSUNAGU_POSTER_IDS", default=[])
# Results pages and API answers are shared between visitors for at most this long (NAV-12);
# 0 turns the sharing off.
TSUNAGU_NAVI_CACHE_SECONDS = env.int("TSUNAGU_NAVI_CACHE_SECONDS", default=300)
# How often a web process asks the shared cache whether the directory changed (NAV-12).
TSUNAGU_DIRECTORY_CHECK_SECONDS = env.float(
    "TSUNAGU_DIRECTORY_CHECK_SECONDS", default=1.0 if PRODUCTION else 0.0
)
# Each web process adds up the anonymous usage counts and writes them at most this often
# (NAV-13); 0 writes every count at once. Production batches so a busy page does not queue
# on one row.
TSUNAGU_USAGE_FLUSH_SECONDS = env.int(
    "TSUNAGU_USAGE_FLUSH_SECONDS", default=10 if PRODUCTION else 0
)

# --- Email ----------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="tsunagu@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy (django-csp): only this site's own files; no inline scripts or
# styles, no frames, forms post only here. Templates must keep JavaScript in static files.
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
    }
}
# How many reverse proxies in front of the app add X-Forwarded-For (rate limits per address).
TSUNAGU_TRUSTED_PROXY_COUNT = env.int("TSUNAGU_TRUSTED_PROXY_COUNT", default=0)
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

# --- Logging --------------------------------------------------------------
# Request logs name the path and status only; no personal data or typed text is logged.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # django-axes names the address in its messages; lockouts are visible in the admin instead.
    "loggers": {"axes": {"level": "ERROR"}},
}
