"""POST /api/v1/numbers/: a written number read digit by digit, each digit stored as a Drawing."""

import io
from datetime import timedelta

import numpy as np
import pytest
from django.db import DatabaseError
from PIL import Image, ImageDraw

from ml.checkpoint import load_checkpoint
from ml.evaluation.number_sim import compose_number
from ml.weights import PIECE_WEIGHTS
from recognizer.models import Drawing, NumberSubmission
from recognizer.reading.storage_audit import audit_storage
from recognizer.tests.factories import make_drawing, make_number, make_version
from testing.drawings import touching_seven_and_one
from testing.images import data_url, media_files, png

pytestmark = pytest.mark.django_db
URL = "/api/v1/numbers/"


@pytest.fixture
def written_number(mnist_digits):
    """(PNG of four MNIST test digits, 0 1 2 3, written as one number; its text)."""
    images, labels = mnist_digits
    index = [3, 2, 1, 18]  # a 0, a 1, a 2 and a 3
    rng = np.random.default_rng(9)
    return compose_number([images[i] for i in index], rng), "".join(str(labels[i]) for i in index)


def test_a_written_number_is_read_and_each_digit_stored_as_a_drawing(api, written_number, isolated_media):
    image, text = written_number
    response = api.post(URL, {"image_data": data_url(image)}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == text
    assert [digit["position"] for digit in body["digits"]] == [0, 1, 2, 3]
    assert "".join(str(digit["digit"]) for digit in body["digits"]) == text
    assert 0 < body["confidence"] <= min(digit["confidence"] for digit in body["digits"])
    width, height = Image.open(io.BytesIO(image)).size
    assert (body["width"], body["height"]) == (width, height)
    lefts = [digit["box"]["left"] for digit in body["digits"]]
    assert lefts == sorted(lefts)
    for digit in body["digits"]:
        box = digit["box"]
        assert 0 <= box["left"] < box["right"] <= width and 0 <= box["top"] < box["bottom"] <= height
        assert abs(sum(digit["probabilities"]) - 1) < 1e-6

    number = NumberSubmission.objects.get()
    drawings = list(number.digits.order_by("position"))
    assert [d.pk for d in drawings] == [digit["id"] for digit in body["digits"]]
    assert all(d.owner_key == number.owner_key and d.model_version == number.model_version for d in drawings)
    assert len(media_files(isolated_media)) == 4  # one image per digit, besides the number's own
    # Each digit is an ordinary drawing of this browser: readable and labelled like any other.
    first = body["digits"][0]["id"]
    assert api.get(f"/api/v1/recognitions/{first}/").json()["digit"] == int(text[0])
    assert api.post(f"/api/v1/recognitions/{first}/feedback/", {"label": 6}, format="json").status_code == 200
    assert api.get(f"{URL}{number.pk}/").json() == body
    assert audit_storage(grace=timedelta(0)).files == 6  # the number, 4 digits, the model
    assert audit_storage(grace=timedelta(0)).consistent


def _stored_digit_images(body) -> list[tuple[Image.Image, dict]]:
    images = []
    for digit in body["digits"]:
        with Drawing.objects.get(pk=digit["id"]).image.open("rb") as file:
            image = Image.open(file)
            image.load()
        images.append((image, digit["box"]))
    return images


def _region(image: Image.Image, box: dict) -> Image.Image:
    """A digit's region of the number with its margin of a sixth of its height."""
    margin = (box["bottom"] - box["top"]) // 6
    return image.crop(
        (
            max(0, box["left"] - margin),
            max(0, box["top"] - margin),
            min(image.width, box["right"] + margin),
            min(image.height, box["bottom"] + margin),
        )
    )


def test_each_digit_s_stored_image_is_its_region_of_the_number_pixel_for_pixel(api, written_number):
    """Grey drawings (the page draws black on white) store their digits in mode L, a quarter of
    the data; a colour drawing keeps its colours. Either way every pixel is the number's."""
    grey = Image.open(io.BytesIO(written_number[0])).convert("RGBA")
    inked = np.array(grey)
    inked[..., :3] = np.where(inked[..., :3] < 128, [200, 40, 30], inked[..., :3])  # red ink
    coloured = Image.fromarray(inked)
    for number, mode in ((grey, "L"), (coloured, "RGBA")):
        body = api.post(URL, {"image_data": data_url(png(number))}, format="json").json()
        for stored, box in _stored_digit_images(body):
            assert stored.mode == mode
            assert np.array_equal(np.asarray(stored.convert("RGBA")), np.asarray(_region(number, box)))


def test_a_stored_number_records_which_piece_classifier_cut_it(api, written_number, isolated_media):
    image, _ = written_number
    assert api.post(URL, {"image_data": data_url(image)}, format="json").status_code == 201
    shipped = load_checkpoint(PIECE_WEIGHTS, architecture="piecenet").metadata["content_hash"]
    assert NumberSubmission.objects.get().piece_classifier_hash == shipped


def test_numbers_are_private_to_their_browser_and_visible_to_staff(api, other_api, staff_api, written_number):
    number_id = api.post(URL, {"image_data": data_url(written_number[0])}, format="json").json()["id"]
    assert other_api.get(f"{URL}{number_id}/").status_code == 404
    assert staff_api.get(f"{URL}{number_id}/").status_code == 200


def test_labelled_digits_of_numbers_are_exported_like_any_drawing(api, staff_api, written_number):
    body = api.post(URL, {"image_data": data_url(written_number[0])}, format="json").json()
    for digit in body["digits"]:
        staff_api.post(f"/api/v1/recognitions/{digit['id']}/feedback/", {"label": digit["digit"]}, format="json")
    assert Drawing.objects.filter(number__isnull=False, status="confirmed").count() == 4


def _dots(count: int) -> bytes:
    image = Image.new("L", (40 * count + 40, 100), 255)
    pen = ImageDraw.Draw(image)
    for i in range(count):
        pen.line([(30 + 40 * i, 20), (30 + 40 * i, 80)], fill=0, width=8)
    return png(image)


@pytest.mark.parametrize(
    "payload, status, code",
    [
        ({"image_data": data_url(png(Image.new("L", (600, 200), 255)))}, 422, "blank_image"),
        ({"image_data": data_url(_dots(21))}, 422, "too_many_digits"),
        ({"image_data": "not*base64"}, 400, "invalid_base64"),
        ({"strokes": []}, 400, "invalid_request"),
    ],
    ids=["blank", "21 marks", "bad base64", "no image"],
)
def test_bad_numbers_get_a_clear_error_and_store_nothing(api, isolated_media, payload, status, code):
    response = api.post(URL, payload, format="json")
    assert response.status_code == status and response.json()["error"] == code
    assert NumberSubmission.objects.count() == 0 and Drawing.objects.count() == 0
    assert media_files(isolated_media) == [] and not (isolated_media / "numbers").exists()


def test_a_database_failure_stores_no_number_no_digit_and_no_file(api, written_number, isolated_media, monkeypatch):
    def failing_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(Drawing, "save", failing_save)
    response = api.post(URL, {"image_data": data_url(written_number[0])}, format="json")
    assert response.status_code == 503
    assert NumberSubmission.objects.count() == 0
    assert media_files(isolated_media) == [] and not any((isolated_media / "numbers").rglob("*.*"))


def test_staff_see_a_number_and_its_digits_in_the_admin(api, client, staff_user, written_number):
    body = api.post(URL, {"image_data": data_url(written_number[0])}, format="json").json()
    client.force_login(staff_user)
    staff_user.is_superuser = True
    staff_user.save()
    page = client.get(f"/admin/recognizer/numbersubmission/{body['id']}/change/").content.decode()
    assert body["number"] in page
    assert all(f"/admin/recognizer/drawing/{digit['id']}/change/" in page for digit in body["digits"])
    drawing_page = client.get(f"/admin/recognizer/drawing/{body['digits'][0]['id']}/change/").content.decode()
    assert f"number {body['id']}" in drawing_page
    assert client.get("/admin/recognizer/numbersubmission/").status_code == 200


def test_strokes_sent_with_a_number_separate_digits_whose_ink_touches(api):

    image, strokes = touching_seven_and_one()
    body = api.post(URL, {"image_data": data_url(image), "strokes": strokes}, format="json").json()
    assert body["number"] == "71" and len(body["digits"]) == 2
    assert NumberSubmission.objects.get(pk=body["id"]).strokes == strokes


def test_a_recognition_names_the_number_it_is_a_digit_of(api, written_number, canvas_digit):
    lone = api.post("/api/v1/recognitions/", {"image_data": data_url(canvas_digit(20)[0])}, format="json").json()
    assert (lone["number"], lone["position"]) == (None, None)
    number = api.post(URL, {"image_data": data_url(written_number[0])}, format="json").json()
    digit = number["digits"][2]["id"]
    detail = api.get(f"/api/v1/recognitions/{digit}/").json()
    assert (detail["number"], detail["position"]) == (number["id"], 2)
    listed = {
        item["id"]: (item["number"], item["position"]) for item in api.get("/api/v1/recognitions/").json()["results"]
    }
    assert listed == {lone["id"]: (None, None), **{d["id"]: (number["id"], d["position"]) for d in number["digits"]}}
    feedback = api.post(f"/api/v1/recognitions/{digit}/feedback/", {"label": 2}, format="json").json()
    assert feedback["number"] == number["id"]


def test_listing_digits_of_numbers_takes_as_many_queries_as_listing_one(staff_api, django_assert_max_num_queries):
    version = make_version(active=True)
    make_number(version, digits=1)
    with django_assert_max_num_queries(20) as few:
        assert staff_api.get("/api/v1/recognitions/").status_code == 200
    for _ in range(3):
        make_number(version, digits=3)
    make_drawing(version)
    with django_assert_max_num_queries(len(few.captured_queries)):
        listed = staff_api.get("/api/v1/recognitions/").json()["results"]
    assert len(listed) == 11 and sum(item["number"] is not None for item in listed) == 10
