"""Writes: recognising and storing a drawing, and labelling it."""

import io
import logging
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ml.preprocess import preprocess_image
from recognizer.model_registry import active_model
from recognizer.models import Drawing

logger = logging.getLogger(__name__)


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


def recognize_drawing(
    *,
    image_bytes: bytes,
    source: str,
    owner_key: str = "",
    strokes: list | None = None,
    declared_format: str | None = None,
) -> Drawing:
    """Recognise a drawing and store the image and its row together: both or neither."""
    prepared = preprocess_image(image_bytes, expected_format=declared_format)
    model = active_model()
    prediction = model.predictor.predict_prepared([prepared])[0]
    drawing = Drawing(
        preview_png=png_bytes(prediction.preview),
        strokes=strokes,
        predicted_digit=prediction.digit,
        probabilities=list(prediction.probabilities),
        confidence=prediction.confidence,
        model_version=model.version,
        source=source,
        owner_key=owner_key,
    )
    _store_with_image(drawing, image_bytes, prepared.format)
    return drawing


def _store_with_image(drawing: Drawing, image_bytes: bytes, image_format: str) -> None:
    extension = {"JPEG": "jpg", "WEBP": "webp"}.get(image_format, "png")
    drawing.image.save(f"drawing.{extension}", ContentFile(image_bytes), save=False)
    try:
        with transaction.atomic():
            drawing.save()
    except BaseException:
        # The row did not commit, so the file must not outlive it.
        drawing.image.storage.delete(drawing.image.name)
        raise


def record_feedback(*, drawing: Drawing, label: int, user=None) -> Drawing:
    """Store what the digit really is: staff labels are reviews, a drawer's is a suggestion."""
    if user is not None and user.is_authenticated and user.is_staff:
        drawing.label_source = Drawing.LabelSource.STAFF
        drawing.status = Drawing.Status.CONFIRMED if label == drawing.predicted_digit else Drawing.Status.CORRECTED
        drawing.reviewed_by = user
        drawing.reviewed_at = timezone.now()
    elif drawing.label_source == Drawing.LabelSource.STAFF:
        raise FeedbackNotAllowedError("Staff already reviewed this drawing.")
    else:
        drawing.label_source = Drawing.LabelSource.DRAWER
    drawing.label = label
    drawing.save(update_fields=["label", "label_source", "status", "reviewed_by", "reviewed_at"])
    return drawing
