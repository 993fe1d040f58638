"""Writes for written numbers: read every digit, store the number and one Drawing per digit."""

from dataclasses import asdict

from PIL import Image

from ml.numbers.reader import read_number
from recognizer.model_registry import active_model
from recognizer.models import NumberSubmission
from recognizer.services import drawing_from, file_extension, png_bytes, store_files_then_rows


def _digit_crops(image: Image.Image, boxes) -> list[bytes]:
    """Each digit's region of the (upright) image as PNG (the digit's stored image), with a
    margin of a sixth of its height so reviewers see it as written, not clipped."""
    crops = []
    for b in boxes:
        margin = (b.bottom - b.top) // 6
        region = (
            max(0, b.left - margin),
            max(0, b.top - margin),
            min(image.width, b.right + margin),
            min(image.height, b.bottom + margin),
        )
        crops.append(png_bytes(image.crop(region)))
    return crops


def recognize_number(
    *,
    image_bytes: bytes,
    source: str,
    owner_key: str = "",
    strokes: list | None = None,
    declared_format: str | None = None,
) -> NumberSubmission:
    """Read a written number and store it with its digits: all of it or nothing."""
    model = active_model()
    reading = read_number(model.predictor, image_bytes, expected_format=declared_format, strokes=strokes)
    number = NumberSubmission(
        text=reading.text,
        confidence=reading.confidence,
        width=reading.width,
        height=reading.height,
        model_version=model.version,
        source=source,
        owner_key=owner_key,
        strokes=strokes,
    )
    digits = [
        drawing_from(prediction, model.version, source=source, owner_key=owner_key, position=position, box=asdict(box))
        for position, (box, prediction) in enumerate(reading.digits)
    ]
    crops = _digit_crops(reading.image, [box for box, _ in reading.digits])
    files = [(number.image, f"number.{file_extension(reading.format)}", image_bytes)]
    files += [(drawing.image, "digit.png", crop) for drawing, crop in zip(digits, crops, strict=True)]

    def write_rows() -> None:
        number.save()
        for drawing in digits:
            drawing.number = number
            drawing.save()

    store_files_then_rows(files, write_rows)
    return number
