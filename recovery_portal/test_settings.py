"""Test settings: PostgreSQL and Redis on localhost unless DATABASE_URL / CELERY_BROKER_URL say
otherwise, a fast password hasher, plain static files. Everything else is production's."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/recovery_portal")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/11")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
# Each test process its own cache (tests clear it): never a Redis database another run uses.
os.environ.setdefault("CACHE_URL", "locmemcache://portal-tests")
# Tests watch /healthz change the moment a worker stops (one test checks the cache itself).
os.environ.setdefault("HEALTHZ_CACHE_SECONDS", "0")

from recovery_portal.settings import *  # noqa: E402, F403
from recovery_portal.settings import STATIC_ROOT, STORAGES  # noqa: E402

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
# Uploads made by tests (e.g. consent scans of the demo) go to a throw-away folder; a worker
# process a test starts is given the test's folder (TEST_MEDIA_ROOT) to read what it stored.
MEDIA_ROOT = Path(
    os.environ.get("TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="recovery-portal-test-media-")
)

# Argon2 costs ~0.3 s per user; tests/accounts/test_settings.py checks production keeps it.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Worker processes of the reliability tests record their e-mail in a file shared across
# processes (tests/notifications/backends.py); everything else keeps Django's locmem outbox.
EMAIL_BACKEND = os.environ.get(
    "TEST_EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend"
)
# pytest-django empties the database between transactional tests with TRUNCATE, which the
# audit trail refuses unless the session allows it (audit migration 0003). Only tests do.
DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
DATABASES["default"]["OPTIONS"]["options"] = "-c recovery_portal.allow_audit_truncate=on"  # noqa: F405
# Connections closed after each request, so nothing holds the test database at teardown.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Under pytest-xdist each worker process has its own test database (pytest-django) and, here,
# its own keys on the broker's Redis: the Celery workers a test starts (tests/workers.py, which
# pass this environment on) take tasks from their own xdist worker's queue only, and one
# worker's purge() cannot drop the other's tasks.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if _XDIST_WORKER and CELERY_BROKER_URL.startswith(("redis://", "rediss://")):  # noqa: F405
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        **CELERY_BROKER_TRANSPORT_OPTIONS,  # noqa: F405
        "global_keyprefix": f"pytest-{_XDIST_WORKER}:",
    }
