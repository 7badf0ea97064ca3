"""Settings for Recovery Portal: one module, driven by environment variables.

Every variable is read here, through ``os.environ`` or a helper of
``recovery_portal.envconfig`` that stops start-up with a message naming the variable when its
value is bad (its ``require_*`` functions check values read here). Development defaults are
safe and need nothing installed: SQLite and Celery's file-system broker under ``var/``.
Production (``DEBUG`` off) refuses to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``. The
README lists every variable.
"""

from __future__ import annotations

import os
from pathlib import Path

import environ

from recovery_portal import beat_schedule, envconfig
from recovery_portal.envconfig import envbool, envint, envlist, envurl

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))

DEBUG = envbool("DEBUG", False)

SECRET_KEY = envconfig.secret_key_or_development(os.environ.get("SECRET_KEY", ""), debug=DEBUG)
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
envconfig.require_allowed_hosts(ALLOWED_HOSTS, debug=DEBUG)
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

SITE_NAME = os.environ.get("SITE_NAME", "Recovery Portal")
# Shown in every page's footer. 988 is the US Suicide & Crisis Lifeline.
CRISIS_LINE = os.environ.get("CRISIS_LINE", "988")
CRISIS_LINE_TEXT = os.environ.get(
    "CRISIS_LINE_TEXT", "In crisis? Call or text 988, any time. In an emergency, call 911."
)
# The safety net's escalation and office hours (Mon-Fri): aftercare/services/safety.py.
SAFETY_ESCALATE_MINUTES = envint("SAFETY_ESCALATE_MINUTES", 60, minimum=1)
OFFICE_OPENS_HOUR = envint("OFFICE_OPENS_HOUR", 9)
OFFICE_CLOSES_HOUR = envint("OFFICE_CLOSES_HOUR", 17)
# How often Today's safety cards (help-now requests, check-in alerts) refresh themselves.
TODAY_REFRESH_SECONDS = envint("TODAY_REFRESH_SECONDS", 60, minimum=5)

INSTALLED_APPS = [
    "recovery_portal.accounts.apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "csp",
    "simple_history",
    # Shared apps
    "recovery_portal.accounts",
    "recovery_portal.audit",
    "recovery_portal.notifications",
    "recovery_portal.home",
    "recovery_portal.ops",
    # Domain apps
    "clients",
    "casework",
    "groups",
    "aftercare",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "recovery_portal.accounts.middleware.SessionLifetimeMiddleware",
    "recovery_portal.accounts.middleware.StaffMFARequiredMiddleware",
]

ROOT_URLCONF = "recovery_portal.urls"
WSGI_APPLICATION = "recovery_portal.wsgi.application"
ASGI_APPLICATION = "recovery_portal.asgi.application"

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
                "recovery_portal.home.context_processors.portal",
            ],
        },
    },
]

# Database: PostgreSQL in production and tests, a SQLite file for the demo.
DATABASES = {
    "default": envurl(
        "DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}", environ.Env.db_url_config
    )
}
envconfig.require_database_engine(DATABASES["default"])
DATABASES["default"]["CONN_MAX_AGE"] = envint("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo runs web, worker and beat against one SQLite file: wait for locks, don't fail.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:index"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: e-mail log-in, no public sign-up (see accounts.adapter), TOTP for staff; reset
# links that end when access ends (accounts/tokens.py, accounts/access.py).
ACCOUNT_ADAPTER = "recovery_portal.accounts.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
# Staff are created by administrators and clients are invited by e-mail, so an address in the
# portal is one the organization vouches for; no separate verification round-trip.
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PASSWORD_RESET_TOKEN_GENERATOR = "recovery_portal.accounts.tokens.PasswordResetTokens"
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an address without an account sends nothing: no mail to strangers, and
# the page answers the same either way.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key", "reset_password": "20/m/ip,5/m/key"}
# How many reverse proxies in front of the portal append to X-Forwarded-For (nginx, a load
# balancer: usually 1). 0: the header is ignored, as anyone can send it. Behind a proxy with 0,
# every visitor shares the proxy's address, so one person's failed log-ins lock out everyone.
# allauth reads it as ALLAUTH_TRUSTED_PROXY_COUNT, for its rate limits and for the address the
# audit trail and consent signatures record (recovery_portal.http.client_ip): keep the two equal.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# What a lock screen shows of account e-mails (subject, first line) and what the authenticator
# app calls the account: a name that does not say what the organization does (checked at
# start-up, recovery_portal/checks.py).
DISCREET_SENDER_NAME = os.environ.get("DISCREET_SENDER_NAME", "Member services").strip()
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{DISCREET_SENDER_NAME}] "
MFA_ADAPTER = "recovery_portal.accounts.adapter.PortalMFAAdapter"
# Key for TOTP secrets at rest (Fernet: python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"). Empty: derived from SECRET_KEY.
MFA_ENCRYPTION_KEY = os.environ.get("MFA_ENCRYPTION_KEY", "")
envconfig.require_mfa_key(MFA_ENCRYPTION_KEY)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# The set-up page keeps its secret across reloads until it is confirmed.
MFA_FORMS = {"activate_totp": "recovery_portal.accounts.forms.ActivateTOTPForm"}
MFA_TOTP_ISSUER = DISCREET_SENDER_NAME
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Sessions end after SESSION_IDLE_MINUTES without a request (automatic log-off, HIPAA
# §164.312(a)(2)(iii)): the expiry moves forward with every request and the cookie dies
# with the browser.
SESSION_IDLE_MINUTES = envint("SESSION_IDLE_MINUTES", 30, minimum=1)
# ... and SESSION_ABSOLUTE_HOURS after sign-in however busy it is (a computer left signed in all
# day on a shared desk): accounts.middleware.SessionLifetimeMiddleware.
SESSION_ABSOLUTE_HOURS = envint("SESSION_ABSOLUTE_HOURS", 12, minimum=1)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Emergency access ("break the glass"): how long a record opened outside one's caseload stays
# open. It ends by itself; the person asks again (with a reason) if the emergency goes on.
EMERGENCY_ACCESS_HOURS = envint("EMERGENCY_ACCESS_HOURS", 4, minimum=1)
# 42 CFR 2.31: a consent signed by someone under 18 also needs a parent or guardian where state
# law requires it. Required unless the organization's counsel says its state does not.
PART2_MINOR_NEEDS_GUARDIAN_SIGNATURE = envbool("PART2_MINOR_NEEDS_GUARDIAN_SIGNATURE", True)
# The age from which a client signs alone. Many states let minors consent to substance use
# treatment from 12 or 14 (then Part 2 asks only for the minor's own signature, §2.14(b)); the
# age of majority (18) where state law asks a parent or guardian to consent to treatment.
PART2_MINOR_CONSENT_AGE = envint("PART2_MINOR_CONSENT_AGE", 18, minimum=1)
envconfig.require_consent_age(PART2_MINOR_CONSENT_AGE)

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
envconfig.require_time_zone(TIME_ZONE)
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media-not-public/"  # uploads are served only through views that check access

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: EMAIL_URL (smtp+tls://user:password@host:587) or an explicit EMAIL_BACKEND.
if os.environ.get("EMAIL_URL"):
    _email = envurl("EMAIL_URL", "", environ.Env.email_url_config)
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
    EMAIL_HOST = _email.get("EMAIL_HOST", "")
    EMAIL_PORT = _email.get("EMAIL_PORT") or 25
    EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = _email.get("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = _email.get("EMAIL_USE_SSL", False)
    if "EMAIL_FILE_PATH" in _email:
        EMAIL_FILE_PATH = _email["EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND",
        "django.core.mail.backends.console.EmailBackend"
        if DEBUG
        else "django.core.mail.backends.smtp.EmailBackend",
    )
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "portal@example.org")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Reminders (recovery_portal/notifications): the outbox dispatcher and its channels.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
REMINDER_DISPATCH_EVERY_SECONDS = envint("REMINDER_DISPATCH_EVERY_SECONDS", 60, minimum=1)
REMINDER_DISPATCH_TIME_BUDGET = envint("REMINDER_DISPATCH_TIME_BUDGET", 50, minimum=1)
REMINDER_BATCH_SIZE = envint("REMINDER_BATCH_SIZE", 100, minimum=1)
REMINDER_LEASE_SECONDS = envint("REMINDER_LEASE_SECONDS", 300, minimum=1)
REMINDER_MAX_ATTEMPTS = envint("REMINDER_MAX_ATTEMPTS", 5, minimum=1)
REMINDER_RETRY_SECONDS = envint("REMINDER_RETRY_SECONDS", 60, minimum=1)
# The one-click "stop reminders" link of an e-mail works this many days after it was sent.
UNSUBSCRIBE_LINK_DAYS = envint("UNSUBSCRIBE_LINK_DAYS", 60, minimum=1)
# Development prints text messages; production sends none until a provider is set (the console
# backend would print numbers and bodies into the logs and report them as sent).
SMS_BACKEND = os.environ.get("SMS_BACKEND") or ("console" if DEBUG else "disabled")
SMS_FILE_PATH = Path(os.environ.get("SMS_FILE_PATH", VAR_DIR / "sms.jsonl"))
SMS_FROM = os.environ.get("SMS_FROM", "")
SMS_API_URL = os.environ.get("SMS_API_URL", "https://api.twilio.com")
SMS_TIMEOUT_SECONDS = envint("SMS_TIMEOUT_SECONDS", 10, minimum=1)
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
envconfig.require_sms_provider(
    SMS_BACKEND,
    SMS_API_URL,
    credentials=bool(TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN and SMS_FROM),
)
# Texts people send back (README "Two-way text messages"): the HELP answer gives this number;
# texts from a number of no active client are kept this many days for administrators.
ORGANIZATION_PHONE = os.environ.get("ORGANIZATION_PHONE", "").strip()
SMS_UNMATCHED_KEEP_DAYS = envint("SMS_UNMATCHED_KEEP_DAYS", 30, minimum=1)
# The watchdog flags texts when more than half of at least this many failed in the last hour.
WATCHDOG_TEXT_FAILURES_MIN = envint("WATCHDOG_TEXT_FAILURES_MIN", 5, minimum=1)

# Records retention (clients/services/retention.py, README "Records retention and legal
# holds"). A closed or discharged record is listed for an administrator's decision this many
# years after it was closed. At least 6: the record holds consents and the log of disclosures,
# which HIPAA asks to be kept six years (45 CFR §164.316(b)(2), §164.528).
RECORD_RETENTION_YEARS = envint("RECORD_RETENTION_YEARS", 7, minimum=6)
# How long audit events are kept at the least. The portal never deletes one (the table is
# append-only), so today it keeps them all; this guards the policy: below six years is refused.
AUDIT_RETENTION_YEARS = envint("AUDIT_RETENTION_YEARS", 6)
envconfig.require_audit_retention(AUDIT_RETENTION_YEARS)

# Celery: Redis in production (CELERY_BROKER_URL), a file-system broker under var/ for the demo.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
envconfig.require_broker_url(CELERY_BROKER_URL)

# Cache: rate limits and used TOTP codes live here, so every web process must share it. CACHE_URL
# if set; else the broker's Redis (next database number) when the broker is Redis; else (the
# demo) a per-process memory cache, which `check --deploy` refuses.
_default_cache = envconfig.default_cache_url(CELERY_BROKER_URL)
CACHES = {"default": envurl("CACHE_URL", _default_cache, environ.Env.cache_url_config)}

CELERY_BROKER_DIR = VAR_DIR / "celery-broker"
CELERY_BROKER_TRANSPORT_OPTIONS = envconfig.broker_transport_options(
    CELERY_BROKER_URL, CELERY_BROKER_DIR
)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 300, minimum=1)
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 240, minimum=1)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# django-celery-beat's database scheduler, which also checks beat in for the watchdog.
CELERY_BEAT_SCHEDULER = "recovery_portal.ops.checkins:WatchdogScheduler"
# Every periodic task, in one place: recovery_portal/beat_schedule.py.
CELERY_BEAT_SCHEDULE = beat_schedule.schedule(
    dispatch_every_seconds=REMINDER_DISPATCH_EVERY_SECONDS
)
# The watchdog behind /healthz (recovery_portal/ops/health.py): a reminder still unsent this
# many minutes after it was due means beat or every worker is down; workers and beat check in
# every WATCHDOG_CHECKIN_SECONDS, and one silent for WATCHDOG_SILENCE_SECONDS is missing.
WATCHDOG_REMINDER_DELAY_MINUTES = envint("WATCHDOG_REMINDER_DELAY_MINUTES", 10, minimum=1)
WATCHDOG_CHECKIN_SECONDS = envint("WATCHDOG_CHECKIN_SECONDS", 30, minimum=1)
WATCHDOG_SILENCE_SECONDS = envint("WATCHDOG_SILENCE_SECONDS", 120, minimum=1)
envconfig.require_watchdog_timing(
    silence=WATCHDOG_SILENCE_SECONDS, checkin=WATCHDOG_CHECKIN_SECONDS
)
# /healthz answers from a result at most this many seconds old (per web process), so that a
# crowd of anonymous callers cannot hold every web worker on database and broker checks.
HEALTHZ_CACHE_SECONDS = envint("HEALTHZ_CACHE_SECONDS", 5)
# A monitor sending this in X-Healthz-Token also reads the apps' notes (no one on call).
HEALTHZ_NOTES_TOKEN = os.environ.get("HEALTHZ_NOTES_TOKEN", "")
# Aftercare: tries without reaching the client before a follow-up ends as "unable to reach".
AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS = envint("AFTERCARE_UNREACHABLE_AFTER_ATTEMPTS", 3, minimum=1)

# Security headers. Behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Django's logs, with paths masked (envconfig.logging_config, recovery_portal/gunicorn_logging.py).
LOGGING = envconfig.logging_config(os.environ.get("LOG_LEVEL", "INFO"))

# Folders of an organization's own screening instruments (JSON, see clients/instruments/).
SCREENING_INSTRUMENTS_DIRS = envlist("SCREENING_INSTRUMENTS_DIRS", [])

# Recovery plans: days from a plan's start or review to its next review.
PLAN_REVIEW_DAYS = envint("PLAN_REVIEW_DAYS", 90, minimum=1)
# Casework: a referral with no news for this many days needs a follow-up call; a directory
# entry not verified for this many days is flagged as possibly out of date.
REFERRAL_STALE_DAYS = envint("REFERRAL_STALE_DAYS", 7, minimum=1)
RESOURCE_STALE_DAYS = envint("RESOURCE_STALE_DAYS", 180, minimum=1)
# A client on a caseload with no contact for this many days is listed on Today.
NO_CONTACT_DAYS = envint("NO_CONTACT_DAYS", 30, minimum=1)
# Where the organization is, roughly (with TIME_ZONE): the Meeting Guide feed gives it as the
# approximate location of online-only meetings, as meeting apps ask. Never a street address.
ORGANIZATION_CITY = os.environ.get("ORGANIZATION_CITY", "Springfield")
ORGANIZATION_REGION = os.environ.get("ORGANIZATION_REGION", "NY")  # state or province, e.g. NY
ORGANIZATION_COUNTRY = os.environ.get("ORGANIZATION_COUNTRY", "US")
# Names on peer group rosters: "initial" (first name and last initial, as peer groups do) or
# "full" (first and last name) where the organization's policy asks for it.
GROUP_ROSTER_NAMES = os.environ.get("GROUP_ROSTER_NAMES", "initial")
envconfig.require_roster_names(GROUP_ROSTER_NAMES)
# Staff calendar links may carry client names (first name, last initial) and places: a
# disclosure to the calendar provider. On only with a BAA / QSOA with that provider.
STAFF_CALENDAR_DETAILS_ALLOWED = envbool("STAFF_CALENDAR_DETAILS_ALLOWED", False)

# Backups (manage.py backup / restore; README "Backups and restoring"). The key is an age secret
# key (AGE-SECRET-KEY-1…: `manage.py backup --generate-key`); without it production refuses to
# make a backup. Losing it loses every backup made with it.
BACKUP_ENCRYPTION_KEY = os.environ.get("BACKUP_ENCRYPTION_KEY", "").strip()
envconfig.require_age_key(BACKUP_ENCRYPTION_KEY)
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR") or VAR_DIR / "backups")
BACKUP_KEEP = envint("BACKUP_KEEP", 14, minimum=1)

# Demo data (manage.py seed_demo): never in production settings.
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "recovery-demo")
DEMO_TOTP_SECRET = os.environ.get("DEMO_TOTP_SECRET", "JBSWY3DPEHPK3PXP")
