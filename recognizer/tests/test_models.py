"""The invariants live in the database: bad rows are refused by SQLite and PostgreSQL alike."""

import pytest
from django.db import IntegrityError, transaction

from recognizer.models import Drawing
from recognizer.tests.factories import make_drawing, make_version

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "change",
    [
        {"probabilities": [0.1] * 9},
        {"probabilities": [0.1] * 11},
        {"predicted_digit": 10},
        {"label": 10, "label_source": "staff"},
        {"confidence": 1.5},
        {"label": 3, "label_source": ""},
        {"label": None, "label_source": "staff"},
    ],
    ids=[
        "nine probabilities",
        "eleven probabilities",
        "digit 10",
        "label 10",
        "confidence 1.5",
        "label without source",
        "source without label",
    ],
)
def test_database_refuses_drawings_that_break_an_invariant(version, change):
    drawing = make_drawing(version)
    for field, value in change.items():
        setattr(drawing, field, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        drawing.save()


def test_only_one_model_version_can_be_active(version):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_version(active=True)


def test_a_valid_drawing_is_stored(version):
    make_drawing(version, label=4, label_source=Drawing.LabelSource.DRAWER)
    assert Drawing.objects.count() == 1
