"""
The one settings module of newsportal.

Every value an operator may change comes from the environment, or from a
`.env` file beside manage.py when there is one (see `.env.example` and the
configuration table in README.md). Production is the default: debug off,
HTTPS-only cookies and the HTTPS redirect on, and no secret key built in.
"""

import os
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from articles.embeds import DEFAULT_MASTODON_HOSTS
from articles.embeds import frame_hosts as embed_frame_hosts

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# DJANGO_READ_ENV_FILE=0 ignores a local .env (tests that must see production's defaults).
if env.bool("DJANGO_READ_ENV_FILE", default=True) and (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)

# Read as it is: django-environ would take a key starting with "$" for a
# reference to another variable.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it in the environment or in .env "
            "(`make run` writes a .env with a generated key), for example: "
            "DJANGO_SECRET_KEY=$(python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    # Only a developer with DJANGO_DEBUG=1 gets here; a debug-only key keeps
    # sessions working across restarts without ever reaching production.
    SECRET_KEY = "insecure-debug-only-key-never-used-when-debug-is-off"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = env.str("SITE_NAME", default="BBN – Big Big News")
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, whose forms it extends with a field per language.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "django.contrib.sitemaps",
    # The database backend of Django's Tasks framework: mail and notices wait in a table.
    "django_tasks_db",
    # Revisions of articles (articles/revisions.py): every save kept, with who and when.
    "reversion",
    "newsportal",
    "accounts",
    "articles",
    "comments",
    "importers",
    "pages",
    "media_library",
    "demo",
    "api",
    # Its docs page's templates and its own copy of Swagger UI (no CDN).
    "ninja",
    # The article body editor's scripts and styles (articles/widgets.py).
    "django_prose_editor",
]

MIDDLEWARE = [
    # First: every later log line of the request carries its id, and every
    # request ends in exactly one access line.
    "newsportal.request_log.RequestLogMiddleware",
    # Load balancers' probes are answered before the host check and the HTTPS
    # redirect: they come over plain HTTP, often with an IP address as host.
    "newsportal.middleware.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The header middlewares sit above the page cache so that a cached page,
    # and an error page answered on the way in (a 503), carry them too.
    "newsportal.middleware.SecurityHeadersMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Before anything that could read the body (sessions, CSRF, the views).
    "newsportal.middleware.RequestBodyLimitMiddleware",
    # Before the page cache: CORS, rate limits and JSON errors apply to stored answers too.
    "api.middleware.ApiMiddleware",
    "newsportal.middleware.NulBytesMiddleware",
    # Before whitenoise and the page cache, which choose gzip or brotli from it.
    "newsportal.content_coding.AcceptEncodingMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Above the page cache, which drops `?p=`; see importers/middleware.py.
    # Before everything that resolves or reverses an address or keys a page by language.
    "newsportal.middleware.AddressLanguageMiddleware",
    "importers.middleware.OldAddressMiddleware",
    "newsportal.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Below sessions and sign-in (the page shows the chrome), above axes; see pages/middleware.py.
    "pages.middleware.PageFallbackMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsportal.urls"
WSGI_APPLICATION = "newsportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                # The admin's few inline <style>/<script> blocks carry this nonce.
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsportal.context_processors.site_chrome",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.postgresql":
    # A short connect timeout lets a page answer 503 quickly when the
    # database is unreachable instead of hanging the worker.
    _db.setdefault("OPTIONS", {}).setdefault("connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5))
    _db["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    # Parameters sent apart from the SQL, and a query the connection has run
    # five times prepared: PostgreSQL then parses it once per connection and
    # Python no longer quotes values into the SQL text (an uncached page took
    # about a third less CPU in PostgreSQL and a sixth less overall). Switch
    # it off behind a pooler in transaction mode that cannot keep prepared
    # statements.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        _db["OPTIONS"].setdefault("server_side_binding", True)
        _db["OPTIONS"].setdefault("prepare_threshold", 5)
    _db["CONN_HEALTH_CHECKS"] = True
elif _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer work side by side under gunicorn.
    _db.setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# PostgreSQL compiles with JIT a query its planner thinks costly; the site's queries are short index
# scans that its estimates overrate (a million rows of which a LIMIT reads a thousand), and compiling
# took 7-11 ms of queries that run in 2-15 ms. Off for the site's sessions (newsportal/db.py).
DATABASE_JIT = env.bool("DATABASE_JIT", default=False)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
# Shared by every process on the machine (gunicorn's workers, management
# commands) with no server to run: files under DJANGO_CACHE_DIR. Several app
# servers share Redis instead (CACHE_URL=redis://…). Whatever the backend, it
# is wrapped by newsportal.cache.ResilientCache: a cache that fails is
# skipped and pages are built from the database (docs/OPERATIONS.md).
CACHE_DIR = env.path("DJANGO_CACHE_DIR", default=BASE_DIR / "var" / "cache")
_cache = env.cache_url("CACHE_URL", default=f"filecache://{CACHE_DIR}")
if _cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that does not answer must cost little: the breaker then skips it.
    _cache.setdefault("OPTIONS", {}).update(
        {
            "socket_connect_timeout": env.float("CACHE_CONNECT_TIMEOUT", default=0.5),
            "socket_timeout": env.float("CACHE_TIMEOUT", default=0.5),
        }
    )
elif _cache["BACKEND"] == "django.core.cache.backends.filebased.FileBasedCache":
    # Django's, without a listing of the whole directory on every store (newsportal/cache.py).
    _cache["BACKEND"] = "newsportal.cache.FileCache"
    # Every page and fragment of a large site, not Django's default of 300.
    _cache.setdefault("OPTIONS", {}).setdefault("MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=50_000))
_cache["OPTIONS"] = {**_cache.get("OPTIONS", {}), "BACKEND": _cache["BACKEND"]}
_cache["BACKEND"] = "newsportal.cache.ResilientCache"
CACHES = {"default": _cache}
# After a cache failure, how long each process builds pages without asking the cache.
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5)
# The site chrome (menu, Editors' Picks, Latest News); dropped on every change that shows in it.
CHROME_CACHE_SECONDS = env.int("CHROME_CACHE_SECONDS", default=600)
# Whole pages for anonymous readers (newsportal/page_cache.py); 0 switches it off.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# How long a proxy or CDN that is not purged may serve a page before asking again.
PAGE_CACHE_SHARED_SECONDS = env.int("PAGE_CACHE_SHARED_SECONDS", default=10)
# A reader carrying one of these sees a page of their own, never a shared one.
PAGE_CACHE_PRIVATE_COOKIES = ["sessionid", "comment_author", "comment_edit"]
# HTTP caches that are purged by surrogate key on every change (docs/varnish.vcl), e.g. http://127.0.0.1:6081/.
HTTP_CACHE_PURGE_URLS = env.list("HTTP_CACHE_PURGE_URLS", default=[])
# Seconds between the tries of a purge that failed; after the last, the pages expire on their own.
PURGE_RETRY_DELAYS = [1, 2, 5, 15, 60]

# --- Auth -----------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out account or address is refused before any password check.
    "accounts.backends.LockoutBackend",
    # A username or, for readers, the email address they signed up with.
    "accounts.backends.EmailOrUsernameBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/").strip("/") + "/"
PASSWORD_RESET_TIMEOUT = env.int("DJANGO_PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
# Reset requests per address and per account (accounts/password_reset.py), and per client IP.
PASSWORD_RESET_RATE_LIMITS = env.list("PASSWORD_RESET_RATE_LIMITS", default=["5/1h"])
PASSWORD_RESET_IP_RATE_LIMITS = env.list("PASSWORD_RESET_IP_RATE_LIMITS", default=["20/1h"])

# Brute-force protection (django-axes) on the site's sign-in and the admin's:
# 5 failures lock the account name, and separately the address they came
# from, for an hour. See docs/accounts.md.
AXES_ENABLED = env.bool("LOGIN_LOCKOUT_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=60))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_RESET_ON_SUCCESS = False
AXES_USERNAME_CALLABLE = "accounts.lockout.username_from_credentials"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
AXES_VERBOSE = False
# Behind a reverse proxy REMOTE_ADDR is the proxy: name the header it sets
# (e.g. X-Forwarded-For); its last entry is the one our proxy added.
LOGIN_CLIENT_IP_HEADER = env.str("LOGIN_CLIENT_IP_HEADER", default="")

# --- Internationalisation -------------------------------------------------
LANGUAGE_CODE = "en"
# The languages the site is read in (docs/languages.md). English, the first,
# keeps the unprefixed addresses; each other lives under /<code>/.
# DJANGO_LANGUAGES=en runs the site in English only, as before.
AVAILABLE_LANGUAGES = {"en": _("English"), "es": _("Spanish"), "fr": _("French"), "ar": _("Arabic")}
LANGUAGES = [
    (code, AVAILABLE_LANGUAGES[code])
    for code in env.list("DJANGO_LANGUAGES", default=list(AVAILABLE_LANGUAGES))
    if code in AVAILABLE_LANGUAGES
]
if not LANGUAGES or LANGUAGES[0][0] != LANGUAGE_CODE:
    raise ImproperlyConfigured(
        f"DJANGO_LANGUAGES must start with {LANGUAGE_CODE!r} and name only {', '.join(AVAILABLE_LANGUAGES)}."
    )
LOCALE_PATHS = [BASE_DIR / "locale"]
# Each language's own way of writing a date ("17 de junio de 2023 - 12:29"),
# including the site's named formats (newsportal/formats/__init__.py).
FORMAT_MODULE_PATH = ["newsportal.formats"]
# django-modeltranslation: the columns of categories, topics and authors, one per language.
# Every language has its columns whatever DJANGO_LANGUAGES says, so that the
# migrations are the same for a site in English only.
MODELTRANSLATION_LANGUAGES = tuple(AVAILABLE_LANGUAGES)
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True
URLIZE_ASSUME_HTTPS = True

# --- Static and media files -----------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("DJANGO_MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
SERVE_MEDIA = env.bool("DJANGO_SERVE_MEDIA", default=DEBUG)
STORAGES = {
    "default": {"BACKEND": env.str("DJANGO_MEDIA_STORAGE", default="django.core.files.storage.FileSystemStorage")},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "newsportal.static_storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 3600

# --- Email ----------------------------------------------------------------
# Production sends real mail; only a developer's debug run prints it (the
# `.env` written by `make run` chooses the console too).
_mail_backend = env.str(
    "DJANGO_EMAIL_BACKEND",
    default=(
        "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
MAILERS = {"default": {"BACKEND": _mail_backend}}
if _mail_backend.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env.str("DJANGO_EMAIL_HOST", default="localhost"),
        "port": env.int("DJANGO_EMAIL_PORT", default=587),
        "username": env.str("DJANGO_EMAIL_USER", default=""),
        "password": env.str("DJANGO_EMAIL_PASSWORD", default=""),
        "use_tls": env.bool("DJANGO_EMAIL_USE_TLS", default=True),
    }
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds before each new try of a mail the server did not take; after the
# last, it is tried again at that interval until it is taken (newsportal/mail.py).
MAIL_RETRY_DELAYS = [30, 120, 600, 1800, 3600]

# --- Background tasks -----------------------------------------------------
# Django's Tasks framework on the database backend of django-tasks-db: a task
# is a row, committed with the change that asked for it, and run by
# `manage.py db_worker` (started by `make run`; docs/OPERATIONS.md).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- Security -------------------------------------------------------------
# Secure by default: a deployment behind TLS needs no extra variable. The
# `.env` written by `make run` switches the HTTPS-only parts off for plain
# HTTP on localhost. docs/SECURITY.md explains each choice.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# The header the TLS-terminating proxy sets (and overwrites) to "https". Only
# trust it behind such a proxy: a client reaching gunicorn directly could send it.
_proxy_header = env.str("DJANGO_SECURE_PROXY_SSL_HEADER", default="HTTP_X_FORWARDED_PROTO")
SECURE_PROXY_SSL_HEADER = (_proxy_header, "https") if _proxy_header else None
# /healthz and /readyz never reach the redirect: ProbeMiddleware answers them first.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # Joining the browsers' preload list is the domain owner's decision: it
    # binds every subdomain to HTTPS and takes months to undo. Leaving it out
    # is deliberate, so the deploy check does not warn about it.
    SILENCED_SYSTEM_CHECKS.append("security.W021")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
_https_cookies = env.bool("DJANGO_SECURE_COOKIES", default=True)
SESSION_COOKIE_SECURE = _https_cookies
CSRF_COOKIE_SECURE = _https_cookies
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "newsportal.views.csrf_failure"
LANGUAGE_COOKIE_SECURE = _https_cookies
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Sent by newsportal.middleware.SecurityHeadersMiddleware on every answer.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=()"
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Mastodon is many servers: bodies may embed posts from these only (articles/embeds.py).
EMBED_MASTODON_HOSTS = env.list("DJANGO_EMBED_MASTODON_HOSTS", default=list(DEFAULT_MASTODON_HOSTS))

# Everything from this origin only; no inline script or style, no eval. The
# nonce appears only on pages that use it (the admin's few inline blocks); the
# public pages never ask for one, so their policy is exactly 'self'. Frames
# only from the embed hosts of the posts bodies may embed, and only once the
# reader has asked for one (static/js/embeds.js).
_csp = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "frame-src": [f"https://{host}" for host in embed_frame_hosts(EMBED_MASTODON_HOSTS)],
}
if env.bool("DJANGO_CSP_REPORT_ONLY", default=False):
    SECURE_CSP_REPORT_ONLY = _csp
else:
    SECURE_CSP = _csp

# Form fields (not files) larger than this together are refused with 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# A whole body larger than this, files included, is refused with 413 before a
# byte of it is read (newsportal.middleware.RequestBodyLimitMiddleware); the
# admin's add and change forms, which take images, have the larger limit.
# docs/nginx.conf refuses the same sizes (client_max_body_size).
REQUEST_BODY_MAX_BYTES = env.int("DJANGO_REQUEST_BODY_MAX_BYTES", default=3 * 1024 * 1024)
ADMIN_UPLOAD_MAX_BYTES = env.int("DJANGO_ADMIN_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# --- Outages --------------------------------------------------------------
# What a page answers while PostgreSQL or Redis cannot be reached: a 503 that
# asks clients to come back after this many seconds (see newsportal/outage.py).
OUTAGE_RETRY_AFTER_SECONDS = env.int("OUTAGE_RETRY_AFTER_SECONDS", default=5)

# --- Logging --------------------------------------------------------------
# Everything goes to standard output, one line per event, each carrying the
# id of the request it belongs to; a request ends in exactly one access line
# (newsportal.request), and errors add their traceback.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "newsportal.request_log.RequestIdFilter"},
        "client_errors": {"()": "newsportal.request_log.ClientErrorFilter"},
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["request_id", "client_errors"],
        }
    },
    "root": {"handlers": ["stdout"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # The access line already tells of every 4xx; Django's own line for
        # them would be a second line per request. Errors (5xx) still log here.
        "django.request": {"level": "ERROR"},
        # runserver's own access line, likewise.
        "django.server": {"level": "WARNING"},
    },
}

# --- Content --------------------------------------------------------------
ARTICLES_PER_PAGE = env.int("ARTICLES_PER_PAGE", default=10)
CORRECTIONS_PER_PAGE = env.int("CORRECTIONS_PER_PAGE", default=20)

# --- Content API ----------------------------------------------------------
# docs/api.md explains each of these.
API_CORS_ORIGINS = env.list("API_CORS_ORIGINS", default=[])
API_RATE_LIMIT = env.str("API_RATE_LIMIT", default="120/1m")
API_KEY_RATE_LIMIT = env.str("API_KEY_RATE_LIMIT", default="1200/1m")
API_CLIENT_IP_HEADER = env.str("API_CLIENT_IP_HEADER", default="")

# --- Comments -------------------------------------------------------------
# README.md's configuration table explains each of these.
COMMENTS_PER_PAGE = env.int("COMMENTS_PER_PAGE", default=50)
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=0)
COMMENTS_BLOCKLIST = env.list("COMMENTS_BLOCKLIST", default=[])
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
COMMENTS_MIN_SECONDS = env.int("COMMENTS_MIN_SECONDS", default=3)
# For how long after posting its author may edit or delete a comment (comments/editing.py); 0: never.
COMMENTS_EDIT_MINUTES = env.int("COMMENTS_EDIT_MINUTES", default=10)
COMMENTS_MAX_FORM_AGE = env.int("COMMENTS_MAX_FORM_AGE", default=2 * 60 * 60)
COMMENTS_RATE_LIMITS = env.list("COMMENTS_RATE_LIMITS", default=["1/15s", "10/1h"])
# When the cache cannot count (Redis down): "hold" stores the comment for moderation,
# "refuse" answers 503 with the reader's text kept, "allow" posts it as if under the limits.
COMMENTS_RATE_LIMITS_FAIL = env.str("COMMENTS_RATE_LIMITS_FAIL", default="hold").strip().lower()
if COMMENTS_RATE_LIMITS_FAIL not in ("hold", "refuse", "allow"):
    raise ImproperlyConfigured(
        f"COMMENTS_RATE_LIMITS_FAIL is {COMMENTS_RATE_LIMITS_FAIL!r}; it must be hold (the default: store the "
        "comment but hold it for moderation), refuse (answer 503 and give the reader their text back) or allow."
    )
COMMENTS_CLIENT_IP_HEADER = env.str("COMMENTS_CLIENT_IP_HEADER", default="")
# Reports by readers: how often one reader may report, and after how many readers a comment is held.
COMMENTS_REPORT_RATE_LIMITS = env.list("COMMENTS_REPORT_RATE_LIMITS", default=["5/1m", "30/1d"])
COMMENTS_REPORT_HOLD_AT = env.int("COMMENTS_REPORT_HOLD_AT", default=3)
# The order a thread is shown in unless the reader picks another: oldest, newest or featured (first).
COMMENTS_ORDER = env.str("COMMENTS_ORDER", default="oldest").strip().lower()
if COMMENTS_ORDER not in ("oldest", "newest", "featured"):
    raise ImproperlyConfigured(f"COMMENTS_ORDER is {COMMENTS_ORDER!r}; it must be oldest, newest or featured.")
MANAGERS = env.list("DJANGO_MANAGERS", default=[])
ADMINS = env.list("DJANGO_ADMINS", default=[])
