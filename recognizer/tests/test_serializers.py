"""The API's answers are built with fields shared between instances: the same JSON as DRF's own."""

import pytest
from django.db.models import Prefetch
from rest_framework import serializers as drf

from recognizer.api import serializers as api
from recognizer.models import Drawing, NumberSubmission
from recognizer.tests.factories import make_drawing, make_number, make_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def drf_own(monkeypatch):
    """What DRF gives when it builds the fields for each instance (no sharing, nested ones too)."""

    def serialize(serializer_class, instance, **kwargs):
        with monkeypatch.context() as patch:
            patch.setattr(api.SharedReadFieldsMixin, "_readable_fields", drf.Serializer._readable_fields)
            return serializer_class(instance, **kwargs).data

    return serialize


def test_a_recognition_serializes_as_drfs_own_fields_would(isolated_media, drf_own):
    version = make_version(active=True)
    drawings = [
        make_drawing(version, digit=3, confidence=0.41),
        make_drawing(
            version, digit=1, label=7, label_source=Drawing.LabelSource.DRAWER, status=Drawing.Status.CONFIRMED
        ),
        make_drawing(version, digit=0, not_a_digit=True, drawer_not_a_digit=True),
        make_number(version, digits=2).digits.get(position=1),
    ]
    for drawing in drawings:
        assert api.RecognitionSerializer(drawing).data == drf_own(api.RecognitionSerializer, drawing)
    listed = api.RecognitionSerializer(drawings, many=True).data
    assert listed == drf_own(api.RecognitionSerializer, drawings, many=True)


def test_a_number_and_its_digits_serialize_as_drfs_own_fields_would(isolated_media, drf_own):
    version = make_version(active=True)
    number = NumberSubmission(text="42", confidence=0.5, width=300, height=100, model_version=version)
    number.image.name = "numbers/placeholder.png"  # never read here
    number.save()
    for position, digit in enumerate([4, 2]):
        box = {"left": 10 + 100 * position, "top": 5, "right": 90 + 100 * position, "bottom": 95}
        make_drawing(version, digit=digit, number=number, position=position, box=box)
    in_order = Prefetch("digits", queryset=Drawing.objects.order_by("position"))
    number = NumberSubmission.objects.prefetch_related(in_order).get(pk=number.pk)
    body = api.NumberSerializer(number).data
    assert body == drf_own(api.NumberSerializer, number)
    assert [d["digit"] for d in body["digits"]] == [4, 2]
    assert body["digits"][1]["box"] == {"left": 110, "top": 5, "right": 190, "bottom": 95}


def test_image_data_with_a_surrogate_character_is_refused_as_before():
    payload = api.RecognitionCreateSerializer(data={"image_data": "iVBOR\ud800w0K"})
    assert not payload.is_valid()
    assert "Surrogate characters are not allowed" in str(payload.errors["image_data"][0])
