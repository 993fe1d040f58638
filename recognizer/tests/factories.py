"""Rows for tests that need many drawings without running the network for each."""

import io
import itertools

from django.core.files.base import ContentFile
from PIL import Image

from recognizer.models import Drawing, ModelVersion, NumberSubmission
from recognizer.reading.content import digest_of_preview_png

_names = itertools.count()


def _png(shade: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("L", (28, 28), shade).save(buffer, format="PNG")
    return buffer.getvalue()


PREVIEW = _png(0)


def make_version(name: str | None = None, *, active: bool = False, metrics: dict | None = None) -> ModelVersion:
    """A version row whose checkpoint file is a placeholder (these tests never load it)."""
    number = next(_names)
    version = ModelVersion(
        name=name or f"version-{number}", sha256=f"{number:064x}", is_active=active, metrics=metrics or {}
    )
    version.checkpoint.save("test.pt", ContentFile(b"placeholder"), save=False)
    version.save()
    return version


def make_drawing(
    version: ModelVersion, *, digit: int = 7, confidence: float = 0.9, preview_png: bytes = PREVIEW, **fields
) -> Drawing:
    """A stored drawing predicted as `digit` with `confidence`, the rest spread evenly."""
    rest = (1.0 - confidence) / 9
    probabilities = [confidence if d == digit else rest for d in range(10)]
    drawing = Drawing(
        predicted_digit=digit,
        confidence=confidence,
        probabilities=probabilities,
        preview_png=preview_png,
        model_version=version,
        **{"input_sha256": digest_of_preview_png(preview_png), **fields},
    )
    drawing.image.save("drawing.png", ContentFile(_png(255)), save=False)
    drawing.save()
    return drawing


def make_number(version: ModelVersion, *, digits: int = 2, **fields) -> NumberSubmission:
    """A stored written number (its image a placeholder) with `digits` digit drawings, 7s."""
    number = NumberSubmission(
        text="7" * digits, confidence=0.81, width=280, height=280, model_version=version, **fields
    )
    number.image.save("number.png", ContentFile(_png(255)), save=False)
    number.save()
    for position in range(digits):
        make_drawing(version, number=number, position=position, **fields)
    return number
