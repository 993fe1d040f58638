from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import DatabaseError, connections
from rest_framework.test import APIClient

from recognizer.models import Drawing
from testing.images import data_url, media_files

URL = "/api/v1/recognitions/"


@pytest.mark.django_db
def test_a_failure_after_the_image_is_written_leaves_no_file_and_no_row(api, canvas_digit, isolated_media, monkeypatch):
    written = []
    original_save = Drawing.save

    def failing_save(self, *args, **kwargs):
        written.append(self.image.name)
        assert (isolated_media / self.image.name).exists()  # the file really was written first
        raise DatabaseError("disk full")

    monkeypatch.setattr(Drawing, "save", failing_save)
    response = api.post(URL, {"image_data": data_url(canvas_digit(40)[0])}, format="json")
    monkeypatch.setattr(Drawing, "save", original_save)

    assert response.status_code == 503 and response.json()["error"] == "service_unavailable"
    assert written and media_files(isolated_media) == []
    assert Drawing.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_eight_threads_posting_25_drawings_each_store_exactly_200(canvas_digit, isolated_media):
    payloads = [{"image_data": data_url(canvas_digit(i % 50)[0])} for i in range(25)]

    def client_session(_):
        client = APIClient()
        try:
            return [client.post(URL, payload, format="json").status_code for payload in payloads]
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = [code for codes in pool.map(client_session, range(8)) for code in codes]

    assert statuses.count(201) == 200
    assert Drawing.objects.count() == 200
    assert Drawing.objects.values("owner_key").distinct().count() == 8
    stored = {str(p.relative_to(isolated_media)) for p in media_files(isolated_media)}
    assert stored == set(Drawing.objects.values_list("image", flat=True))
