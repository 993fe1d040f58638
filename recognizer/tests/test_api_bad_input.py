"""Every bad input gets a clear 4xx in the error format and stores nothing."""

import base64
import io
import json

import pytest
from PIL import Image

from recognizer.models import Drawing
from testing.images import animated, data_url, media_files, png_declaring

pytestmark = pytest.mark.django_db
URL = "/api/v1/recognitions/"


def _encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


BLANK_WHITE = _encoded(Image.new("RGB", (280, 280), "white"), "PNG")
BLANK_TRANSPARENT = _encoded(Image.new("RGBA", (280, 280), (0, 0, 0, 0)), "PNG")
GIF = _encoded(Image.new("L", (50, 50), 0), "GIF")
JPEG = _encoded(Image.new("RGB", (50, 50), "white"), "JPEG")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'

JSON_CASES = {
    "missing image": ({"strokes": []}, 400, "invalid_request"),
    "both image fields": ({"image_data": "aGVsbG8=", "image": "x"}, 400, "invalid_request"),
    "image_data a number": ({"image_data": 12345}, 400, "invalid_request"),
    "image_data null": ({"image_data": None}, 400, "invalid_request"),
    "image_data a list": ({"image_data": ["a"]}, 400, "invalid_request"),
    "invalid base64": ({"image_data": "not*base64*at*all!!"}, 400, "invalid_base64"),
    "empty base64": ({"image_data": ""}, 400, "invalid_request"),
    "text not image": ({"image_data": _b64(b"just some text, not a picture")}, 415, "not_an_image"),
    "zero bytes as data url": ({"image_data": "data:image/png;base64,"}, 400, "invalid_base64"),
    "svg with script": ({"image_data": _b64(SVG)}, 415, "not_an_image"),
    "pdf": ({"image_data": _b64(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")}, 415, "not_an_image"),
    "gif": ({"image_data": _b64(GIF)}, 415, "unsupported_image_format"),
    "wrong data url type": ({"image_data": data_url(BLANK_WHITE, "text/html")}, 415, "unsupported_image_format"),
    "jpeg declared as png": ({"image_data": data_url(JPEG, "image/png")}, 415, "image_type_mismatch"),
    "blank white canvas": ({"image_data": data_url(BLANK_WHITE)}, 422, "blank_image"),
    "blank transparent canvas": ({"image_data": data_url(BLANK_TRANSPARENT)}, 422, "blank_image"),
    "1x1 image": ({"image_data": _b64(_encoded(Image.new("L", (1, 1), 0), "PNG"))}, 422, "image_too_small"),
    "20000x1 image": ({"image_data": _b64(_encoded(Image.new("L", (20000, 1), 0), "PNG"))}, 413, "image_too_large"),
    "truncated png": ({"image_data": _b64(_encoded(Image.new("L", (200, 200), 0), "PNG")[:60])}, 415, "not_an_image"),
    "strokes not a list": ({"image_data": "aGVsbG8=", "strokes": "abc"}, 400, "invalid_request"),
    "strokes with bad points": ({"image_data": "aGVsbG8=", "strokes": [[[1, "x"]]]}, 400, "invalid_request"),
    "strokes nested garbage": ({"image_data": "aGVsbG8=", "strokes": [[[[1, 2]]]]}, 400, "invalid_request"),
    "unicode garbage": ({"image_data": "数字\u202e\U0001f600" * 10}, 400, "invalid_base64"),
    "png declaring 100000x100000": ({"image_data": data_url(png_declaring(100_000, 100_000))}, 413, "image_too_large"),
    "animated gif": ({"image_data": _b64(animated("GIF"))}, 415, "unsupported_image_format"),
    "animated png": ({"image_data": data_url(animated("PNG"))}, 415, "unsupported_image_format"),
    "nested garbage object": ({"image_data": {"a": [{"b": None}]}, "strokes": {"x": "y"}}, 400, "invalid_request"),
}


@pytest.fixture
def nothing_stored(isolated_media):
    yield
    assert Drawing.objects.count() == 0
    assert media_files(isolated_media) == []


def _assert_error(response, status, code):
    assert response.status_code == status, response.content
    body = response.json()
    assert body["error"] == code
    assert isinstance(body["detail"], str) and body["detail"]


@pytest.mark.parametrize("payload, status, code", JSON_CASES.values(), ids=JSON_CASES.keys())
def test_bad_json_payloads_get_a_clear_error_and_store_nothing(api, nothing_stored, payload, status, code):
    _assert_error(api.post(URL, payload, format="json"), status, code)


BODY_CASES = {
    "invalid json": (b"{not json", "application/json", 400, "invalid_json"),
    "json array": (b"[1, 2, 3]", "application/json", 400, "invalid_request"),
    "json string": (b'"a string"', "application/json", 400, "invalid_request"),
    "wrong content type": (b"image_data=abc", "text/plain", 415, "unsupported_media_type"),
    "empty body": (b"", "application/json", 400, "invalid_request"),
}


@pytest.mark.parametrize("body, content_type, status, code", BODY_CASES.values(), ids=BODY_CASES.keys())
def test_malformed_bodies_get_a_clear_error_and_store_nothing(api, nothing_stored, body, content_type, status, code):
    _assert_error(api.generic("POST", URL, body, content_type=content_type), status, code)


def test_ten_megabytes_of_base64_is_refused_as_too_large(api, nothing_stored):
    payload = json.dumps({"image_data": "A" * (10 * 1024 * 1024)})
    _assert_error(api.generic("POST", URL, payload, content_type="application/json"), 413, "payload_too_large")


def test_a_decompression_bomb_is_refused(api, nothing_stored):
    bomb = _encoded(Image.new("L", (12000, 12000), 0), "PNG")  # ~140 KB that decodes to 144 Mpx
    _assert_error(api.post(URL, {"image_data": data_url(bomb)}, format="json"), 413, "image_too_large")


def test_a_jpeg_uploaded_with_a_png_name_is_refused(api, nothing_stored):
    upload = io.BytesIO(JPEG)
    upload.name = "digit.png"
    _assert_error(api.post(URL, {"image": upload}, format="multipart"), 415, "image_type_mismatch")


def test_base64_with_whitespace_and_the_url_safe_alphabet_is_accepted(api, canvas_digit):
    image, label = canvas_digit(20)
    urlsafe = base64.urlsafe_b64encode(image).decode().rstrip("=")
    wrapped = "\n".join(urlsafe[i : i + 76] for i in range(0, len(urlsafe), 76))
    response = api.post(URL, {"image_data": f"data:image/png;base64,{wrapped}"}, format="json")
    assert response.status_code == 201 and response.json()["digit"] == label


def test_unknown_api_urls_answer_json_404(api):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
