"""Settings for the 代表家站点 portal, read from the environment.

Development defaults work on a fresh clone (SQLite file, Celery tasks run in-process);
production is switched on by environment variables, not by a different code path.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional, for local overrides

DEBUG = env.bool("DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production-1f9a7c")
else:
    SECRET_KEY = env.str("SECRET_KEY")  # no default in production: fail loudly
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_ratelimit",
    "csp",
    "axes",
    "auditlog",
    "liaison",
    "stations",
    "suggestions",
    "legislation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "liaison.access.PersonalDataAccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "liaison.middleware.DatabaseUnavailableMiddleware",
    "liaison.middleware.AuditActorMiddleware",
    # Last, as django-axes asks: it turns a lockout flagged during authentication into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "liaison.urls"
WSGI_APPLICATION = "liaison.wsgi.application"
ASGI_APPLICATION = "liaison.asgi.application"

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
                "liaison.context_processors.scope",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out username/IP before checking the password
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["liaison.formats"]

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@daibiao.local")

# --- Security: production (DEBUG off) turns these on. ---
# Only a loopback load test over plain HTTP turns these off (bench/load.sh).
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W021"]  # HSTS preload is a decision for the operator
# django-ratelimit counts in the default cache. Without CACHE_URL that is local memory, which counts
# per process: right for the embedded default (one runserver process); a deployment sets CACHE_URL to
# Redis, whose Django backend increments atomically although django-ratelimit does not list it.
if CACHES["default"]["BACKEND"].endswith(("LocMemCache", "redis.RedisCache")):
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]

# Content Security Policy: no inline script anywhere, everything from our own origin. htmx's
# indicator style is turned off by <meta name="htmx-config"> in base.html, so no inline style either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Password guessing: 5 failures for one username from one address lock it for 30 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)  # set to 1 behind one reverse proxy

# django-ratelimit on pages: a blocked request raises Ratelimited, answered by this view (429).
RATELIMIT_VIEW = "liaison.views.rate_limited"
LOGIN_RATE = env.str("LOGIN_RATE", default="20/m")  # login attempts per address, on the page
PUBLIC_PAGE_RATE = env.str("PUBLIC_PAGE_RATE", default="120/m")  # public pages per address

# Audit trail (django-auditlog): who changed which field of suggestions, visits and deputies, when.
AUDITLOG_INCLUDE_ALL_MODELS = False

# --- REST API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "liaison.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "liaison.api.errors.exception_handler",
    # Every anonymous API call (token, public opinions, tracking, schema) counts against its address.
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("ANON_THROTTLE_RATE", default="120/min"),
        "public": env.str("PUBLIC_THROTTLE_RATE", default="30/hour"),
        "login": env.str("LOGIN_THROTTLE_RATE", default="20/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "代表家站点 API",
    "DESCRIPTION": "人大代表家站点：站点、接待、意见建议办理与基层立法联系点",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "liaison.api.schema.local_times"],
    "ENUM_NAME_OVERRIDES": {
        "SuggestionStatusEnum": "suggestions.models.Status",
        "DeclineReasonEnum": "suggestions.models.DeclineReason",
        "MandateStatusEnum": "liaison.models.Mandate.Status",
        "VisitChannelEnum": "stations.models.Visit.Channel",
        "VisitOutcomeEnum": "stations.models.Visit.Outcome",
        "OpinionChannelEnum": "legislation.models.Opinion.Channel",
        "AdoptionOutcomeEnum": "legislation.models.Opinion.Outcome",
    },
}

# --- Celery ---
# Without a broker the tasks run in-process (embedded default and unit tests); with
# CELERY_BROKER_URL set they go to the broker and a worker.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=CELERY_BROKER_URL == "memory://")
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery's Django fix-up closes the database connection around every task unless told to reuse it;
# a new PostgreSQL connection costs more than most tasks. liaison/celery.py applies CONN_MAX_AGE and
# the health check at each task instead, as Django does at each request; this only bounds reuse.
CELERY_DB_REUSE_MAX = 1000
# On a lost broker connection, late-acked tasks are cancelled and redelivered (they are idempotent);
# Celery 6 makes this the default.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
# A hung or refused Redis must not hold a web request: fail fast, the outbox relays later.
CELERY_BROKER_CONNECTION_TIMEOUT = 3
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_timeout": 3,
    "socket_connect_timeout": 1,
    "visibility_timeout": 3600,
    "max_retries": 1,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
# Periodic work, in code. `manage.py run_periodic` runs the same tasks where no beat runs.
CELERY_BEAT_SCHEDULE = {
    "relay-outbox": {"task": "liaison.tasks.relay_outbox", "schedule": 30.0},
    "suggestion-deadlines": {"task": "suggestions.tasks.sweep_deadlines", "schedule": 3600.0},
    "suggestion-reroute-stale": {"task": "suggestions.tasks.reroute_stale", "schedule": 300.0},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "liaison.logging.MaskPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_personal_data"]}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery.app.trace": {"level": "WARNING"},  # one line per task run: too chatty in-process
        "axes": {"level": "WARNING"},  # one line per login otherwise
        "django.request": {"level": "ERROR"},  # 403/404s are answers, not faults; 5xx still logged
    },
}
