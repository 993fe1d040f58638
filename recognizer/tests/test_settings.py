"""Deploy-time choices come from the environment, and production refuses unsafe ones."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _settings(env: dict) -> subprocess.CompletedProcess:
    code = "from django.conf import settings; print(settings.DEBUG, settings.DATABASES['default']['ENGINE'])"
    clean = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY", "DATABASE_URL")}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'digitsite.settings'); django.setup(); {code}",
        ],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_settings_refuse_to_start_with_debug_off_and_no_secret_key():
    result = _settings({"DEBUG": "false"})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_settings_default_to_a_local_sqlite_site_and_read_database_url():
    assert _settings({}).stdout.split() == ["True", "django.db.backends.sqlite3"]
    production = _settings({"DEBUG": "false", "SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://u@h:5432/d"})
    assert production.stdout.split() == ["False", "django.db.backends.postgresql"]
