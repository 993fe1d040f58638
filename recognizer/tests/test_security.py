"""What a hostile visitor or another site can and cannot do."""

import pytest

from recognizer.api.throttling import RecognitionThrottle
from testing.images import data_url

pytestmark = pytest.mark.django_db
URL = "/api/v1/recognitions/"


def test_a_visitor_trying_every_id_reads_lists_fetches_and_labels_nothing_of_others(api, other_api, canvas_digit):
    ids = [api.post(URL, {"image_data": data_url(canvas_digit(i)[0])}, format="json").json()["id"] for i in range(3)]
    for guess in range(min(ids) - 2, max(ids) + 3):
        assert other_api.get(f"{URL}{guess}/").status_code == 404
        assert other_api.get(f"{URL}{guess}/image/").status_code == 404
        assert other_api.post(f"{URL}{guess}/feedback/", {"label": 1}, format="json").status_code == 404
    assert other_api.get(URL).json()["count"] == 0
    assert all(item["label"] is None for item in api.get(URL).json()["results"])


@pytest.mark.parametrize("path", ["/admin/", "/admin/recognizer/drawing/", "/admin/recognizer/drawing/review/"])
def test_the_admin_sends_visitors_to_the_login_page(api, path):
    response = api.get(path)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_exports_are_staff_only(api, django_user_model):
    assert api.get("/api/v1/exports/idx/").status_code == 403
    user = django_user_model.objects.create_user("not-staff", password="pw")
    api.force_authenticate(user)
    assert api.get("/api/v1/exports/idx/").status_code == 403


def test_cors_answers_only_configured_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]
    settings.CORS_ALLOW_CREDENTIALS = True
    preflight = {"HTTP_ACCESS_CONTROL_REQUEST_METHOD": "POST", "HTTP_ACCESS_CONTROL_REQUEST_HEADERS": "content-type"}
    allowed = client.options(URL, HTTP_ORIGIN="https://partner.example", **preflight)
    assert allowed["Access-Control-Allow-Origin"] == "https://partner.example"
    assert allowed["Access-Control-Allow-Credentials"] == "true"
    for origin in ["https://evil.example", "null", "https://partner.example.evil.example"]:
        refused = client.options(URL, HTTP_ORIGIN=origin, **preflight)
        assert "Access-Control-Allow-Origin" not in refused
        assert "Access-Control-Allow-Origin" not in client.get(URL, HTTP_ORIGIN=origin)


def test_by_default_no_other_origin_may_call_the_api(client):
    response = client.get(URL, HTTP_ORIGIN="https://anywhere.example")
    assert "Access-Control-Allow-Origin" not in response


@pytest.mark.parametrize(
    "path, opener_policy",
    [
        (URL, "same-origin"),
        ("/api/v1/health/live/", "same-origin"),
        ("/admin/login/", "same-origin"),
        ("/", "same-origin"),
        ("/api/docs/", "unsafe-none"),  # drf-spectacular's Swagger UI relaxes it for its OAuth pop-up
    ],
)
def test_security_headers_are_on_every_kind_of_answer(client, path, opener_policy):
    response = client.get(path)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == opener_policy


def test_the_drawing_page_has_a_strict_content_security_policy(client, settings):
    if not (settings.FRONTEND_DIST / "index.html").is_file():
        pytest.fail("frontend/dist is not built: `make test` builds it before pytest")
    policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "unsafe" not in policy


def test_https_production_sends_hsts_and_secure_cookies(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get("/api/v1/health/live/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_forged_x_forwarded_for_does_not_escape_the_throttle(api, canvas_digit, monkeypatch):
    """Without declared proxies (NUM_PROXIES=0) the client's own header is ignored."""
    monkeypatch.setattr(RecognitionThrottle, "THROTTLE_RATES", {"recognition": "2/minute"})
    payload = {"image_data": data_url(canvas_digit(60)[0])}
    codes = [api.post(URL, payload, format="json", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(4)]
    assert codes == [201, 201, 429, 429]


def test_ownership_is_a_signed_httponly_cookie_and_visitors_leave_no_session_rows(api, canvas_digit):
    from django.contrib.sessions.models import Session

    from recognizer.reading.visitors import OWNER_COOKIE

    response = api.post(URL, {"image_data": data_url(canvas_digit(61)[0])}, format="json")
    cookie = response.cookies[OWNER_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert Session.objects.count() == 0
    assert api.get(URL).json()["count"] == 1

    forged = cookie.value.split(":")[0] + ":forged-signature"
    api.cookies[OWNER_COOKIE] = forged
    assert api.get(URL).json()["count"] == 0  # an owner key without its signature is no key
