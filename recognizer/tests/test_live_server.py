"""The API over real HTTP, through gunicorn with the production settings: the hostile-input
table, and property-based fuzzing with schemathesis against the project's own OpenAPI schema."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from recognizer.models import Drawing
from recognizer.reading.visitors import OWNER_COOKIE
from recognizer.tests.test_api_bad_input import BODY_CASES, JPEG, JSON_CASES, _encoded
from testing.hostile import SEVEN
from testing.images import media_files
from testing.processes import ROOT

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.system]
URL = "/api/v1/recognitions/"
STAFF = ("live-staff", "live-staff-password-1")


def _assert_error(response: requests.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text[:300]
    body = response.json()
    assert body["error"] == code and isinstance(body["detail"], str) and body["detail"]


def _assert_nothing_stored(media) -> None:
    assert Drawing.objects.count() == 0
    assert not media.exists() or media_files(media) == []


@pytest.mark.parametrize("payload, status, code", JSON_CASES.values(), ids=JSON_CASES.keys())
def test_hostile_json_over_http_gets_its_documented_4xx_and_stores_nothing(server, payload, status, code):
    base, media = server
    _assert_error(requests.post(base + URL, json=payload, timeout=30), status, code)
    _assert_nothing_stored(media)


@pytest.mark.parametrize("body, content_type, status, code", BODY_CASES.values(), ids=BODY_CASES.keys())
def test_hostile_bodies_over_http_get_their_documented_4xx_and_store_nothing(server, body, content_type, status, code):
    base, media = server
    response = requests.post(base + URL, data=body, headers={"Content-Type": content_type}, timeout=30)
    _assert_error(response, status, code)
    _assert_nothing_stored(media)


@pytest.mark.parametrize(
    "filename, content, status, code",
    [
        ("digit.png", JPEG, 415, "image_type_mismatch"),  # a JPEG named .png
        ("digit.png", b"", 400, "invalid_request"),  # zero bytes
        ("digit.pdf", b"%PDF-1.4\n%%EOF", 415, "not_an_image"),
    ],
    ids=["jpeg named png", "zero bytes", "pdf"],
)
def test_hostile_uploads_over_http_get_their_documented_4xx_and_store_nothing(server, filename, content, status, code):
    base, media = server
    _assert_error(requests.post(base + URL, files={"image": (filename, content)}, timeout=30), status, code)
    _assert_nothing_stored(media)


def test_ten_megabytes_over_http_are_refused_before_they_are_read(server):
    base, media = server
    body = json.dumps({"image_data": "A" * (10 * 1024 * 1024)})
    response = requests.post(base + URL, data=body, headers={"Content-Type": "application/json"}, timeout=30)
    _assert_error(response, 413, "payload_too_large")
    _assert_nothing_stored(media)


def test_a_decompression_bomb_over_http_is_refused(server):
    from PIL import Image

    base, media = server
    bomb = _encoded(Image.new("L", (12000, 12000), 0), "PNG")
    _assert_error(requests.post(base + URL, files={"image": ("bomb.png", bomb)}, timeout=30), 413, "image_too_large")
    _assert_nothing_stored(media)


def _schemathesis(base: str, *extra: str) -> subprocess.CompletedProcess:
    command = [
        str(Path(sys.executable).parent / "st"),  # schemathesis's command, installed beside Python
        "run",
        str(ROOT / "openapi.yaml"),
        "--url",
        base,
        "--checks",
        "all",
        # positive_data_acceptance expects every schema-valid body to be accepted, but a
        # schema cannot say "a base64 PNG with a digit on it": most such bodies are 4xx.
        "--exclude-checks",
        "positive_data_acceptance",
        "--max-examples",
        "25",
        "--seed",
        "20261123",
        "--generation-database",
        "none",
        "--workers",
        "2",
        "--request-timeout",
        "30",
        "--no-color",
        "--output-truncate",
        "false",
        *extra,
    ]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)


def _failures(result: subprocess.CompletedProcess) -> str:
    """Schemathesis's failures section (with the curl lines that replay each), then its summary."""
    start = result.stdout.find("FAILURES")
    return result.stdout[start if start >= 0 else -6000 :][:12000] + result.stderr[-2000:]


def _as_a_browser(browser: requests.Session) -> list[str]:
    """Schemathesis's headers that send this browser's cookies: it does not keep the cookies a
    response sets, so without them each request would come from a new visitor."""
    cookies = "; ".join(f"{name}={value}" for name, value in browser.cookies.items())
    return ["--header", f"Cookie: {cookies}"]


def test_fuzzing_as_a_visitor_finds_no_server_error_and_no_schema_mismatch(server):
    """A visitor whose browser keeps its cookie, as the page's does: it reaches its own drawings
    (read, feedback, delete) after creating them, and never anyone else's."""
    base, _ = server
    visitor = requests.Session()
    visitor.post(f"{base}/api/v1/recognitions/", json={"image_data": SEVEN}, timeout=30).raise_for_status()
    assert visitor.cookies.get(OWNER_COOKIE)
    result = _schemathesis(base, *_as_a_browser(visitor))
    assert result.returncode == 0, _failures(result)
    assert "No issues found" in result.stdout or "passed" in result.stdout


def test_fuzzing_as_staff_finds_no_server_error_and_no_schema_mismatch(server, django_user_model):
    """Staff reach the exports and every drawing: fuzz those paths too, with a real login."""
    base, _ = server
    django_user_model.objects.create_user(STAFF[0], password=STAFF[1], is_staff=True, is_superuser=True)
    browser = requests.Session()
    browser.get(f"{base}/admin/login/", timeout=10)
    browser.post(
        f"{base}/admin/login/?next=/admin/",
        data={"username": STAFF[0], "password": STAFF[1], "csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        timeout=10,
    )
    assert browser.get(f"{base}/api/v1/exports/csv/", timeout=30).status_code != 403, "the staff login failed"
    csrf = browser.cookies["csrftoken"]
    # The login travels in the Cookie header, which schemathesis cannot take away: its "request
    # without the session cookie" would still be logged in. So it does not generate that cookie.
    result = _schemathesis(
        base,
        *_as_a_browser(browser),
        "--header",
        f"X-CSRFToken: {csrf}",
        "--generation-with-security-parameters",
        "false",
    )
    assert result.returncode == 0, _failures(result)
