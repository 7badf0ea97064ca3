"""Production settings: refuse to start without secrets, and pass check --deploy cleanly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "x9!" + "k" * 60 + "Qz7-pLm2",
    "ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/recovery_portal",
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
    "CACHE_URL": "redis://127.0.0.1:6379/1",
    "TRUSTED_PROXY_COUNT": "1",
    "SMS_BACKEND": "disabled",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # Only what any shell has: the test process's own settings must not leak in.
    base = {k: os.environ[k] for k in ("PATH", "HOME", "LANG", "TMPDIR") if k in os.environ}
    base["DJANGO_SETTINGS_MODULE"] = "recovery_portal.settings"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_start_up_is_refused_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_start_up_is_refused_without_allowed_hosts():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "ALLOWED_HOSTS"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("SESSION_IDLE_MINUTES", "half an hour"),
        ("TIME_ZONE", "Mars/Olympus_Mons"),
        ("DATABASE_URL", "nosuchdb://somewhere"),
        ("CELERY_BROKER_URL", "amqp-ish://nowhere"),
        ("MFA_ENCRYPTION_KEY", "not-a-key"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(name, value):
    result = manage("check", env={**PRODUCTION_ENV, name: value})
    assert result.returncode != 0
    assert name in result.stderr


def test_the_demo_defaults_need_no_services(tmp_path):
    env = {"DEBUG": "true", "VAR_DIR": str(tmp_path)}
    result = manage("check", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "celery-broker" / "queue").is_dir()


def test_production_hashes_passwords_with_argon2():
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.PASSWORD_HASHERS[0])",
        env=PRODUCTION_ENV,
    )
    assert (
        result.stdout.strip().splitlines()[-1] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    )


def test_tests_run_against_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
