"""Media in an S3-compatible bucket is a settings change: the whole drawing and model-version
life cycle runs against a real S3 API (moto's server on 127.0.0.1), never a file path."""

from datetime import timedelta

import boto3
import pytest
from django.db import DatabaseError
from moto.server import ThreadedMotoServer

from recognizer.models import Drawing, ModelVersion
from recognizer.reading.active_model import load_predictor
from recognizer.reading.storage_audit import audit_storage
from testing.images import data_url
from testing.processes import free_port

pytestmark = [pytest.mark.django_db, pytest.mark.system]
BUCKET = "digitsite-media"
URL = "/api/v1/recognitions/"


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """An empty bucket as the default storage, configured the way S3_BUCKET configures it."""
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "default_acl": None,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def _keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_recognition_stores_its_image_and_the_model_in_the_bucket_and_serves_it_back(
    api, bucket, canvas_digit, isolated_media
):
    image, label = canvas_digit(21)
    response = api.post(URL, {"image_data": data_url(image)}, format="json")
    assert response.status_code == 201 and response.json()["digit"] == label

    drawing = Drawing.objects.get()
    version = ModelVersion.objects.get(is_active=True)
    assert _keys(bucket) == sorted([drawing.image.name, version.checkpoint.name])
    assert bucket.get_object(Bucket=BUCKET, Key=drawing.image.name)["Body"].read() == image
    served = api.get(f"{URL}{drawing.pk}/image/")
    assert served.status_code == 200 and b"".join(served.streaming_content) == image
    assert load_predictor(version).model is not None  # the checkpoint reads back through its hash check
    assert not isolated_media.exists() or not any(isolated_media.rglob("*.*"))  # nothing on local disk
    audit = audit_storage(grace=timedelta(0))
    assert audit.consistent and audit.files == 2 == audit.rows


def test_a_database_failure_removes_the_object_it_had_written(api, bucket, canvas_digit, monkeypatch):
    api.post(URL, {"image_data": data_url(canvas_digit(22)[0])}, format="json")  # registers the model
    before = _keys(bucket)

    def failing_save(self, *args, **kwargs):
        assert self.image.name in _keys(bucket)  # the object was really written first
        raise DatabaseError("disk full")

    monkeypatch.setattr(Drawing, "save", failing_save)
    response = api.post(URL, {"image_data": data_url(canvas_digit(23)[0])}, format="json")
    assert response.status_code == 503
    assert _keys(bucket) == before and Drawing.objects.count() == 1


def test_staff_image_access_and_export_work_from_the_bucket(api, staff_api, bucket, canvas_digit):
    drawing_id = api.post(URL, {"image_data": data_url(canvas_digit(24)[0])}, format="json").json()["id"]
    staff_api.post(f"{URL}{drawing_id}/feedback/", {"label": 3}, format="json")
    export = staff_api.get("/api/v1/exports/png/")
    assert export.status_code == 200 and len(b"".join(export.streaming_content)) > 0
    assert staff_api.get(f"{URL}{drawing_id}/image/").status_code == 200
