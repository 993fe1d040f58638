"""Issue 14's attacks over real HTTP, through gunicorn with the production settings (2 workers):
each answers its 4xx in the error format (or 201 for a fair drawing) within seconds, never
5xx, stores nothing when refused, and the liveness probe keeps answering meanwhile."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from recognizer.models import Drawing, NumberSubmission
from testing import hostile

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.system]
WITHIN_SECONDS = 5.0


def _send(base: str, method: str, path: str, options: dict, **extra) -> tuple[requests.Response, float]:
    options = {**options, **extra}
    if callable(options.get("data")):
        options["data"] = options["data"]()  # a generator: requests sends it chunked
    started = time.monotonic()
    response = requests.request(method, base + path, timeout=60, **options)
    return response, time.monotonic() - started


def _stored_files(media) -> int:
    """Drawings' and numbers' files in the server's media folder (it outlives each test's rows)."""
    return sum(1 for path in media.rglob("*") if path.is_file() and "models" not in path.relative_to(media).parts)


def _live(base: str) -> bool:
    return requests.get(base + "/api/v1/health/live/", timeout=5).status_code == 200


@pytest.mark.parametrize("method, path, options, status, code", hostile.REFUSED.values(), ids=hostile.REFUSED.keys())
def test_hostile_requests_are_refused_quickly_in_the_error_format_and_store_nothing(
    server, method, path, options, status, code
):
    base, media = server
    files_before = _stored_files(media)
    visitor = requests.Session()
    visitor.post(base + hostile.RECOGNITIONS, json={}, timeout=10)  # an owner cookie, so lists run their query
    response, seconds = _send(base, method, path, options, cookies=visitor.cookies)
    assert response.status_code == status, response.text[:300]
    assert response.json()["error"] == code and response.json()["detail"]
    assert response.headers["X-Content-Type-Options"] == "nosniff" and response.headers["X-Frame-Options"] == "DENY"
    assert seconds < WITHIN_SECONDS
    assert Drawing.objects.count() == 0 and NumberSubmission.objects.count() == 0
    assert _stored_files(media) == files_before
    assert _live(base)


@pytest.mark.parametrize("method, path, options, status, code", hostile.FAIR.values(), ids=hostile.FAIR.keys())
def test_fair_drawings_in_odd_shapes_are_read_within_seconds(server, method, path, options, status, code):
    base, media = server
    files_before = _stored_files(media)
    response, seconds = _send(base, method, path, options)
    assert response.status_code == status, response.text[:300]
    assert seconds < WITHIN_SECONDS
    if method == "POST":
        body = response.json()
        digit = body.get("digit", body.get("number", body.get("result", {}).get("num")))
        assert str(digit) == "7", body
        rows = Drawing.objects.count() + NumberSubmission.objects.count()
        assert rows > 0 and _stored_files(media) - files_before == rows
    assert _live(base)


def test_an_exif_rotated_seven_is_read_as_seven_on_both_endpoints(server):
    base, _ = server
    for orientation in (3, 6, 8):
        image = hostile.data_url(hostile.exif_rotated_seven(orientation), "image/jpeg")
        drawing = requests.post(base + hostile.RECOGNITIONS, json={"image_data": image}, timeout=30)
        number = requests.post(base + hostile.NUMBERS, json={"image_data": image}, timeout=30)
        assert drawing.status_code == 201 and drawing.json()["digit"] == 7, (orientation, drawing.text[:200])
        assert number.status_code == 201 and number.json()["number"] == "7", (orientation, number.text[:200])
        assert number.json()["width"] == 280  # boxes are in the upright image's pixels


def test_the_413_carries_the_security_headers(server):
    base, _ = server
    response = requests.post(
        base + hostile.RECOGNITIONS, data=b"{" + b" " * (3 * 1024 * 1024), headers=hostile.JSON, timeout=30
    )
    assert response.status_code == 413 and response.json()["error"] == "payload_too_large"
    assert response.headers["X-Content-Type-Options"] == "nosniff" and response.headers["X-Frame-Options"] == "DENY"


def test_four_far_stroke_requests_at_once_leave_the_site_answering(server):
    """Four of these stopped both workers for 30 s; now they are refused at once, and the
    costliest fair variant (clipped) is read while the liveness probe answers."""
    base, _ = server
    refused = hostile.body({"image_data": hostile.SEVEN, "strokes": hostile.far_strokes()})
    costly = hostile.body({"image_data": hostile.SEVEN, "strokes": hostile.zigzag_strokes()})
    with ThreadPoolExecutor(8) as pool:
        posts = [pool.submit(_send, base, "POST", hostile.NUMBERS, options) for options in [refused, costly] * 4]
        probes = []
        while not all(post.done() for post in posts):
            started = time.monotonic()
            probes.append((_live(base), time.monotonic() - started))
            time.sleep(0.2)
        answers = [post.result() for post in posts]
    assert [response.status_code for response, _ in answers] == [400, 201] * 4
    assert max(seconds for _, seconds in answers) < 2 * WITHIN_SECONDS
    assert probes and all(ok for ok, _ in probes) and max(seconds for _, seconds in probes) < 2.0


def test_exports_refuse_an_out_of_range_filter_before_streaming(server, django_user_model):
    base, _ = server
    django_user_model.objects.create_user("export-staff", password="export-staff-password-1", is_staff=True)
    staff = requests.Session()
    staff.get(f"{base}/admin/login/", timeout=10)
    staff.post(
        f"{base}/admin/login/?next=/admin/",
        data={
            "username": "export-staff",
            "password": "export-staff-password-1",
            "csrfmiddlewaretoken": staff.cookies["csrftoken"],
        },
        timeout=10,
    )
    for query in ("created_after=0001-01-01T00:00:00%2B01:00", "created_before=9999-12-31T23:59:59-01:00"):
        response = staff.get(f"{base}/api/v1/exports/npz/?{query}", timeout=30)
        assert response.status_code == 400 and response.json()["error"] == "invalid_request", response.text[:200]
    # A valid filter is not refused as invalid: with nothing labelled it is the empty export (issue 17).
    valid = staff.get(f"{base}/api/v1/exports/npz/", timeout=30)
    assert valid.status_code == 422 and valid.json()["error"] == "empty_export", valid.text[:200]
