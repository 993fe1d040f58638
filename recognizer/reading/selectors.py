"""Reads shared by the API, the admin and exports."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet

from recognizer.models import Drawing, ModelVersion, NumberSubmission


def _visible(queryset: QuerySet, *, user, owner_key: str) -> QuerySet:
    """Staff see every row; anyone else only those made in their own browser."""
    if user.is_authenticated and user.is_staff:
        return queryset
    return queryset.filter(owner_key=owner_key) if owner_key else queryset.none()


def drawings_visible_to(*, user, owner_key: str) -> QuerySet[Drawing]:
    return _visible(Drawing.objects.select_related("model_version").defer("strokes"), user=user, owner_key=owner_key)


def numbers_visible_to(*, user, owner_key: str) -> QuerySet[NumberSubmission]:
    """Written numbers, each with its digits in order."""
    numbers = NumberSubmission.objects.select_related("model_version").prefetch_related(
        Prefetch("digits", queryset=Drawing.objects.order_by("position").defer("strokes", "preview_png"))
    )
    return _visible(numbers, user=user, owner_key=owner_key)


# The review queue: unreviewed drawings, least confident first (ties by id, so "next" is exact).
# `suggestions`: only those whose drawer said what they meant, for staff to confirm or correct.
def review_queue(*, suggestions: bool = False) -> QuerySet[Drawing]:
    queue = Drawing.objects.filter(status=Drawing.Status.UNREVIEWED)
    if suggestions:
        queue = queue.filter(Q(label_source=Drawing.LabelSource.DRAWER) | Q(drawer_not_a_digit=True))
    return queue.order_by("confidence", "id")


def next_in_queue(confidence: float, pk: int, *, suggestions: bool = False) -> Drawing | None:
    """The queued drawing after the position (confidence, pk), whether or not that one is queued."""
    after = Q(confidence__gt=confidence) | Q(confidence=confidence, id__gt=pk)
    return review_queue(suggestions=suggestions).filter(after).select_related("model_version").first()


def previous_in_queue(confidence: float, pk: int, *, suggestions: bool = False) -> Drawing | None:
    before = Q(confidence__lt=confidence) | Q(confidence=confidence, id__lt=pk)
    queue = review_queue(suggestions=suggestions).filter(before).select_related("model_version")
    return queue.order_by("-confidence", "-id").first()


@dataclass(frozen=True)
class QualityReport:
    reviewed: int  # confirmed + corrected
    rejected: int
    accuracy: float | None
    confusion: list[list[int]]  # rows: predicted digit, columns: staff label
    confident_mistakes: list[Drawing]


def quality_report(version: ModelVersion, *, mistakes: int = 24) -> QualityReport:
    """How a model version did on the drawings staff reviewed: three queries, any table size."""
    drawings = Drawing.objects.filter(model_version=version)
    reviewed = drawings.filter(status__in=[Drawing.Status.CONFIRMED, Drawing.Status.CORRECTED])
    confusion = [[0] * 10 for _ in range(10)]
    for row in reviewed.values("predicted_digit", "label").annotate(n=Count("id")):
        confusion[row["predicted_digit"]][row["label"]] = row["n"]
    total = sum(map(sum, confusion))
    correct = sum(confusion[d][d] for d in range(10))
    worst = (
        reviewed.filter(status=Drawing.Status.CORRECTED)
        .defer("strokes", "probabilities")
        .order_by("-confidence", "id")[:mistakes]
    )
    return QualityReport(
        reviewed=total,
        rejected=drawings.filter(status=Drawing.Status.REJECTED).count(),
        accuracy=correct / total if total else None,
        confusion=confusion,
        confident_mistakes=list(worst),
    )


def labelled_drawings(*, include_drawer_labels: bool = False) -> QuerySet[Drawing]:
    """Drawings with a trusted label: staff-reviewed ones, and optionally the drawers' own."""
    trusted = Q(status__in=[Drawing.Status.CONFIRMED, Drawing.Status.CORRECTED])
    if include_drawer_labels:
        trusted |= Q(status=Drawing.Status.UNREVIEWED, label_source=Drawing.LabelSource.DRAWER)
    return Drawing.objects.filter(trusted, label__isnull=False).order_by("id")
