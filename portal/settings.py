"""Settings for the IMR decision portal, read from the environment.

Production is the default: ``DEBUG`` is off, ``SECRET_KEY`` must be set (never the development
key), and the hardening below applies (``manage.py check --deploy`` passes). Development settings
are asked for explicitly: ``make run`` and ``make test`` set ``DEBUG=true``, and so does a test
process (``PORTAL_TESTING``). Every variable read here is in the README's configuration table.
"""

from __future__ import annotations

import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from kombu import Queue

from portal.email import email_settings
from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

# Under pytest the defaults move to test-only names: Redis database 1 and a test index prefix.
TESTING = env_bool("PORTAL_TESTING", default="pytest" in sys.modules)
DEBUG = env_bool("DEBUG", default=TESTING)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else None)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    raise ImproperlyConfigured("SECRET_KEY is the development key: set a secret one for DEBUG=false.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_opensearch_dsl",
    "ingest",
    "accounts",
    "search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.idle.IdleTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.audit_middleware.AuditApiMiddleware",  # every /api/ call, wrapping the token check
    "accounts.middleware.ApiTokenMiddleware",  # Bearer tokens on /api/ (after the session user)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

# Content-Security-Policy on every response: scripts and styles come from the site's static files
# only (no inline script, no style attribute), nothing is framed or posted elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

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
            ],
        },
    },
]

# Database: PostgreSQL. By default the local server `python -m stack` runs (role and database `portal`,
# trusted from loopback only); DATABASE_URL names any other.
POSTGRES_PORT = env_int("POSTGRES_PORT", 5442)
DATABASE_URL = env_str("DATABASE_URL", f"postgres://portal@127.0.0.1:{POSTGRES_PORT}/portal")
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        # A kept connection is checked before each request (and task) uses it: after a database
        # restart the first request reconnects instead of failing on the dead connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        f"DATABASE_URL must name a PostgreSQL database, not {DATABASE_URL.split(':')[0]}:"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: Celery broker and result backend, and the Django cache.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6390/1" if TESTING else "redis://127.0.0.1:6390/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "imr"),
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TRACK_STARTED = True
CELERY_RESULT_EXPIRES = 3600
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Database connections outlive a task, as they outlive a web request: Celery's Django fix-up would
# close them after every task (a new PostgreSQL backend, with cold caches, for each chunk of letters)
# unless this is set; portal.celery closes those that failed or are past CONN_MAX_AGE instead.
CELERY_DB_REUSE_MAX = 1_000_000
# Index tasks have a queue of their own, which the ingest worker consumes with the default one, taking
# from each in turn: a batch's letters are indexed while its later chunks are parsed (behind them in
# one queue, they would wait until every chunk was parsed, and OpenSearch idle meanwhile).
# Alerts (percolation, e-mail) have theirs, consumed by a worker of their own: ingest never delays them.
CELERY_TASK_QUEUES = (
    Queue("celery", routing_key="celery"),
    Queue("search", routing_key="search"),
    Queue("alerts", routing_key="alerts"),
)
CELERY_TASK_ROUTES = {
    "search.update_index": {"queue": "search"},
    "search.catch_up_index": {"queue": "search"},
    "search.alerts.tasks.*": {"queue": "alerts"},
}
# No task runs unbounded: the soft limit raises SoftTimeLimitExceeded in the task (it records what it
# was doing), the hard limit kills the pool process.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)

# OpenSearch.
# One node, or a cluster's nodes comma-separated (the client spreads requests over them and skips a
# node that is down).
OPENSEARCH_URL = env_str("OPENSEARCH_URL", "http://127.0.0.1:9201")
OPENSEARCH_HOSTS = env_list("OPENSEARCH_URL", OPENSEARCH_URL)
OPENSEARCH_INDEX_PREFIX = env_str("OPENSEARCH_INDEX_PREFIX", "test-imr" if TESTING else "imr")
OPENSEARCH_DSL = {
    "default": {
        "hosts": OPENSEARCH_HOSTS,
        "timeout": env_int("OPENSEARCH_TIMEOUT", 30),
        "retry_on_timeout": True,  # a cluster node that hangs: the request moves to the next node
        "pool_maxsize": env_int("OPENSEARCH_MAXSIZE", 25),  # connection pool shared by threaded web workers
    }
}
OPENSEARCH_SHARDS = env_int("OPENSEARCH_SHARDS", 1)
OPENSEARCH_REPLICAS = env_int("OPENSEARCH_REPLICAS", 0)  # 1 or more on a cluster
# How soon a letter written to the live index is searchable. Each refresh writes a small segment that
# merges then rewrite: at 1 s the engine spent about a fifth more CPU a letter while loading (the
# ingest bench, docs/benchmarks.md "Stop 27"). Letters arrive in batches; no search needs one within
# a second of its save.
OPENSEARCH_REFRESH_INTERVAL = env_str("OPENSEARCH_REFRESH_INTERVAL", "5s")
OPENSEARCH_DSL_AUTOSYNC = False  # index through our own bulk tasks, never model signals
OPENSEARCH_DSL_AUTO_REFRESH = False
OPENSEARCH_DSL_PARALLEL = False

# Email: console in development; production must name its server (alerts and password resets).
EMAIL_URL = env_str("EMAIL_URL", "console://" if DEBUG else None)
globals().update(email_settings(EMAIL_URL))
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)  # seconds: a stuck SMTP server never holds a worker
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "IMR Portal <noreply@imr-portal.local>")

# Auth.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "search:search"
LOGOUT_REDIRECT_URL = "login"
SEARCH_REQUIRES_LOGIN = env_bool("SEARCH_REQUIRES_LOGIN", default=True)
# Who may download a letter's original file: "members" (every account), "staff" or "none"
# (superusers, and users given ingest.download_original in the admin). Applied to the roles at migrate.
ORIGINAL_FILES_FOR = env_str("ORIGINAL_FILES_FOR", "members").strip().lower()
if ORIGINAL_FILES_FOR not in {"members", "staff", "none"}:
    raise ImproperlyConfigured(f"ORIGINAL_FILES_FOR is members, staff or none, not {ORIGINAL_FILES_FOR!r}")
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 10000)
# Requests per user (or per address when anonymous) and window: n/second, n/minute, n/hour or n/day.
SEARCH_RATE_LIMIT = env_str("SEARCH_RATE_LIMIT", "120/minute")
API_RATE_LIMIT = env_str("API_RATE_LIMIT", "300/minute")
EXPORT_RATE_LIMIT = env_str("EXPORT_RATE_LIMIT", "30/hour")

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Los_Angeles"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # larger uploads stream to a temporary file
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("DATA_UPLOAD_MAX_NUMBER_FILES", 5000)

# Production hardening (DEBUG=false): passes `manage.py check --deploy`.
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?$"]
    # Container health checks call the site on loopback: accept those host names too.
    ALLOWED_HOSTS = [*ALLOWED_HOSTS, "localhost", "127.0.0.1"]
else:
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True

# Anonymous /healthz answers (no Celery ping, no details) are reused for this many seconds per process.
HEALTHZ_CACHE_SECONDS = env_int("HEALTHZ_CACHE_SECONDS", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"opensearch": {"level": "WARNING"}},
}

# --- accounts, saved queries and alerts (issue 6; owner: accounts engineer) ---
from celery.schedules import crontab  # noqa: E402

AUTHENTICATION_BACKENDS = ["accounts.backends.ThrottledModelBackend"]
LOGIN_THROTTLE_LIMIT = env_int("LOGIN_THROTTLE_LIMIT", 5)  # failures per username+IP per window
LOGIN_THROTTLE_IP_LIMIT = env_int("LOGIN_THROTTLE_IP_LIMIT", 50)  # failures per IP per window
LOGIN_THROTTLE_WINDOW = env_int("LOGIN_THROTTLE_WINDOW", 15 * 60)  # seconds
# Sessions: signed out after SESSION_IDLE_TIMEOUT seconds without a request, and SESSION_MAX_AGE
# seconds after sign-in whatever happens (accounts.idle); "last seen" is written at most once a minute.
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
SESSION_MAX_AGE = env_int("SESSION_MAX_AGE", 12 * 60 * 60)
SESSION_IDLE_RESOLUTION = 60
SESSION_COOKIE_AGE = SESSION_MAX_AGE
PASSWORD_RESET_EMAIL_LIMIT = env_int("PASSWORD_RESET_EMAIL_LIMIT", 3)  # reset e-mails per address per window
PASSWORD_RESET_IP_LIMIT = env_int("PASSWORD_RESET_IP_LIMIT", 20)  # reset requests per client IP per window
PASSWORD_RESET_WINDOW = env_int("PASSWORD_RESET_WINDOW", 60 * 60)  # seconds
LOGIN_THROTTLE_TRUST_FORWARDED_FOR = env_bool("LOGIN_THROTTLE_TRUST_FORWARDED_FOR", default=False)
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)  # longest life of a personal API token
# The site's public address, for links in alert e-mails: production must say it (development: the
# local web server's, on WEB_PORT as `python -m stack start web` serves it).
WEB_PORT = env_int("WEB_PORT", 8000)
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", f"http://127.0.0.1:{WEB_PORT}" if DEBUG else None)
ALERT_SWEEP_OVERLAP_MINUTES = env_int("ALERT_SWEEP_OVERLAP_MINUTES", 30)
CELERY_BEAT_SCHEDULE = {
    "alerts-daily-digest": {
        "task": "search.alerts.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0),
        "args": ("daily",),
    },
    "alerts-weekly-digest": {
        "task": "search.alerts.tasks.send_digests",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
        "args": ("weekly",),
    },
    "alerts-sweep": {
        "task": "search.alerts.tasks.sweep_recent_letters",
        "schedule": crontab(minute="*/5"),
    },
}
CELERY_BEAT_SCHEDULE["ingest-sweep"] = {"task": "ingest.sweep", "schedule": 60.0}  # stalled batches
CELERY_BEAT_SCHEDULE["search-catch-up-index"] = {"task": "search.catch_up_index", "schedule": 60.0}
# The audit trail (accounts.audit): events older than AUDIT_RETENTION_DAYS are purged nightly; the
# staff page's CSV holds at most AUDIT_CSV_MAX_ROWS events.
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 400)
AUDIT_CSV_MAX_ROWS = env_int("AUDIT_CSV_MAX_ROWS", 100_000)
CELERY_BEAT_SCHEDULE["accounts-purge-audit"] = {
    "task": "accounts.purge_audit",
    "schedule": crontab(hour=3, minute=30),
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_IMPORTS = ["search.alerts.tasks"]  # not found by autodiscover (it looks for <app>.tasks)
# --- end accounts, saved queries and alerts ---
