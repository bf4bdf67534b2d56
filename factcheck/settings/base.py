"""Settings shared by every environment. Values that differ between deployments come from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

from factcheck.brokers import DERIVED_VISIBILITY_TIMEOUT, broker_options
from factcheck.paths import BASE_DIR, var_dir

from .env import cache_from_url, env_bool, env_float, env_int, env_list, env_str

VAR_DIR = var_dir()

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# CIDRs of the reverse proxies whose X-Forwarded-For is believed (factcheck.client_address); none by default.
FACTCHECK_TRUSTED_PROXIES = env_list("FACTCHECK_TRUSTED_PROXIES", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "accounts",
    "claims",
]

# The project's own user model (accounts.User), in place before the first release: swapping it later would mean
# rewriting every table that points at users.
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "factcheck.csp.ContentSecurityPolicyMiddleware",
    "claims.api.middleware.ApiErrorMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

# Scripts, styles, fonts and images come from this site only (the admin, the workbench, the public pages and the
# Swagger UI are built so); data: images are the Swagger UI's and the admin's icons. Nothing may frame a page.
SECURE_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

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

# --- Database -------------------------------------------------------------------------------------------
# PostgreSQL with pgvector everywhere. The local and test settings default DATABASE_URL to the embedded server
# (factcheck.embedded_postgres); production requires it.
DATABASE_URL = env_str("DATABASE_URL")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60))}
# A health check costs one extra round trip (SELECT 1) per request; without it, a connection broken by a
# database restart fails one request per worker before it is replaced.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env_bool("DATABASE_CONN_HEALTH_CHECKS", True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

LOGIN_URL = "admin:login"

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "factcheck@localhost")

# Request bodies above this are refused with 413 before a view runs.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("FACTCHECK_MAX_REQUEST_BYTES", 5 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("FACTCHECK_LOG_LEVEL", "INFO")},
    # pgserver logs every start, reuse and exit of the embedded server at INFO.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "pgserver": {"level": "WARNING"}},
}

# The cache is shared by every web and worker process: throttle counters and the claim list's rendered pages
# (claims.api.list_cache) must be the same for all of them. The embedded default is a folder.
CACHES = {"default": cache_from_url(env_str("FACTCHECK_CACHE_URL", f"file://{VAR_DIR / 'cache'}"))}
CACHES["default"]["KEY_PREFIX"] = env_str("FACTCHECK_CACHE_KEY_PREFIX", "")

# --- REST API -------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "claims.api.auth.ScopedTokenAuthentication",
        "claims.api.auth.DeskTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "claims.api.permissions.TokenHasRequiredScopes",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    # A JSON API: form and multipart bodies are refused with 415 (the browsable API posts raw JSON).
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PAGINATION_CLASS": "claims.api.common.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "claims.api.common.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttles.AnonThrottle",
        "claims.api.throttles.UserThrottle",
        "claims.api.throttles.ApiTokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("FACTCHECK_THROTTLE_ANON", "120/min"),
        "user": env_str("FACTCHECK_THROTTLE_USER", "1200/min"),
        "token": env_str("FACTCHECK_THROTTLE_TOKEN", "600/min"),
        "login": env_str("FACTCHECK_THROTTLE_LOGIN", "10/min"),
    },
}

# How long a rendered page of the claim list may be served from the cache (0: never cached). Any write to the
# desk's data outdates every stored page at once; the timeout bounds what writes made outside Django can leave.
FACTCHECK_LIST_CACHE_SECONDS = env_int("FACTCHECK_LIST_CACHE_SECONDS", 300)

SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check desk API",
    "DESCRIPTION": "Claims from news articles, reviewed by a fact-check desk: ingestion, workflow, publishing.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.common.allow_empty_query_values",
    ],
    # Several models have a "status"; each choice set gets its own stable component name.
    "ENUM_NAME_OVERRIDES": {
        "ClaimStatusEnum": "claims.states.State",
        "ClaimMatchStatusEnum": "claims.models.review.ClaimMatch.Status",
        "IngestionJobStatusEnum": "claims.models.articles.IngestionJob.Status",
        "IngestionItemStatusEnum": "claims.models.articles.IngestionItem.Status",
        "IngestionJobKindEnum": "claims.models.articles.IngestionJob.Kind",
        "WebhookDeliveryStatusEnum": "claims.models.publishing.WebhookDelivery.Status",
    },
}

# --- Celery ---------------------------------------------------------------------------------------------
# The embedded default broker is kombu's filesystem transport, so `make run` needs no external service.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://localhost/")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "broker"
    for _folder in ("queue", "control", "processed"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "control_folder": str(_broker_dir / "control"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # The folder is polled; the default of one second would cap the embedded worker at a task a second.
        "polling_interval": 0.1,
    }
else:
    # Redis: a visibility timeout derived from the task time limits (factcheck/brokers.py); RabbitMQ: quorum
    # queues and publisher confirms.
    _broker = broker_options(
        CELERY_BROKER_URL, visibility_timeout=env_int("CELERY_VISIBILITY_TIMEOUT", DERIVED_VISIBILITY_TIMEOUT)
    )
    CELERY_BROKER_TRANSPORT_OPTIONS = _broker.get("broker_transport_options", {})
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_SEND_TASK_EVENTS = True
CELERY_TASK_SEND_SENT_EVENT = True
# Task modules by concern; each is a thin adapter over claims.services.
CELERY_IMPORTS = ("workers.ingestion", "workers.review", "workers.publishing", "workers.outbox")
CELERY_TASK_DEFAULT_QUEUE = "workflow"
CELERY_TASK_QUEUES = broker_options(CELERY_BROKER_URL)["task_queues"]
# Every task is acknowledged once it has finished and re-queued when its worker dies; tasks are idempotent.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_ROUTES = {
    "workers.ingestion.*": {"queue": "ingestion"},
    "workers.review.*": {"queue": "workflow"},
    "workers.publishing.*": {"queue": "workflow"},
    "workers.outbox.*": {"queue": "workflow"},
}
FACTCHECK_OUTBOX_RELAY_SECONDS = env_int("FACTCHECK_OUTBOX_RELAY_SECONDS", 15)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "poll-due-feeds": {
        "task": "workers.ingestion.feeds_poll_due",
        "schedule": timedelta(minutes=env_int("FACTCHECK_FEED_POLL_MINUTES", 5)),
    },
    "assign-waiting-claims": {
        "task": "workers.review.claims_assign_waiting",
        "schedule": timedelta(minutes=5),
    },
    "sla-watch": {
        "task": "workers.review.sla_watch",
        "schedule": crontab(minute="*/10"),
    },
    # Sends what the outbox could not send at commit (broker down), and again what a worker never finished.
    "relay-outbox": {
        "task": "workers.outbox.outbox_relay",
        "schedule": timedelta(seconds=FACTCHECK_OUTBOX_RELAY_SECONDS),
    },
    # A cluster's growth over the last 24 hours fades as time passes; this rescores the clusters it fades from.
    "triage-refresh": {
        "task": "workers.review.claims_triage_refresh_due",
        "schedule": timedelta(minutes=30),
    },
    "retry-webhook-deliveries": {
        "task": "workers.publishing.webhook_deliveries_retry_due",
        "schedule": timedelta(minutes=1),
    },
}

# --- The desk -------------------------------------------------------------------------------------------
FACTCHECK_SITE_URL = env_str("FACTCHECK_SITE_URL", "http://127.0.0.1:8000")
FACTCHECK_ORGANIZATION_NAME = env_str("FACTCHECK_ORGANIZATION_NAME", "Fact-check desk")
FACTCHECK_ORGANIZATION_URL = env_str("FACTCHECK_ORGANIZATION_URL", FACTCHECK_SITE_URL)

# Ingestion limits: bigger inputs are refused with a clear 413/400 instead of being processed.
FACTCHECK_MAX_ARTICLE_BYTES = env_int("FACTCHECK_MAX_ARTICLE_BYTES", 2 * 1024 * 1024)
FACTCHECK_MAX_FETCH_BYTES = env_int("FACTCHECK_MAX_FETCH_BYTES", 5 * 1024 * 1024)
FACTCHECK_FETCH_TIMEOUT_SECONDS = env_float("FACTCHECK_FETCH_TIMEOUT_SECONDS", 10.0)
FACTCHECK_MAX_ITEMS_PER_JOB = env_int("FACTCHECK_MAX_ITEMS_PER_JOB", 500)
# Work on one article is bounded so that no single article holds a worker for long or fills its memory: an
# article with more sentences, or whose extraction takes longer, fails with the limit as its reason.
FACTCHECK_MAX_ARTICLE_SENTENCES = env_int("FACTCHECK_MAX_ARTICLE_SENTENCES", 2000)
FACTCHECK_MAX_ARTICLE_SECONDS = env_float("FACTCHECK_MAX_ARTICLE_SECONDS", 60.0)
# Non-public networks URL fetching may reach anyway (e.g. an intranet news site); empty in production. A bare CIDR
# opens ports 80 and 443 only; `ADDRESS:PORT/PREFIX` one port, `ADDRESS:*/PREFIX` every port (claims.ingestion.fetch).
FACTCHECK_FETCH_ALLOWED_NETWORKS = env_list("FACTCHECK_FETCH_ALLOWED_NETWORKS", [])

# Sentences scoring at or above this become claims; unset means the model's own
# claims.intelligence.checkworthiness.DEFAULT_THRESHOLD (chosen when the model is trained).
FACTCHECK_CHECKWORTHINESS_THRESHOLD = env_float("FACTCHECK_CHECKWORTHINESS_THRESHOLD", None)
FACTCHECK_AUTO_DUPLICATE_THRESHOLD = env_float("FACTCHECK_AUTO_DUPLICATE_THRESHOLD", 0.92)
FACTCHECK_MATCH_SUGGEST_THRESHOLD = env_float("FACTCHECK_MATCH_SUGGEST_THRESHOLD", 0.55)
# Claims matching at or above this (or linked as duplicates) form one cluster, shown as one row of the queue.
FACTCHECK_CLUSTER_THRESHOLD = env_float("FACTCHECK_CLUSTER_THRESHOLD", 0.8)
# Triage score weights (claims.intelligence.triage): each signal is scaled to 0..1; recency loses this many points
# per day since the claim's cluster last appeared.
FACTCHECK_TRIAGE_WEIGHTS = {
    "checkworthiness": env_float("FACTCHECK_TRIAGE_CHECKWORTHINESS", 2.0),
    "cluster_size": env_float("FACTCHECK_TRIAGE_CLUSTER_SIZE", 0.5),
    "outlets": env_float("FACTCHECK_TRIAGE_OUTLETS", 1.5),
    "growth": env_float("FACTCHECK_TRIAGE_GROWTH", 1.0),
    "prominence": env_float("FACTCHECK_TRIAGE_PROMINENCE", 1.0),
    "already_checked": env_float("FACTCHECK_TRIAGE_ALREADY_CHECKED", -1.5),
    "recency_per_day": env_float("FACTCHECK_TRIAGE_RECENCY_PER_DAY", 1.0),
}

# Time a checker has to reach a verdict, per claim priority (hours).
FACTCHECK_SLA_HOURS = {
    "urgent": env_int("FACTCHECK_SLA_URGENT_HOURS", 4),
    "high": env_int("FACTCHECK_SLA_HIGH_HOURS", 24),
    "normal": env_int("FACTCHECK_SLA_NORMAL_HOURS", 72),
    "low": env_int("FACTCHECK_SLA_LOW_HOURS", 168),
}
# Overdue claims are reassigned after this grace period; 0 disables reassignment.
FACTCHECK_SLA_REASSIGN_AFTER_HOURS = env_int("FACTCHECK_SLA_REASSIGN_AFTER_HOURS", 0)

# The published rating scale: slug, label, numeric value (None: not on the numeric scale).
FACTCHECK_RATING_SCALE = [
    ("true", "True", 5),
    ("mostly-true", "Mostly true", 4),
    ("half-true", "Half true", 3),
    ("mostly-false", "Mostly false", 2),
    ("false", "False", 1),
    ("misleading", "Misleading", None),
    ("unproven", "Unproven", None),
]

# External evidence search sources (see claims.services.evidence): a list of dicts, e.g.
# [{"name": "archive", "url": "https://search.example/api?q={query}", "results_path": "items"}].
FACTCHECK_EVIDENCE_SOURCES: list[dict] = []
FACTCHECK_WEBHOOK_TIMEOUT_SECONDS = env_float("FACTCHECK_WEBHOOK_TIMEOUT_SECONDS", 5.0)
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 8)
# A failed delivery waits base * 2**(attempt - 1) seconds before the next one (30 s, 1 min, 2 min, ...).
FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS = env_int("FACTCHECK_WEBHOOK_RETRY_BASE_SECONDS", 30)
# Webhook targets on non-public addresses are refused (SSRF) unless allowed here (an intranet receiver, tests), in
# the form of FACTCHECK_FETCH_ALLOWED_NETWORKS.
FACTCHECK_WEBHOOK_ALLOWED_NETWORKS = env_list("FACTCHECK_WEBHOOK_ALLOWED_NETWORKS", [])

# The outbox (claims/services/outbox.py): how often beat sends what could not be sent at commit; when a sent
# task that no worker finished is sent again (a broker restarted without persistence lost it); the age of the
# oldest unsent task at which /healthz answers 503; how long finished tasks are kept.
FACTCHECK_OUTBOX_RESEND_SECONDS = env_int("FACTCHECK_OUTBOX_RESEND_SECONDS", 1800)
FACTCHECK_OUTBOX_MAX_AGE_SECONDS = env_int("FACTCHECK_OUTBOX_MAX_AGE_SECONDS", 120)
FACTCHECK_OUTBOX_KEEP_DAYS = env_int("FACTCHECK_OUTBOX_KEEP_DAYS", 7)
