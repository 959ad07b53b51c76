"""Settings shared by every environment; values that differ come from the environment.

See https://docs.djangoproject.com/en/5.2/ref/settings/ and django-environ's docs.
"""

from pathlib import Path
from typing import Any, Literal

import environ
from django.utils.translation import gettext_lazy as _

from iomcso.core.redis_budget import BudgetedConnection

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

# --- Core -------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env(
    "DJANGO_SECRET_KEY", default="insecure-development-key-only-for-local-use-0123456789"
)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
SITE_ID = 1
ROOT_URLCONF = "iomcso.urls"
WSGI_APPLICATION = "iomcso.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# The public address used in emails and links built outside a request (tasks).
# The one base of every link in an email (the portal's and allauth's): `make run` exports it from
# HOST and PORT; production requires it.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "iomcso.core.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django.contrib.sites",
    "django.contrib.postgres",
    "django.contrib.humanize",
    # Third party
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_filters",
    "django_countries",
    "django_celery_beat",
    "simple_history",
    "import_export",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # Ours
    "iomcso.core",
    "iomcso.accounts",
    "partners",
    "partners.screening",
    "consultations",
    "observers",
]

MIDDLEWARE = [
    "iomcso.core.redis_budget.RedisBudgetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "iomcso.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "iomcso.core.middleware.PrivatePagesNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "iomcso.accounts.middleware.StaffSessionTimeoutMiddleware",
    "iomcso.accounts.middleware.StaffTwoFactorMiddleware",
    "iomcso.accounts.middleware.PrivacyNoticeMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Every ``{{ form }}`` in the GOV.UK manner (error summary, hints, "(optional)"); the
# templates are looked up like any other, so "django.forms" must be an installed app.
FORM_RENDERER = "iomcso.core.form_rendering.SiteFormRenderer"

# --- Database ---------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/iomcso"),
}
# Django's PostgreSQL backend, whose connections survive a time limit interrupting a query
# (iomcso/core/database/base.py).
DATABASES["default"]["ENGINE"] = "iomcso.core.database"
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5

# --- Redis: cache, sessions, broker -----------------------------------------
REDIS_URL = env("REDIS_URL", default="redis://127.0.0.1:6379/0")
# Short timeouts everywhere: a frozen Redis must fail a call fast, never hang a request.
REDIS_SOCKET_TIMEOUT = env.float("REDIS_SOCKET_TIMEOUT", default=2.0)
# The cache and the rate limits sit in the request path: they give up sooner. A healthy Redis
# answers in a millisecond; one that has not answered in a second is treated as down.
REDIS_CACHE_SOCKET_TIMEOUT = env.float("REDIS_CACHE_SOCKET_TIMEOUT", default=1.0)
# The breaker (iomcso/core/redis_budget.py): one failed Redis call ends Redis for the rest of
# the request; this many failures within the window skip Redis in the whole process for a
# few seconds. A request never spends much more than one socket timeout on Redis.
REDIS_REQUEST_BUDGET_SECONDS = env.float("REDIS_REQUEST_BUDGET_SECONDS", default=2.5)
REDIS_BREAKER_FAILURES = env.int("REDIS_BREAKER_FAILURES", default=3)
REDIS_BREAKER_WINDOW_SECONDS = env.float("REDIS_BREAKER_WINDOW_SECONDS", default=10.0)
REDIS_BREAKER_OPEN_SECONDS = env.float("REDIS_BREAKER_OPEN_SECONDS", default=5.0)
# The directory's pages of results are kept this many seconds in the shared cache (0: off);
# changes that move an organization in or out show at once (partners/directory_cache.py).
DIRECTORY_CACHE_SECONDS = env.int("DIRECTORY_CACHE_SECONDS", default=60)
# The organizations changelist's filter panel and year links, kept per language and query
# string (the same for every member of staff; 0: off).
ADMIN_FRAGMENT_CACHE_SECONDS = env.int("ADMIN_FRAGMENT_CACHE_SECONDS", default=60)
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("CACHE_URL", default=REDIS_URL),
        "KEY_PREFIX": "iomcso",
        "OPTIONS": {
            "SOCKET_CONNECT_TIMEOUT": REDIS_CACHE_SOCKET_TIMEOUT,
            "SOCKET_TIMEOUT": REDIS_CACHE_SOCKET_TIMEOUT,
            # Every command asks the Redis breaker first (a skipped one is a miss).
            "CONNECTION_POOL_KWARGS": {"connection_class": BudgetedConnection},
            # The cache is an optimisation: when Redis is down a read is a miss, not an error
            # page. Rate limits fail open (iomcso/core/ratelimit.py).
            "IGNORE_EXCEPTIONS": True,
        },
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Sessions live in the database (shared by every web process) and survive a Redis outage.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

# --- Celery -----------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=300)
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=360)
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Redis redelivers an unacknowledged task after this many seconds (when a whole worker died);
# no task may be scheduled further ahead than this (PortalTask refuses it; far-future work is
# found by periodic scans). It must stay above the longest task time limit (the eligibility
# report build, 1900 s), or a long build would be delivered twice while it runs; work that
# must not wait that long after a worker's death is re-queued by periodic checks (the outbox
# sweep, report builds stuck in "running", the reminder scans).
CELERY_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=2400)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
# Publishing retries briefly then gives up: the outbox sweep re-dispatches later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# /healthz reports the worker "stale" when its heartbeat task (beat, every 15 s) has not run
# for this long.
WORKER_HEARTBEAT_STALE_SECONDS = env.int("WORKER_HEARTBEAT_STALE_SECONDS", default=90)
# The outbox sweep (every 15 s) re-dispatches pending mail not handed to the broker, or
# handed to it longer ago than this without being sent.
OUTBOX_REDISPATCH_AFTER_SECONDS = env.int("OUTBOX_REDISPATCH_AFTER_SECONDS", default=30)
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# --- Auth and allauth -------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS L2 (2.1.1): at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
# A partner's home is the portal dashboard ("register or join" until it belongs somewhere);
# staff go to the admin (AccountAdapter.get_login_redirect_url). A ``next`` wins over both.
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# The subject prefix is the adapter's, in the reader's language (AccountAdapter.format_email_subject).
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# False turns every limit off (the test settings do).
ACCOUNT_RATE_LIMITS: dict[str, str] | Literal[False] = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Rate limits fail open when Redis cannot count (logged, counted in /healthz), never refuse.
# The portal's own limits, same notation (only POSTs count).
PORTAL_RATE_LIMITS: dict[str, str] = {
    "join_request": "10/h/user,30/h/ip",
    "team_invitation": "20/h/user,60/h/ip",
    "consultation_invitation_response": "20/h/user,60/h/ip",
}
# The client address rate limits count by. Behind a proxy every request comes from the
# proxy's address, so ten failed logins would lock out everyone: name the proxies you run.
# ALLAUTH_TRUSTED_PROXY_COUNT: how many proxies of yours append to X-Forwarded-For (the
# address that many entries from the right is the client's). ALLAUTH_TRUSTED_CLIENT_IP_HEADER:
# a header your proxy sets to the client address (X-Real-IP, CF-Connecting-IP) instead.
# https://docs.allauth.org/en/latest/common/rate_limits.html
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("ALLAUTH_TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", default=None)
ACCOUNT_ADAPTER = "iomcso.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "signup": "iomcso.accounts.forms.SignupForm",
    "login": "iomcso.accounts.forms.LoginForm",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IOM–CSO Partnership Portal"
# Staff must enrol a second factor before they can use the admin site.
REQUIRE_STAFF_TWO_FACTOR = env.bool("REQUIRE_STAFF_TWO_FACTOR", default=False)
# Staff sessions: 30 minutes idle, 12 hours at most (iomcso.accounts.middleware); partners keep
# Django's two weeks (SESSION_COOKIE_AGE).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
STAFF_SESSION_MAX_SECONDS = env.int("STAFF_SESSION_MAX_SECONDS", default=12 * 60 * 60)
PRIVACY_NOTICE_VERSION = "2026-11"

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en"
# The six official languages of the United Nations. The switcher shows each by its own name
# (Django's ``name_local``); Arabic is written right to left (``get_current_language_bidi``).
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
    ("zh-hans", _("Simplified Chinese")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats Django's own locales leave out (Arabic date-times).
FORMAT_MODULE_PATH = ["iomcso.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files ----------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads go through the storage API so an S3-compatible backend can replace the disk.
# They are never served by URL: private files pass through permission-checked views.
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAX_UPLOAD_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- REST API (/api/v1/) ----------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
# Personal API tokens only (no session: no CSRF to think about); anonymous reads are public.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["partners.api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["partners.api.permissions.TokenScopeAllowsMethod"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "partners.api.pagination.NameCursorPagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": [
        "partners.api.throttles.AddressThrottle",
        "partners.api.throttles.TokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "address": env("API_THROTTLE_ADDRESS", default="120/min"),
        "token": env("API_THROTTLE_TOKEN", default="600/min"),
    },
    "EXCEPTION_HANDLER": "partners.api.problems.problem_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "IOM–CSO Partnership Portal API",
    "DESCRIPTION": (
        "The partner registry, consultations and Observer status. Public data needs no token; "
        "partner and staff data need a personal API token (`Authorization: Bearer …`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No Redoc page: drf-spectacular's loads Google Fonts and Redoc needs inline styles (CSP).
    # One name per vocabulary in the schema (several models call theirs "status").
    "ENUM_NAME_OVERRIDES": {
        "VerificationStatusEnum": "partners.choices.VerificationStatus",
        "CooperationKindEnum": "partners.choices.CooperationKind",
        "CountryEnum": "partners.api.serializers.COUNTRY_CODES",
        "ProfileLanguageEnum": "partners.translations.PROFILE_LANGUAGES",
        "ConsultationStatusEnum": "consultations.api.ConsultationStatus",
        "InvitationStatusEnum": "consultations.api.InvitationStatus",
        "RegistrationStatusEnum": "consultations.api.RegistrationStatus",
        "DocumentKindEnum": "consultations.api.DocumentKind",
        "ApplicationStatusEnum": "observers.models.ApplicationStatus",
        "ReportStatusEnum": "observers.models.ReportStatus",
        "ReportKindEnum": "observers.models.ReportKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "partners.api.problems.add_problem_responses",
    ],
}
# Where the nightly open-data files are written (through the default storage).
OPEN_DATA_DIRECTORY = "open-data"
OPEN_DATA_LICENCE = "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)"

# --- Email ------------------------------------------------------------------
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="IOM–CSO Partnership Portal <noreply@iomcso.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy (django-csp 4) ------------------------------------
# https://django-csp.readthedocs.io/en/latest/configuration.html
# Strict: scripts and styles only from our own static files, no inline code, no framing.
# The TOTP enrolment QR code is a data: image. CSP_REPORT_ONLY=true sends the same policy
# as Content-Security-Policy-Report-Only (to try a change in production before enforcing).
_POLICY_DIRECTIVES = {
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
    **({"report-uri": [env("CSP_REPORT_URI")]} if env("CSP_REPORT_URI", default="") else {}),
}
SECURITY_POLICY_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
if SECURITY_POLICY_REPORT_ONLY:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _POLICY_DIRECTIVES}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _POLICY_DIRECTIVES}

# --- Audit log -----------------------------------------------------------------
# Sign-ins, exports, downloads and staff actions (iomcso.core.audit) are kept this long,
# then purged daily.
AUDIT_LOG_RETENTION_DAYS = env.int("AUDIT_LOG_RETENTION_DAYS", default=400)
# Bodies of sent emails (links, personal details) are emptied after this many days.
OUTBOX_BODY_RETENTION_DAYS = env.int("OUTBOX_BODY_RETENTION_DAYS", default=30)

# --- Logging ----------------------------------------------------------------
# One line per event on stdout, with the request id or task id to grep by.
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"context": {"()": "iomcso.core.logging.ContextFilter"}},
    "formatters": {
        "line": {
            "format": "%(asctime)s level=%(levelname)s logger=%(name)s request_id=%(request_id)s task_id=%(task_id)s %(message)s",
        },
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["context"],
        },
    },
    "root": {"handlers": ["stdout"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": ["stdout"], "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": "INFO"},
        # WeasyPrint logs each layout step of every PDF at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Third-party apps -------------------------------------------------------
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
COUNTRIES_FIRST: list[str] = []

# --- Sanctions screening (UN Security Council Consolidated List) ------------
# https://main.un.org/securitycouncil/en/content/un-sc-consolidated-list
SCREENING_LIST_URL = env(
    "SCREENING_LIST_URL", default="https://scsanctions.un.org/resources/xml/en/consolidated.xml"
)
# An import with fewer entries than this is refused as truncated (the list has ~1,000).
SCREENING_MIN_ENTRIES = env.int("SCREENING_MIN_ENTRIES", default=500)
# Trigram score (0..1) from which a name is raised as a possible match.
SCREENING_MATCH_THRESHOLD = env.float("SCREENING_MATCH_THRESHOLD", default=0.6)
SCREENING_DOWNLOAD_TIMEOUT = env.int("SCREENING_DOWNLOAD_TIMEOUT", default=60)
