"""The live readings (POST .../preview/): the same reading as a stored one, and nothing stored."""

import io
from pathlib import Path

import pytest
from drf_spectacular.generators import SchemaGenerator
from PIL import Image

from recognizer.api.throttling import RecognitionThrottle
from recognizer.models import Drawing, ModelVersion, NumberSubmission
from recognizer.reading.active_model import active_model
from recognizer.reading.visitors import OWNER_COOKIE
from recognizer.tests.test_openapi_schema import assert_matches
from testing.drawings import touching_seven_and_one
from testing.images import data_url, png

pytestmark = pytest.mark.django_db
DIGIT_URL = "/api/v1/recognitions/preview/"
NUMBER_URL = "/api/v1/numbers/preview/"
BLANK_WHITE = png(Image.new("RGB", (280, 280), "white"))
JPEG = io.BytesIO()
Image.new("RGB", (50, 50), "white").save(JPEG, format="JPEG")
JPEG = JPEG.getvalue()


def _stored(media: Path) -> tuple:
    """Everything a request could store: the rows and every file in the media folder."""
    files = sorted(p for p in media.rglob("*") if p.is_file()) if media.exists() else []
    return Drawing.objects.count(), NumberSubmission.objects.count(), ModelVersion.objects.count(), files


@pytest.fixture
def site(isolated_media):
    """A site that has answered before (its model version registered); returns what it stores now."""
    active_model()
    return lambda: _stored(isolated_media)


def test_a_digit_preview_reads_as_the_stored_recognition_and_stores_nothing(api, canvas_digit, site):
    image, label = canvas_digit(7)
    before = site()
    preview = api.post(DIGIT_URL, {"image_data": data_url(image)}, format="json")
    assert preview.status_code == 200, preview.json()
    assert site() == before
    assert OWNER_COOKIE not in preview.cookies  # a browser that only previews gets no owner key

    stored = api.post("/api/v1/recognitions/", {"image_data": data_url(image)}, format="json").json()
    body = preview.json()
    assert body["digit"] == label
    assert set(body) == set(stored) - {"id", "image_url", "created_at", "number", "position"}
    assert body == {key: stored[key] for key in body}


def test_a_digit_preview_takes_a_multipart_upload_and_marks_the_web_page(api, canvas_digit, site):
    image, label = canvas_digit(8)
    upload = io.BytesIO(image)
    upload.name = "digit.png"
    before = site()
    response = api.post(DIGIT_URL, {"image": upload}, format="multipart", HTTP_X_DIGITSITE_CLIENT="web")
    assert response.status_code == 200
    assert response.json()["digit"] == label and response.json()["source"] == "web"
    assert site() == before


def test_a_number_preview_reads_as_the_stored_number_and_stores_nothing(api, site):
    image, strokes = touching_seven_and_one()
    payload = {"image_data": data_url(image), "strokes": strokes}
    before = site()
    preview = api.post(NUMBER_URL, payload, format="json")
    assert preview.status_code == 200, preview.json()
    assert site() == before

    stored = api.post("/api/v1/numbers/", payload, format="json").json()
    body = preview.json()
    assert body["number"] == "71"
    assert set(body) == set(stored) - {"id", "created_at"}
    assert body["digits"] == [{k: v for k, v in digit.items() if k != "id"} for digit in stored["digits"]]
    assert {k: v for k, v in body.items() if k != "digits"} == {k: stored[k] for k in body if k != "digits"}


@pytest.mark.parametrize("url", [DIGIT_URL, NUMBER_URL])
@pytest.mark.parametrize(
    "payload, status, code",
    [
        ({"strokes": []}, 400, "invalid_request"),
        ({"image_data": "aGVsbG8=", "image": "x"}, 400, "invalid_request"),
        ({"image_data": "not*base64*at*all!!"}, 400, "invalid_base64"),
        ({"image_data": data_url(b"just some text")}, 415, "not_an_image"),
        ({"image_data": data_url(JPEG, "image/png")}, 415, "image_type_mismatch"),
        ({"image_data": data_url(BLANK_WHITE)}, 422, "blank_image"),
        ({"image_data": data_url(BLANK_WHITE), "strokes": [[[1, "x"]]]}, 400, "invalid_request"),
    ],
    ids=["no image", "both image fields", "bad base64", "not an image", "jpeg as png", "blank", "bad strokes"],
)
def test_a_bad_preview_gets_the_create_endpoints_error_and_stores_nothing(api, site, url, payload, status, code):
    before = site()
    response = api.post(url, payload, format="json")
    assert response.status_code == status and response.json()["error"] == code, response.json()
    assert response.json()["detail"]
    assert site() == before


def test_previews_have_their_own_throttle_apart_from_recognitions(api, canvas_digit, monkeypatch):
    monkeypatch.setattr(RecognitionThrottle, "THROTTLE_RATES", {"recognition": "1/minute", "preview": "3/minute"})
    payload = {"image_data": data_url(canvas_digit(9)[0])}
    codes = [api.post(DIGIT_URL, payload, format="json").status_code for _ in range(3)]
    codes.append(api.post(NUMBER_URL, payload, format="json").status_code)  # one budget for both previews
    assert codes == [200, 200, 200, 429]
    assert api.post(NUMBER_URL, payload, format="json").json()["error"] == "throttled"
    # Previews used none of the recognition budget, and recognitions none of theirs.
    assert api.post("/api/v1/recognitions/", payload, format="json").status_code == 201
    assert api.post("/api/v1/recognitions/", payload, format="json").status_code == 429


def test_the_preview_rate_comes_from_the_environment():
    from digitsite import settings

    rate = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["preview"]
    assert rate == (None if settings.PREVIEW_THROTTLE_RATE == "off" else settings.PREVIEW_THROTTLE_RATE)


def test_previews_match_their_schema(api, canvas_digit):
    schema = SchemaGenerator().get_schema(request=None, public=True)
    digit = api.post(DIGIT_URL, {"image_data": data_url(canvas_digit(10)[0])}, format="json")
    assert_matches(schema, DIGIT_URL, "post", digit)
    image, strokes = touching_seven_and_one()
    number = api.post(NUMBER_URL, {"image_data": data_url(image), "strokes": strokes}, format="json")
    assert_matches(schema, NUMBER_URL, "post", number)
    assert_matches(schema, DIGIT_URL, "post", api.post(DIGIT_URL, {}, format="json"))
    components = schema["components"]["schemas"]
    assert "id" not in components["RecognitionPreview"]["properties"]
    assert "id" not in components["NumberPreviewDigit"]["properties"]
