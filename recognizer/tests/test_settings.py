"""Deploy-time choices come from the environment, and production refuses unsafe ones."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.system

ROOT = Path(__file__).resolve().parents[2]


PRODUCTION_ONE_PROCESS = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "digits.example.com",
}
# Production shares the rate limit through Redis (the check only reads the setting; nothing connects).
PRODUCTION = {**PRODUCTION_ONE_PROCESS, "REDIS_URL": "redis://10.0.0.5:6379/0"}
DEPLOY_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "S3_BUCKET",
    "HTTPS",
    "ALLOWED_HOSTS",
    "RECOGNITION_THROTTLE_RATE",
    "PREVIEW_THROTTLE_RATE",
    "DRAWING_RETENTION_DAYS",
)


def _run(env: dict, *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in DEPLOY_VARIABLES}
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(env: dict, code: str = "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"):
    setup = "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'digitsite.settings'); django.setup()"
    return _run(env, "-c", f"{setup}; from django.conf import settings; {code}")


def test_settings_refuse_to_start_with_debug_off_and_no_secret_key():
    result = _settings({"DEBUG": "false"})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_settings_default_to_a_local_sqlite_site_and_read_database_url():
    assert _settings({}).stdout.split() == ["True", "django.db.backends.sqlite3"]
    production = _settings({"DEBUG": "false", "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@h:5432/d"})
    assert production.stdout.split() == ["False", "django.db.backends.postgresql"]


def test_manage_check_deploy_passes_with_the_production_settings():
    result = _run(PRODUCTION, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_manage_check_deploy_warns_when_the_rate_limit_is_counted_per_process():
    result = _run(PRODUCTION_ONE_PROCESS, "manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0 and "recognizer.W001" in result.stderr + result.stdout
    assert "counted per process" in result.stderr + result.stdout
    unthrottled = {**PRODUCTION_ONE_PROCESS, "RECOGNITION_THROTTLE_RATE": "off"}
    assert _run(unthrottled, "manage.py", "check", "--deploy", "--fail-level", "WARNING").returncode == 0


def test_production_is_https_only_unless_told_otherwise():
    code = "print(settings.SECURE_SSL_REDIRECT, settings.SESSION_COOKIE_SECURE, settings.SECURE_HSTS_SECONDS > 0)"
    assert _settings(PRODUCTION, code).stdout.split() == ["True", "True", "True"]
    assert _settings({**PRODUCTION, "HTTPS": "false"}, code).stdout.split() == ["False", "False", "False"]


def test_redis_url_shares_cache_and_sessions_and_s3_bucket_moves_media():
    code = (
        "from django.core.files.storage import storages; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE, type(storages['default']).__name__)"
    )
    local = _settings({}, code).stdout.split()
    assert local == [
        "django.core.cache.backends.locmem.LocMemCache",
        "django.contrib.sessions.backends.db",
        "FileSystemStorage",
    ]
    scaled = _settings({"REDIS_URL": "redis://10.0.0.5:6379/0", "S3_BUCKET": "drawings"}, code).stdout.split()
    assert scaled == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "S3Storage",
    ]


def test_x_forwarded_for_is_only_trusted_when_proxies_are_declared():
    code = "print(settings.REST_FRAMEWORK['NUM_PROXIES'])"
    assert _settings({}, code).stdout.split() == ["0"]
    assert _settings({"NUM_PROXIES": "1"}, code).stdout.split() == ["1"]


def test_drawing_retention_defaults_to_a_year_and_refuses_a_negative_number():
    code = "print(settings.DRAWING_RETENTION_DAYS, settings.REST_FRAMEWORK['DEFAULT_THROTTLE_RATES']['preview'])"
    assert _settings({}, code).stdout.split() == ["365", "300/minute"]
    assert _settings({"DRAWING_RETENTION_DAYS": "0", "PREVIEW_THROTTLE_RATE": "off"}, code).stdout.split() == [
        "0",
        "None",
    ]
    refused = _settings({"DRAWING_RETENTION_DAYS": "-1"})
    assert refused.returncode != 0 and "DRAWING_RETENTION_DAYS must be 0" in refused.stderr
