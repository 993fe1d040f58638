"""One drawing, one row: resubmissions answer the stored drawing; identical content shares a split."""

import io

import numpy as np
import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from recognizer.models import Drawing
from recognizer.reading.content import digest_of_preview_png, split_of
from recognizer.tests.factories import make_drawing
from testing.images import data_url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def resubmission_window(settings):
    settings.RESUBMISSION_WINDOW_SECONDS = 60


def test_pressing_enter_three_times_stores_one_row_and_answers_200_with_it(api, canvas_digit):
    image = data_url(canvas_digit(3)[0])
    first = api.post("/api/v1/recognitions/", {"image_data": image}, format="json")
    again = [api.post("/api/v1/recognitions/", {"image_data": image}, format="json") for _ in range(2)]
    assert first.status_code == 201
    assert [r.status_code for r in again] == [200, 200]
    assert {r.json()["id"] for r in again} == {first.json()["id"]}
    assert Drawing.objects.count() == 1


def test_the_same_image_from_another_browser_or_after_the_window_is_a_new_drawing(
    api, other_api, canvas_digit, settings
):
    image = data_url(canvas_digit(4)[0])
    assert api.post("/api/v1/recognitions/", {"image_data": image}, format="json").status_code == 201
    assert other_api.post("/api/v1/recognitions/", {"image_data": image}, format="json").status_code == 201
    settings.RESUBMISSION_WINDOW_SECONDS = 0
    assert api.post("/api/v1/recognitions/", {"image_data": image}, format="json").status_code == 201
    assert Drawing.objects.count() == 3
    # All three have the same network input, so the same digest and the same split.
    assert len(set(Drawing.objects.values_list("input_sha256", flat=True))) == 1


def test_a_different_drawing_right_after_is_stored(api, canvas_digit):
    for index in (5, 6):
        response = api.post("/api/v1/recognitions/", {"image_data": data_url(canvas_digit(index)[0])}, format="json")
        assert response.status_code == 201
    assert Drawing.objects.count() == 2


def _png(pixels: np.ndarray, **options) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels, mode="L").save(buffer, format="PNG", **options)
    return buffer.getvalue()


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=784, max_size=784), st.integers(0, 9))
def test_identical_network_inputs_never_straddle_splits_however_the_png_is_encoded(grey, level):
    pixels = np.frombuffer(grey, dtype=np.uint8).reshape(28, 28)
    encodings = [_png(pixels), _png(pixels, compress_level=level), _png(pixels, optimize=True)]
    digests = {digest_of_preview_png(png) for png in encodings}
    assert len(digests) == 1
    assert split_of(digests.pop()) in ("train", "test")


def test_split_is_a_fixed_function_of_the_content_with_about_a_tenth_held_out():
    rng = np.random.default_rng(1)
    digests = [digest_of_preview_png(_png(rng.integers(0, 256, (28, 28), dtype=np.uint8))) for _ in range(3000)]
    splits = [split_of(d) for d in digests]
    assert splits == [split_of(d) for d in digests]
    assert 0.07 < splits.count("test") / len(splits) < 0.13


def test_find_duplicates_reports_then_merges_keeping_the_first_and_its_review(version, staff_user):
    rng = np.random.default_rng(2)
    same, other = (_png(rng.integers(0, 256, (28, 28), dtype=np.uint8)) for _ in range(2))
    first = make_drawing(version, preview_png=same, owner_key="a")
    copies = [make_drawing(version, preview_png=same, owner_key="a") for _ in range(2)]
    copies[1].label, copies[1].label_source, copies[1].status = 3, "staff", "corrected"
    copies[1].reviewed_by = staff_user
    copies[1].save()
    kept_apart = [make_drawing(version, preview_png=same, owner_key="b"), make_drawing(version, preview_png=other)]

    report = io.StringIO()
    call_command("find_duplicates", stdout=report)
    assert "1 group(s), 2 duplicate row(s)" in report.getvalue()
    assert Drawing.objects.count() == 5  # reporting changes nothing

    merged = io.StringIO()
    call_command("find_duplicates", "--merge", stdout=merged)
    assert "Merged 2 duplicate row(s) into 1 drawing(s)" in merged.getvalue()
    assert set(Drawing.objects.values_list("pk", flat=True)) == {first.pk, *(d.pk for d in kept_apart)}
    first.refresh_from_db()
    # The review a copy had is kept on the drawing that stays.
    assert (first.label, first.label_source, first.status, first.reviewed_by) == (3, "staff", "corrected", staff_user)
