"""DELETE a drawing or a written number: its drawer or staff, rows and files, after the commit."""

from pathlib import Path

import pytest
from django.db import transaction

from recognizer.models import Drawing, NumberSubmission
from recognizer.reading.deletion import delete_drawing, delete_number
from recognizer.tests.factories import make_drawing
from testing.drawings import touching_seven_and_one
from testing.images import data_url

pytestmark = pytest.mark.django_db


def _files(media: Path, folder: str) -> list[Path]:
    return sorted(p for p in (media / folder).rglob("*") if p.is_file()) if (media / folder).exists() else []


@pytest.fixture
def drawn(api, canvas_digit):
    """A drawing recognised in the `api` browser: its id."""
    return api.post("/api/v1/recognitions/", {"image_data": data_url(canvas_digit(20)[0])}, format="json").json()["id"]


@pytest.fixture
def written(api):
    """A written number ("71") recognised in the `api` browser: the answer."""
    image, strokes = touching_seven_and_one()
    return api.post("/api/v1/numbers/", {"image_data": data_url(image), "strokes": strokes}, format="json").json()


def test_the_drawer_deletes_a_drawing_with_its_file(api, drawn, isolated_media, django_capture_on_commit_callbacks):
    assert len(_files(isolated_media, "drawings")) == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(f"/api/v1/recognitions/{drawn}/")
    assert response.status_code == 204 and not response.content
    assert not Drawing.objects.exists()
    assert _files(isolated_media, "drawings") == []
    assert api.get(f"/api/v1/recognitions/{drawn}/").status_code == 404
    assert api.delete(f"/api/v1/recognitions/{drawn}/").json()["error"] == "not_found"


def test_another_browser_cannot_delete_a_drawing_and_staff_can(api, other_api, staff_api, drawn, isolated_media):
    response = other_api.delete(f"/api/v1/recognitions/{drawn}/")
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert Drawing.objects.filter(pk=drawn).exists() and len(_files(isolated_media, "drawings")) == 1
    assert staff_api.delete(f"/api/v1/recognitions/{drawn}/").status_code == 204
    assert not Drawing.objects.filter(pk=drawn).exists()  # a hard delete: staff see it gone
    assert staff_api.get(f"/api/v1/recognitions/{drawn}/").status_code == 404


def test_a_digit_of_a_number_is_deleted_only_with_its_number(api, staff_api, written, isolated_media):
    digit = written["digits"][0]["id"]
    for client in (api, staff_api):
        response = client.delete(f"/api/v1/recognitions/{digit}/")
        assert response.status_code == 409 and response.json()["error"] == "part_of_number"
        assert f"number {written['id']}" in response.json()["detail"]
    assert Drawing.objects.filter(number_id=written["id"]).count() == 2
    assert len(_files(isolated_media, "drawings")) == 2


def test_the_drawer_deletes_a_number_with_its_digits_and_every_file(
    api, other_api, written, isolated_media, django_capture_on_commit_callbacks
):
    url = f"/api/v1/numbers/{written['id']}/"
    assert other_api.delete(url).status_code == 404
    assert len(_files(isolated_media, "numbers")) == 1 and len(_files(isolated_media, "drawings")) == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(url).status_code == 204
    assert not NumberSubmission.objects.exists() and not Drawing.objects.exists()
    assert _files(isolated_media, "numbers") == [] and _files(isolated_media, "drawings") == []
    assert api.get(url).status_code == 404
    assert api.get(f"/api/v1/recognitions/{written['digits'][0]['id']}/").status_code == 404


def test_staff_delete_any_number(staff_api, written):
    assert staff_api.delete(f"/api/v1/numbers/{written['id']}/").status_code == 204
    assert not NumberSubmission.objects.exists()


def test_a_rolled_back_delete_keeps_the_row_and_its_file(version, isolated_media):
    drawing = make_drawing(version)
    with pytest.raises(RuntimeError), transaction.atomic():
        delete_drawing(drawing=drawing)
        raise RuntimeError("something after the delete fails")
    assert Drawing.objects.filter(pk=drawing.pk).exists()
    assert (isolated_media / drawing.image.name).is_file()


def test_a_rolled_back_number_delete_keeps_every_file(api, written, isolated_media):
    number = NumberSubmission.objects.get(pk=written["id"])
    with pytest.raises(RuntimeError), transaction.atomic():
        delete_number(number=number)
        raise RuntimeError("something after the delete fails")
    assert Drawing.objects.filter(number=number).count() == 2
    assert len(_files(isolated_media, "numbers")) == 1 and len(_files(isolated_media, "drawings")) == 2


def test_files_go_only_once_the_delete_commits(version, isolated_media, django_capture_on_commit_callbacks):
    drawing = make_drawing(version)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_drawing(drawing=drawing)
    assert not Drawing.objects.filter(pk=drawing.pk).exists()
    assert (isolated_media / drawing.image.name).is_file()  # the transaction has not committed yet
    for callback in callbacks:
        callback()
    assert not (isolated_media / drawing.image.name).exists()


def test_a_file_that_cannot_be_deleted_is_logged_not_an_error(
    api, drawn, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    from django.core.files.storage import default_storage

    def refuse(name):
        raise PermissionError(f"cannot delete {name}")

    monkeypatch.setattr(default_storage, "delete", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/v1/recognitions/{drawn}/").status_code == 204
    assert not Drawing.objects.filter(pk=drawn).exists()
    assert "could not delete the stored file" in caplog.text


def test_the_drawer_corrects_a_digit_of_a_number(api, other_api, written):
    first, second = (digit["id"] for digit in written["digits"])
    relabelled = api.post(f"/api/v1/recognitions/{first}/feedback/", {"label": 1}, format="json")
    assert relabelled.status_code == 200
    assert relabelled.json()["label"] == 1 and relabelled.json()["label_source"] == "drawer"
    not_a_digit = api.post(f"/api/v1/recognitions/{second}/feedback/", {"not_a_digit": True}, format="json")
    assert not_a_digit.status_code == 200
    assert not_a_digit.json()["drawer_not_a_digit"] is True and not_a_digit.json()["label"] is None
    assert other_api.post(f"/api/v1/recognitions/{first}/feedback/", {"label": 4}, format="json").status_code == 404
    digits = {d.pk: d for d in Drawing.objects.filter(number_id=written["id"])}
    assert (digits[first].label, digits[first].label_source) == (1, Drawing.LabelSource.DRAWER)
    assert digits[second].drawer_not_a_digit and digits[second].label is None
