"""The API documentation's request examples work as sent, and each operation says what it does."""

import base64
import io

import pytest
from drf_spectacular.generators import SchemaGenerator

from recognizer.models import Drawing

pytestmark = pytest.mark.django_db
IMAGE_ENDPOINTS = [
    "/api/v1/recognitions/",
    "/api/v1/recognitions/preview/",
    "/api/v1/numbers/",
    "/api/v1/numbers/preview/",
]


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _body(schema, path: str) -> dict:
    return schema["paths"][path]["post"]["requestBody"]["content"]


@pytest.mark.parametrize("path", IMAGE_ENDPOINTS)
def test_every_json_example_is_answered_with_a_sure_seven(api, schema, path):
    examples = _body(schema, path)["application/json"]["examples"]
    assert len(examples) == 2
    for example in examples.values():
        response = api.post(path, example["value"], format="json")
        assert response.status_code in (200, 201), response.json()
        body = response.json()
        digit = body["digits"][0] if "digits" in body else body
        assert digit["digit"] == 7 and not digit["uncertain"] and not digit["not_a_digit"]


def test_the_multipart_form_as_swagger_fills_it_is_recognised(api, schema):
    """Swagger UI sends the file chosen and each other field's example."""
    form = _body(schema, "/api/v1/recognitions/")["multipart/form-data"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][form]
    assert set(fields["properties"]) == {"image", "strokes"} and fields["required"] == ["image"]
    json_example = _body(schema, "/api/v1/recognitions/")["application/json"]["examples"]["DrawnSeven"]["value"]
    upload = io.BytesIO(base64.b64decode(json_example["image_data"].split(",", 1)[1]))
    upload.name = "seven.png"
    payload = {"image": upload, "strokes": fields["properties"]["strokes"]["example"]}
    response = api.post("/api/v1/recognitions/", payload, format="multipart")
    assert response.status_code == 201, response.json()
    assert Drawing.objects.get(pk=response.json()["id"]).strokes == [[[16, 14], [48, 14], [28, 52]]]


def test_the_json_request_documents_image_data_alone(schema):
    form = _body(schema, "/api/v1/recognitions/")["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    fields = schema["components"]["schemas"][form]
    assert set(fields["properties"]) == {"image_data", "strokes"} and fields["required"] == ["image_data"]


def test_listing_and_recognising_have_their_own_descriptions(schema):
    operations = schema["paths"]["/api/v1/recognitions/"]
    assert operations["get"]["description"].startswith("This browser's drawings")
    assert operations["post"]["description"].startswith("Recognise a drawn digit and store it")
    assert "POST" not in operations["get"]["description"]
