"""Reading and checking the environment for ``settings.py``, the one module of settings.

``settings.py`` reads every variable itself, through ``os.environ`` or the helpers here
(``envbool``, ``envint``, ``envlist``, ``envurl``), so that the variables it reads can be found
in that one file (tests/ops/test_deploy_kit.py finds them there). The ``require_*`` functions
check a value already read, or several together, and stop start-up with a message naming the
variable when it is bad; the few others derive a setting from values read there (the default
cache, the broker's transport options, the development secret key).
"""

from __future__ import annotations

import base64
import os
import urllib.parse
import zoneinfo
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
# Plain http is allowed to these only (a provider stub on the same machine, in tests).
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_FALSE = {"0", "false", "no", "off", ""}
# Development only: production (DEBUG off) refuses to start without its own SECRET_KEY.
_DEVELOPMENT_SECRET_KEY = "development-only-key-not-for-production-use-0123456789abcdefghijklmnopq"  # noqa: S105


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (1/0, yes/no, on/off), not {raw!r}")


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}")
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}")
    return value


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envurl(name: str, default: str, parse):
    raw = os.environ.get(name) or default
    try:
        return parse(raw)
    except (ImproperlyConfigured, ValueError, KeyError) as exc:
        raise ImproperlyConfigured(f"{name} is not a valid URL of a supported kind: {exc}")


def secret_key_or_development(value: str, *, debug: bool) -> str:
    """SECRET_KEY as set; when it is not, a fixed key for development, never for production."""
    if value:
        return value
    if not debug:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off (production). "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    return _DEVELOPMENT_SECRET_KEY


def require_allowed_hosts(hosts: list[str], *, debug: bool) -> None:
    if not debug and not hosts:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS must be set when DEBUG is off: the host names the portal answers to."
        )


def require_database_engine(database: dict) -> None:
    if database.get("ENGINE") not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:/// URL")


def require_mfa_key(value: str) -> None:
    """Empty, or a Fernet key (32 url-safe bytes)."""
    if value:
        try:
            if len(base64.urlsafe_b64decode(value)) != 32:
                raise ValueError
        except ValueError:
            raise ImproperlyConfigured(
                "MFA_ENCRYPTION_KEY must be a Fernet key (32 url-safe bytes)"
            )


def require_consent_age(age: int) -> None:
    if age > 21:
        raise ImproperlyConfigured(f"PART2_MINOR_CONSENT_AGE must be 21 or less, not {age}")


def require_time_zone(value: str) -> None:
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(f"TIME_ZONE {value!r} is not a known time zone name")


def require_sms_provider(backend: str, api_url: str, *, credentials: bool) -> None:
    """Twilio needs its credentials and a sender, and an https:// API (loopback aside)."""
    if backend == "twilio" and not credentials:
        raise ImproperlyConfigured(
            "SMS_BACKEND=twilio needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and SMS_FROM"
        )
    api = urllib.parse.urlsplit(api_url)
    if backend == "twilio" and api.scheme != "https" and api.hostname not in _LOOPBACK:
        raise ImproperlyConfigured(
            "SMS_API_URL must be an https:// URL: the provider's credentials travel with each "
            "message"
        )


def require_audit_retention(years: int) -> None:
    if years < 6:
        raise ImproperlyConfigured(
            f"AUDIT_RETENTION_YEARS must be at least 6, not {years}: HIPAA asks "
            "that records of activity be kept six years (45 CFR §164.316(b)(2))"
        )


def require_broker_url(url: str) -> None:
    if not url.startswith(("redis://", "rediss://", "filesystem://", "memory://")):
        raise ImproperlyConfigured(
            "CELERY_BROKER_URL must be a redis://, rediss:// or filesystem:// URL, "
            f"not {url.split(':', 1)[0]!r}"
        )


def default_cache_url(broker_url: str) -> str:
    """The cache when CACHE_URL is not set: the broker's Redis (next database number) when the
    broker is Redis; else (the demo) a per-process memory cache."""
    if broker_url.startswith(("redis://", "rediss://")):
        return redis_neighbour(broker_url)
    return "locmemcache://portal"


def redis_neighbour(url: str) -> str:
    """The same Redis as ``url``, on the next database number (the broker's queues and the
    cache never share a database, so clearing the cache cannot drop queued tasks)."""
    parts = urllib.parse.urlsplit(url)
    try:
        db = int(parts.path.strip("/") or 0)
    except ValueError:
        raise ImproperlyConfigured("CELERY_BROKER_URL's Redis database must be a number")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{(db + 1) % 16}"))


def broker_transport_options(broker_url: str, broker_dir: Path) -> dict:
    """Celery's transport options: the demo's file-system broker under ``broker_dir`` (its
    folders made: web, worker and beat all write there), or Redis's."""
    if broker_url.startswith("filesystem://"):
        options = {
            "data_folder_in": str(broker_dir / "queue"),
            "data_folder_out": str(broker_dir / "queue"),
            "processed_folder": str(broker_dir / "processed"),
            "store_processed": False,
        }
        for folder in ("queue", "processed"):
            (broker_dir / folder).mkdir(parents=True, exist_ok=True)
        return options
    # A task not acknowledged within the visibility timeout is delivered again; ours are short.
    return {"visibility_timeout": 3600}


def require_watchdog_timing(*, silence: int, checkin: int) -> None:
    if silence <= checkin:
        raise ImproperlyConfigured(
            f"WATCHDOG_SILENCE_SECONDS ({silence}) must be longer than "
            f"WATCHDOG_CHECKIN_SECONDS ({checkin}), or every running worker "
            "looks silent between two check-ins; three or four times as long is a good choice"
        )


def require_age_key(value: str) -> None:
    """Empty, or an age secret key (one line starting AGE-SECRET-KEY-1)."""
    if value and not (value.startswith("AGE-SECRET-KEY-1") and len(value) == 74):
        raise ImproperlyConfigured(
            "BACKUP_ENCRYPTION_KEY must be an age secret key: one line starting AGE-SECRET-KEY-1 "
            "(make one with `manage.py backup --generate-key`)"
        )


def require_roster_names(value: str) -> None:
    if value not in ("initial", "full"):
        raise ImproperlyConfigured(
            f"GROUP_ROSTER_NAMES must be initial (first name and last initial) or full, "
            f"not {value!r}"
        )


def logging_config(level: str) -> dict:
    """Django's logging: to the console, with paths in request logs masked (query strings and
    tokens of client searches and one-click links: recovery_portal/gunicorn_logging.py)."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
        "filters": {"mask_paths": {"()": "recovery_portal.gunicorn_logging.MaskPathsFilter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "INFO"},
            "django.request": {"filters": ["mask_paths"]},
            "django.server": {"filters": ["mask_paths"]},
        },
    }
