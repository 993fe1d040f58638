"""Reading what people submit: a digit or a whole number, recognised and stored (file and rows
together), through one path: a Submission in, stored rows out."""

import io
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import timedelta
from typing import NamedTuple

import numpy as np
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image

from ml.formats import EXTENSION_OF_FORMAT
from ml.inference import Prediction
from ml.numbers.reader import NumberReading, read_number
from ml.preprocess import preprocess_image
from recognizer.db import writers_take_turns
from recognizer.models import Drawing, ModelVersion, NumberSubmission
from recognizer.reading.active_model import active_model
from recognizer.reading.content import input_digest


@dataclass(frozen=True)
class Submission:
    """What a client submitted, as every recognising endpoint receives it."""

    image_bytes: bytes
    source: str  # Drawing.Source
    owner_key: str = ""  # the browser's key ("" for none)
    strokes: list | None = None  # the pen strokes in the image's pixels, when the client sent them
    declared_format: str | None = None  # what the client said it sent; checked against the content


def is_uncertain(probabilities: Sequence[float]) -> bool:
    """Unsure when the top probability is low or the runner-up is close (thresholds in settings)."""
    first, second = sorted(probabilities, reverse=True)[:2]
    return first < settings.UNCERTAIN_BELOW_CONFIDENCE or first - second < settings.UNCERTAIN_BELOW_MARGIN


def png_bytes(image) -> bytes:
    """The image as PNG, compressed at zlib's fastest level: the same pixels, files about a tenth
    larger, and about a third less encoding time (a number's digit crops: 2.5 -> 1.7 ms each,
    docs/benchmarks.md)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=1)
    return buffer.getvalue()


def drawing_from(
    prediction: Prediction, version: ModelVersion, submission: Submission, *, digest: str = "", **fields
) -> Drawing:
    """An unsaved Drawing holding what the network answered for one digit (`digest`: its
    input_digest, when the caller has it already)."""
    return Drawing(
        preview_png=png_bytes(prediction.preview),
        input_sha256=digest or input_digest(prediction.preview),
        predicted_digit=prediction.digit,
        probabilities=list(prediction.probabilities),
        confidence=prediction.confidence,
        not_a_digit=prediction.not_a_digit,
        model_version=version,
        source=submission.source,
        owner_key=submission.owner_key,
        **fields,
    )


class Recognition(NamedTuple):
    drawing: Drawing
    created: bool  # False: a resubmission, answered with the drawing stored before


def recent_resubmission(*, owner_key: str, digest: str) -> Drawing | None:
    """This browser's drawing with the same network input from the last RESUBMISSION_WINDOW_SECONDS."""
    if not owner_key or settings.RESUBMISSION_WINDOW_SECONDS <= 0:
        return None
    since = timezone.now() - timedelta(seconds=settings.RESUBMISSION_WINDOW_SECONDS)
    return (
        Drawing.objects.select_related("model_version")
        .filter(owner_key=owner_key, input_sha256=digest, number__isnull=True, created_at__gte=since)
        .order_by("-created_at", "-id")
        .first()
    )


def _read_prepared(prepared, submission: Submission, *, digest: str = "") -> Drawing:
    """The active network's answer for a preprocessed digit, as an unsaved Drawing."""
    model = active_model()
    prediction = model.predictor.predict_prepared([prepared])[0]
    return drawing_from(prediction, model.version, submission, digest=digest, strokes=submission.strokes)


def read_submitted_drawing(*, submission: Submission) -> Drawing:
    """Recognise a drawing without storing anything (the page's live reading): an unsaved
    Drawing, read exactly as recognize_drawing reads the one it stores."""
    prepared = preprocess_image(submission.image_bytes, expected_format=submission.declared_format)
    return _read_prepared(prepared, submission)


def recognize_drawing(*, submission: Submission) -> Recognition:
    """Recognise a drawing and store the image and its row together: both or neither.

    The same network input from the same browser within the resubmission window (Enter
    pressed twice, a retried request) is answered with the drawing already stored: one
    drawing, one row, so copies can neither skew the counts nor straddle the splits.
    """
    prepared = preprocess_image(submission.image_bytes, expected_format=submission.declared_format)
    digest = input_digest(prepared.preview)
    earlier = recent_resubmission(owner_key=submission.owner_key, digest=digest)
    if earlier is not None:
        return Recognition(earlier, created=False)
    drawing = _read_prepared(prepared, submission, digest=digest)
    store_files_then_rows(
        [(drawing.image, f"drawing.{file_extension(prepared.format)}", submission.image_bytes)], drawing.save
    )
    return Recognition(drawing, created=True)


def file_extension(image_format: str) -> str:
    """The stored file's extension for a decoded image format (PNG, JPEG, WEBP)."""
    return EXTENSION_OF_FORMAT.get(image_format, "png")


def store_files_then_rows(files: list, write_rows) -> None:
    """Write each (FieldFile, name, bytes), then `write_rows()` in one transaction; if the rows
    do not commit, delete the files again, so no file outlives its row."""
    written = []
    try:
        for field_file, name, data in files:
            field_file.save(name, ContentFile(data), save=False)
            written.append(field_file)
        with writers_take_turns(), transaction.atomic():
            write_rows()
    except BaseException:
        for field_file in written:
            field_file.storage.delete(field_file.name)
        raise


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
        crops.append(png_bytes(_grey_when_exact(image.crop(region))))
    return crops


def _grey_when_exact(image: Image.Image) -> Image.Image:
    """An RGBA image in mode L when that holds every pixel exactly (opaque grey: black on white
    from a client that sends a browser's four-channel PNG; the page's own PNGs are L already),
    else as it is. A quarter of the data to compress: a pen digit's crop encodes in 0.35 instead
    of 0.8 ms and its file is half the size (docs/benchmarks.md, issue 19)."""
    if image.mode != "RGBA":
        return image
    pixels = np.asarray(image)
    grey = pixels[..., 0]
    if (pixels[..., 3] == 255).all() and (pixels[..., 1] == grey).all() and (pixels[..., 2] == grey).all():
        return Image.fromarray(np.ascontiguousarray(grey))  # a 2-D uint8 array: mode L
    return image


class UnsavedNumber(NamedTuple):
    """A written number as read, nothing stored yet: the rows to store and what they came from."""

    number: NumberSubmission  # unsaved
    digits: list[Drawing]  # unsaved, left to right
    reading: NumberReading  # the segmentation: the upright image, its format, the digits' boxes


def read_submitted_number(*, submission: Submission) -> UnsavedNumber:
    """Read a written number without storing anything (the page's live reading, and the first
    half of recognize_number)."""
    model = active_model()
    reading = read_number(
        model.predictor, submission.image_bytes, expected_format=submission.declared_format, strokes=submission.strokes
    )
    number = NumberSubmission(
        text=reading.text,
        confidence=reading.confidence,
        width=reading.width,
        height=reading.height,
        model_version=model.version,
        piece_classifier_hash=reading.piece_classifier_hash,
        source=submission.source,
        owner_key=submission.owner_key,
        strokes=submission.strokes,
    )
    digits = [
        drawing_from(prediction, model.version, submission, position=position, box=asdict(box))
        for position, (box, prediction) in enumerate(reading.digits)
    ]
    return UnsavedNumber(number, digits, reading)


def recognize_number(*, submission: Submission) -> NumberSubmission:
    """Read a written number and store it with its digits: all of it or nothing."""
    number, digits, reading = read_submitted_number(submission=submission)
    crops = _digit_crops(reading.image, [box for box, _ in reading.digits])
    files = [(number.image, f"number.{file_extension(reading.format)}", submission.image_bytes)]
    files += [(drawing.image, "digit.png", crop) for drawing, crop in zip(digits, crops, strict=True)]

    def write_rows() -> None:
        number.save()
        for drawing in digits:
            drawing.number = number
            drawing.save()

    store_files_then_rows(files, write_rows)
    return number
