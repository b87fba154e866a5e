"""Concord settings. Every difference between a developer's machine and production comes from the environment
(see docs/deployment.md for the full list); nothing here needs editing to deploy."""

from __future__ import annotations

from pathlib import Path

import environ
from csp.constants import NONE, SELF

from config import env
from config.languages import interface_languages

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.text("CONCORD_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env.boolean("DEBUG", False)
SECRET_KEY = env.secret("SECRET_KEY")
ALLOWED_HOSTS = env.text_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env.text_list("CSRF_TRUSTED_ORIGINS")

# Demo mode lets the seeded demo users in without enrolling a second factor and shows a banner on every page.
# It must never be on where real cases are kept.
DEMO_MODE = env.boolean("CONCORD_DEMO_MODE", False)
# "required": every role that needs a second factor must enrol at first login. "demo-accounts-exempt" lets the
# accounts made by seed_demo skip enrolment, and only while demo mode is on.
MFA_ENROLMENT = env.text("CONCORD_MFA_ENROLMENT", "required")
IDLE_TIMEOUT_MINUTES = env.integer("CONCORD_IDLE_TIMEOUT_MINUTES", 30)
DEFAULT_COUNTRY = env.text("CONCORD_COUNTRY", "az")
ATTACHMENT_MAX_BYTES = env.integer("CONCORD_ATTACHMENT_MAX_MB", 20) * 1024 * 1024
BREAK_GLASS_MINUTES = env.integer("CONCORD_BREAK_GLASS_MINUTES", 240)

INSTALLED_APPS = [
    "concord.accounts.apps.ConcordAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "django_htmx",
    "template_partials",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "concord.common",
    "concord.territory",
    "concord.accounts",
    "concord.countries",
    "concord.audit",
    "concord.people",
    "concord.cases",
    "concord.risk",
    "concord.referrals",
    "concord.protection",
    "concord.groups",
    "concord.programmes",
    "concord.stats",
    "concord.notifications",
    "concord.api",
]

MIDDLEWARE = [
    "concord.common.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "concord.accounts.middleware.IdleSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "concord.common.middleware.NoStoreMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "concord.audit.middleware.AuditMiddleware",
    "concord.accounts.middleware.UserLanguageMiddleware",
    "concord.accounts.middleware.CountryTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "concord.accounts.middleware.MfaEnrolmentMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Axes after the others, as its documentation asks, so that it sees the outcome of authentication.
    "axes.middleware.AxesMiddleware",
    # Innermost: the transaction of a writing request spans the view alone.
    "concord.common.middleware.WriteTransactionMiddleware",
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
                "django.template.context_processors.i18n",
                "concord.accounts.context_processors.concord",
                "concord.notifications.context_processors.unread",
                "concord.common.navigation.navigation",
            ],
        },
    }
]

# --- Database -------------------------------------------------------------------------------------------------
_SQLITE_DEFAULT = f"sqlite:///{VAR_DIR / 'concord.sqlite3'}"
DATABASES = {"default": environ.Env.db_url_config(env.secret("DATABASE_URL", _SQLITE_DEFAULT))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; IMMEDIATE takes the write lock at BEGIN so two
    # writers queue on the timeout instead of failing with "database is locked" halfway through.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.integer("CONN_MAX_AGE", 60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts, authentication and sessions --------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "account_login"

# The idle timeout: every request pushes the expiry forward, so a session ends after this much inactivity.
SESSION_COOKIE_AGE = IDLE_TIMEOUT_MINUTES * 60
# The idle timeout slides forward when the session is saved; IdleSessionMiddleware saves it at most this often,
# so that reading a page writes nothing.
SESSION_REFRESH_SECONDS = env.integer("SESSION_REFRESH_SECONDS", 60)
# Server-Timing headers with the server's and the database's share of each answer (benchmarks; off in production).
SERVER_TIMING = env.boolean("CONCORD_SERVER_TIMING", False)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

ACCOUNT_ADAPTER = "concord.accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env.integer("CONCORD_REAUTHENTICATION_SECONDS", 300)
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Concord] "
# allauth keeps its own limits as a second line, above axes so that axes (with its durable record) locks first.
ACCOUNT_RATE_LIMITS = {"login_failed": "20/15m/ip,10/15m/key"}
MFA_ADAPTER = "concord.accounts.adapters.MfaAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env.text("CONCORD_TOTP_ISSUER", "Concord")
MFA_RECOVERY_CODE_COUNT = 10

AXES_FAILURE_LIMIT = env.integer("CONCORD_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env.integer("CONCORD_LOCKOUT_MINUTES", 30) / 60
# Failures lock the account they were aimed at (from any address, and the account at one address), never an
# address alone: a district office behind one NAT must not be locked out by one person's mistyped password.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "concord.accounts.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# --- Internationalisation ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "en"
# An operator's own catalogues (a language Concord does not ship) come first, then Concord's.
LOCALE_PATHS = [*(Path(path) for path in env.text_list("CONCORD_LOCALE_PATHS", sep=":")), BASE_DIR / "locale"]
# Every catalogued language, or only those CONCORD_LANGUAGES names (English is always offered).
LANGUAGES = interface_languages(LOCALE_PATHS, env.text_list("CONCORD_LANGUAGES"))
# Country packs: an operator's folders first (a country Concord does not ship), then concord/countries/.
COUNTRY_PACK_DIRS = [Path(path) for path in env.text_list("CONCORD_PACK_DIRS", sep=":")]
# Each language's own way of writing dates and times, everywhere (Django's en and sq defaults are wrong for us).
FORMAT_MODULE_PATH = ["concord.formats"]
TIME_ZONE = env.text("TIME_ZONE", "Asia/Baku")
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "concord_language"
LANGUAGE_COOKIE_SECURE = env.boolean("SECURE_COOKIES", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and uploaded files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "concord.common.storage.EncryptedFileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env.boolean("WHITENOISE_USE_FINDERS", False)
MEDIA_ROOT = Path(env.text("MEDIA_ROOT", str(VAR_DIR / "media")))
FILE_UPLOAD_PERMISSIONS = 0o600

# --- Encryption at rest -----------------------------------------------------------------------------------------
# Fernet keys, newest first: values are written with the first and read with any, which is what rotation needs.
FIELD_ENCRYPTION_KEYS = [key.strip() for key in env.secret("FIELD_ENCRYPTION_KEYS", "").split(",") if key.strip()]
BLIND_INDEX_KEY = env.secret("BLIND_INDEX_KEY", "")
# The audit log's MACs and seals: a key of its own, kept off the database server (concord.audit.models).
AUDIT_MAC_KEY = env.secret("AUDIT_MAC_KEY", "")
# Each seal of the audit chain is appended here (and logged); ship the file off the machine (docs/deployment.md).
AUDIT_CHECKPOINT_FILE = Path(env.text("AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl")))
# Where `verify_audit --incremental` remembers the last seal it verified.
AUDIT_VERIFIED_FILE = Path(env.text("AUDIT_VERIFIED_FILE", str(VAR_DIR / "audit-verified.json")))

# --- Security headers -------------------------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env.boolean("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.boolean("BEHIND_TLS_PROXY", False) else None
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.boolean("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env.boolean("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}

# --- Mail -------------------------------------------------------------------------------------------------------
_email = environ.Env.email_url_config(env.text("EMAIL_URL", "consolemail://" if DEBUG or DEMO_MODE else "smtp://"))
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.secret("EMAIL_HOST_PASSWORD", _email.get("EMAIL_HOST_PASSWORD") or "")
EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = env.text("DEFAULT_FROM_EMAIL", "concord@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- API --------------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "concord.accounts.tokens.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["concord.api.permissions.IsStaffWithMfa"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "concord.api.pagination.KeysetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    # Per user and per worker process (the cache is each process's own): one request a second on average, with
    # room for an integration that synchronises a day's changes in a burst (docs/deployment.md).
    # Person matching reads across every agency's register: a tighter rate keeps it from being used to enumerate.
    "DEFAULT_THROTTLE_RATES": {
        "user": env.text("CONCORD_API_RATE", "3600/hour"),
        "person_match": env.text("CONCORD_MATCH_RATE", "300/hour"),
    },
    "EXCEPTION_HANDLER": "concord.api.exceptions.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Concord API",
    "DESCRIPTION": "Shared case register for the coordinated response to domestic and gender-based violence.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["concord.api.permissions.IsStaffWithMfa"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "concord.api.schema.add_error_responses",
    ],
    # Two models have a "role": name their enums so the schema is stable and readable.
    "ENUM_NAME_OVERRIDES": {
        "MembershipRoleEnum": "concord.accounts.choices.Role",
        "ParticipantRoleEnum": "concord.cases.choices.ParticipantRole",
        "AttachmentKindEnum": "concord.cases.choices.AttachmentKind",
        "CaseStatusEnum": "concord.cases.choices.CaseStatus",
        "RiskLevelNameEnum": "concord.risk.api.serializers.LEVEL_NAMES",
        "DeclineReasonEnum": "concord.referrals.choices.DeclineReason",
        "ReferralOutcomeEnum": "concord.referrals.choices.Outcome",
        "ContactOutcomeEnum": "concord.referrals.choices.ContactOutcome",
        "AppealOutcomeEnum": "concord.protection.choices.AppealOutcome",
        "FamilyOutcomeEnum": "concord.groups.choices.FamilyOutcome",
        "MeetingKindEnum": "concord.groups.choices.MeetingKind",
        "NotDoneReasonEnum": "concord.groups.choices.NotDoneReason",
        "ApplicantKindEnum": "concord.protection.choices.ApplicantKind",
        "OrderConditionEnum": "concord.protection.choices.Condition",
        "ProceedingKindEnum": "concord.protection.choices.ProceedingKind",
        "LeavingReasonEnum": "concord.programmes.choices.LeavingReason",
        "AttendancePresenceEnum": "concord.programmes.choices.Presence",
        "MeetingPresenceEnum": "concord.groups.choices.Presence",
        "StepEndReasonEnum": "concord.protection.choices.EndReason",
        "MaterialKindEnum": "concord.programmes.choices.MaterialKind",
        "CampaignChannelEnum": "concord.programmes.choices.Channel",
        "ContactChannelEnum": "concord.referrals.choices.ContactChannel",
    },
}

# --- Forms, tasks, logging --------------------------------------------------------------------------------------
FORM_RENDERER = "concord.common.forms.ConcordFormRenderer"
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
# Published statistics hide counts from 1 to one below the threshold (DOMAIN.md §5), per country code.
STATISTICS_SUPPRESSION_THRESHOLDS = {"default": 5}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Logs carry no personal data: request bodies and query strings are never logged, and Django's
# request logger only records the path and status.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.text("LOG_LEVEL", "INFO")},
    # A refusal (403) or a missing page (404) is an ordinary answer, audited where it matters: only server errors
    # reach the log, so that an operator's console shows what needs attention. The PDF renderer would log seven
    # steps of every sheet and minutes it prints.
    "loggers": {
        "axes": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
