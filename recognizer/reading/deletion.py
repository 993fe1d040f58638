"""Deleting drawings for good: by their drawer (or staff), and once older than the retention period.

Hard deletes: the row and its image file go, nothing stays behind to say they were there. The
rows go in a transaction and the files only once it commits, so a rollback never loses a file
(a process dying between the two leaves an orphan file, which `check_storage` reports). A model
version already trained on a deleted drawing keeps its weights.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from recognizer.models import Drawing, NumberSubmission

logger = logging.getLogger(__name__)
BATCH = 500  # rows per transaction when purging: short locks, bounded memory


class DrawingInNumberError(Exception):
    """A digit of a written number is deleted with its number, never alone."""


def delete_files_on_commit(names: list[str]) -> None:
    """Delete these stored files once the current transaction commits (at once outside one).

    A file that cannot be deleted is logged and left as an orphan for `check_storage`: the
    rows are gone by then, and the answer must not become an error."""

    def delete() -> None:
        for name in names:
            try:
                default_storage.delete(name)
            except Exception:  # noqa: BLE001 - any storage backend's error (OSError, botocore's own)
                logger.warning("could not delete the stored file %s", name, exc_info=True)

    transaction.on_commit(delete)


def delete_drawing(*, drawing: Drawing) -> None:
    """Delete a drawing and its image file; a digit of a number raises DrawingInNumberError."""
    if drawing.number_id is not None:
        raise DrawingInNumberError(f"Drawing {drawing.pk} is a digit of number {drawing.number_id}: delete the number.")
    with transaction.atomic():
        Drawing.objects.filter(pk=drawing.pk).delete()
        delete_files_on_commit([drawing.image.name])


def delete_number(*, number: NumberSubmission) -> None:
    """Delete a written number with its digits' drawings, and all their image files."""
    with transaction.atomic():
        names = [number.image.name, *Drawing.objects.filter(number=number).values_list("image", flat=True)]
        NumberSubmission.objects.filter(pk=number.pk).delete()  # its digits go with it (CASCADE)
        delete_files_on_commit(names)


@dataclass
class Purge:
    before: datetime  # what was made before this went
    drawings: int = 0  # drawings on their own
    numbers: int = 0  # written numbers
    digits: int = 0  # the numbers' digit drawings
    files: int = 0


def _purge_batches(rows, *, dry_run: bool, files_of) -> tuple[int, int]:
    """Delete `rows` (a queryset) in batches; returns (rows, files) deleted or, with dry_run, found."""
    if dry_run:
        return rows.count(), sum(len(files_of(batch)) for batch in _id_batches(rows))
    count = files = 0
    while ids := list(rows.order_by("pk").values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            names = files_of(ids)
            rows.model.objects.filter(pk__in=ids).delete()
            delete_files_on_commit(names)
        count, files = count + len(ids), files + len(names)
    return count, files


def _id_batches(rows):
    ids = list(rows.order_by("pk").values_list("pk", flat=True))
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]


def _number_files(ids: list[int]) -> list[str]:
    numbers = NumberSubmission.objects.filter(pk__in=ids).values_list("image", flat=True)
    return [*numbers, *Drawing.objects.filter(number__in=ids).values_list("image", flat=True)]


def _drawing_files(ids: list[int]) -> list[str]:
    return list(Drawing.objects.filter(pk__in=ids).values_list("image", flat=True))


def purge_old_drawings(*, days: int, dry_run: bool = False) -> Purge:
    """Delete every drawing and written number made more than `days` days ago, with their files
    (dry_run: only count them). A number's digits go with their number."""
    purge = Purge(before=timezone.now() - timedelta(days=days))
    numbers = NumberSubmission.objects.filter(created_at__lt=purge.before)
    purge.digits = Drawing.objects.filter(number__in=numbers).count()
    purge.numbers, number_files = _purge_batches(numbers, dry_run=dry_run, files_of=_number_files)
    singles = Drawing.objects.filter(number__isnull=True, created_at__lt=purge.before)
    purge.drawings, drawing_files = _purge_batches(singles, dry_run=dry_run, files_of=_drawing_files)
    purge.files = number_files + drawing_files
    return purge
