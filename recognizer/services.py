"""Writes: recognising and storing a drawing, and labelling it."""

import io
from collections.abc import Sequence
from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, F, QuerySet, Value, When
from django.utils import timezone

from ml.inference import Prediction
from ml.preprocess import preprocess_image
from recognizer.content import input_digest
from recognizer.model_registry import active_model
from recognizer.models import Drawing, ModelVersion


class FeedbackNotAllowedError(Exception):
    """The drawer may not relabel a drawing that staff already reviewed."""


def is_uncertain(probabilities: Sequence[float]) -> bool:
    """Unsure when the top probability is low or the runner-up is close (thresholds in settings)."""
    first, second = sorted(probabilities, reverse=True)[:2]
    return first < settings.UNCERTAIN_BELOW_CONFIDENCE or first - second < settings.UNCERTAIN_BELOW_MARGIN


def png_bytes(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def drawing_from(prediction: Prediction, version: ModelVersion, *, source: str, owner_key: str, **fields) -> Drawing:
    """An unsaved Drawing holding what the network answered for one digit."""
    return Drawing(
        preview_png=png_bytes(prediction.preview),
        input_sha256=input_digest(prediction.preview),
        predicted_digit=prediction.digit,
        probabilities=list(prediction.probabilities),
        confidence=prediction.confidence,
        not_a_digit=prediction.not_a_digit,
        model_version=version,
        source=source,
        owner_key=owner_key,
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


def recognize_drawing(
    *,
    image_bytes: bytes,
    source: str,
    owner_key: str = "",
    strokes: list | None = None,
    declared_format: str | None = None,
) -> Recognition:
    """Recognise a drawing and store the image and its row together: both or neither.

    The same network input from the same browser within the resubmission window (Enter
    pressed twice, a retried request) is answered with the drawing already stored: one
    drawing, one row, so copies can neither skew the counts nor straddle the splits.
    """
    prepared = preprocess_image(image_bytes, expected_format=declared_format)
    earlier = recent_resubmission(owner_key=owner_key, digest=input_digest(prepared.preview))
    if earlier is not None:
        return Recognition(earlier, created=False)
    model = active_model()
    prediction = model.predictor.predict_prepared([prepared])[0]
    drawing = drawing_from(prediction, model.version, source=source, owner_key=owner_key, strokes=strokes)
    _store_with_image(drawing, image_bytes, prepared.format)
    return Recognition(drawing, created=True)


def file_extension(image_format: str) -> str:
    """The stored file's extension for a decoded image format (PNG, JPEG, WEBP)."""
    return {"JPEG": "jpg", "WEBP": "webp"}.get(image_format, "png")


def _store_with_image(drawing: Drawing, image_bytes: bytes, image_format: str) -> None:
    store_files_then_rows([(drawing.image, f"drawing.{file_extension(image_format)}", image_bytes)], drawing.save)


def store_files_then_rows(files: list, write_rows) -> None:
    """Write each (FieldFile, name, bytes), then `write_rows()` in one transaction; if the rows
    do not commit, delete the files again, so no file outlives its row."""
    written = []
    try:
        for field_file, name, data in files:
            field_file.save(name, ContentFile(data), save=False)
            written.append(field_file)
        with transaction.atomic():
            write_rows()
    except BaseException:
        for field_file in written:
            field_file.storage.delete(field_file.name)
        raise


CONFIRM = "confirm"
REJECT = "reject"
RESET = "reset"  # back to unreviewed, without a label


def review_drawings(drawings: QuerySet[Drawing], *, reviewer, decision: int | str) -> int:
    """Staff review in one UPDATE: a digit 0-9 as the label, CONFIRM the prediction, REJECT, or RESET.

    Records who reviewed and when; returns how many drawings changed.
    """
    if decision == RESET:
        return drawings.update(
            status=Drawing.Status.UNREVIEWED, label=None, label_source="", reviewed_by=None, reviewed_at=None
        )
    stamp = {"reviewed_by": reviewer, "reviewed_at": timezone.now()}
    if decision == REJECT:
        return drawings.update(status=Drawing.Status.REJECTED, label=None, label_source="", **stamp)
    # A staff label overrides the drawer's "not a digit" suggestion.
    stamp["drawer_not_a_digit"] = False
    if decision == CONFIRM:
        label = F("predicted_digit")
    elif isinstance(decision, int) and not isinstance(decision, bool) and 0 <= decision <= 9:
        label = Value(decision)
    else:
        raise ValueError(f"Not a review decision: {decision!r}")
    status = Case(
        When(predicted_digit=label, then=Value(Drawing.Status.CONFIRMED)),
        default=Value(Drawing.Status.CORRECTED),
    )
    return drawings.update(label=label, label_source=Drawing.LabelSource.STAFF, status=status, **stamp)


def record_feedback(*, drawing: Drawing, label: int | None, user=None) -> Drawing:
    """Store what the digit really is (`label` None: it is not a digit): staff answers are
    reviews (not a digit rejects it), a drawer's is a suggestion."""
    if user is not None and user.is_authenticated and user.is_staff:
        decision = REJECT if label is None else label
        review_drawings(Drawing.objects.filter(pk=drawing.pk), reviewer=user, decision=decision)
        drawing.refresh_from_db()
        return drawing
    if drawing.label_source == Drawing.LabelSource.STAFF or drawing.status == Drawing.Status.REJECTED:
        raise FeedbackNotAllowedError("Staff already reviewed this drawing.")
    drawing.label = label
    drawing.label_source = Drawing.LabelSource.NONE if label is None else Drawing.LabelSource.DRAWER
    drawing.drawer_not_a_digit = label is None
    drawing.save(update_fields=["label", "label_source", "drawer_not_a_digit"])
    return drawing
