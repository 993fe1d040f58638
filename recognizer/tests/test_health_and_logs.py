"""Operations: readiness and liveness probes, request ids, and JSON log lines."""

import json
import os
import subprocess
import sys

import pytest
from django.core.cache import cache
from django.db import connection

from recognizer.models import ModelVersion
from testing.processes import ROOT

pytestmark = pytest.mark.django_db


def test_readiness_reports_database_cache_and_model(api):
    response = api.get("/api/v1/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": True,
        "cache": True,
        "model_loaded": True,
        "model_version": ModelVersion.objects.get(is_active=True).name,
    }


def test_readiness_is_503_when_the_cache_is_down_but_liveness_stays_200(api, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "set", refuse)
    response = api.get("/api/v1/health/")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable" and response.json()["cache"] is False
    assert api.get("/api/v1/health/live/").status_code == 200


def test_readiness_is_503_when_the_database_is_down(api, monkeypatch):
    def refuse():
        raise connection.Database.OperationalError("the database went away")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    response = api.get("/api/v1/health/")
    assert response.status_code == 503 and response.json()["database"] is False


def test_liveness_touches_neither_database_nor_model(api, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = api.get("/api/v1/health/live/")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_every_answer_carries_a_request_id_and_a_plain_incoming_one_is_kept(api):
    made = api.get("/api/v1/health/live/")["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()
    assert api.get("/api/v1/health/live/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef")["X-Request-ID"] == (
        "nginx-0123456789abcdef"
    )
    hostile = api.get("/api/v1/health/live/", HTTP_X_REQUEST_ID='x"}\n{"level":"ERROR"')["X-Request-ID"]
    assert hostile != 'x"}\n{"level":"ERROR"' and hostile.isalnum()
    assert api.get("/no/such/page/")["X-Request-ID"]
    assert api.get("/api/v1/health/live/")["Server-Timing"].startswith("app;dur=")


@pytest.mark.system
def test_production_logs_are_one_json_object_per_line_with_the_request_id():
    """A request through the real settings with LOG_FORMAT=json, its log read off stderr."""
    code = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "Client().get('/api/v1/health/live/', HTTP_X_REQUEST_ID='req-abcdef123456')\n"
        "Client().get('/missing/', HTTP_X_REQUEST_ID='req-missing-0001')\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "digitsite.settings",
        "LOG_FORMAT": "json",
        "ALLOWED_HOSTS": "testserver",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stderr.splitlines() if line.strip()]
    requests = [line for line in lines if line["logger"] == "digitsite.request"]
    assert [(r["request_id"], r["path"], r["status"], r["level"]) for r in requests] == [
        ("req-abcdef123456", "/api/v1/health/live/", 200, "INFO"),
        ("req-missing-0001", "/missing/", 404, "INFO"),
    ]
    assert all(isinstance(r["duration_ms"], float) and r["time"] for r in requests)
