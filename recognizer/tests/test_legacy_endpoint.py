"""`POST /recognition` keeps the seed project's contract for its original front end."""

import base64
import json

import pytest

from recognizer.models import Drawing
from testing.images import data_url

pytestmark = pytest.mark.django_db
URL = "/recognition"


def test_legacy_endpoint_answers_num_and_pro_and_stores_the_drawing(api, canvas_digit):
    image, label = canvas_digit(30)
    response = api.post(URL, {"image_data": base64.b64encode(image).decode()}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["result"] and list(body["result"]) == ["num", "pro"]
    assert body["result"]["num"] == label
    assert len(body["result"]["pro"]) == 10 and abs(sum(body["result"]["pro"]) - 1) < 1e-6
    drawing = Drawing.objects.get()
    assert drawing.source == Drawing.Source.LEGACY and drawing.predicted_digit == label


def test_legacy_endpoint_accepts_a_data_url_sent_without_a_json_content_type(api, canvas_digit):
    image, label = canvas_digit(31)
    body = json.dumps({"image_data": data_url(image)})
    response = api.generic("POST", URL, body, content_type="text/plain;charset=UTF-8")
    assert response.json()["result"]["num"] == label


@pytest.mark.parametrize(
    "payload", [{}, {"image_data": ""}, {"image_data": "short"}, {"image_data": None}, {"other": 1}]
)
def test_legacy_endpoint_answers_status_minus_3_for_missing_or_short_image_data(api, payload):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 200
    assert response.json() == {"result": {"status": -3, "text": ""}}
    assert not Drawing.objects.exists()


@pytest.mark.parametrize("payload", [{"image_data": 123456789012}, {"image_data": {}}, ["image_data"]])
def test_legacy_endpoint_refuses_a_body_or_image_data_of_the_wrong_type_with_400(api, payload):
    response = api.post(URL, payload, format="json")
    assert response.status_code == 400 and response.json()["error"] == "invalid_request"
    assert response.json()["result"]["status"] == -3
    assert not Drawing.objects.exists()


def test_legacy_endpoint_with_an_empty_body_answers_status_minus_3(api):
    response = api.generic("POST", URL, b"", content_type="application/json")
    assert response.json() == {"result": {"status": -3, "text": ""}}


def test_legacy_endpoint_reports_other_bad_input_with_a_4xx_in_its_envelope(api):
    response = api.post(URL, {"image_data": base64.b64encode(b"certainly not an image").decode()}, format="json")
    assert response.status_code == 415
    body = response.json()
    assert body["result"]["status"] == -3 and body["result"]["text"] == body["detail"]
    assert body["error"] == "not_an_image"
    assert not Drawing.objects.exists()
