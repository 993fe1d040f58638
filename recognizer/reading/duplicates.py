"""Finding and merging drawings stored more than once (same browser, same network input)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count

from recognizer.models import Drawing
from recognizer.reading.deletion import delete_files_on_commit

REVIEW_FIELDS = ("label", "label_source", "status", "reviewed_by", "reviewed_at", "drawer_not_a_digit")


@dataclass(frozen=True)
class DuplicateGroup:
    keep: Drawing  # the first one stored
    copies: list[Drawing]


def duplicate_groups(*, within: timedelta | None = None) -> list[DuplicateGroup]:
    """Drawings with the same network input from the same browser (digits of numbers and drawings
    without an owner are left alone: nothing says they are one submission)."""
    singles = Drawing.objects.filter(number__isnull=True).exclude(owner_key="").exclude(input_sha256="")
    keys = singles.values("owner_key", "input_sha256").annotate(n=Count("id")).filter(n__gt=1).order_by("input_sha256")
    groups = []
    for key in keys:
        rows = list(
            singles.filter(**{k: key[k] for k in ("owner_key", "input_sha256")}).defer("strokes").order_by("id")
        )
        keep = rows[0]
        copies = [d for d in rows[1:] if within is None or d.created_at - keep.created_at <= within]
        if copies:
            groups.append(DuplicateGroup(keep, copies))
    return groups


def _best_review(group: DuplicateGroup) -> Drawing:
    """The copy whose label to keep: the latest staff review, else the latest drawer answer, else the first."""
    staff = [d for d in [group.keep, *group.copies] if d.status != Drawing.Status.UNREVIEWED]
    if staff:
        return max(staff, key=lambda d: (d.reviewed_at is not None, d.reviewed_at, d.pk))
    drawer = [d for d in [group.keep, *group.copies] if d.label_source or d.drawer_not_a_digit]
    return drawer[-1] if drawer else group.keep


def merge_duplicates(groups: list[DuplicateGroup]) -> int:
    """Keep the first drawing of each group with the best review any copy had; delete the copies
    and their image files. Returns how many rows were deleted."""
    deleted = 0
    for group in groups:
        best = _best_review(group)
        with transaction.atomic():
            if best.pk != group.keep.pk:
                Drawing.objects.filter(pk=group.keep.pk).update(**{f: getattr(best, f) for f in REVIEW_FIELDS})
            deleted += Drawing.objects.filter(pk__in=[d.pk for d in group.copies]).delete()[0]
            delete_files_on_commit([d.image.name for d in group.copies])
    return deleted
