"""The OpenAPI schema is the contract: it builds cleanly and real responses match it."""

import pytest
from django.core.management import call_command
from drf_spectacular.generators import SchemaGenerator
from jsonschema import Draft202012Validator

from testing.images import data_url

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def as_json_schema(node):
    """OpenAPI 3.0 marks optional nulls with `nullable`; JSON Schema spells it as a type."""
    if isinstance(node, list):
        return [as_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: as_json_schema(value) for key, value in node.items()}
    if node.pop("nullable", False):
        node = {"anyOf": [node, {"type": "null"}]}
    return node


def assert_matches(schema, path, method, response):
    operation = schema["paths"][path][method]
    declared = operation["responses"][str(response.status_code)]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(as_json_schema({"components": schema["components"], **declared}))
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert errors == [], f"{method.upper()} {path} {response.status_code}: {errors}"


def test_schema_builds_and_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    text = out.read_text()
    assert "/api/v1/recognitions/" in text and "/recognition" in text


def test_schema_is_served_and_docs_page_loads(client):
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/")
    assert docs.status_code == 200 and b"swagger" in docs.content.lower()


def test_responses_match_the_schema(api, canvas_digit, schema):
    created = api.post("/api/v1/recognitions/", {"image_data": data_url(canvas_digit(60)[0])}, format="json")
    assert_matches(schema, "/api/v1/recognitions/", "post", created)
    drawing_id = created.json()["id"]
    assert_matches(schema, "/api/v1/recognitions/", "get", api.get("/api/v1/recognitions/"))
    assert_matches(schema, "/api/v1/recognitions/{id}/", "get", api.get(f"/api/v1/recognitions/{drawing_id}/"))
    feedback = api.post(f"/api/v1/recognitions/{drawing_id}/feedback/", {"label": 2}, format="json")
    assert_matches(schema, "/api/v1/recognitions/{id}/feedback/", "post", feedback)
    assert_matches(schema, "/api/v1/health/", "get", api.get("/api/v1/health/"))
    assert_matches(schema, "/api/v1/health/live/", "get", api.get("/api/v1/health/live/"))
    legacy = api.post("/recognition", {"image_data": data_url(canvas_digit(61)[0])}, format="json")
    assert_matches(schema, "/recognition", "post", legacy)
    number = api.post("/api/v1/numbers/", {"image_data": data_url(canvas_digit(62)[0])}, format="json")
    assert_matches(schema, "/api/v1/numbers/", "post", number)
    assert_matches(schema, "/api/v1/numbers/{id}/", "get", api.get(f"/api/v1/numbers/{number.json()['id']}/"))


@pytest.mark.parametrize(
    "payload, status",
    [({}, 400), ({"image_data": data_url(b"nope")}, 415), ({"image_data": "iVBORw0KGgo="}, 415)],
)
def test_error_responses_match_the_schema(api, schema, payload, status):
    response = api.post("/api/v1/recognitions/", payload, format="json")
    assert response.status_code == status
    assert_matches(schema, "/api/v1/recognitions/", "post", response)
