"""``manage.py check --deploy`` refuses settings that are unsafe in production: a cache each
process keeps to itself (rate limits and used TOTP codes would not be shared), text messages
printed to the console (phone numbers and bodies in the logs, reported as sent), and — as a
warning — a reverse proxy whose X-Forwarded-For is not trusted (every visitor then shares the
proxy's address, so one person's failed log-ins lock out everyone)."""

from tests.core.test_settings import PRODUCTION_ENV, manage


def _deploy_check(**env):
    return manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, **env})


def _setting(expression: str, **env) -> str:
    result = manage(
        "shell",
        "-c",
        f"from django.conf import settings; print({expression})",
        env={k: v for k, v in {**PRODUCTION_ENV, **env}.items() if v is not None},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_per_process_cache_fails_the_deploy_check():
    result = _deploy_check(CACHE_URL="locmemcache://")
    assert result.returncode != 0
    assert "portal.E001" in result.stderr


def test_without_cache_url_production_caches_in_the_brokers_redis_on_another_database():
    backend = _setting(
        "settings.CACHES['default']['BACKEND'], settings.CACHES['default']['LOCATION']",
        CACHE_URL=None,
        CELERY_BROKER_URL="redis://127.0.0.1:6379/4",
    )
    assert backend == "django.core.cache.backends.redis.RedisCache redis://127.0.0.1:6379/5"


def test_text_messages_are_not_printed_in_production_by_default():
    assert _setting("settings.SMS_BACKEND", SMS_BACKEND=None) == "disabled"


def test_the_console_sms_backend_fails_the_deploy_check():
    result = _deploy_check(SMS_BACKEND="console")
    assert result.returncode != 0
    assert "portal.E002" in result.stderr


def test_a_proxy_count_of_zero_behind_a_proxy_is_a_deploy_warning():
    result = _deploy_check(TRUSTED_PROXY_COUNT="0")
    assert result.returncode != 0
    assert "portal.W001" in result.stderr
    assert _deploy_check(TRUSTED_PROXY_COUNT="1").returncode == 0


def test_the_proxy_count_reaches_allauth():
    assert _setting("settings.ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="2") == "2"


def test_the_sms_provider_must_be_reached_over_https():
    result = manage(
        "check",
        env={
            **PRODUCTION_ENV,
            "SMS_BACKEND": "twilio",
            "TWILIO_ACCOUNT_SID": "AC1",
            "TWILIO_AUTH_TOKEN": "secret",
            "SMS_FROM": "+15550000000",
            "SMS_API_URL": "http://sms.example.net",
        },
    )
    assert result.returncode != 0
    assert "SMS_API_URL" in result.stderr
